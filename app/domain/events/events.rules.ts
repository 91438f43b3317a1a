import type { PitchEventEntryStatus } from "@db/schema";

/** The bureau's review of an entry, and the municipality's moves. */
export type EntryTransition = "approve" | "requestChanges" | "resubmit" | "withdraw";

const allowedFrom: Record<EntryTransition, readonly PitchEventEntryStatus[]> = {
  approve: ["submitted"],
  requestChanges: ["submitted", "approved"],
  resubmit: ["changes_requested", "withdrawn"],
  withdraw: ["submitted", "approved", "changes_requested"],
};

export const entryTransitionTarget: Record<EntryTransition, PitchEventEntryStatus> = {
  approve: "approved",
  requestChanges: "changes_requested",
  resubmit: "submitted",
  withdraw: "withdrawn",
};

export function canTransitionEntry(status: PitchEventEntryStatus, transition: EntryTransition): boolean {
  return allowedFrom[transition].includes(status);
}

export const entryStatusLabels: Record<PitchEventEntryStatus, string> = {
  submitted: "審査待ち",
  approved: "掲載承認済み",
  changes_requested: "修正依頼あり",
  withdrawn: "取り下げ",
};

export const eventStatusLabels = { draft: "下書き", published: "公開中", cancelled: "中止" } as const;
export const eventFormatLabels = { online: "オンライン", venue: "会場開催" } as const;

/** Is the application period open? */
export function isApplicationOpen(
  event: { application_starts_at: Date; application_ends_at: Date; status: string },
  now = new Date(),
): boolean {
  return event.status !== "cancelled" && event.application_starts_at <= now && now < event.application_ends_at;
}
