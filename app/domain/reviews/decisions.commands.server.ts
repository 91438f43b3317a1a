// Decisions on proposals: recorded privately (published_at null) by the municipality's admins, then published all at
// once, which tells each company and, when the pitch is closed, moves it to matched / not_matched.
import type { Pitch, PitchStatus } from "@db/schema";
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { canTransition, transitionTarget } from "~/domain/pitches/pitch.rules";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { ensure, lockPitchProposal, lockReviewPitch, manage } from "./reviews.commands.server";

export { DECISION_TIMING_TEXT } from "./rubric.data";

/** Decisions may be recorded once no more proposals can arrive: the pitch closed, or its deadline passed. */
export function decisionsOpen(pitch: Pick<Pitch, "status" | "proposal_deadline">, now = new Date()): boolean {
  if (pitch.status === "closed") return true;
  return (
    pitch.status === "published" &&
    pitch.proposal_deadline !== null &&
    new Date(pitch.proposal_deadline).getTime() <= now.getTime()
  );
}

function requireDecisionsOpen(pitch: Pitch, now: Date) {
  if (!decisionsOpen(pitch, now)) {
    throw new AppError(
      "conflict",
      "採否は、提案の締切を過ぎてから（または募集を締め切ってから）記録できます。マッチング成立・マッチングなしのピッチでは変更できません。",
    );
  }
}

export const SECOND_ACCEPT_MESSAGE =
  "このピッチではすでに別の提案を採択しています。複数の提案を採択するには、審査の設定で「複数の提案を採択できる」を有効にしてください。";

async function writeDecision(
  trx: Executor,
  actor: MemberActor,
  pitch: Pitch,
  proposalId: string,
  outcome: "accepted" | "declined",
  reason: string,
  now: Date,
) {
  const existing = await trx
    .selectFrom("proposal_decision")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .executeTakeFirst();
  if (existing?.published_at) throw new AppError("conflict", "公開済みの採否は変更できません。");
  if (outcome === "accepted" && !pitch.allows_multiple_matches) {
    const other = await trx
      .selectFrom("proposal_decision")
      .select("proposal_id")
      .where("pitch_id", "=", pitch.id)
      .where("outcome", "=", "accepted")
      .where("proposal_id", "<>", proposalId)
      .executeTakeFirst();
    if (other) throw new AppError("conflict", SECOND_ACCEPT_MESSAGE);
  }
  await trx
    .insertInto("proposal_decision")
    .values({
      proposal_id: proposalId,
      pitch_id: pitch.id,
      outcome,
      reason,
      decided_by: actor.userId,
      decided_at: now,
      published_at: null,
      published_by: null,
    })
    .onConflict((oc) =>
      oc.column("proposal_id").doUpdateSet({ outcome, reason, decided_by: actor.userId, decided_at: now }),
    )
    .execute();
  await recordAudit(trx, {
    actor,
    organizationId: pitch.organization_id,
    action: "decision.record",
    entityType: "proposal",
    entityId: proposalId,
    changes: { outcome: { from: existing?.outcome ?? null, to: outcome } },
  });
}

/** Records (privately) the decision on one submitted proposal. */
export async function recordDecision(
  actor: MemberActor,
  pitchId: string,
  proposalId: string,
  input: { outcome: "accepted" | "declined"; reason: string },
  now = new Date(),
) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    const proposal = await lockPitchProposal(trx, actor, pitch.id, proposalId);
    requireDecisionsOpen(pitch, now);
    if (proposal.status !== "submitted") throw new AppError("conflict", "取り下げられた提案の採否は記録できません。");
    await writeDecision(trx, actor, pitch, proposal.id, input.outcome, input.reason, now);
  });
}

/** 「一括で不採択」: declines every selected proposal with the same reason, all or nothing. */
export async function bulkDecline(
  actor: MemberActor,
  pitchId: string,
  proposalIds: readonly string[],
  reason: string,
  now = new Date(),
) {
  ensure(actor, manage(actor));
  if (!reason.trim()) throw new AppError("bad_request", "不採択の理由を入力してください。", { field: "reason" });
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    requireDecisionsOpen(pitch, now);
    for (const id of proposalIds) {
      const proposal = await lockPitchProposal(trx, actor, pitch.id, id);
      if (proposal.status !== "submitted")
        throw new AppError("conflict", "取り下げられた提案が選ばれています。選び直してください。");
      await writeDecision(trx, actor, pitch, proposal.id, "declined", reason, now);
    }
  });
}

/** The status the pitch takes once its decisions are published: only from closed, per pitch.rules. */
export function statusAfterPublication(
  status: PitchStatus,
  decisions: readonly { outcome: "accepted" | "declined" }[],
  undecidedSubmitted: number,
): PitchStatus | null {
  if (decisions.some((d) => d.outcome === "accepted"))
    return canTransition(status, "markMatched") ? transitionTarget.markMatched : null;
  if (decisions.length > 0 && undecidedSubmitted === 0)
    return canTransition(status, "markNotMatched") ? transitionTarget.markNotMatched : null;
  return null;
}

/** 「決定を公開する」: publishes every unpublished decision, tells the companies, and concludes a closed pitch. */
export async function publishDecisions(actor: MemberActor, pitchId: string, baseUrl: string, now = new Date()) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    requireDecisionsOpen(pitch, now);
    const pending = await trx
      .selectFrom("proposal_decision")
      .innerJoin("proposal", "proposal.id", "proposal_decision.proposal_id")
      .select(["proposal.id", "proposal.organization_id", "proposal.title", "proposal_decision.outcome"])
      .where("proposal_decision.pitch_id", "=", pitch.id)
      .where("proposal.pitch_organization_id", "=", pitch.organization_id)
      .where("proposal_decision.published_at", "is", null)
      .execute();
    if (pending.length === 0) throw new AppError("conflict", "公開していない採否はありません。");
    await trx
      .updateTable("proposal_decision")
      .set({ published_at: now, published_by: actor.userId })
      .where("pitch_id", "=", pitch.id)
      .where("published_at", "is", null)
      .execute();
    for (const decision of pending) {
      const linkPath = `/company/proposals/${decision.id}`;
      const label = decision.outcome === "accepted" ? "採択" : "不採択";
      const members = await trx
        .selectFrom("membership")
        .innerJoin("app_user", "app_user.id", "membership.user_id")
        .select(["app_user.id", "app_user.email", "app_user.display_name"])
        .where("membership.organization_id", "=", decision.organization_id)
        .execute();
      for (const member of members) {
        await createNotification(trx, {
          userId: member.id,
          kind: "decision_published",
          title: `提案「${decision.title}」の審査結果: ${label}`,
          body: `ピッチ「${pitch.title}」への提案の審査結果が公開されました。`,
          linkPath,
        });
        await queueEmail(trx, {
          to: member.email,
          subject: `【ガバメントピッチ】提案「${decision.title}」の審査結果のお知らせ`,
          body: [
            `${member.display_name} 様`,
            "",
            `ピッチ「${pitch.title}」へのご提案の審査結果が公開されました。`,
            `結果: ${label}`,
            "",
            `結果と理由を見る: ${baseUrl}${linkPath}`,
          ].join("\n"),
        });
      }
      await recordAudit(trx, {
        actor,
        organizationId: pitch.organization_id,
        action: "decision.publish",
        entityType: "proposal",
        entityId: decision.id,
        changes: { outcome: decision.outcome },
      });
    }
    const all = await trx.selectFrom("proposal_decision").select("outcome").where("pitch_id", "=", pitch.id).execute();
    const undecided = await trx
      .selectFrom("proposal")
      .leftJoin("proposal_decision", "proposal_decision.proposal_id", "proposal.id")
      .select((eb) => eb.fn.count<string>("proposal.id").as("n"))
      .where("proposal.pitch_id", "=", pitch.id)
      .where("proposal.status", "=", "submitted")
      .where("proposal_decision.proposal_id", "is", null)
      .executeTakeFirstOrThrow();
    const next = statusAfterPublication(pitch.status, all, Number(undecided.n));
    if (next) {
      await trx.updateTable("pitch").set({ status: next, updated_at: now }).where("id", "=", pitch.id).execute();
      await recordAudit(trx, {
        actor,
        organizationId: pitch.organization_id,
        action: next === "matched" ? "pitch.mark_matched" : "pitch.mark_not_matched",
        entityType: "pitch",
        entityId: pitch.id,
        changes: { status: { from: pitch.status, to: next } },
      });
    }
    return { published: pending.length, status: next ?? pitch.status };
  });
}
