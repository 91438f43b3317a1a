// The weighted-score maths of the review, pure: shares of the weights, averages per criterion, totals on 100.
import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC } from "~/domain/reviews/rubric.data";
import {
  criterionAverages,
  normalisedShares,
  proposalScore,
  sortByTotal,
  weightedTotal,
} from "~/domain/reviews/scoring.rules";
import { statusAfterPublication } from "~/domain/reviews/decisions.commands.server";

const criteria = DEFAULT_RUBRIC.map((c, i) => ({ id: `c${i}`, weight: c.weight }));

describe("weighted scores", () => {
  it("the default rubric weighs 20/25/20/20/15 and its shares sum to 100%", () => {
    expect(criteria.map((c) => c.weight)).toEqual([20, 25, 20, 20, 15]);
    expect(normalisedShares(criteria)).toEqual({ c0: 20, c1: 25, c2: 20, c3: 20, c4: 15 });
  });

  it("shares are normalised when the weights do not sum to 100", () => {
    expect(
      normalisedShares([
        { id: "a", weight: 1 },
        { id: "b", weight: 2 },
      ]),
    ).toEqual({ a: 33.3, b: 66.7 });
    expect(normalisedShares([])).toEqual({});
  });

  it("all 5 is 100, all 1 is 20, and a mix is the weighted mean on 100", () => {
    const all = (n: number) => Object.fromEntries(criteria.map((c) => [c.id, n]));
    expect(weightedTotal(criteria, all(5))).toBe(100);
    expect(weightedTotal(criteria, all(1))).toBe(20);
    // (20*4 + 25*5 + 20*3 + 20*4 + 15*2) / (5*100) * 100 = (80+125+60+80+30)/5 = 375/5 = 75
    expect(weightedTotal(criteria, { c0: 4, c1: 5, c2: 3, c3: 4, c4: 2 })).toBe(75);
  });

  it("no total until every criterion has a score, nor without criteria", () => {
    expect(weightedTotal(criteria, { c0: 5 })).toBeNull();
    expect(weightedTotal([], {})).toBeNull();
  });

  it("averages per criterion over reviewers, then the weighted total of the averages", () => {
    const scores = [
      ...[4, 5, 3, 4, 2].map((score, i) => ({ reviewerId: "r1", criterionId: `c${i}`, score })),
      ...[3, 4, 4, 5, 3].map((score, i) => ({ reviewerId: "r2", criterionId: `c${i}`, score })),
    ];
    expect(criterionAverages(scores)).toEqual({ c0: 3.5, c1: 4.5, c2: 3.5, c3: 4.5, c4: 2.5 });
    // r1 = 75; r2 = (60+100+80+100+45)/5 = 77; the mean of both is 76 = total of the averages.
    expect(weightedTotal(criteria, { c0: 3, c1: 4, c2: 4, c3: 5, c4: 3 })).toBe(77);
    expect(proposalScore(criteria, scores)).toEqual({
      averages: { c0: 3.5, c1: 4.5, c2: 3.5, c3: 4.5, c4: 2.5 },
      total: 76,
      reviewers: 2,
    });
  });

  it("rounds to one decimal", () => {
    expect(
      weightedTotal(
        [
          { id: "a", weight: 1 },
          { id: "b", weight: 2 },
        ],
        { a: 5, b: 4 },
      ),
    ).toBe(86.7);
  });

  it("sorts by total, highest first by default, rows without a total last", () => {
    const rows = [
      { id: "a", total: 50 },
      { id: "b", total: null },
      { id: "c", total: 80 },
    ];
    expect(sortByTotal(rows).map((r) => r.id)).toEqual(["c", "a", "b"]);
    expect(sortByTotal(rows, "asc").map((r) => r.id)).toEqual(["a", "c", "b"]);
  });
});

describe("the pitch status after publication (pitch.rules)", () => {
  it("closed + an acceptance -> matched; closed + all declined and none undecided -> not_matched", () => {
    expect(statusAfterPublication("closed", [{ outcome: "accepted" }, { outcome: "declined" }], 0)).toBe("matched");
    expect(statusAfterPublication("closed", [{ outcome: "declined" }], 0)).toBe("not_matched");
    expect(statusAfterPublication("closed", [{ outcome: "declined" }], 1)).toBeNull();
  });

  it("a pitch that is not closed keeps its status", () => {
    expect(statusAfterPublication("published", [{ outcome: "accepted" }], 0)).toBeNull();
    expect(statusAfterPublication("matched", [{ outcome: "accepted" }], 0)).toBeNull();
  });
});
