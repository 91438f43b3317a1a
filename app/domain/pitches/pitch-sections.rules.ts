// How far a section of the pitch form is filled, for the editor's index: errors first, then what publishing still
// needs (the title, which every save needs, and the fields publishing needs), then how many of its fields hold something (browser-safe, pure).
import type { PitchFormValues } from "./pitch-fields.schema";
import { PUBLISH_REQUIRED_FIELDS } from "./pitch.schema";
import type { PITCH_SECTIONS } from "./pitch-sections.data";

const filled = (values: PitchFormValues, key: string) => {
  const v = values[key];
  return Array.isArray(v) ? v.length > 0 : typeof v === "string" && v.trim() !== "";
};

export type SectionState = { label: string; tone: "ok" | "warn" | "error" | "muted" };

export function sectionState(
  section: (typeof PITCH_SECTIONS)[number],
  values: PitchFormValues,
  errors: Record<string, string | undefined>,
): SectionState {
  const wrong = section.fields.filter((f) => errors[f]).length;
  if (wrong > 0) return { label: `要確認 ${wrong}件`, tone: "error" };
  const required = section.fields.filter(
    (f) => f === "title" || (PUBLISH_REQUIRED_FIELDS as readonly string[]).includes(f),
  );
  const missing = required.filter((f) => !filled(values, f)).length;
  const done = section.fields.filter((f) => filled(values, f)).length;
  if (done === 0) return { label: "未入力", tone: "muted" };
  if (missing > 0) return { label: `公開に必要な項目が残り${missing}件`, tone: "warn" };
  return done === section.fields.length ? { label: "入力済み", tone: "ok" } : { label: "入力中", tone: "ok" };
}
