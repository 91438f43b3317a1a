// The editor's index: the state of a section from its values and errors, as a table.
import { describe, expect, it } from "vitest";
import { PITCH_SECTIONS } from "~/domain/pitches/pitch-sections.data";
import { sectionState } from "~/domain/pitches/pitch-sections.rules";
import type { PitchFormValues } from "~/domain/pitches/pitch-fields.schema";

const summary = PITCH_SECTIONS.find((s) => s.id === "summary")!;
const situation = PITCH_SECTIONS.find((s) => s.id === "situation")!;
const problem = PITCH_SECTIONS.find((s) => s.id === "problem")!;
const scope = PITCH_SECTIONS.find((s) => s.id === "scope")!;

describe("sectionState", () => {
  it.each([
    ["nothing typed", summary, {}, {}, "未入力", "muted"],
    ["blank text counts as nothing", summary, { title: "  " }, {}, "未入力", "muted"],
    ["required fields still empty", summary, { title: "買い物支援" }, {}, "公開に必要な項目が残り2件", "warn"],
    ["required filled, an optional one left", problem, { problem: "p", problemEvidence: "e" }, {}, "入力中", "ok"],
    ["every field filled", summary, { title: "t", summary: "s", vision: "v" }, {}, "入力済み", "ok"],
    [
      "an error wins over the rest",
      summary,
      { title: "t", summary: "s", vision: "v" },
      { title: "長すぎます" },
      "要確認 1件",
      "error",
    ],
    ["an optional field only", situation, { population: "12000" }, {}, "公開に必要な項目が残り1件", "warn"],
    [
      "the required one with an optional one",
      situation,
      { currentSituation: "c", population: "1" },
      {},
      "入力中",
      "ok",
    ],
    ["a ticked checkbox group counts", scope, { themes: ["mobility"], layer: "first" }, {}, "入力中", "ok"],
    ["an empty checkbox group does not", scope, { themes: [] }, {}, "未入力", "muted"],
  ] as const)("%s", (_name, section, values, errors, label, tone) => {
    expect(sectionState(section, values as PitchFormValues, errors)).toEqual({ label, tone });
  });
});
