// Payout accounts, read side: whether Stripe can be offered to a company, and its connected account as stored.
import type { Executor } from "@db/database.server";
import { payoutAccountReady } from "~/domain/funding/stripe-readiness.queries.server";
import { isStripeConfigured } from "~/lib/stripe.server";

export interface PayoutAccountView {
  accountId: string;
  detailsSubmitted: boolean;
  payoutsEnabled: boolean;
  updatedAt: Date;
}

/** What the funding page needs to offer Stripe for a pilot's company. */
export async function stripeOfferFor(
  ex: Executor,
  companyId: string,
): Promise<{ configured: boolean; accountReady: boolean }> {
  const configured = isStripeConfigured();
  return { configured, accountReady: configured && (await payoutAccountReady(ex, companyId)) };
}

export async function findPayoutAccount(ex: Executor, organizationId: string): Promise<PayoutAccountView | null> {
  const row = await ex
    .selectFrom("stripe_account")
    .select(["account_id", "details_submitted", "payouts_enabled", "updated_at"])
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  return row
    ? {
        accountId: row.account_id,
        detailsSubmitted: row.details_submitted,
        payoutsEnabled: row.payouts_enabled,
        updatedAt: row.updated_at,
      }
    : null;
}
