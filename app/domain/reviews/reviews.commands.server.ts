// Writes of the review: criteria, the multiple-matches setting, reviewer assignments, scores and the shortlist.
// (actor, pitchId, input) -> permission -> the pitch scoped by the actor's organisation, locked -> rule -> one
// transaction with the audit row (and the notification and e-mail it causes).
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB, Pitch } from "@db/schema";
import { type MemberActor, type Permission, can } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { pitchNotFound } from "~/domain/pitches/pitches.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { CRITERIA_FROZEN_MESSAGE } from "./rubric.data";
import { ensureDefaultRubric, hasAnyScore, isAssigned, listCriteria, proposalNotFound } from "./reviews.queries.server";

export function ensure(actor: MemberActor, permission: Permission, message?: string) {
  if (!can(actor, permission)) throw new AppError("forbidden", message);
}

export const manage = (actor: MemberActor): Permission => ({
  action: "review.manage",
  organizationId: actor.membership.organizationId,
});

/** The actor's own pitch, locked for the rest of the transaction; another organisation's id is "not found". */
export async function lockReviewPitch(trx: Transaction<DB>, actor: MemberActor, pitchId: string): Promise<Pitch> {
  if (!isUuid(pitchId)) throw pitchNotFound();
  const pitch = await trx
    .selectFrom("pitch")
    .selectAll()
    .where("id", "=", pitchId)
    .where("organization_id", "=", actor.membership.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!pitch) throw pitchNotFound();
  return pitch;
}

/** Replaces the pitch's criteria; refused once any score exists. */
export async function saveCriteria(
  actor: MemberActor,
  pitchId: string,
  criteria: { name: string; description: string; weight: number }[],
) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    if (await hasAnyScore(trx, pitch.id)) throw new AppError("conflict", CRITERIA_FROZEN_MESSAGE);
    const before = await listCriteria(trx, pitch.id);
    await trx.deleteFrom("review_criterion").where("pitch_id", "=", pitch.id).execute();
    await trx
      .insertInto("review_criterion")
      .values(
        criteria.map((c, position) => ({
          id: randomUUID(),
          pitch_id: pitch.id,
          position,
          name: c.name,
          description: c.description,
          weight: c.weight,
        })),
      )
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pitch.organization_id,
      action: "review.criteria_update",
      entityType: "pitch",
      entityId: pitch.id,
      changes: {
        criteria: {
          from: before.map((c) => ({ name: c.name, weight: c.weight })),
          to: criteria.map((c) => ({ name: c.name, weight: c.weight })),
        },
      },
    });
  });
}

/** The 「複数の提案を採択できる」 setting; turning it off is refused while more than one proposal is accepted. */
export async function setAllowsMultipleMatches(actor: MemberActor, pitchId: string, allows: boolean) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    if (!allows) {
      const accepted = await trx
        .selectFrom("proposal_decision")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("pitch_id", "=", pitch.id)
        .where("outcome", "=", "accepted")
        .executeTakeFirstOrThrow();
      if (Number(accepted.n) > 1)
        throw new AppError("conflict", "すでに複数の提案を採択しているため、この設定は外せません。");
    }
    if (pitch.allows_multiple_matches === allows) return;
    await trx
      .updateTable("pitch")
      .set({ allows_multiple_matches: allows, updated_at: new Date() })
      .where("id", "=", pitch.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pitch.organization_id,
      action: "review.multiple_matches_update",
      entityType: "pitch",
      entityId: pitch.id,
      changes: { allows_multiple_matches: { from: pitch.allows_multiple_matches, to: allows } },
    });
  });
}

/** Assigns a member of the municipality as a reviewer, with a notification and an e-mail; idempotent. */
export async function assignReviewer(actor: MemberActor, pitchId: string, userId: string, baseUrl: string) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    const member = await trx
      .selectFrom("membership")
      .innerJoin("app_user", "app_user.id", "membership.user_id")
      .select(["app_user.id", "app_user.email", "app_user.display_name"])
      .where("membership.organization_id", "=", pitch.organization_id)
      .where("membership.user_id", "=", userId)
      .executeTakeFirst();
    if (!member) throw new AppError("bad_request", "担当者は自治体のメンバーから選んでください。", { field: "userId" });
    const inserted = await trx
      .insertInto("review_assignment")
      .values({ pitch_id: pitch.id, user_id: member.id, assigned_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return;
    await ensureDefaultRubric(trx, pitch.id);
    const linkPath = `/municipality/pitches/${pitch.id}/proposals`;
    await createNotification(trx, {
      userId: member.id,
      kind: "review_assigned",
      title: `「${pitch.title}」の審査担当になりました`,
      body: `${actor.displayName}さんが、あなたを提案の審査担当に割り当てました。`,
      linkPath,
    });
    await queueEmail(trx, {
      to: member.email,
      subject: `【ガバメントピッチ】「${pitch.title}」の提案の審査担当になりました`,
      body: [
        `${member.display_name} 様`,
        "",
        `${actor.displayName}さんが、あなたをピッチ「${pitch.title}」の提案の審査担当に割り当てました。`,
        "評価は他の審査担当者と独立して行います。自分の評価を提出すると、他の担当者の評価が表示されます。",
        "",
        `提案の一覧: ${baseUrl}${linkPath}`,
      ].join("\n"),
    });
    await recordAudit(trx, {
      actor,
      organizationId: pitch.organization_id,
      action: "review.assign",
      entityType: "pitch",
      entityId: pitch.id,
      changes: { user_id: member.id },
    });
  });
}

export async function unassignReviewer(actor: MemberActor, pitchId: string, userId: string) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    const removed = await trx
      .deleteFrom("review_assignment")
      .where("pitch_id", "=", pitch.id)
      .where("user_id", "=", userId)
      .returning("user_id")
      .executeTakeFirst();
    if (!removed) throw new AppError("bad_request", "この担当者は割り当てられていません。", { field: "userId" });
    await recordAudit(trx, {
      actor,
      organizationId: pitch.organization_id,
      action: "review.unassign",
      entityType: "pitch",
      entityId: pitch.id,
      changes: { user_id: userId },
    });
  });
}

/** A submitted (not withdrawn, not draft) proposal of this pitch, scoped by the pitch owner's organisation, locked. */
export async function lockPitchProposal(trx: Transaction<DB>, actor: MemberActor, pitchId: string, proposalId: string) {
  if (!isUuid(proposalId)) throw proposalNotFound();
  const proposal = await trx
    .selectFrom("proposal")
    .selectAll()
    .where("id", "=", proposalId)
    .where("pitch_id", "=", pitchId)
    .where("pitch_organization_id", "=", actor.membership.organizationId)
    .where("status", "<>", "draft")
    .forUpdate()
    .executeTakeFirst();
  if (!proposal) throw proposalNotFound();
  return proposal;
}

export interface ReviewInput {
  scores: Record<string, number>;
  /** Optional comment per criterion (only stored with a score). */
  scoreComments?: Record<string, string>;
  comment: string;
  privateNote: string;
  submit: boolean;
}

/** Saves (or submits) the actor's own review; only an assigned reviewer may score. Submitting needs every score. */
export async function saveReview(
  actor: MemberActor,
  pitchId: string,
  proposalId: string,
  input: ReviewInput,
  now = new Date(),
) {
  ensure(actor, { action: "review.score", organizationId: actor.membership.organizationId });
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    const proposal = await lockPitchProposal(trx, actor, pitch.id, proposalId);
    if (!(await isAssigned(trx, pitch.id, actor.userId)))
      throw new AppError("forbidden", "このピッチの審査担当に割り当てられていないため、評価できません。");
    if (proposal.status !== "submitted") throw new AppError("conflict", "取り下げられた提案は評価できません。");
    await ensureDefaultRubric(trx, pitch.id);
    const criteria = await listCriteria(trx, pitch.id);
    const ids = new Set(criteria.map((c) => c.id));
    if (Object.keys(input.scores).some((id) => !ids.has(id)))
      throw new AppError("conflict", "評価項目が変更されました。ページを再読み込みしてください。");
    if (input.submit) {
      const missing = criteria.filter((c) => input.scores[c.id] === undefined);
      if (missing.length > 0) {
        throw new AppError(
          "bad_request",
          `すべての評価項目に点数をつけてから提出してください（未入力: ${missing.map((c) => c.name).join("、")}）。`,
          {
            field: `score.${missing[0]!.id}`,
          },
        );
      }
    }
    const existing = await trx
      .selectFrom("proposal_review")
      .select(["id", "submitted_at"])
      .where("proposal_id", "=", proposal.id)
      .where("reviewer_id", "=", actor.userId)
      .executeTakeFirst();
    const submittedAt = input.submit ? (existing?.submitted_at ?? now) : (existing?.submitted_at ?? null);
    if (existing?.submitted_at && !input.submit) {
      // A submitted review stays submitted: saving again needs every score too.
      const missing = criteria.filter((c) => input.scores[c.id] === undefined);
      if (missing.length > 0)
        throw new AppError("bad_request", "提出済みの評価では、すべての評価項目に点数が必要です。", {
          field: `score.${missing[0]!.id}`,
        });
    }
    let reviewId = existing?.id;
    if (reviewId) {
      await trx
        .updateTable("proposal_review")
        .set({ comment: input.comment, private_note: input.privateNote, submitted_at: submittedAt, updated_at: now })
        .where("id", "=", reviewId)
        .execute();
      await trx.deleteFrom("proposal_review_score").where("review_id", "=", reviewId).execute();
    } else {
      reviewId = randomUUID();
      await trx
        .insertInto("proposal_review")
        .values({
          id: reviewId,
          proposal_id: proposal.id,
          reviewer_id: actor.userId,
          comment: input.comment,
          private_note: input.privateNote,
          submitted_at: submittedAt,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const entries = Object.entries(input.scores);
    if (entries.length > 0) {
      await trx
        .insertInto("proposal_review_score")
        .values(
          entries.map(([criterion_id, score]) => ({
            review_id: reviewId!,
            criterion_id,
            score,
            comment: input.scoreComments?.[criterion_id] ?? "",
          })),
        )
        .execute();
    }
    // The private note's content is never copied into the audit log.
    await recordAudit(trx, {
      actor,
      organizationId: pitch.organization_id,
      action: input.submit ? "review.submit" : "review.save",
      entityType: "proposal",
      entityId: proposal.id,
      changes: { scores: input.scores },
    });
  });
}

/** Adds proposals to (or removes them from) the shortlist. */
export async function setShortlist(
  actor: MemberActor,
  pitchId: string,
  proposalIds: readonly string[],
  shortlisted: boolean,
  now = new Date(),
) {
  ensure(actor, manage(actor));
  return inTransaction(async (trx) => {
    const pitch = await lockReviewPitch(trx, actor, pitchId);
    for (const id of proposalIds) {
      const proposal = await lockPitchProposal(trx, actor, pitch.id, id);
      if (proposal.status !== "submitted") throw new AppError("conflict", "取り下げられた提案は候補にできません。");
      if ((proposal.shortlisted_at !== null) === shortlisted) continue;
      await trx
        .updateTable("proposal")
        .set({ shortlisted_at: shortlisted ? now : null })
        .where("id", "=", proposal.id)
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId: pitch.organization_id,
        action: shortlisted ? "review.shortlist" : "review.unshortlist",
        entityType: "proposal",
        entityId: proposal.id,
      });
    }
  });
}
