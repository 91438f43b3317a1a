// URL parameters of the public pitch search, shared by the page (/pitches), the JSON API and the CSV export
// (browser-safe). The page ignores values it cannot read; the API answers 400 for them (see docs/api.md).
import { z } from "zod";
import { TARGET_STATE_CODES, THEME_CODES } from "./catalog.data";

export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_SORTS = ["newest", "deadline", "budget"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const searchSortLabels: Record<SearchSort, string> = {
  newest: "新着順",
  deadline: "締切が近い順",
  budget: "予算上限が高い順",
};

const MAX_YEN = 1_000_000_000_000;

/** "4,000,000", "４００００００円" → 4000000; an empty value → undefined. */
const yen = z
  .string()
  .transform((v) => v.normalize("NFKC").replace(/[,，円\s]/g, ""))
  .pipe(
    z.union([
      z.literal("").transform(() => undefined),
      z
        .string()
        .regex(/^\d{1,13}$/)
        .transform(Number)
        .pipe(z.number().int().max(MAX_YEN)),
    ]),
  )
  .optional();

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => v.trim())
    .optional();

/** One schema; every field optional. Arrays come from repeated parameters (?theme=a&theme=b). */
export const PitchSearchSchema = z.strictObject({
  q: optionalText(100),
  theme: z.array(z.enum(THEME_CODES)).max(THEME_CODES.length).optional(),
  targetState: z.array(z.enum(TARGET_STATE_CODES)).max(TARGET_STATE_CODES.length).optional(),
  prefecture: z
    .string()
    .pipe(
      z.union([
        z.literal("").transform(() => undefined),
        z
          .string()
          .regex(/^\d{1,2}$/)
          .transform(Number)
          .pipe(z.number().int().min(1).max(47)),
      ]),
    )
    .optional(),
  bureau: z
    .string()
    .pipe(z.union([z.literal("").transform(() => undefined), z.string().regex(/^(meti|mhlw)-[a-z-]{2,40}$/)]))
    .optional(),
  budgetMin: yen,
  budgetMax: yen,
  open: z
    .enum(["", "0", "1", "true", "false", "on"])
    .transform((v) => v === "1" || v === "true" || v === "on")
    .optional(),
  sort: z.union([z.literal("").transform(() => undefined), z.enum(SEARCH_SORTS)]).optional(),
  page: z
    .string()
    .pipe(
      z.union([
        z.literal("").transform(() => undefined),
        z
          .string()
          .regex(/^\d{1,5}$/)
          .transform(Number)
          .pipe(z.number().int().min(1).max(10_000)),
      ]),
    )
    .optional(),
});

export interface PitchSearch {
  q: string;
  themes: string[];
  targetStates: string[];
  prefecture: number | null;
  bureau: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  open: boolean;
  sort: SearchSort;
  page: number;
}

const ARRAY_PARAMS = new Set(["theme", "targetState"]);
const EMPTY: PitchSearch = {
  q: "",
  themes: [],
  targetStates: [],
  prefecture: null,
  bureau: null,
  budgetMin: null,
  budgetMax: null,
  open: false,
  sort: "newest",
  page: 1,
};

function rawObject(params: URLSearchParams): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = ARRAY_PARAMS.has(key) ? values.filter((v) => v !== "") : values[values.length - 1]!;
  }
  return raw;
}

function normalized(data: z.output<typeof PitchSearchSchema>): PitchSearch {
  return {
    q: data.q ?? "",
    themes: [...new Set(data.theme ?? [])],
    targetStates: [...new Set(data.targetState ?? [])],
    prefecture: data.prefecture ?? null,
    bureau: data.bureau ?? null,
    budgetMin: data.budgetMin ?? null,
    budgetMax: data.budgetMax ?? null,
    open: data.open ?? false,
    sort: data.sort ?? "newest",
    page: data.page ?? 1,
  };
}

/** For the API: every parameter must be known and valid, or the errors are returned (HTTP 400). */
export function parseSearchStrict(
  params: URLSearchParams,
): { ok: true; search: PitchSearch } | { ok: false; errors: string[] } {
  const parsed = PitchSearchSchema.safeParse(rawObject(params));
  if (parsed.success) return { ok: true, search: normalized(parsed.data) };
  const errors = parsed.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? `不明なパラメータです: ${issue.keys.join(", ")}`
      : `パラメータ ${issue.path.map(String).join(".") || "?"} の値が正しくありません。`,
  );
  return { ok: false, errors };
}

/** For the page: unknown parameters and unreadable values are ignored (a shared URL always shows something). */
export function parseSearchLenient(params: URLSearchParams): PitchSearch {
  const search: PitchSearch = { ...EMPTY };
  const raw = rawObject(params);
  const shape = PitchSearchSchema.shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in shape)) continue;
    const field = shape[key as keyof typeof shape] as z.ZodType;
    let parsed = field.safeParse(value);
    if (!parsed.success && Array.isArray(value)) {
      // Keep the valid codes of a list that holds some unknown ones.
      parsed = field.safeParse(value.filter((v) => field.safeParse([v]).success));
    }
    if (parsed.success) Object.assign(search, pick(key, parsed.data));
  }
  return search;
}

function pick(key: string, value: unknown): Partial<PitchSearch> {
  if (value === undefined) return {};
  switch (key) {
    case "theme":
      return { themes: [...new Set(value as string[])] };
    case "targetState":
      return { targetStates: [...new Set(value as string[])] };
    case "q":
      return { q: value as string };
    case "prefecture":
    case "bureau":
    case "budgetMin":
    case "budgetMax":
    case "open":
    case "sort":
    case "page":
      return { [key]: value } as Partial<PitchSearch>;
    default:
      return {};
  }
}

/** The query string of a search (defaults left out), for links such as the CSV download and pagination. */
export function searchToParams(search: PitchSearch, overrides: Partial<PitchSearch> = {}): URLSearchParams {
  const s = { ...search, ...overrides };
  const params = new URLSearchParams();
  if (s.q) params.set("q", s.q);
  for (const t of s.themes) params.append("theme", t);
  for (const t of s.targetStates) params.append("targetState", t);
  if (s.prefecture !== null) params.set("prefecture", String(s.prefecture));
  if (s.bureau) params.set("bureau", s.bureau);
  if (s.budgetMin !== null) params.set("budgetMin", String(s.budgetMin));
  if (s.budgetMax !== null) params.set("budgetMax", String(s.budgetMax));
  if (s.open) params.set("open", "1");
  if (s.sort !== "newest") params.set("sort", s.sort);
  if (s.page !== 1) params.set("page", String(s.page));
  return params;
}

export function hasFilters(search: PitchSearch): boolean {
  return Boolean(
    search.q ||
    search.themes.length ||
    search.targetStates.length ||
    search.prefecture !== null ||
    search.bureau ||
    search.budgetMin !== null ||
    search.budgetMax !== null ||
    search.open,
  );
}

/** An active filter as a removable chip: its label and the search without it. */
export interface FilterChip {
  label: string;
  href: string;
}

/** The active filters of a search, each with the link that removes it (page 1). Labels come from the caller. */
export function filterChips(
  search: PitchSearch,
  labels: {
    theme: (code: string) => string;
    targetState: (code: string) => string;
    prefecture?: string;
    bureau?: string;
    yen: (value: number) => string;
  },
): FilterChip[] {
  const href = (overrides: Partial<PitchSearch>) => {
    const q = searchToParams(search, { ...overrides, page: 1 }).toString();
    return `/pitches${q ? `?${q}` : ""}`;
  };
  const chips: FilterChip[] = [];
  if (search.q) chips.push({ label: `「${search.q}」`, href: href({ q: "" }) });
  for (const t of search.themes)
    chips.push({ label: labels.theme(t), href: href({ themes: search.themes.filter((x) => x !== t) }) });
  for (const t of search.targetStates)
    chips.push({
      label: labels.targetState(t),
      href: href({ targetStates: search.targetStates.filter((x) => x !== t) }),
    });
  if (search.prefecture !== null && labels.prefecture)
    chips.push({ label: labels.prefecture, href: href({ prefecture: null }) });
  if (search.bureau && labels.bureau) chips.push({ label: `${labels.bureau}管内`, href: href({ bureau: null }) });
  if (search.budgetMin !== null)
    chips.push({ label: `予算 ${labels.yen(search.budgetMin)}以上`, href: href({ budgetMin: null }) });
  if (search.budgetMax !== null)
    chips.push({ label: `予算 ${labels.yen(search.budgetMax)}以下`, href: href({ budgetMax: null }) });
  if (search.open) chips.push({ label: "募集中のみ", href: href({ open: false }) });
  return chips;
}
