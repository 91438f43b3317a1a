// Weighted scores, pure: criteria carry integer weights (1-100, any sum); scores are 1-5. Totals are on 100:
// a proposal scored 5 everywhere gets 100, 1 everywhere gets 20. Counted once here and reused by every page and export.

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** What each score means, shown beside it so that reviewers score alike. */
export const SCORE_MEANINGS: Record<number, string> = {
  1: "不十分（課題にほとんど応えていない）",
  2: "やや不十分（大きな不安がある）",
  3: "標準（課題に応えているが、工夫は少ない）",
  4: "良い（具体的で、実現の見込みが高い）",
  5: "非常に良い（期待を大きく上回る）",
};

export interface WeightedCriterion {
  id: string;
  weight: number;
}

export interface ScoreEntry {
  reviewerId: string;
  criterionId: string;
  score: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Each criterion's share of the total weight, in percent (one decimal). */
export function normalisedShares(criteria: readonly WeightedCriterion[]): Record<string, number> {
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  return Object.fromEntries(criteria.map((c) => [c.id, sum > 0 ? round1((c.weight / sum) * 100) : 0]));
}

/** The mean score per criterion over the given scores (criteria nobody scored are absent). */
export function criterionAverages(scores: readonly ScoreEntry[]): Record<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const s of scores) {
    const entry = sums.get(s.criterionId) ?? { total: 0, n: 0 };
    entry.total += s.score;
    entry.n += 1;
    sums.set(s.criterionId, entry);
  }
  return Object.fromEntries([...sums].map(([id, { total, n }]) => [id, total / n]));
}

/**
 * The weighted total on 100 of per-criterion scores (or averages): sum(weight x score) / (5 x sum(weight)) x 100,
 * rounded to one decimal. Null until every criterion has a score (a partial total would mislead the comparison).
 */
export function weightedTotal(
  criteria: readonly WeightedCriterion[],
  scoreByCriterion: Readonly<Record<string, number>>,
): number | null {
  if (criteria.length === 0) return null;
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    const score = scoreByCriterion[c.id];
    if (score === undefined) return null;
    weighted += c.weight * score;
    weights += c.weight;
  }
  return weights > 0 ? round1((weighted / (SCORE_MAX * weights)) * 100) : null;
}

/** Averages per criterion over the submitted reviews, and the weighted total of those averages. */
export function proposalScore(criteria: readonly WeightedCriterion[], scores: readonly ScoreEntry[]) {
  const averages = criterionAverages(scores);
  const reviewers = new Set(scores.map((s) => s.reviewerId)).size;
  return {
    averages: Object.fromEntries(Object.entries(averages).map(([id, avg]) => [id, round1(avg)])),
    total: weightedTotal(criteria, averages),
    reviewers,
  };
}

/** Sorts rows by total, highest first; rows without a total go last. Stable for equal totals. */
export function sortByTotal<T extends { total: number | null }>(
  rows: readonly T[],
  direction: "desc" | "asc" = "desc",
): T[] {
  return [...rows].sort((a, b) => {
    if (a.total === null && b.total === null) return 0;
    if (a.total === null) return 1;
    if (b.total === null) return -1;
    return direction === "desc" ? b.total - a.total : a.total - b.total;
  });
}
