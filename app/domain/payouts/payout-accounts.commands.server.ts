// A company's Stripe Express connected account, the account that receives Stripe transfers of pilot payments.
// Stripe calls happen outside any database transaction; what they return is stored afterwards in a short one.
// The flags (details_submitted, payouts_enabled) follow the newest account state seen: account.updated events carry
// their `created` time and an older event never overwrites a newer state (last_event_created).
import { isUuid } from "~/lib/uuid";
import { type MemberActor, can, refusalMessage } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import {
  isStripeConfigured,
  describeStripeError,
  isTransientStripeError,
  stripeClient,
  type Stripe,
} from "~/lib/stripe.server";
import { db, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { type PayoutAccountView, findPayoutAccount } from "./payout-accounts.queries.server";
import { acceptsAccountState } from "./payouts.rules";

/** The idempotency key of creating a company's connected account: two clicks (or two admins) create one account. */
export const accountIdempotencyKey = (organizationId: string) => `stripe-account-${organizationId}`;

function requireOnboarder(actor: MemberActor): string {
  const organizationId = actor.membership.organizationId;
  if (!can(actor, { action: "payout.onboard", organizationId })) {
    throw new AppError(
      "forbidden",
      refusalMessage(actor, { action: "payout.onboard", organizationId }) ??
        "受取口座を登録できるのは、確認済みの企業の管理者だけです。",
    );
  }
  if (!isStripeConfigured()) throw new AppError("bad_request", "Stripe による支払は設定されていません。");
  return organizationId;
}

/** Turns a failed Stripe call in a page action into a Japanese message for the form (and logs what Stripe said). */
function stripeFailure(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  console.error(`[stripe] ${what} failed:`, describeStripeError(error));
  return new AppError(
    "bad_request",
    isTransientStripeError(error)
      ? "Stripe と通信できませんでした。しばらく待ってからもう一度お試しください。"
      : "Stripe で受取口座の手続きを進められませんでした。時間をおいても解決しない場合は、運営にお問い合わせください。",
    { cause: error },
  );
}

/**
 * Starts (or resumes) Stripe onboarding for the actor's company and returns the URL of a fresh account link.
 * The Express account is created once: the Stripe call carries an idempotency key derived from the organisation, and
 * its id is stored afterwards (a concurrent second creation finds the row and keeps it).
 */
export async function startPayoutOnboarding(
  actor: MemberActor,
  urls: { returnUrl: string; refreshUrl: string },
): Promise<string> {
  const organizationId = requireOnboarder(actor);
  const stripe = stripeClient();
  let accountId = (await findPayoutAccount(db(), organizationId))?.accountId;
  if (!accountId) {
    let account: Stripe.Account;
    try {
      account = await stripe.accounts.create(
        {
          type: "express",
          country: "JP",
          email: actor.email,
          business_type: "company",
          capabilities: { transfers: { requested: true } },
          metadata: { organization_id: organizationId },
        },
        { idempotencyKey: accountIdempotencyKey(organizationId) },
      );
    } catch (error) {
      throw stripeFailure(error, "accounts.create");
    }
    accountId = await inTransaction(async (trx) => {
      const inserted = await trx
        .insertInto("stripe_account")
        .values({
          organization_id: organizationId,
          account_id: account.id,
          details_submitted: account.details_submitted ?? false,
          payouts_enabled: account.payouts_enabled ?? false,
        })
        // No conflict target: two clicks store the same account under the same organisation, and under concurrency
        // PostgreSQL may detect that on either unique index (organization_id or account_id).
        .onConflict((oc) => oc.doNothing())
        .returning("account_id")
        .executeTakeFirst();
      if (!inserted) {
        // Stored meanwhile (another admin's click, or an account.updated event naming this organisation).
        const row = await trx
          .selectFrom("stripe_account")
          .select("account_id")
          .where("organization_id", "=", organizationId)
          .executeTakeFirstOrThrow();
        return row.account_id;
      }
      await recordAudit(trx, {
        actor,
        organizationId,
        action: "payout.account_create",
        entityType: "stripe_account",
        entityId: account.id,
        changes: { account_id: account.id, type: "express", country: "JP" },
      });
      return inserted.account_id;
    });
  }
  try {
    const link = await stripe.accountLinks.create({
      account: accountId,
      refresh_url: urls.refreshUrl,
      return_url: urls.returnUrl,
      type: "account_onboarding",
    });
    return link.url;
  } catch (error) {
    throw stripeFailure(error, "accountLinks.create");
  }
}

/** The account's state as Stripe reports it now (read only: nothing is stored). Null when there is no account. */
export async function fetchLivePayoutAccount(
  organizationId: string,
): Promise<Pick<PayoutAccountView, "accountId" | "detailsSubmitted" | "payoutsEnabled"> | null> {
  const stored = await findPayoutAccount(db(), organizationId);
  if (!stored || !isStripeConfigured()) return null;
  const account = await stripeClient().accounts.retrieve(stored.accountId);
  return {
    accountId: account.id,
    detailsSubmitted: account.details_submitted ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
  };
}

async function isCompany(ex: Executor, organizationId: string): Promise<boolean> {
  if (!isUuid(organizationId)) return false;
  const org = await ex.selectFrom("organization").select("kind").where("id", "=", organizationId).executeTakeFirst();
  return org?.kind === "company";
}

/**
 * Applies an account state seen at `seenAt` (Unix seconds: an event's `created`, or the time of a retrieve) unless a
 * newer state was applied already. Returns the owning organisation and the flags that changed, or null when nothing
 * was applied (an account we do not know, or a state older than the stored one).
 */
export async function applyAccountState(
  trx: Executor,
  account: Pick<Stripe.Account, "id" | "details_submitted" | "payouts_enabled">,
  seenAt: number,
  options: { organizationId?: string } = {},
): Promise<{ organizationId: string; changes: Record<string, { from: boolean; to: boolean }> } | null> {
  const lock = () =>
    trx.selectFrom("stripe_account").selectAll().where("account_id", "=", account.id).forUpdate().executeTakeFirst();
  let current = await lock();
  if (!current && options.organizationId && (await isCompany(trx, options.organizationId))) {
    // The event came before the id returned by accounts.create was stored: the account names its organisation.
    await trx
      .insertInto("stripe_account")
      .values({ organization_id: options.organizationId, account_id: account.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    current = await lock();
  }
  if (!current) return null;
  if (!acceptsAccountState(current.last_event_created === null ? null : Number(current.last_event_created), seenAt))
    return null;
  const next = {
    details_submitted: account.details_submitted ?? false,
    payouts_enabled: account.payouts_enabled ?? false,
  };
  await trx
    .updateTable("stripe_account")
    .set({ ...next, last_event_created: seenAt, updated_at: new Date() })
    .where("account_id", "=", account.id)
    .execute();
  const changes: Record<string, { from: boolean; to: boolean }> = {};
  if (current.details_submitted !== next.details_submitted)
    changes.details_submitted = { from: current.details_submitted, to: next.details_submitted };
  if (current.payouts_enabled !== next.payouts_enabled)
    changes.payouts_enabled = { from: current.payouts_enabled, to: next.payouts_enabled };
  return { organizationId: current.organization_id, changes };
}

/**
 * Stores the account state Stripe reports now (for when a webhook is late or missing). The time of the snapshot is
 * Stripe's (the response's Date header) when it has one, so older events still in flight are ignored afterwards.
 */
export async function refreshPayoutAccount(actor: MemberActor): Promise<{ changed: boolean }> {
  const organizationId = requireOnboarder(actor);
  const stored = await findPayoutAccount(db(), organizationId);
  if (!stored) throw new AppError("conflict", "まだ受取口座が登録されていません。");
  let account: Stripe.Response<Stripe.Account>;
  try {
    account = await stripeClient().accounts.retrieve(stored.accountId);
  } catch (error) {
    throw stripeFailure(error, "accounts.retrieve");
  }
  const stripeDate = Date.parse(account.lastResponse?.headers?.date ?? "");
  const seenAt = Math.floor((Number.isNaN(stripeDate) ? Date.now() : stripeDate) / 1000);
  return inTransaction(async (trx) => {
    const applied = await applyAccountState(trx, account, seenAt);
    const changed = Boolean(applied && Object.keys(applied.changes).length > 0);
    if (applied && changed) {
      await recordAudit(trx, {
        actor,
        organizationId,
        action: "payout.account_refresh",
        entityType: "stripe_account",
        entityId: account.id,
        changes: applied.changes,
      });
    }
    return { changed };
  });
}
