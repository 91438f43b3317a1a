// Milestones: the payments a pilot expects, each with a due date and an amount, drawn on one allocation.
// A milestone reserves its amount on the allocation (scheduled_yen) by a guarded UPDATE, so the schedule can never exceed
// the allocation; approving and paying then stay within it. States: scheduled → approved → paid, or returned/cancelled.
// The original amount is kept; the current amount may change while the milestone is still scheduled.
import { sql } from "kysely";
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { requireFundingManager } from "./funding.access.server";
import type { CreateMilestoneInput } from "./funding.schema";
import { lockMilestone } from "./milestones.access.server";
import { signedPaymentPlan } from "~/domain/pilots/agreements.queries.server";
import { startStripePayment } from "./payments.commands.server";
import { formatYenInText } from "~/lib/format";
import { payoutAccountReady } from "./stripe-readiness.queries.server";
import { isStripeConfigured } from "~/lib/stripe.server";
import { approvedReportExists } from "./spend.queries.server";
import { notifyMembers } from "~/domain/organizations/notify-members.commands.server";
import { milestoneRefusal, paymentStep, paymentTiedToReport } from "./funding.rules";

async function reserveOnAllocation(trx: Executor, allocationId: string, deltaYen: number) {
  const moved = await trx
    .updateTable("allocation")
    .set({ scheduled_yen: sql<string>`scheduled_yen + ${deltaYen}`, updated_at: new Date() })
    .where("id", "=", allocationId)
    .where(sql<boolean>`scheduled_yen + ${deltaYen} <= amount_yen`)
    .returning("id")
    .executeTakeFirst();
  if (!moved) {
    const a = await trx
      .selectFrom("allocation")
      .select(["amount_yen", "scheduled_yen"])
      .where("id", "=", allocationId)
      .executeTakeFirstOrThrow();
    const free = Number(a.amount_yen) - Number(a.scheduled_yen);
    throw new AppError(
      "bad_request",
      `配分額のうち未予定の残り（${formatYenInText(free)}）を超えています。配分額を増やすか、金額を減らしてください。`,
      {
        field: "amountYen",
      },
    );
  }
}

async function insertMilestone(
  trx: Executor,
  actor: MemberActor,
  pilot: { id: string; municipality_id: string },
  allocationId: string,
  input: { title: string; dueDate: string; amountYen: number; requiresReport: boolean },
  source: "form" | "agreement",
) {
  await reserveOnAllocation(trx, allocationId, input.amountYen);
  const milestone = await trx
    .insertInto("milestone")
    .values({
      allocation_id: allocationId,
      pilot_id: pilot.id,
      organization_id: pilot.municipality_id,
      title: input.title,
      due_date: input.dueDate,
      original_amount_yen: input.amountYen,
      amount_yen: input.amountYen,
      requires_report: input.requiresReport,
      created_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actor,
    organizationId: pilot.municipality_id,
    action: "milestone.create",
    entityType: "milestone",
    entityId: milestone.id,
    changes: {
      pilot_id: pilot.id,
      title: input.title,
      due_date: input.dueDate,
      amount_yen: input.amountYen,
      requires_report: input.requiresReport,
      source,
    },
  });
  return milestone.id;
}

async function ownAllocation(trx: Executor, pilotId: string, allocationId: string) {
  const allocation = await trx
    .selectFrom("allocation")
    .select(["id"])
    .where("id", "=", allocationId)
    .where("pilot_id", "=", pilotId)
    .executeTakeFirst();
  if (!allocation) throw new AppError("bad_request", "配分を選んでください。", { field: "allocationId" });
  return allocation;
}

export async function createMilestone(
  actor: MemberActor,
  pilotId: string,
  input: Omit<CreateMilestoneInput, "intent">,
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    const allocation = await ownAllocation(trx, pilot.id, input.allocationId);
    return { milestoneId: await insertMilestone(trx, actor, pilot, allocation.id, input, "form") };
  });
}

/**
 * Schedules the payment plan of the signed agreement (第7条) on one allocation: every row with a title, a date and an
 * amount becomes a milestone, all or none (the allocation must hold them all). Only while the pilot has no milestones.
 */
export async function importMilestonesFromAgreement(
  actor: MemberActor,
  pilotId: string,
  input: { allocationId: string },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    await trx.selectFrom("pilot").select("id").where("id", "=", pilot.id).forUpdate().execute();
    const allocation = await ownAllocation(trx, pilot.id, input.allocationId);
    const current = await trx
      .selectFrom("pilot")
      .select("signed_version_id")
      .where("id", "=", pilot.id)
      .executeTakeFirstOrThrow();
    if (!current.signed_version_id) throw new AppError("conflict", "協定書が締結されてから、支払予定を取り込めます。");
    const existing = await trx
      .selectFrom("milestone")
      .select("id")
      .where("pilot_id", "=", pilot.id)
      .limit(1)
      .executeTakeFirst();
    if (existing)
      throw new AppError("conflict", "支払予定がすでにあるため、協定書から取り込めません。個別に追加してください。");
    const { rows } = await signedPaymentPlan(trx, current.signed_version_id);
    if (rows.length === 0)
      throw new AppError("conflict", "締結された協定書に支払予定がありません。個別に追加してください。");
    for (const row of rows) {
      await insertMilestone(
        trx,
        actor,
        pilot,
        allocation.id,
        {
          title: row.title,
          dueDate: row.dueDate,
          amountYen: row.amountYen,
          requiresReport: paymentTiedToReport(row.title),
        },
        "agreement",
      );
    }
    return { imported: rows.length };
  });
}

/** Changes the current amount of a scheduled milestone; the original amount stays as it was. */
export async function changeMilestoneAmount(
  actor: MemberActor,
  pilotId: string,
  input: { milestoneId: string; amountYen: number },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    const milestone = await lockMilestone(trx, pilot.id, input.milestoneId);
    const refusal = milestoneRefusal(milestone.status, "changeAmount");
    if (refusal) throw new AppError("conflict", refusal, { field: "amountYen" });
    const before = Number(milestone.amount_yen);
    const delta = input.amountYen - before;
    if (delta === 0) return { changed: false };
    await reserveOnAllocation(trx, milestone.allocation_id, delta);
    await trx
      .updateTable("milestone")
      .set({ amount_yen: input.amountYen, updated_at: new Date() })
      .where("id", "=", milestone.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "milestone.change_amount",
      entityType: "milestone",
      entityId: milestone.id,
      changes: { amount_yen: { from: before, to: input.amountYen } },
    });
    return { changed: true };
  });
}

/**
 * Approves a scheduled milestone for payment. Needs a signed agreement, and an approved expenditure report when the
 * milestone requires one. Paying by Stripe creates the pending payment and its transfer job in the same transaction
 * (the Stripe call itself happens later, outside any transaction).
 */
export async function approveMilestone(
  actor: MemberActor,
  pilotId: string,
  input: { milestoneId: string; method: "bank_transfer" | "stripe" },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    await trx.selectFrom("pilot").select("id").where("id", "=", pilot.id).forUpdate().execute();
    const milestone = await lockMilestone(trx, pilot.id, input.milestoneId);
    const refusal = milestoneRefusal(milestone.status, "approve");
    if (refusal) throw new AppError("conflict", refusal);
    const signed = await trx
      .selectFrom("pilot")
      .select("signed_version_id")
      .where("id", "=", pilot.id)
      .executeTakeFirstOrThrow();
    if (!signed.signed_version_id)
      throw new AppError("conflict", "協定書が双方の署名で締結されるまで、支払を承認できません。");
    if (milestone.requires_report && !(await approvedReportExists(trx, milestone.id))) {
      throw new AppError("conflict", "この支払予定には、承認済みの支出・進捗報告が必要です。");
    }
    if (input.method === "stripe") {
      if (!isStripeConfigured())
        throw new AppError("bad_request", "Stripe による支払は設定されていません。", { field: "method" });
      if (!(await payoutAccountReady(trx, pilot.company_id))) {
        throw new AppError(
          "bad_request",
          "企業の Stripe アカウントの登録が完了していないため、Stripe では支払えません。",
          { field: "method" },
        );
      }
    }
    const now = new Date();
    await trx
      .updateTable("milestone")
      .set({ status: "approved", approved_by: actor.userId, approved_at: now, updated_at: now })
      .where("id", "=", milestone.id)
      .where("status", "=", "scheduled")
      .execute();
    if (input.method === "stripe") {
      await startStripePayment(trx, actor, pilot, milestone);
    }
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "milestone.approve",
      entityType: "milestone",
      entityId: milestone.id,
      changes: {
        status: { from: "scheduled", to: "approved" },
        method: input.method,
        amount_yen: Number(milestone.amount_yen),
      },
    });
    await notifyMembers(trx, pilot.company_id, {
      kind: "milestone_approved",
      title: `支払「${milestone.title}」が承認されました`,
      body: `実証「${pilot.title}」の支払予定「${milestone.title}」（${formatYenInText(Number(milestone.amount_yen))}）が支払対象として承認されました。`,
      linkPath: `/pilots/${pilot.id}/funding`,
      linkLabel: "資金・支払を見る",
    });
    return { approved: true };
  });
}

/** Cancels a milestone not yet paid: its amount is released on the allocation. A Stripe payment in flight blocks it. */
export async function cancelMilestone(
  actor: MemberActor,
  pilotId: string,
  input: { milestoneId: string; reason: string },
) {
  return inTransaction(async (trx) => {
    const { pilot } = await requireFundingManager(trx, actor, pilotId);
    const milestone = await lockMilestone(trx, pilot.id, input.milestoneId);
    const refusal = milestoneRefusal(milestone.status, "cancel");
    if (refusal) throw new AppError("conflict", refusal);
    const payment = await trx
      .selectFrom("milestone_payment")
      .select(["status"])
      .where("milestone_id", "=", milestone.id)
      .executeTakeFirst();
    const step = paymentStep(payment?.status ?? "none", "cancelMilestone");
    if (step.kind === "refused") throw new AppError("conflict", step.reason);
    await trx
      .updateTable("allocation")
      .set({ scheduled_yen: sql<string>`scheduled_yen - ${Number(milestone.amount_yen)}`, updated_at: new Date() })
      .where("id", "=", milestone.allocation_id)
      .execute();
    await trx
      .updateTable("milestone")
      .set({ status: "cancelled", status_reason: input.reason, updated_at: new Date() })
      .where("id", "=", milestone.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "milestone.cancel",
      entityType: "milestone",
      entityId: milestone.id,
      changes: { status: { from: milestone.status, to: "cancelled" }, reason: input.reason },
    });
    return { cancelled: true };
  });
}
