// `npm run bench:pitches`: the pitch search at scale. Generates >= 10,000 published pitches across every
// municipality (batched multi-row inserts, the same values and search tokens as the pitch factory), measures the
// search SQL directly (the search module's own query when it exists), then serves the production build on that
// database and measures the public search page, the JSON API and the pitch page with autocannon (16 connections),
// with the JavaScript bytes of the pages. PGlite in a temporary DATA_DIR by default; PostgreSQL as well when
// BENCH_DATABASE_URL names a dedicated database (it is dropped and re-created).
//
// Targets: search p95 < 100 ms and within 3x of the raw SQL under the same concurrency; pitch page p95 < 60 ms.
// A route that is not built yet is reported as such and does not fail the run.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { sql, type Insertable, type Kysely } from "kysely";
import pg from "pg";
import { openPglite, openPostgres, pgliteDirectory, type DatabaseHandle } from "../db/database.server";
import { migrateToLatest } from "../db/migrate.server";
import { loadReferenceData } from "../db/reference/load-reference-data.server";
import type { DB, PitchTable } from "../db/schema";
import { seedDemoData } from "../app/seed/demo-data.server";
import { INDICATOR_CODES, TARGET_STATE_CODES, THEMES, type ThemeCode } from "../app/domain/pitches/catalog.data";
import { pitchSearchTokens } from "../app/domain/pitches/pitch-search-tokens.rules";
import { freePort, waitForHealth } from "./server";

const root = path.resolve(import.meta.dirname, "..");
const PITCHES = Number(process.env.BENCH_PITCHES ?? 10_000);
const CLOSED_PITCHES = Math.round(PITCHES / 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RAW_ITERATIONS = Number(process.env.BENCH_RAW_ITERATIONS ?? 100);
const RAW_BUDGET_MS = Number(process.env.BENCH_RAW_SECONDS ?? 4) * 1000;
const SEARCH_P95_MS = 100;
const SEARCH_RAW_FACTOR = 3;
const PAGE_P95_MS = 60;

// ---------------------------------------------------------------------------------------------------------------
// Generation

/** A small deterministic PRNG (mulberry32): the same data on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const copy = [...list];
    const count = min + int(max - min + 1);
    const out: T[] = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(int(copy.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, some };
}

/** Phrases per theme, so that a keyword matches roughly the pitches of its theme (realistic selectivity). */
const THEME_TEXT: Record<ThemeCode, { titles: string[]; problems: string[]; solutions: string[] }> = {
  mobility: {
    titles: [
      "バス路線廃止後の外出の足を確保したい",
      "免許返納後も通院や買い物に出かけられる移動支援",
      "坂の多い地域の移動手段づくり",
    ],
    problems: [
      "路線バスの減便で通院や買い物に行けない高齢者が増えています。",
      "送迎を担うボランティアが高齢化し、移動支援が続けられません。",
    ],
    solutions: [
      "デマンド交通や乗合送迎など、地域に合った移動手段",
      "福祉有償運送と民間サービスを組み合わせた移動の仕組み",
    ],
  },
  shopping: {
    titles: [
      "商店が閉店した地区の買い物支援",
      "移動販売と見守りを組み合わせた買い物の仕組み",
      "重い荷物を持ち帰れない高齢者の買い物",
    ],
    problems: [
      "最寄りの店まで車で20分以上かかり、買い物を家族に頼っています。",
      "移動販売が採算割れで撤退し、食料品の入手に困る世帯があります。",
    ],
    solutions: ["移動販売、宅配、買い物代行を組み合わせた仕組み", "店舗と連携した買い物の持ち帰り支援"],
  },
  watching: {
    titles: [
      "一人暮らし高齢者の見守り体制づくり",
      "民生委員の負担を減らす見守りの仕組み",
      "異変に早く気づく地域の見守り",
    ],
    problems: [
      "一人暮らし世帯が増え、民生委員の訪問だけでは見守りが追いつきません。",
      "体調の急変から発見まで時間がかかった事例が報告されています。",
    ],
    solutions: ["日常の事業活動と組み合わせた見守り", "本人の負担が少ないセンサー等を活用した安否確認"],
  },
  gathering_place: {
    titles: [
      "通いの場を増やし、続けられる仕組みづくり",
      "誰もが立ち寄れる居場所づくり",
      "男性高齢者も参加したくなる通いの場",
    ],
    problems: [
      "通いの場の世話役が高齢化し、休止する場が増えています。",
      "老人クラブの解散で、住民が顔を合わせる場がなくなりました。",
    ],
    solutions: ["既存の店舗や施設を活用した居場所", "運営の負担を減らすプログラムの提供"],
  },
  frailty_prevention: {
    titles: ["フレイル予防を地域に広げたい", "体力測定会の参加者を増やしたい", "介護予防に関心の薄い層へのアプローチ"],
    problems: [
      "介護予防教室の参加者が固定化し、関心の薄い層に届いていません。",
      "体力測定会の初参加者が少なく、状態の変化を把握できていません。",
    ],
    solutions: [
      "楽しみながら続けられる運動・栄養・社会参加のプログラム",
      "測定結果を振り返り、次の行動につなげる仕組み",
    ],
  },
  dementia: {
    titles: [
      "認知症になっても地域で暮らし続けられるまち",
      "認知症の人と家族の居場所づくり",
      "認知症の早期発見と相談のきっかけづくり",
    ],
    problems: [
      "認知症の診断後に地域活動から離れてしまう人が多くいます。",
      "家族が相談先を知らず、支援につながるのが遅れています。",
    ],
    solutions: ["本人の声を生かした参加の工夫", "早期に相談につながる仕組みと研修"],
  },
  oral_care: {
    titles: ["若い世代の口腔ケアを習慣に", "オーラルフレイル予防の普及", "歯科健診の受診率を上げたい"],
    problems: [
      "20〜30歳代の歯科健診の受診率が低く、歯周病が進んでから受診しています。",
      "口腔機能の低下に気づかず、食事量が減っている高齢者がいます。",
    ],
    solutions: ["身近なツールで口腔の状態を見える化する仕組み", "健診受診につながる行動変容の仕掛け"],
  },
  social_participation: {
    titles: ["高齢者が役割をもって活躍できる場づくり", "短時間就労で地域の担い手に", "得意を生かした社会参加の仕組み"],
    problems: [
      "働きたい高齢者がいても、短時間の仕事が見つかりません。",
      "退職後の男性が地域とつながるきっかけがありません。",
    ],
    solutions: ["業務の切り出しとマッチング", "有償ボランティアや就労的活動の仕組み"],
  },
  housework: {
    titles: [
      "ちょっとした家事の困りごとを支えたい",
      "ごみ出しや草取りの生活支援",
      "介護保険外の生活支援サービスの充実",
    ],
    problems: [
      "電球交換や草取りなど、小さな困りごとを頼める先がありません。",
      "家の手入れができないことが施設入所の理由になる例があります。",
    ],
    solutions: ["有償ボランティアと事業者サービスの組み合わせ", "依頼と担い手をつなぐ仕組み"],
  },
  meal_delivery: {
    titles: ["配食を通じた栄養改善と見守り", "低栄養を防ぐ食の支援", "地域食堂と配食の連携"],
    problems: [
      "一人暮らしで食事が偏り、低栄養の傾向がある高齢者が増えています。",
      "配食事業者が撤退し、山間部に届けられなくなりました。",
    ],
    solutions: ["配食と見守り、栄養相談の組み合わせ", "地域の飲食店と連携した食の支援"],
  },
  digital: {
    titles: ["高齢者のデジタル活用を支えたい", "地域資源の情報をデジタルで届けたい", "オンライン相談の仕組みづくり"],
    problems: [
      "地域の活動情報が紙の広報紙に限られ、必要な人に届いていません。",
      "スマートフォンを持っていても使い方が分からない高齢者が多くいます。",
    ],
    solutions: ["紙とデジタルを組み合わせた情報発信", "身近な場所でのスマートフォン相談"],
  },
  supporters: {
    titles: ["生活支援の担い手を増やしたい", "助け合い活動の担い手の若返り", "ボランティアが続けられる仕組みづくり"],
    problems: [
      "助け合い活動の担い手が固定化し、多くが70歳代です。",
      "担い手養成講座の参加者が少なく、活動につながっていません。",
    ],
    solutions: ["短時間・単発で参加できる担い手の仕組み", "地域ポイント等の参加のきっかけ"],
  },
  intergenerational: {
    titles: ["子どもと高齢者の多世代交流", "学校と地域をつなぐ交流の場", "世代を超えて支え合う地域づくり"],
    problems: [
      "子どもと高齢者が関わる機会が減っています。",
      "地域の行事の担い手がいなくなり、伝統が途絶えつつあります。",
    ],
    solutions: ["学校や企業と連携した交流プログラム", "世代間で役割を分かち合う仕組み"],
  },
};

const AREA_SUFFIXES = ["北部地区", "南部地区", "東部地区", "西部地区", "中央地区", "山間地区", "沿岸地区", "旧町地区"];

interface Owner {
  organizationId: string;
  municipalityCode: string;
  municipalityName: string;
  prefectureCode: number;
  prefectureName: string;
}

async function ensureMunicipalityOrganizations(db: Kysely<DB>): Promise<Owner[]> {
  const missing = await db
    .selectFrom("municipality as m")
    .select(["m.code", "m.name"])
    .where("m.kind", "in", ["municipality", "designated_city"])
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("organization as o").select("o.id").whereRef("o.municipality_code", "=", "m.code")),
      ),
    )
    .execute();
  for (let i = 0; i < missing.length; i += 500) {
    await db
      .insertInto("organization")
      .values(
        missing.slice(i, i + 500).map((m) => ({
          id: randomUUID(),
          kind: "municipality" as const,
          name: m.name,
          municipality_code: m.code,
          verification_status: "verified" as const,
          verified_at: new Date(),
        })),
      )
      .execute();
  }
  const rows = await db
    .selectFrom("organization as o")
    .innerJoin("municipality as m", "m.code", "o.municipality_code")
    .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
    .select(["o.id", "m.code", "m.name", "m.prefecture_code", "p.name as prefecture_name"])
    .where("o.kind", "=", "municipality")
    .where("o.verification_status", "=", "verified")
    .orderBy("m.code")
    .execute();
  return rows.map((r) => ({
    organizationId: r.id,
    municipalityCode: r.code,
    municipalityName: r.name,
    prefectureCode: r.prefecture_code,
    prefectureName: r.prefecture_name,
  }));
}

const DAY = 24 * 60 * 60 * 1000;

function generatedPitch(
  owner: Owner,
  index: number,
  rnd: ReturnType<typeof prng>,
  now: Date,
  closed: boolean,
): Insertable<PitchTable> {
  const themes = rnd.some(
    THEMES.map((t) => t.code),
    1,
    3,
  ) as ThemeCode[];
  const main = THEME_TEXT[themes[0]!];
  const layer = rnd.next() < 0.3 ? ("layer2" as const) : ("layer1" as const);
  const area = layer === "layer2" ? `${owner.municipalityName.replace(/[市町村]$/, "")}${rnd.pick(AREA_SUFFIXES)}` : "";
  const population = 2_000 + rnd.int(300_000);
  const aging = (22 + rnd.next() * 30).toFixed(1);
  const certification = (14 + rnd.next() * 10).toFixed(1);
  const publishedAt = new Date(now.getTime() - (1 + rnd.int(150)) * DAY);
  const deadline = closed
    ? new Date(now.getTime() - (1 + rnd.int(90)) * DAY)
    : new Date(now.getTime() + (1 + rnd.int(180)) * DAY);
  const values = {
    title: `${rnd.pick(main.titles)}${area ? `（${area}）` : ""}`,
    summary: `${owner.municipalityName}の課題です。${rnd.pick(main.problems)}解決に向けて一緒に取り組む企業を募集します。`,
    vision: `${owner.municipalityName}で、高齢者が役割と居場所を持ち、住み慣れた地域で暮らし続けられること。`,
    current_situation: `人口${population.toLocaleString("ja-JP")}人、高齢化率${aging}%、認定率${certification}%。${layer === "layer2" ? `${area}では高齢化が特に進んでいます。` : "市町村全域で高齢化が進んでいます。"}`,
    problem: themes.map((t) => rnd.pick(THEME_TEXT[t].problems)).join(""),
    target_people: rnd.pick([
      "一人暮らしの高齢者",
      "運転をやめた高齢者",
      "要支援の認定を受けた人",
      "65歳以上の住民",
      "20〜30歳代の住民",
      "通いの場の世話役",
    ]),
    area_name: area,
    partner_wanted: rnd.pick([
      "地域の事業者と協働できる企業",
      "ヘルスケア企業",
      "小売・物流事業者",
      "交通事業者",
      "IT企業",
      "人材サービス企業",
    ]),
    solution_wanted: themes.map((t) => rnd.pick(THEME_TEXT[t].solutions)).join("、"),
    themes,
  };
  return {
    ...values,
    id: randomUUID(),
    organization_id: owner.organizationId,
    municipality_code: owner.municipalityCode,
    prefecture_code: owner.prefectureCode,
    status: closed ? "closed" : "published",
    revision_number: 1,
    population,
    aging_rate_percent: aging,
    certification_rate_percent: certification,
    problem_evidence: `地域ケア会議と令和6年度のニーズ調査（回答${200 + rnd.int(1800)}人）で確認しました。`,
    target_states: rnd.some(TARGET_STATE_CODES, 1, 3),
    layer,
    tried_so_far: "生活支援コーディネーターと協議体で試行を重ねてきました。",
    resources_offered: "公共施設の会場、広報紙、生活支援コーディネーターの伴走",
    budget_ceiling_yen: rnd.pick([1_000_000, 2_000_000, 3_000_000, 4_000_000, 4_000_000, 8_000_000]),
    pilot_start_on: "2027-04-01",
    pilot_end_on: "2028-03-31",
    indicators: rnd.some(INDICATOR_CODES, 1, 4),
    proposal_deadline: deadline,
    contact_name: "担当",
    contact_email: `bench-${index}@example.lg.jp`,
    contact_phone: "000-0000-0000",
    search_tokens: pitchSearchTokens({
      ...values,
      municipality_name: owner.municipalityName,
      prefecture_name: owner.prefectureName,
    }),
    published_at: publishedAt,
    closed_at: closed ? deadline : null,
    created_at: publishedAt,
    updated_at: publishedAt,
  };
}

async function generatePitches(db: Kysely<DB>): Promise<{ seconds: number; published: number; closed: number }> {
  const started = Date.now();
  const owners = await ensureMunicipalityOrganizations(db);
  const rnd = prng(20261125);
  const now = new Date();
  const total = PITCHES + CLOSED_PITCHES;
  const BATCH = 500;
  for (let start = 0; start < total; start += BATCH) {
    const rows: Insertable<PitchTable>[] = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      rows.push(generatedPitch(owners[i % owners.length]!, i, rnd, now, i >= PITCHES));
    }
    await db.insertInto("pitch").values(rows).execute();
  }
  // The steady state of a live database: VACUUM merges the GIN pending list (fastupdate) into the index, as
  // autovacuum does on PostgreSQL. PGlite has no autovacuum: see the note printed by benchEngine.
  await sql`vacuum analyze pitch`.execute(db);
  return { seconds: (Date.now() - started) / 1000, published: PITCHES, closed: CLOSED_PITCHES };
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

interface Scenario {
  name: string;
  query: string;
}

/** Keywords of 1, 2 and 4 characters, with and without filters. */
const SEARCHES: Scenario[] = [
  { name: "keyword 1 char 「歯」", query: "q=歯" },
  { name: "keyword 2 chars 「移動」", query: "q=移動" },
  { name: "keyword 4 chars 「通いの場」", query: "q=通いの場" },
  { name: "「歯」 + filters", query: "q=歯&theme=oral_care&targetState=healthy&open=1&sort=deadline" },
  { name: "「移動」 + filters", query: "q=移動&theme=mobility&prefecture=1&open=1" },
  { name: "「通いの場」 + filters", query: "q=通いの場&theme=gathering_place&bureau=meti-kanto&budgetMin=2000000" },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : "n/a");

interface Latency {
  p50: number;
  p95: number;
  rps?: number;
}

/** Calls `fn` `iterations` times from `concurrency` callers, or fewer when RAW_BUDGET_MS has passed (at least 10). */
async function timeCalls(fn: () => Promise<unknown>, iterations: number, concurrency: number): Promise<Latency> {
  const durations: number[] = [];
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < iterations && (next < Math.max(10, concurrency) || performance.now() - started < RAW_BUDGET_MS)) {
        next++;
        const t = performance.now();
        await fn();
        durations.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p95: percentile(durations, 95), rps: durations.length / seconds };
}

type SearchModule = {
  searchPitches: (ex: Kysely<DB>, search: unknown, now?: Date) => Promise<unknown>;
};
type SchemaModule = {
  parseSearchStrict: (params: URLSearchParams) => { ok: true; search: unknown } | { ok: false; errors: string[] };
};

/** The search module's own query when it exists, else a representative SQL on the token index. */
async function rawSearchFunction(
  db: Kysely<DB>,
): Promise<{ kind: string; run: (query: string) => () => Promise<unknown> }> {
  const searchFile = path.join(root, "app/domain/pitches/pitches.search.queries.server.ts");
  const schemaFile = path.join(root, "app/domain/pitches/pitches.search.schema.ts");
  if (fs.existsSync(searchFile) && fs.existsSync(schemaFile)) {
    try {
      const search = (await import(searchFile)) as SearchModule;
      const schema = (await import(schemaFile)) as SchemaModule;
      if (typeof search.searchPitches === "function" && typeof schema.parseSearchStrict === "function") {
        return {
          kind: "searchPitches() of app/domain/pitches/pitches.search.queries.server.ts (rows + count)",
          run: (query) => {
            const parsed = schema.parseSearchStrict(new URLSearchParams(query));
            if (!parsed.ok) throw new Error(`bench query rejected: ${parsed.errors.join(" ")}`);
            return () => search.searchPitches(db, parsed.search);
          },
        };
      }
    } catch (error) {
      console.log(
        `(search module not usable: ${error instanceof Error ? error.message : error}; using representative SQL)`,
      );
    }
  }
  const { queryTokens } = await import("../app/domain/search/search-tokens.rules");
  return {
    kind: "representative SQL: search_tokens @> ARRAY[...]::text[] (rows + count)",
    run: (query) => {
      const params = new URLSearchParams(query);
      const tokens = queryTokens(params.get("q") ?? "");
      const themes = params.getAll("theme");
      const where = sql`status in ('published','closed','matched','not_matched') and search_tokens @> ${tokens}::text[]
        ${themes.length ? sql`and themes && ${themes}::text[]` : sql``}`;
      return () =>
        Promise.all([
          sql`select p.id, p.title, p.summary, m.name from pitch p join municipality m on m.code = p.municipality_code
              where ${where} order by p.published_at desc nulls last, p.id limit 20`.execute(db),
          sql`select count(*) from pitch where ${where}`.execute(db),
        ]);
    },
  };
}

function routeExists(pattern: RegExp): string | null {
  const file = fs.readdirSync(path.join(root, "app/routes")).find((f) => pattern.test(f));
  return file ?? null;
}

/** autocannon with the latency of every response recorded, for an exact p95. */
async function load(url: string): Promise<Latency & { non2xx: number; errors: number }> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS }, (error, res) =>
      error ? reject(error) : resolve(res),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Waits until the server answers a database round trip quickly: requests left over from the last run are done. */
async function drain(base: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const started = Date.now();
    try {
      await fetch(`${base}/healthz`);
    } catch {
      // retry
    }
    if (Date.now() - started < 100) return;
  }
}

/** JavaScript the browser loads for a page: module scripts and modulepreload links of the HTML, raw and gzipped. */
async function pageJavaScript(url: string): Promise<{ files: number; bytes: number; gzip: number } | null> {
  const response = await fetch(url);
  if (!response.ok) return null;
  const html = await response.text();
  const files = new Set<string>();
  for (const match of html.matchAll(/["'](\/build\/[^"']+\.js)["']/g)) files.add(match[1]!);
  let bytes = 0;
  let gzip = 0;
  for (const file of files) {
    const local = path.join(root, "public", file);
    if (!fs.existsSync(local)) continue;
    const content = fs.readFileSync(local);
    bytes += content.length;
    gzip += zlib.gzipSync(content).length;
  }
  return { files: files.size, bytes, gzip };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

// ---------------------------------------------------------------------------------------------------------------

interface EngineSetup {
  label: string;
  open: () => Promise<DatabaseHandle>;
  serverEnv: Record<string, string>;
  cleanup: () => Promise<void>;
}

async function pgliteSetup(): Promise<EngineSetup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govpitch-bench-pitches-"));
  return {
    label: "PGlite (embedded, one connection)",
    open: () => openPglite({ dataDir: pgliteDirectory(dataDir) }),
    serverEnv: { DATA_DIR: dataDir },
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresSetup(url: string): Promise<EngineSetup> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z0-9_]+$/i.test(name) || !/bench/i.test(name)) {
    throw new Error(
      `BENCH_DATABASE_URL must name a dedicated benchmark database (its name containing "bench"), got "${name}"`,
    );
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return {
    label: `PostgreSQL (${name})`,
    open: () => openPostgres(url, { max: CONNECTIONS }),
    serverEnv: { DATABASE_URL: url, DB_POOL_MAX: String(CONNECTIONS) },
    cleanup: async () => {},
  };
}

async function benchEngine(setup: EngineSetup): Promise<number> {
  let failed = 0;
  console.log(`\n=== ${setup.label} ===`);
  const handle = await setup.open();
  let pitchId: string;
  const raw = new Map<string, { sequential: Latency; concurrent: Latency; total: number }>();
  let rawPage: Latency | null = null;
  try {
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
    await seedDemoData(handle.db);
    const generated = await generatePitches(handle.db);
    const counts = await handle.db
      .selectFrom("pitch")
      .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("status")
      .execute();
    const municipalities = await handle.db
      .selectFrom("pitch")
      .select((eb) => eb.fn.count<string>("municipality_code").distinct().as("n"))
      .executeTakeFirstOrThrow();
    console.log(
      `generated ${generated.published.toLocaleString()} published + ${generated.closed.toLocaleString()} closed pitches in ${generated.seconds.toFixed(1)} s ` +
        `(${counts.map((c) => `${c.status} ${c.n}`).join(", ")}; ${municipalities.n} municipalities)`,
    );
    if (handle.engine === "pglite") {
      console.log(
        "note: the data was VACUUMed after loading; PGlite runs no autovacuum, so a live PGlite database keeps new GIN entries in the pending list until it fills",
      );
    }
    pitchId = (
      await handle.db
        .selectFrom("pitch")
        .select("id")
        .where("status", "=", "published")
        .orderBy("published_at", "desc")
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;

    const rawSearch = await rawSearchFunction(handle.db);
    console.log(`\nraw SQL in this process: ${rawSearch.kind}`);
    console.log(
      `  sequential (up to ${RAW_ITERATIONS} calls or ${RAW_BUDGET_MS / 1000} s), then ${CONNECTIONS} concurrent callers (up to ${RAW_ITERATIONS * 2} calls or ${RAW_BUDGET_MS / 1000} s)`,
    );
    for (const scenario of SEARCHES) {
      const fn = rawSearch.run(scenario.query);
      const total = (await fn()) as { total?: number } | undefined;
      const sequential = await timeCalls(fn, RAW_ITERATIONS, 1);
      const concurrent = await timeCalls(fn, RAW_ITERATIONS * 2, CONNECTIONS);
      raw.set(scenario.name, { sequential, concurrent, total: typeof total?.total === "number" ? total.total : -1 });
      console.log(
        `  ${scenario.name.padEnd(26)} ${total && typeof total.total === "number" ? `${String(total.total).padStart(5)} hits` : ""}  ` +
          `p50 ${fmt(sequential.p50)}  p95 ${fmt(sequential.p95)}  | ${CONNECTIONS} concurrent: p50 ${fmt(concurrent.p50)}  p95 ${fmt(concurrent.p95)}  ${Math.round(concurrent.rps ?? 0)} q/s`,
      );
    }
    const publicFile = path.join(root, "app/domain/pitches/pitches.public.server.ts");
    if (fs.existsSync(publicFile)) {
      try {
        const mod = (await import(publicFile)) as { getPublicPitch?: (ex: Kysely<DB>, id: string) => Promise<unknown> };
        if (typeof mod.getPublicPitch === "function") {
          const get = mod.getPublicPitch;
          rawPage = await timeCalls(() => get(handle.db, pitchId), RAW_ITERATIONS, 1);
          console.log(
            `  ${"pitch page: getPublicPitch()".padEnd(26)}        p50 ${fmt(rawPage.p50)}  p95 ${fmt(rawPage.p95)}`,
          );
        }
      } catch (error) {
        console.log(`  (getPublicPitch not usable: ${error instanceof Error ? error.message : error})`);
      }
    }
  } finally {
    await handle.close();
  }

  const searchPage = routeExists(/^pitches\._index\.tsx$/);
  const apiRoute = routeExists(/^api\.v1\.pitches\.ts$/);
  const pitchPage = routeExists(/^pitches\.\$[A-Za-z]+(\._index)?\.tsx$/);
  if (!searchPage && !apiRoute && !pitchPage) {
    console.log("\nroute not built yet: /pitches, /api/v1/pitches and /pitches/:id are missing; raw SQL only.");
    return 0;
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...setup.serverEnv,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    DEMO_DATA: "1",
  };
  if (!setup.serverEnv.DATABASE_URL) delete env.DATABASE_URL;
  const server = spawn("node", ["server.js"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitForHealth(base, 120_000);
    console.log(
      `\nHTTP: production build, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each (this process drives autocannon)`,
    );
    const targets: { path: string; label: string; file: string | null }[] = [
      { path: "/pitches", label: "page /pitches", file: searchPage },
      { path: "/api/v1/pitches", label: "API /api/v1/pitches", file: apiRoute },
    ];
    for (const target of targets) {
      if (!target.file) {
        console.log(`  ${target.label}: route not built yet`);
        continue;
      }
      if (target.path === "/pitches") {
        const js = await pageJavaScript(`${base}/pitches?q=${encodeURIComponent("移動")}`);
        if (js) console.log(`  ${target.label}: JavaScript ${js.files} files, ${kb(js.bytes)} (${kb(js.gzip)} gzip)`);
      }
      for (const scenario of SEARCHES) {
        const url = `${base}${target.path}?${new URLSearchParams(scenario.query).toString()}`;
        await drain(base);
        const result = await load(url);
        const rawLatency = raw.get(scenario.name);
        const ratio = rawLatency ? result.p95 / Math.max(rawLatency.concurrent.p95, 0.1) : NaN;
        const ratioSequential = rawLatency ? result.p95 / Math.max(rawLatency.sequential.p95, 0.1) : NaN;
        const ok =
          result.p95 < SEARCH_P95_MS &&
          (!rawLatency || ratio <= SEARCH_RAW_FACTOR) &&
          result.non2xx === 0 &&
          result.errors === 0;
        if (!ok) failed++;
        console.log(
          `  ${ok ? "ok  " : "FAIL"} ${target.label.padEnd(20)} ${scenario.name.padEnd(26)} ${String(Math.round(result.rps ?? 0)).padStart(5)} req/s  ` +
            `p50 ${fmt(result.p50)}  p95 ${fmt(result.p95)} (< ${SEARCH_P95_MS} ms; ${ratio.toFixed(1)}x raw at ${CONNECTIONS} concurrent, ` +
            `${ratioSequential.toFixed(1)}x raw sequential; ≤ ${SEARCH_RAW_FACTOR}x)  non-2xx ${result.non2xx}  errors/timeouts ${result.errors}`,
        );
      }
    }
    if (!pitchPage) {
      console.log("  page /pitches/:id: route not built yet");
    } else {
      const url = `${base}/pitches/${pitchId!}`;
      const js = await pageJavaScript(url);
      if (js) console.log(`  page /pitches/:id: JavaScript ${js.files} files, ${kb(js.bytes)} (${kb(js.gzip)} gzip)`);
      await drain(base);
      const result = await load(url);
      const ok = result.p95 < PAGE_P95_MS && result.non2xx === 0 && result.errors === 0;
      if (!ok) failed++;
      console.log(
        `  ${ok ? "ok  " : "FAIL"} ${"page /pitches/:id".padEnd(47)} ${String(Math.round(result.rps ?? 0)).padStart(5)} req/s  ` +
          `p50 ${fmt(result.p50)}  p95 ${fmt(result.p95)} (< ${PAGE_P95_MS} ms)${rawPage ? `  raw p95 ${fmt(rawPage.p95)}` : ""}  non-2xx ${result.non2xx}`,
      );
    }
  } finally {
    await drain(base); // let the requests still queued finish before stopping the server
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  return failed;
}

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) {
    const build = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("build failed");
  }
  console.log(
    `pitch benchmark: ${PITCHES.toLocaleString()} published pitches (+${CLOSED_PITCHES.toLocaleString()} closed)`,
  );
  const engines: EngineSetup[] = [await pgliteSetup()];
  if (process.env.BENCH_DATABASE_URL) engines.push(await postgresSetup(process.env.BENCH_DATABASE_URL));
  let failed = 0;
  for (const engine of engines) {
    try {
      failed += await benchEngine(engine);
    } finally {
      await engine.cleanup();
    }
  }
  if (failed) {
    console.error(`\n${failed} target(s) missed.`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
