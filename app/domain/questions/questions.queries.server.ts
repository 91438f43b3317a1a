// Public questions on a pitch, read side: what a viewer may see, and a municipality's questions to answer.
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";

/** A question as a viewer may see it: never the asker's identity, only whether the viewer asked it. */
export interface VisibleQuestion {
  id: string;
  question: string;
  answer: string | null;
  askedAt: string;
  answeredAt: string | null;
  askedByYou: boolean;
}

export function isPitchOwner(actor: Actor | null, pitch: { organizationId: string }): boolean {
  return can(actor, { action: "question.answer", organizationId: pitch.organizationId });
}

/** The questions of a pitch that this viewer may see. */
export async function listVisibleQuestions(
  ex: Executor,
  pitch: { id: string; organizationId: string },
  actor: Actor | null,
): Promise<VisibleQuestion[]> {
  const owner = isPitchOwner(actor, pitch);
  const rows = await ex
    .selectFrom("pitch_question")
    .select(["id", "question", "answer", "created_at", "answered_at", "asker_user_id"])
    .where("pitch_id", "=", pitch.id)
    .where((eb) => {
      if (owner) return eb.val(true);
      const answered = eb("answered_at", "is not", null);
      return actor ? eb.or([answered, eb("asker_user_id", "=", actor.userId)]) : answered;
    })
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    question: r.question,
    answer: r.answer,
    askedAt: r.created_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    askedByYou: actor !== null && r.asker_user_id === actor.userId,
  }));
}

/** Unanswered (and recently answered) questions on every pitch of the actor's municipality. */
export async function listQuestionsOfMunicipality(ex: Executor, organizationId: string) {
  const rows = await ex
    .selectFrom("pitch_question")
    .innerJoin("pitch", "pitch.id", "pitch_question.pitch_id")
    .select(["pitch_question.id", "pitch_question.question", "pitch_question.answer"])
    .select(["pitch_question.created_at", "pitch_question.answered_at"])
    .select(["pitch.id as pitch_id", "pitch.title as pitch_title"])
    .where("pitch.organization_id", "=", organizationId)
    .orderBy("pitch_question.answered_at", (ob) => ob.desc().nullsFirst())
    .orderBy("pitch_question.created_at")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    question: r.question,
    answer: r.answer,
    askedAt: r.created_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    pitch: { id: r.pitch_id, title: r.pitch_title },
  }));
}
