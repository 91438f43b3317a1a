// Pure rules of the close-out (no database): the draft of the next cycle, prefilled from the reflection (seed 002:
// 「モデル事業の反省会から、次の展開をみんなで考える。次の起承転結を生み出す。」).
import type { Pitch, PilotResult } from "@db/schema";
import { pitchToFormValues, type PitchColumn } from "~/domain/pitches/pitch-fields.schema";
import { PitchFieldsSchema, type PitchFields } from "~/domain/pitches/pitch.schema";
import { PILOT_RESULT_LABELS } from "./pilot-result.schema";

export const NEXT_CYCLE_TITLE_PREFIX = "（次のサイクル）";

/**
 * Cuts text to at most `max` UTF-16 units (what the form schemas count; the database's char_length is never more),
 * never inside a surrogate pair, marking the cut with an ellipsis.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

export interface ReflectionForNextCycle {
  result: PilotResult;
  what_worked: string;
  what_did_not_work: string;
  next_step: string;
}

/**
 * The fields of the next cycle's draft pitch: the same municipality's setting (vision, situation, targets, themes,
 * layer, partner, resources, indicators, contact) copied from the pilot's pitch; the title marked 「（次のサイクル）」;
 * what was tried taken from the reflection; the problem and the wanted solution from the next step. Dates, the budget
 * ceiling and the deadline are left empty: they belong to the new cycle. The result passes the pitch form's own schema.
 */
export function nextCyclePitchFields(
  pitch: Pick<Pitch, PitchColumn>,
  pilotTitle: string,
  reflection: ReflectionForNextCycle,
): PitchFields {
  const old = pitchToFormValues(pitch);
  const tried = [
    `前回の実証「${pilotTitle}」の振り返り（結果: ${PILOT_RESULT_LABELS[reflection.result]}）`,
    "■ うまくいったこと",
    reflection.what_worked,
    "",
    "■ うまくいかなかったこと",
    reflection.what_did_not_work,
    ...(pitch.tried_so_far.trim() ? ["", "■ それ以前の取組", pitch.tried_so_far] : []),
  ].join("\n");
  return PitchFieldsSchema.parse({
    ...old,
    title: clip(
      `${NEXT_CYCLE_TITLE_PREFIX}${pitch.title.replace(new RegExp(`^(${NEXT_CYCLE_TITLE_PREFIX})+`), "")}`,
      120,
    ),
    problem: clip(reflection.next_step, 4000),
    problemEvidence: "",
    triedSoFar: clip(tried, 4000),
    solutionWanted: clip(reflection.next_step, 2000),
    budgetCeilingYen: "",
    pilotStartOn: "",
    pilotEndOn: "",
    proposalDeadline: "",
  });
}
