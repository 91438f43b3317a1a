// The close-out of a pilot (issue 6): the municipality's verified admin closes a running pilot with the final report,
// the reflection (振り返り: what worked, what did not, the next step) and the result (自走 / 本格実施 / 継続検討 / 終了);
// the pilot becomes 'completed'. Afterwards the same admins record whether it was budgeted for the next fiscal year
// (予算化) and which other municipalities adopted the solution (横展開); the municipality's members may start the next
// cycle, a draft pitch prefilled from the reflection. Every change: one transaction with its audit row.
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { findPilotForParty, type AccessiblePilot, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { createDraftIn } from "~/domain/pitches/pitches.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import type { AddAdoptionInput, BudgetedInput, ClosePilotInput, RemoveAdoptionInput } from "./closeout.schema";
import { nextCyclePitchFields } from "./closeout.rules";
import { PILOT_RESULT_LABELS } from "./pilot-result.schema";
import { notifyMembers } from "~/domain/organizations/notify-members.commands.server";
import { mayClosePilot, mayStartNextCycle, ownMunicipalityCode } from "./closeout.queries.server";

async function requireCloser(trx: Executor, actor: MemberActor, pilotId: string): Promise<AccessiblePilot> {
  const access = await findPilotForParty(trx, actor, pilotId);
  if (!access) throw pilotNotFound();
  if (!mayClosePilot(actor, access))
    throw new AppError("forbidden", "実証の完了と振り返りの記録は、確認済みの自治体の管理者が行います。");
  return access;
}

async function lockCloseout(
  trx: Executor,
  pilotId: string,
  message = "実証を完了し、振り返りを記録してから入力してください。",
) {
  const closeout = await trx
    .selectFrom("pilot_closeout")
    .selectAll()
    .where("pilot_id", "=", pilotId)
    .forUpdate()
    .executeTakeFirst();
  if (!closeout) throw new AppError("conflict", message);
  return closeout;
}

// ---------------------------------------------------------------------------------------------------------- reads

/** Closes a running pilot (signed agreement): the close-out row, the pilot 'completed' with ended_at, audit, the company told. */
export async function closePilot(
  actor: MemberActor,
  pilotId: string,
  input: Omit<ClosePilotInput, "intent">,
  now = new Date(),
): Promise<void> {
  await inTransaction(async (trx) => {
    const access = await requireCloser(trx, actor, pilotId);
    const pilot = await trx
      .selectFrom("pilot")
      .selectAll()
      .where("id", "=", access.pilot.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (pilot.status === "completed") throw new AppError("conflict", "この実証はすでに完了しています。");
    if (pilot.status !== "running" || pilot.signed_version_id === null) {
      throw new AppError("conflict", "完了にできるのは、協定が締結され実施中の実証だけです。");
    }
    await trx
      .insertInto("pilot_closeout")
      .values({
        pilot_id: pilot.id,
        result: input.result,
        final_report: input.finalReport,
        what_worked: input.whatWorked,
        what_did_not_work: input.whatDidNotWork,
        next_step: input.nextStep,
        closed_by: actor.userId,
        closed_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .updateTable("pilot")
      .set({ status: "completed", ended_at: now, updated_at: now })
      .where("id", "=", pilot.id)
      .where("status", "=", "running")
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "pilot.close",
      entityType: "pilot",
      entityId: pilot.id,
      changes: {
        status: { from: pilot.status, to: "completed" },
        result: input.result,
        final_report: input.finalReport,
        what_worked: input.whatWorked,
        what_did_not_work: input.whatDidNotWork,
        next_step: input.nextStep,
      },
    });
    await notifyMembers(trx, pilot.company_id, {
      kind: "pilot_closed",
      title: `実証「${pilot.title}」が完了しました`,
      body: `${actor.membership.organizationName}が実証を完了とし、最終報告と振り返りを記録しました（結果: ${PILOT_RESULT_LABELS[input.result]}）。`,
      linkPath: `/pilots/${pilot.id}/closeout`,
      linkLabel: "振り返りを見る",
    });
  });
}

/** Records whether the municipality budgeted the service for the next fiscal year (予算化), with a note. */
export async function updateBudgeted(
  actor: MemberActor,
  pilotId: string,
  input: Omit<BudgetedInput, "intent">,
  now = new Date(),
): Promise<{ changed: boolean }> {
  return inTransaction(async (trx) => {
    const { pilot } = await requireCloser(trx, actor, pilotId);
    const closeout = await lockCloseout(trx, pilot.id);
    const next = {
      budgeted_next_year: input.budgeted === "undecided" ? null : input.budgeted === "yes",
      budgeted_note: input.budgetedNote,
    };
    const changes = changedFields<Record<string, unknown>>(closeout, next, ["budgeted_next_year", "budgeted_note"]);
    if (Object.keys(changes).length === 0) return { changed: false };
    await trx
      .updateTable("pilot_closeout")
      .set({ ...next, updated_at: now })
      .where("pilot_id", "=", pilot.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "pilot.budgeted",
      entityType: "pilot",
      entityId: pilot.id,
      changes,
    });
    return { changed: true };
  });
}

/** Adds a municipality that adopted the solution (横展開): a real municipality, not the pilot's own, not twice. */
export async function addAdoption(
  actor: MemberActor,
  pilotId: string,
  input: Omit<AddAdoptionInput, "intent">,
  now = new Date(),
): Promise<void> {
  await inTransaction(async (trx) => {
    const { pilot } = await requireCloser(trx, actor, pilotId);
    await lockCloseout(trx, pilot.id);
    const target = await trx
      .selectFrom("municipality")
      .select(["code", "name", "parent_code"])
      .where("code", "=", input.municipalityCode)
      .where("abolished_on", "is", null)
      .executeTakeFirst();
    if (!target)
      throw new AppError("bad_request", "自治体が見つかりません。名前で検索して選んでください。", {
        field: "municipalityCode",
      });
    const own = await ownMunicipalityCode(trx, pilot);
    if (target.code === own || (own !== null && target.parent_code === own)) {
      throw new AppError("bad_request", "実証を行った自治体自身は、横展開先として登録できません。", {
        field: "municipalityCode",
      });
    }
    const inserted = await trx
      .insertInto("pilot_adoption")
      .values({
        pilot_id: pilot.id,
        municipality_code: target.code,
        note: input.note,
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .onConflict((oc) => oc.columns(["pilot_id", "municipality_code"]).doNothing())
      .returning("municipality_code")
      .executeTakeFirst();
    if (!inserted)
      throw new AppError("bad_request", `${target.name}はすでに登録されています。`, { field: "municipalityCode" });
    await trx.updateTable("pilot_closeout").set({ updated_at: now }).where("pilot_id", "=", pilot.id).execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "pilot.adoption_add",
      entityType: "pilot",
      entityId: pilot.id,
      changes: { municipality_code: target.code, municipality_name: target.name, note: input.note },
    });
  });
}

export async function removeAdoption(
  actor: MemberActor,
  pilotId: string,
  input: Omit<RemoveAdoptionInput, "intent">,
  now = new Date(),
): Promise<void> {
  await inTransaction(async (trx) => {
    const { pilot } = await requireCloser(trx, actor, pilotId);
    await lockCloseout(trx, pilot.id);
    const removed = await trx
      .deleteFrom("pilot_adoption")
      .where("pilot_id", "=", pilot.id)
      .where("municipality_code", "=", input.municipalityCode)
      .returning(["municipality_code", "note"])
      .executeTakeFirst();
    if (!removed)
      throw new AppError("bad_request", "この自治体は横展開先に登録されていません。ページを再読み込みしてください。");
    await trx.updateTable("pilot_closeout").set({ updated_at: now }).where("pilot_id", "=", pilot.id).execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "pilot.adoption_remove",
      entityType: "pilot",
      entityId: pilot.id,
      changes: { municipality_code: removed.municipality_code, note: removed.note },
    });
  });
}

/**
 * 「次のサイクルを始める」: a draft pitch of the same municipality prefilled from the reflection, created by the pitch
 * domain's own createDraftIn and recorded as the close-out's next_pitch_id in the same transaction. Idempotent: while
 * that draft exists, a second call (a double click, two members at once: the close-out row is locked) returns it.
 */
export async function startNextCycle(
  actor: MemberActor,
  pilotId: string,
  now = new Date(),
): Promise<{ pitchId: string; created: boolean }> {
  return inTransaction(async (trx) => {
    const access = await findPilotForParty(trx, actor, pilotId);
    if (!access) throw pilotNotFound();
    if (!mayStartNextCycle(actor, access))
      throw new AppError("forbidden", "次のサイクルのピッチは、実証を行った自治体が作成します。");
    const { pilot } = access;
    const closeout = await lockCloseout(
      trx,
      pilot.id,
      "実証を完了し、振り返りを記録してから次のサイクルを始めてください。",
    );
    if (closeout.next_pitch_id) {
      const existing = await trx
        .selectFrom("pitch")
        .select("id")
        .where("id", "=", closeout.next_pitch_id)
        .where("organization_id", "=", pilot.municipality_id)
        .executeTakeFirst();
      if (existing) return { pitchId: existing.id, created: false };
    }
    const previous = await trx
      .selectFrom("pitch")
      .selectAll()
      .where("id", "=", pilot.pitch_id)
      .where("organization_id", "=", pilot.municipality_id)
      .executeTakeFirstOrThrow();
    const draft = await createDraftIn(trx, actor, nextCyclePitchFields(previous, pilot.title, closeout));
    await trx
      .updateTable("pilot_closeout")
      .set({ next_pitch_id: draft.id, updated_at: now })
      .where("pilot_id", "=", pilot.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "pilot.next_cycle",
      entityType: "pilot",
      entityId: pilot.id,
      changes: { next_pitch_id: { from: closeout.next_pitch_id, to: draft.id }, previous_pitch_id: previous.id },
    });
    return { pitchId: draft.id, created: true };
  });
}
