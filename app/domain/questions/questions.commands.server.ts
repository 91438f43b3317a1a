// Public Q&A on pitches. Answered questions are public to everyone, never with who asked; unanswered ones are
// seen only by the asker and by the owning municipality. Every query is scoped: a question id from another
// municipality behaves like one that does not exist.
import { randomUUID } from "node:crypto";
import { can, type MemberActor, assertCan } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { isOpenForProposals, PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { hit, limits } from "~/lib/rate-limit.server";
import type { AnswerQuestionInput, AskQuestionInput } from "./questions.schema";

const CLOSED_MESSAGE = "このピッチは提案・質問の受付を終了しています。";

/** A company member asks a question on an open pitch. Throttled per user. */
export async function askQuestion(
  actor: MemberActor,
  pitchId: string,
  input: AskQuestionInput,
  appUrl: string,
  now = new Date(),
): Promise<string> {
  assertCan(actor, { action: "question.ask" });
  const throttle = await hit(`question:user:${actor.userId}`, limits.questionPerUser, now);
  if (throttle.limited) {
    throw new AppError("rate_limited", "質問の投稿が多すぎます。しばらく待ってからもう一度お試しください。", {
      field: "question",
    });
  }
  return inTransaction(async (trx) => {
    const pitch = await trx
      .selectFrom("pitch")
      .select(["id", "organization_id", "title", "status", "proposal_deadline"])
      .where("id", "=", pitchId)
      .where("status", "in", PUBLIC_STATUSES)
      .executeTakeFirst();
    if (!pitch) throw new AppError("not_found");
    if (!isOpenForProposals(pitch, now)) throw new AppError("conflict", CLOSED_MESSAGE, { field: "question" });
    const id = randomUUID();
    await trx
      .insertInto("pitch_question")
      .values({
        id,
        pitch_id: pitch.id,
        asker_user_id: actor.userId,
        asker_organization_id: actor.membership.organizationId,
        question: input.question,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pitch.organization_id,
      action: "question.ask",
      entityType: "pitch_question",
      entityId: id,
      changes: { pitch_id: pitch.id, length: input.question.length },
    });
    const members = await trx
      .selectFrom("membership")
      .innerJoin("app_user", "app_user.id", "membership.user_id")
      .select(["app_user.id", "app_user.email", "membership.role"])
      .where("membership.organization_id", "=", pitch.organization_id)
      .orderBy("app_user.email")
      .execute();
    for (const member of members) {
      await createNotification(trx, {
        userId: member.id,
        kind: "question_asked",
        title: `質問が届きました: ${pitch.title}`,
        body: "企業から新しい質問が届きました。回答はすべての企業に公開されます（質問者は公開されません）。",
        linkPath: "/municipality/questions",
      });
    }
    for (const admin of members.filter((m) => m.role === "admin")) {
      await queueEmail(trx, {
        to: admin.email,
        subject: `【ガバメントピッチ】「${pitch.title}」に質問が届きました`,
        body: [
          `ピッチ「${pitch.title}」に企業から新しい質問が届きました。`,
          "",
          input.question,
          "",
          "回答は、すべての企業に公開されます（質問者は公開されません）。",
          `回答する: ${appUrl}/municipality/questions`,
        ].join("\n"),
      });
    }
    return id;
  });
}

/** The owning municipality answers an unanswered question, once. */
export async function answerQuestion(
  actor: MemberActor,
  input: AnswerQuestionInput,
  appUrl: string,
  now = new Date(),
): Promise<{ pitchId: string }> {
  return inTransaction(async (trx) => {
    // Scoped by the actor's organisation: another municipality's question is "not found".
    const question = await trx
      .selectFrom("pitch_question")
      .innerJoin("pitch", "pitch.id", "pitch_question.pitch_id")
      .leftJoin("app_user", "app_user.id", "pitch_question.asker_user_id")
      .select(["pitch_question.id", "pitch_question.answered_at"])
      .select(["pitch.id as pitch_id", "pitch.title", "pitch.organization_id"])
      .select(["app_user.id as asker_id", "app_user.email as asker_email"])
      .where("pitch_question.id", "=", input.questionId)
      .where("pitch.organization_id", "=", actor.membership.organizationId)
      .executeTakeFirst();
    if (!question || !can(actor, { action: "question.answer", organizationId: question.organization_id }))
      throw new AppError("not_found");
    const updated = await trx
      .updateTable("pitch_question")
      .set({ answer: input.answer, answered_by: actor.userId, answered_at: now, updated_at: now })
      .where("id", "=", question.id)
      .where("answered_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError("conflict", "この質問にはすでに回答しています。", { field: "answer" });
    await recordAudit(trx, {
      actor,
      organizationId: question.organization_id,
      action: "question.answer",
      entityType: "pitch_question",
      entityId: question.id,
      changes: { pitch_id: question.pitch_id, length: input.answer.length },
    });
    if (question.asker_id) {
      await createNotification(trx, {
        userId: question.asker_id,
        kind: "question_answered",
        title: `ご質問に回答がありました: ${question.title}`,
        body: "自治体からの回答は、質問者を伏せてすべての企業に公開されています。",
        linkPath: `/pitches/${question.pitch_id}#questions`,
      });
    }
    if (question.asker_email) {
      await queueEmail(trx, {
        to: question.asker_email,
        subject: `【ガバメントピッチ】「${question.title}」へのご質問に回答がありました`,
        body: [
          `ピッチ「${question.title}」へのご質問に、自治体から回答がありました。`,
          "回答は、質問者を伏せてすべての企業に公開されています。",
          `確認する: ${appUrl}/pitches/${question.pitch_id}#questions`,
        ].join("\n"),
      });
    }
    return { pitchId: question.pitch_id };
  });
}
