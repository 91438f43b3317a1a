// The rating the self-evaluation proposes from its KPIs' attainment, as a table.
import { describe, expect, it } from "vitest";
import { suggestedRating } from "~/domain/outcomes/self-evaluation.rules";

const of = (...met: (boolean | null)[]) => met.map((m) => ({ met: m }));

describe("suggestedRating", () => {
  it.each([
    ["no KPI", of(), null],
    ["no approved value yet", of(null, null), null],
    ["every known KPI met", of(true, true, null), 4],
    ["one of one met", of(true), 4],
    ["half met", of(true, false), 3],
    ["two of three met", of(true, true, false), 3],
    ["one of three met", of(true, false, false), 2],
    ["none met: carried out, not reached", of(false), 2],
  ] as const)("%s → %s", (_name, evidence, rating) => {
    expect(suggestedRating(evidence)).toBe(rating);
  });
});
