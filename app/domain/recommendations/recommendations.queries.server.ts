// Recommendations both ways, from indexed candidate queries (GIN on themes and prefecture_codes) scored in
// TypeScript by the pure functions of scoring.ts. A fixed number of queries per page: no N+1.
import { sql } from "kysely";
import type { Executor } from "@db/database.server";
import { PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import { compareRecommendations, countSimilar, scorePitch, type ProfileForScoring } from "./scoring.rules";

export const RECOMMENDATION_LIMIT = 20;
/** Candidates scored at most (the newest deadlines first would be arbitrary; the query is ordered and bounded). */
const CANDIDATE_CAP = 500;

export interface PitchRecommendation {
  id: string;
  title: string;
  summary: string;
  municipalityName: string;
  prefectureName: string;
  proposalDeadline: Date;
  budgetCeilingYen: number | null;
  score: number;
  reasons: string[];
}

/** Themes of the pitches on which these companies had an accepted decision the municipality published. */
function acceptedMatches(ex: Executor, organizationIds: string[]) {
  return ex
    .selectFrom("proposal_decision as d")
    .innerJoin("proposal as p", "p.id", "d.proposal_id")
    .innerJoin("pitch", "pitch.id", "d.pitch_id")
    .select(["p.organization_id as organizationId", "pitch.themes"])
    .where("p.organization_id", "in", organizationIds)
    .where("d.outcome", "=", "accepted")
    .where("d.published_at", "is not", null)
    .where("pitch.status", "in", [...PUBLIC_STATUSES])
    .execute();
}

function hasPreferences(profile: ProfileForScoring) {
  return profile.themes.length > 0 || profile.prefectureCodes.length > 0;
}

/**
 * Open published pitches (deadline in the future) for a company, best first, each with its score and reasons.
 * `profileReady` is false when the company has no profile, or one without themes and regions.
 */
export async function recommendPitchesForCompany(
  ex: Executor,
  organizationId: string,
  limit = RECOMMENDATION_LIMIT,
  now = new Date(),
): Promise<{ profileReady: boolean; items: PitchRecommendation[] }> {
  const row = await ex
    .selectFrom("company_profile")
    .select(["themes", "prefecture_codes", "serves_nationwide"])
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  const profile: ProfileForScoring | null = row
    ? { themes: row.themes, prefectureCodes: row.prefecture_codes, servesNationwide: row.serves_nationwide }
    : null;
  if (!profile || !hasPreferences(profile)) return { profileReady: false, items: [] };
  const accepted = (await acceptedMatches(ex, [organizationId])).map((a) => a.themes);
  const themes = [...profile.themes];
  const prefectures = [...profile.prefectureCodes];
  const candidates = await ex
    .selectFrom("pitch")
    .innerJoin("municipality as m", "m.code", "pitch.municipality_code")
    .innerJoin("prefecture as pref", "pref.code", "pitch.prefecture_code")
    .select(["pitch.id", "pitch.title", "pitch.summary", "pitch.themes", "pitch.target_states"])
    .select(["pitch.prefecture_code", "pitch.budget_ceiling_yen", "pitch.proposal_deadline"])
    .select(["m.name as municipality_name", "pref.name as prefecture_name"])
    .where("pitch.status", "=", "published")
    .where("pitch.proposal_deadline", ">", now)
    // A pitch the company already answers (an active proposal) is no longer a suggestion.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("proposal")
            .select("proposal.id")
            .whereRef("proposal.pitch_id", "=", "pitch.id")
            .where("proposal.organization_id", "=", organizationId)
            .where("proposal.status", "!=", "withdrawn"),
        ),
      ),
    )
    .where((eb) => {
      const any = [];
      if (themes.length > 0) any.push(sql<boolean>`${sql.ref("pitch.themes")} && ${sql.val(themes)}::text[]`);
      if (prefectures.length > 0) any.push(eb("pitch.prefecture_code", "in", prefectures));
      return eb.or(any);
    })
    .orderBy("pitch.proposal_deadline")
    .orderBy("pitch.id")
    .limit(CANDIDATE_CAP)
    .execute();
  const items: PitchRecommendation[] = [];
  for (const c of candidates) {
    const pitch = {
      id: c.id,
      themes: c.themes,
      prefectureCode: c.prefecture_code,
      prefectureName: c.prefecture_name,
      budgetCeilingYen: c.budget_ceiling_yen === null ? null : Number(c.budget_ceiling_yen),
      proposalDeadline: c.proposal_deadline,
      targetStates: c.target_states,
    };
    const scored = scorePitch(profile, pitch, countSimilar(accepted, c.themes));
    if (!scored.relevant) continue;
    items.push({
      id: c.id,
      title: c.title,
      summary: c.summary,
      municipalityName: c.municipality_name,
      prefectureName: c.prefecture_name,
      proposalDeadline: c.proposal_deadline!,
      budgetCeilingYen: pitch.budgetCeilingYen,
      score: scored.score,
      reasons: scored.reasons,
    });
  }
  items.sort(compareRecommendations);
  return { profileReady: true, items: items.slice(0, Math.max(0, limit)) };
}

export interface CompanyRecommendation {
  organizationId: string;
  name: string;
  summary: string;
  hasLogo: boolean;
  score: number;
  reasons: string[];
}

/**
 * Companies with a published profile that fit a pitch. The caller has already scoped the pitch to the actor's
 * municipality (another municipality's pitch is a 404 before this runs).
 */
export async function recommendCompaniesForPitch(
  ex: Executor,
  pitch: {
    id: string;
    themes: string[];
    prefecture_code: number;
    prefecture_name: string;
    budget_ceiling_yen: string | number | null;
    proposal_deadline: Date | null;
    target_states: string[];
  },
  limit = RECOMMENDATION_LIMIT,
): Promise<CompanyRecommendation[]> {
  const candidates = await ex
    .selectFrom("company_profile as cp")
    .innerJoin("organization as o", "o.id", "cp.organization_id")
    .select(["o.id", "o.name", "cp.summary", "cp.themes", "cp.prefecture_codes"])
    .select(["cp.serves_nationwide", "cp.logo_storage_key"])
    .where("cp.published", "=", true)
    .where("o.kind", "=", "company")
    .where((eb) => {
      const any = [eb("cp.prefecture_codes", "@>", sql<number[]>`array[${pitch.prefecture_code}]::smallint[]`)];
      if (pitch.themes.length > 0) any.push(eb("cp.themes", "&&", sql<string[]>`${sql.val(pitch.themes)}::text[]`));
      return eb.or(any);
    })
    .orderBy("o.id")
    .limit(CANDIDATE_CAP)
    .execute();
  if (candidates.length === 0) return [];
  const accepted = await acceptedMatches(
    ex,
    candidates.map((c) => c.id),
  );
  const acceptedBy = new Map<string, string[][]>();
  for (const a of accepted) acceptedBy.set(a.organizationId, [...(acceptedBy.get(a.organizationId) ?? []), a.themes]);
  const forScoring = {
    id: pitch.id,
    themes: pitch.themes,
    prefectureCode: pitch.prefecture_code,
    prefectureName: pitch.prefecture_name,
    budgetCeilingYen: null,
    proposalDeadline: pitch.proposal_deadline,
    targetStates: [],
  };
  const items = candidates
    .map((c) => {
      const scored = scorePitch(
        { themes: c.themes, prefectureCodes: c.prefecture_codes, servesNationwide: c.serves_nationwide },
        forScoring,
        countSimilar(acceptedBy.get(c.id) ?? [], pitch.themes),
      );
      return { c, scored };
    })
    .filter(({ scored }) => scored.relevant)
    .map(({ c, scored }) => ({
      organizationId: c.id,
      name: c.name,
      summary: c.summary,
      hasLogo: c.logo_storage_key !== null,
      score: scored.score,
      reasons: scored.reasons,
    }));
  items.sort((a, b) =>
    a.score !== b.score
      ? b.score - a.score
      : a.organizationId < b.organizationId
        ? -1
        : a.organizationId > b.organizationId
          ? 1
          : 0,
  );
  return items.slice(0, Math.max(0, limit));
}
