// Explainable, deterministic scoring of a pitch for a company (browser-safe, pure). Every point comes with a
// Japanese reason chip; the order is total (score, then deadline, then id), so a list never shuffles.
import { THEMES, TARGET_STATES } from "~/domain/pitches/catalog.data";
import { formatYenRoundedToMan } from "~/lib/format";

export const WEIGHTS = {
  /** Per theme shared by the pitch and the profile. */
  theme: 30,
  /** The pitch's prefecture is one the company serves. */
  prefecture: 20,
  /** The company serves the whole country. */
  nationwide: 10,
  /** Per accepted, published match on a pitch sharing a theme (at most SIMILAR_CAP counted). */
  similar: 5,
  /** The pitch names a budget ceiling for trial funding. */
  budget: 5,
} as const;
export const SIMILAR_CAP = 3;

export interface ProfileForScoring {
  themes: readonly string[];
  prefectureCodes: readonly number[];
  servesNationwide: boolean;
}

export interface PitchForScoring {
  id: string;
  themes: readonly string[];
  prefectureCode: number;
  prefectureName: string;
  budgetCeilingYen: number | null;
  proposalDeadline: Date | string | null;
  targetStates?: readonly string[];
}

export interface Scored {
  score: number;
  reasons: string[];
  /** Is there enough in common to recommend at all (a shared theme, or a prefecture served by name)? */
  relevant: boolean;
}

const themeLabel = (code: string) => THEMES.find((t) => t.code === code)?.label ?? code;
const stateLabel = (code: string) => TARGET_STATES.find((t) => t.code === code)?.label ?? code;

/**
 * Scores one pitch for one company profile. `similarAccepted` is the number of the company's accepted, published
 * matches on pitches that share a theme with this one.
 */
export function scorePitch(profile: ProfileForScoring, pitch: PitchForScoring, similarAccepted: number): Scored {
  const reasons: string[] = [];
  let score = 0;
  // Themes in the catalog order, so that the chips are always in the same order.
  const shared = THEMES.map((t) => t.code as string).filter(
    (c) => profile.themes.includes(c) && pitch.themes.includes(c),
  );
  for (const code of shared) {
    score += WEIGHTS.theme;
    reasons.push(`テーマ一致: ${themeLabel(code)}`);
  }
  const servesPrefecture = profile.prefectureCodes.includes(pitch.prefectureCode);
  if (servesPrefecture) {
    score += WEIGHTS.prefecture;
    reasons.push(`対応地域: ${pitch.prefectureName}`);
  } else if (profile.servesNationwide) {
    score += WEIGHTS.nationwide;
    reasons.push("対応地域: 全国");
  }
  const similar = Math.max(0, Math.floor(similarAccepted));
  if (similar > 0) {
    score += WEIGHTS.similar * Math.min(similar, SIMILAR_CAP);
    reasons.push(`類似実績: ${similar}件`);
  }
  if (pitch.budgetCeilingYen !== null && pitch.budgetCeilingYen > 0) {
    score += WEIGHTS.budget;
    reasons.push(`試行予算: 上限${formatYenRoundedToMan(pitch.budgetCeilingYen)}`);
  }
  if (shared.length > 0 && pitch.targetStates && pitch.targetStates.length > 0) {
    // Not scored: shown to help the company judge the fit.
    reasons.push(`対象: ${pitch.targetStates.map(stateLabel).join("・")}`);
  }
  return { score, reasons, relevant: shared.length > 0 || servesPrefecture };
}

const time = (d: Date | string | null) => (d === null ? Number.POSITIVE_INFINITY : new Date(d).getTime());

/** Highest score first; ties by the earlier deadline (no deadline last), then by id. */
export function compareRecommendations(
  a: { score: number; proposalDeadline: Date | string | null; id: string },
  b: { score: number; proposalDeadline: Date | string | null; id: string },
): number {
  if (a.score !== b.score) return b.score - a.score;
  const da = time(a.proposalDeadline);
  const dbt = time(b.proposalDeadline);
  if (da !== dbt) return da < dbt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Number of accepted pitches (by their themes) that share at least one theme with `themes`. */
export function countSimilar(acceptedPitchThemes: readonly (readonly string[])[], themes: readonly string[]): number {
  return acceptedPitchThemes.filter((t) => t.some((code) => themes.includes(code))).length;
}
