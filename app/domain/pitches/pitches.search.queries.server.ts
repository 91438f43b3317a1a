// The one query behind the public pitch list, the JSON API and the CSV export. Public statuses and public fields
// only (never contacts, drafts or questions). One query for the rows of a page (municipality and prefecture
// names joined) and one for the count: no N+1.
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { DB, PitchStatus } from "@db/schema";
import type { Executor } from "@db/database.server";
import { queryTokens } from "~/domain/search/search-tokens.rules";
import { PUBLIC_STATUSES } from "./pitch.rules";
import { SEARCH_PAGE_SIZE, type PitchSearch } from "./pitches.search.schema";

/** One pitch as the public list, the API (docs/api.md) and the CSV show it. */
export interface PublicPitchSummary {
  id: string;
  title: string;
  summary: string;
  status: PitchStatus;
  openForProposals: boolean;
  municipality: { code: string; name: string };
  prefecture: { code: number; name: string };
  themes: string[];
  targetStates: string[];
  layer: "layer1" | "layer2" | null;
  budgetCeilingYen: number | null;
  proposalDeadline: string | null;
  pilotStartOn: string | null;
  pilotEndOn: string | null;
  publishedAt: string | null;
  revisionNumber: number;
}

export interface PitchSearchPage {
  rows: PublicPitchSummary[];
  page: number;
  pageSize: number;
  total: number;
}

type PitchQuery<O> = SelectQueryBuilder<DB, "pitch", O>;

function applyFilters<O>(qb: PitchQuery<O>, search: PitchSearch, now: Date): PitchQuery<O> {
  let q = qb.where("pitch.status", "in", PUBLIC_STATUSES);
  const tokens = queryTokens(search.q);
  if (tokens.length > 0) q = q.where(sql<boolean>`${sql.ref("pitch.search_tokens")} @> ${sql.val(tokens)}::text[]`);
  // Several themes (or target states): a pitch with any of them matches.
  if (search.themes.length > 0)
    q = q.where(sql<boolean>`${sql.ref("pitch.themes")} && ${sql.val(search.themes)}::text[]`);
  if (search.targetStates.length > 0) {
    q = q.where(sql<boolean>`${sql.ref("pitch.target_states")} && ${sql.val(search.targetStates)}::text[]`);
  }
  if (search.prefecture !== null) q = q.where("pitch.prefecture_code", "=", search.prefecture);
  if (search.bureau) {
    const bureau = search.bureau;
    q = q.where("pitch.prefecture_code", "in", (eb) =>
      eb
        .selectFrom("regional_bureau_prefecture")
        .select("regional_bureau_prefecture.prefecture_code")
        .where("regional_bureau_prefecture.bureau_id", "=", bureau),
    );
  }
  if (search.budgetMin !== null) q = q.where("pitch.budget_ceiling_yen", ">=", String(search.budgetMin));
  if (search.budgetMax !== null) q = q.where("pitch.budget_ceiling_yen", "<=", String(search.budgetMax));
  if (search.open) q = q.where("pitch.status", "=", "published").where("pitch.proposal_deadline", ">", now);
  return q;
}

function rowsQuery(ex: Executor, search: PitchSearch, now: Date) {
  let q = applyFilters(
    ex
      .selectFrom("pitch")
      .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
      .innerJoin("prefecture", "prefecture.code", "pitch.prefecture_code")
      .select(["pitch.id", "pitch.title", "pitch.summary", "pitch.status", "pitch.themes"])
      .select(["pitch.target_states", "pitch.layer", "pitch.budget_ceiling_yen"])
      .select(["pitch.proposal_deadline", "pitch.pilot_start_on", "pitch.pilot_end_on"])
      .select(["pitch.published_at", "pitch.revision_number", "pitch.municipality_code"])
      .select(["municipality.name as municipality_name", "pitch.prefecture_code"])
      .select(["prefecture.name as prefecture_name"]) as unknown as PitchQuery<RowShape>,
    search,
    now,
  );
  switch (search.sort) {
    case "deadline":
      q = q.orderBy(sql`pitch.proposal_deadline asc nulls last`);
      break;
    case "budget":
      q = q.orderBy(sql`pitch.budget_ceiling_yen desc nulls last`);
      break;
    default:
      q = q.orderBy(sql`pitch.published_at desc nulls last`);
  }
  // A stable order: equal keys never swap between pages.
  return q.orderBy("pitch.id");
}

interface RowShape {
  id: string;
  title: string;
  summary: string;
  status: PitchStatus;
  themes: string[];
  target_states: string[];
  layer: "layer1" | "layer2" | null;
  budget_ceiling_yen: string | null;
  proposal_deadline: Date | null;
  pilot_start_on: string | null;
  pilot_end_on: string | null;
  published_at: Date | null;
  revision_number: number;
  municipality_code: string;
  municipality_name: string;
  prefecture_code: number;
  prefecture_name: string;
}

function toSummary(row: RowShape, now: Date): PublicPitchSummary {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    status: row.status,
    openForProposals:
      row.status === "published" && row.proposal_deadline !== null && row.proposal_deadline.getTime() > now.getTime(),
    municipality: { code: row.municipality_code, name: row.municipality_name },
    prefecture: { code: row.prefecture_code, name: row.prefecture_name },
    themes: row.themes,
    targetStates: row.target_states,
    layer: row.layer,
    budgetCeilingYen: row.budget_ceiling_yen === null ? null : Number(row.budget_ceiling_yen),
    proposalDeadline: row.proposal_deadline?.toISOString() ?? null,
    pilotStartOn: row.pilot_start_on,
    pilotEndOn: row.pilot_end_on,
    publishedAt: row.published_at?.toISOString() ?? null,
    revisionNumber: row.revision_number,
  };
}

/** One page of public pitches (20 a page) and the number of all that match. */
export async function searchPitches(ex: Executor, search: PitchSearch, now = new Date()): Promise<PitchSearchPage> {
  const pageSize = SEARCH_PAGE_SIZE;
  const run = async (q: Executor) => {
    const rows = await rowsQuery(q, search, now)
      .limit(pageSize)
      .offset((search.page - 1) * pageSize)
      .execute();
    const count = await applyFilters(
      q.selectFrom("pitch").select((eb) => eb.fn.countAll<string>().as("n")),
      search,
      now,
    ).executeTakeFirstOrThrow();
    return { rows: rows.map((r) => toSummary(r, now)), page: search.page, pageSize, total: Number(count.n) };
  };
  if (queryTokens(search.q).length === 0 || ex.isTransaction) return run(ex);
  // The planner does not price unpacking every row's token array, so for a common keyword it prefers a sequential
  // scan that is ~30x slower than the GIN index (measured with bench/pitches.ts). Within this one read-only
  // transaction, index scans are preferred; nothing else is affected.
  return (ex as Kysely<DB>).transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return run(trx);
  });
}

/**
 * Whether one pitch is among the results of a search, by the very filters of searchPitches (plus its id), so that
 * a saved-search notification and the search page never disagree.
 */
export async function pitchMatchesSearch(
  ex: Executor,
  search: PitchSearch,
  pitchId: string,
  now = new Date(),
): Promise<boolean> {
  const row = await applyFilters(ex.selectFrom("pitch").select("pitch.id"), search, now)
    .where("pitch.id", "=", pitchId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The most rows one export returns. */
export const EXPORT_MAX_ROWS = 10_000;
const EXPORT_CHUNK = 1_000;

/** Every matching pitch (up to EXPORT_MAX_ROWS), read in chunks, in the order of the search. */
export async function* exportPitches(
  ex: Executor,
  search: PitchSearch,
  now = new Date(),
): AsyncGenerator<PublicPitchSummary> {
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += EXPORT_CHUNK) {
    const rows = await rowsQuery(ex, search, now)
      .limit(Math.min(EXPORT_CHUNK, EXPORT_MAX_ROWS - offset))
      .offset(offset)
      .execute();
    for (const row of rows) yield toSummary(row, now);
    if (rows.length < EXPORT_CHUNK) return;
  }
}

/** Themes used by the most open pitches: suggestions for an empty result. */
export async function popularThemes(ex: Executor, limit = 5): Promise<{ code: string; count: number }[]> {
  const rows = await sql<{ code: string; n: string }>`
    select t.code, count(*) as n from pitch, unnest(pitch.themes) as t(code)
    where pitch.status = 'published'
    group by t.code order by count(*) desc, t.code limit ${limit}`.execute(ex);
  return rows.rows.map((r) => ({ code: r.code, count: Number(r.n) }));
}
