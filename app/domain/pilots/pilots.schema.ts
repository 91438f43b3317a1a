// How a pilot's status is named on screen (browser-safe: the pilot pages render it).
export const PILOT_STATUS_LABELS = {
  agreement: "協定準備中",
  running: "実施中",
  completed: "完了",
  terminated: "中止",
} as const;
