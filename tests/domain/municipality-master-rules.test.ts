// The difference between the master and a newer file, and the successors offered: pure rules, as tables.
import { describe, expect, it } from "vitest";
import {
  defaultSuccessors,
  diffMaster,
  successorChoices,
  successorRefusal,
  type MasterRow,
} from "~/domain/reference/municipality-master.rules";

const row = (code: string, name: string, extra: Partial<MasterRow> = {}): MasterRow => ({
  code,
  prefectureCode: Number(code.slice(0, 2)),
  name,
  kana: name,
  kind: "municipality",
  parentCode: null,
  ...extra,
});
const ward = (code: string, name: string, parent: string) => row(code, name, { kind: "ward", parentCode: parent });

const hamamatsu = row("221309", "浜松市", { kind: "designated_city" });
const before = [
  hamamatsu,
  ward("221317", "浜松市中区", "221309"),
  ward("221350", "浜松市北区", "221309"),
  ward("221376", "浜松市天竜区", "221309"),
  row("222038", "沼津市"),
];
const after = [
  hamamatsu,
  ward("221376", "浜松市天竜区", "221309"),
  ward("221384", "浜松市中央区", "221309"),
  ward("221392", "浜松市浜名区", "221309"),
  row("222038", "ぬまづ市", { kana: "ぬまづし" }),
];

describe("diffMaster", () => {
  it.each([
    ["the same file", before, before, { added: 0, abolished: 0, renamed: 0, reshaped: 0, unchanged: 5 }],
    [
      "浜松市's reorganisation and a rename",
      before,
      after,
      { added: 2, abolished: 2, renamed: 1, reshaped: 0, unchanged: 2 },
    ],
    [
      "a city that becomes a designated city",
      [row("141500", "相模原市")],
      [row("141500", "相模原市", { kind: "designated_city" })],
      { added: 0, abolished: 0, renamed: 0, reshaped: 1, unchanged: 0 },
    ],
  ])("%s", (_, current, incoming, counts) => {
    const diff = diffMaster(current, incoming);
    expect({
      added: diff.added.length,
      abolished: diff.abolished.length,
      renamed: diff.renamed.length,
      reshaped: diff.reshaped.length,
      unchanged: diff.unchanged,
    }).toEqual(counts);
  });

  it("names what is added, abolished and renamed", () => {
    const diff = diffMaster(before, after);
    expect(diff.added.map((r) => r.code)).toEqual(["221384", "221392"]);
    expect(diff.abolished.map((r) => r.code)).toEqual(["221317", "221350"]);
    expect(diff.renamed).toEqual([
      { code: "222038", from: { name: "沼津市", kana: "沼津市" }, to: { name: "ぬまづ市", kana: "ぬまづし" } },
    ]);
  });
});

describe("successors", () => {
  const diff = diffMaster(before, after);
  const naka = before[1];

  it("offers the new wards of the same city first, then the rest of the prefecture", () => {
    const { likely, others } = successorChoices(naka, diff, after);
    expect(likely.map((r) => r.code)).toEqual(["221384", "221392", "221376"]);
    expect(others.map((r) => r.code)).toEqual(["221309", "222038"]);
  });

  it.each([
    ["an abolished ward: the new wards of its city", naka, diff, ["221384", "221392"]],
    [
      "a merger: the one new code of the prefecture",
      row("222011", "旧町"),
      diffMaster([row("222011", "旧町"), row("222020", "旧村")], [row("222097", "新市")]),
      ["222097"],
    ],
    [
      "two new codes and no city: the operator chooses",
      row("222011", "旧町"),
      diffMaster([row("222011", "旧町")], [row("222097", "新市"), row("222100", "新町")]),
      [],
    ],
  ])("ticks by default for %s", (_, abolished, d, expected) => {
    expect(defaultSuccessors(abolished, d)).toEqual(expected);
  });

  it.each([
    [
      "every abolished code has a successor in the file",
      { "221317": ["221384"], "221350": ["221384", "221392"] },
      null,
    ],
    ["one has none", { "221317": ["221384"] }, "221350"],
    ["one names a code outside the file", { "221317": ["221317"], "221350": ["221392"] }, "221317"],
  ])("refuses unless %s", (_, chosen, refusedCode) => {
    expect(successorRefusal(diff, chosen, after)?.code ?? null).toBe(refusedCode);
  });
});
