import type { PitchStatus } from "@db/schema";

/** A published pitch open longer than this asks its owner to reconfirm it. */
export const RECONFIRM_AFTER_MS = 183 * 24 * 60 * 60 * 1000;

export type PitchTransition =
  "publish" | "revise" | "close" | "reopen" | "markMatched" | "markNotMatched" | "archive" | "reconfirm";

const allowedFrom: Record<PitchTransition, readonly PitchStatus[]> = {
  publish: ["draft"],
  revise: ["published"],
  close: ["published"],
  reopen: ["closed", "not_matched"],
  markMatched: ["closed"],
  markNotMatched: ["closed"],
  archive: ["draft", "matched", "not_matched"],
  reconfirm: ["published"],
};

export const transitionTarget: Record<PitchTransition, PitchStatus> = {
  publish: "published",
  revise: "published",
  close: "closed",
  reopen: "published",
  markMatched: "matched",
  markNotMatched: "not_matched",
  archive: "archived",
  reconfirm: "published",
};

export function canTransition(status: PitchStatus, transition: PitchTransition): boolean {
  return allowedFrom[transition].includes(status);
}

/** Statuses anyone may see: never drafts, never archived drafts. */
export const PUBLIC_STATUSES: readonly PitchStatus[] = ["published", "closed", "matched", "not_matched"];

export function isOpenForProposals(
  pitch: { status: PitchStatus; proposal_deadline: Date | string | null },
  now = new Date(),
): boolean {
  return (
    pitch.status === "published" &&
    pitch.proposal_deadline !== null &&
    new Date(pitch.proposal_deadline).getTime() > now.getTime()
  );
}

/** Published for more than six months (counted from publication or the last reconfirmation). */
export function needsReconfirmation(
  pitch: { status: PitchStatus; published_at: Date | string | null; reconfirmed_at: Date | string | null },
  now = new Date(),
): boolean {
  if (pitch.status !== "published") return false;
  const since = pitch.reconfirmed_at ?? pitch.published_at;
  return since !== null && now.getTime() - new Date(since).getTime() > RECONFIRM_AFTER_MS;
}
