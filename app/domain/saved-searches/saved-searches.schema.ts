// Saved searches of company users (browser-safe): what is stored (the normalised search, without page and sort),
// the forms, and the Japanese summary used as the default name.
import { z } from "zod";
import { targetStateLabel, themeLabel } from "~/domain/pitches/catalog.data";
import { parseSearchLenient, searchToParams, type PitchSearch } from "~/domain/pitches/pitches.search.schema";
import { formatYenShort } from "~/lib/format";

export const SAVED_SEARCH_NAME_MAX = 100;
/** The most saved searches one user may keep. */
export const SAVED_SEARCHES_PER_USER = 20;

/** The filters of a search, as stored in saved_search.query (jsonb). */
export type SavedQuery = Omit<PitchSearch, "page" | "sort">;

export function toSavedQuery(search: PitchSearch): SavedQuery {
  return {
    q: search.q,
    themes: search.themes,
    targetStates: search.targetStates,
    prefecture: search.prefecture,
    bureau: search.bureau,
    budgetMin: search.budgetMin,
    budgetMax: search.budgetMax,
    open: search.open,
  };
}

/**
 * A stored query read back through the search schema itself (leniently: a theme code dropped from the catalogue
 * since is ignored), so that a saved search means exactly what the page means.
 */
export function savedQueryToSearch(stored: unknown): PitchSearch {
  const value = (stored && typeof stored === "object" ? stored : {}) as Partial<Record<keyof SavedQuery, unknown>>;
  const params = new URLSearchParams();
  if (typeof value.q === "string" && value.q) params.set("q", value.q);
  for (const t of Array.isArray(value.themes) ? value.themes : []) if (typeof t === "string") params.append("theme", t);
  for (const t of Array.isArray(value.targetStates) ? value.targetStates : [])
    if (typeof t === "string") params.append("targetState", t);
  if (typeof value.prefecture === "number") params.set("prefecture", String(value.prefecture));
  if (typeof value.bureau === "string" && value.bureau) params.set("bureau", value.bureau);
  if (typeof value.budgetMin === "number") params.set("budgetMin", String(value.budgetMin));
  if (typeof value.budgetMax === "number") params.set("budgetMax", String(value.budgetMax));
  if (value.open === true) params.set("open", "1");
  return parseSearchLenient(params);
}

/** The /pitches URL that shows the results of a saved query. */
export function savedQueryHref(stored: unknown): string {
  const query = searchToParams(savedQueryToSearch(stored), { page: 1, sort: "newest" }).toString();
  return `/pitches${query ? `?${query}` : ""}`;
}

/** A Japanese summary of the filters, e.g. 「買い物」・買い物支援・北海道・募集中のみ. */
export function describeSearch(
  search: SavedQuery,
  names: { prefecture?: string | null; bureau?: string | null } = {},
): string {
  const parts: string[] = [];
  if (search.q) parts.push(`「${search.q}」`);
  if (search.themes.length) parts.push(search.themes.map(themeLabel).join("・"));
  if (search.targetStates.length) parts.push(`対象: ${search.targetStates.map(targetStateLabel).join("・")}`);
  if (search.prefecture !== null) parts.push(names.prefecture ?? `都道府県${search.prefecture}`);
  if (search.bureau) parts.push(`${names.bureau ?? search.bureau}管内`);
  if (search.budgetMin !== null && search.budgetMax !== null)
    parts.push(`予算${formatYenShort(search.budgetMin)}〜${formatYenShort(search.budgetMax)}`);
  else if (search.budgetMin !== null) parts.push(`予算${formatYenShort(search.budgetMin)}以上`);
  else if (search.budgetMax !== null) parts.push(`予算${formatYenShort(search.budgetMax)}以下`);
  if (search.open) parts.push("募集中のみ");
  const text = parts.length ? parts.join("／") : "すべてのピッチ";
  return text.length > SAVED_SEARCH_NAME_MAX ? `${text.slice(0, SAVED_SEARCH_NAME_MAX - 1)}…` : text;
}

/** The save form (on /pitches, posting to /company/saved-searches). */
export const CreateSavedSearchSchema = z.strictObject({
  intent: z.literal("create"),
  name: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().max(SAVED_SEARCH_NAME_MAX, `名前は${SAVED_SEARCH_NAME_MAX}文字以内で入力してください。`))
    .optional(),
  /** The query string of the search shown on /pitches. */
  query: z.string().max(2000, "検索条件が長すぎます。"),
});
export type CreateSavedSearchInput = z.infer<typeof CreateSavedSearchSchema>;

export const DeleteSavedSearchSchema = z.strictObject({
  intent: z.literal("delete"),
  savedSearchId: z.string().uuid("削除する条件が正しくありません。"),
});
