import { describe, expect, it } from "vitest";
import { PitchFieldsSchema, PUBLISH_REQUIRED_FIELDS, publishProblems } from "~/domain/pitches/pitch.schema";

describe("the fields marked （公開時に必須） in the pitch form", () => {
  it("are exactly those an empty draft lacks for publishing", () => {
    const empty = PitchFieldsSchema.parse({ title: "タイトルだけの下書き" });
    expect(Object.keys(publishProblems(empty)).sort()).toEqual([...PUBLISH_REQUIRED_FIELDS].sort());
  });

  it("add the area name only for a 第2層 pitch", () => {
    const layer2 = PitchFieldsSchema.parse({ title: "第2層の下書き", layer: "layer2" });
    expect(Object.keys(publishProblems(layer2))).toContain("areaName");
  });
});
