// Public browse and search: the query module through the page loader, the JSON API and the CSV export, on a real
// database. Japanese search (partial words, half-width katakana, full-width latin and digits, one character),
// filters, sorts, pagination, and drafts / archived pitches never anywhere public.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pitch } from "@db/schema";
import { createPitch } from "~/seed/pitch-factory.server";
import { createMember } from "~/seed/factories.server";
import { db } from "~/lib/db.server";
import * as apiRoute from "~/routes/api.v1.pitches";
import * as csvRoute from "~/routes/api.v1.pitches[.csv]";
import * as pageRoute from "~/routes/pitches._index";
import * as pitchRoute from "~/routes/pitches.$pitchId";
import { getRequest, run } from "../support/http";

const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
const at = (days: number) => new Date(now + days * DAY);

let p1: Pitch, p2: Pitch, p3: Pitch, p4: Pitch, p5: Pitch, draft: Pitch, archived: Pitch;
const paged: Pitch[] = [];
const secret = {
  contact_name: "秘密 担当者",
  contact_email: "secret-contact@example.lg.jp",
  contact_phone: "099-999-9999",
};

async function municipalityIn(prefectureCode: number) {
  const row = await db()
    .selectFrom("municipality")
    .select("code")
    .where("prefecture_code", "=", prefectureCode)
    .where("kind", "=", "municipality")
    .where("code", "not in", (qb) =>
      qb.selectFrom("organization").select("municipality_code").where("municipality_code", "is not", null),
    )
    .orderBy("code")
    .executeTakeFirstOrThrow();
  return (await createMember(db(), { kind: "municipality", municipalityCode: row.code })).organization.id;
}

beforeAll(async () => {
  const hokkaido = await municipalityIn(1);
  const tokyo = await municipalityIn(13);
  const shizuoka = await municipalityIn(22);
  const okinawa = await municipalityIn(47);
  const base = { ...secret, target_states: ["prefrail", "frail"] };
  p1 = await createPitch(db(), {
    ...base,
    organizationId: hokkaido,
    title: "買い物支援サービスの実証",
    summary: '"引用", 改行\nあり',
    themes: ["shopping"],
    budget_ceiling_yen: 4_000_000,
    proposal_deadline: at(10),
    published_at: at(-5),
  });
  p2 = await createPitch(db(), {
    ...base,
    organizationId: tokyo,
    title: "見守りＡＩカメラ２０２６",
    themes: ["watching"],
    budget_ceiling_yen: 8_000_000,
    proposal_deadline: at(3),
    published_at: at(-4),
  });
  p3 = await createPitch(db(), {
    ...base,
    organizationId: shizuoka,
    status: "closed",
    title: "移動支援の仕組みづくり",
    themes: ["mobility", "shopping"],
    budget_ceiling_yen: 2_000_000,
    proposal_deadline: at(-1),
    published_at: at(-3),
  });
  // Published, but past its deadline (the auto-close job has not run): not open for proposals.
  p4 = await createPitch(db(), {
    ...base,
    organizationId: okinawa,
    title: "配食と口腔ケア",
    summary: '=HYPERLINK("http://evil.example")',
    themes: ["shopping"],
    budget_ceiling_yen: null,
    proposal_deadline: at(-2),
    published_at: at(-2),
  });
  p5 = await createPitch(db(), {
    ...base,
    organizationId: hokkaido,
    status: "matched",
    title: "認知症カフェの継続",
    themes: ["dementia"],
    target_states: ["frail", "care_needed"],
    budget_ceiling_yen: 1_000_000,
    proposal_deadline: null,
    published_at: at(-1),
  });
  draft = await createPitch(db(), {
    ...base,
    organizationId: hokkaido,
    status: "draft",
    title: "買い物支援の下書き",
    themes: ["shopping"],
  });
  archived = await createPitch(db(), {
    ...base,
    organizationId: tokyo,
    status: "archived",
    title: "買い物支援のアーカイブ",
    themes: ["shopping"],
  });
  // 23 pitches published at the same instant: pagination must still be stable (tie-break by id).
  const sameInstant = at(-30);
  for (let i = 0; i < 23; i++) {
    paged.push(
      await createPitch(db(), {
        ...secret,
        organizationId: tokyo,
        title: `ページ送り確認 ${i}`,
        themes: ["gathering_place"],
        target_states: ["healthy"],
        proposal_deadline: null,
        budget_ceiling_yen: null,
        published_at: sameInstant,
      }),
    );
  }
});

async function pageIds(query: string): Promise<{ ids: string[]; total: number }> {
  const result = await run(pageRoute.loader, getRequest(`/pitches${query}`));
  expect(result.status).toBe(200);
  return { ids: result.body.result.rows.map((r: { id: string }) => r.id), total: result.body.result.total };
}

async function apiIds(query: string): Promise<{ ids: string[]; total: number; body: any }> {
  const result = await run(apiRoute.loader, getRequest(`/api/v1/pitches${query}`));
  expect(result.status).toBe(200);
  return { ids: result.body.data.map((r: { id: string }) => r.id), total: result.body.total, body: result.body };
}

const sorted = (ids: string[]) => [...ids].sort();

describe("keyword search", () => {
  it.each([
    ["a part of a word: 買い物 finds 買い物支援 (titles and theme labels)", "買い物", () => [p1, p3, p4]],
    ["half-width katakana: ｻｰﾋﾞｽ finds サービス", "ｻｰﾋﾞｽ", () => [p1]],
    ["half-width latin finds full-width: ai finds ＡＩ", "ai", () => [p2]],
    ["full-width digits: ２０２６ and 2026 alike", "2026", () => [p2]],
    ["full-width query: ＡＩカメラ", "ＡＩカメラ", () => [p2]],
    ["a one-character query", "症", () => [p5]],
    ["several words: every one must match", "見守り カメラ", () => [p2]],
    ["no match", "存在しない語句", () => []],
  ])("%s", async (_label, q, expected) => {
    const { ids } = await pageIds(`?q=${encodeURIComponent(q)}`);
    expect(sorted(ids)).toEqual(sorted(expected().map((p) => p.id)));
  });

  it("a query of spaces or punctuation alone matches everything public", async () => {
    const all = await pageIds("");
    expect((await pageIds(`?q=${encodeURIComponent(" 、。!")}`)).total).toBe(all.total);
    expect(all.total).toBe(5 + paged.length);
  });
});

describe("filters", () => {
  it.each([
    ["theme (any of several)", "?theme=watching&theme=dementia", () => [p2, p5]],
    ["target state", "?targetState=care_needed", () => [p5]],
    ["prefecture", "?prefecture=1", () => [p1, p5]],
    ["budget range", "?budgetMin=1500000&budgetMax=4000000", () => [p1, p3]],
    [
      "budget in full-width digits with commas and 円",
      `?budgetMin=${encodeURIComponent("５,０００,０００円")}`,
      () => [p2],
    ],
    ["open for proposals only (published and deadline in the future)", "?open=1&targetState=frail", () => [p1, p2]],
    [
      "theme + prefecture + budget + open together",
      "?theme=shopping&prefecture=1&budgetMin=3000000&open=1",
      () => [p1],
    ],
    ["METI bureau region (関東: 東京 and 静岡)", "?bureau=meti-kanto&targetState=frail", () => [p2, p3]],
    ["MHLW bureau region (東海北陸: 静岡, not 東京)", "?bureau=mhlw-tokai-hokuriku", () => [p3]],
    ["九州厚生局 includes 沖縄", "?bureau=mhlw-kyushu", () => [p4]],
  ])("%s", async (_label, query, expected) => {
    const { ids, total } = await pageIds(query);
    expect(sorted(ids)).toEqual(sorted(expected().map((p) => p.id)));
    expect(total).toBe(expected().length);
  });

  it("the page ignores unknown parameters and unreadable values; the API refuses them with 400", async () => {
    const page = await run(
      pageRoute.loader,
      getRequest("/pitches?theme=nope&theme=shopping&prefecture=99&sort=random&foo=1&page=x"),
    );
    expect(page.status).toBe(200);
    expect(page.body.search).toMatchObject({ themes: ["shopping"], prefecture: null, sort: "newest", page: 1 });
    for (const query of [
      "?theme=nope",
      "?prefecture=99",
      "?sort=random",
      "?foo=1",
      "?page=0",
      "?budgetMin=abc",
      "?bureau=%3Bdrop",
    ]) {
      const api = await run(apiRoute.loader, getRequest(`/api/v1/pitches${query}`));
      expect(api.status, query).toBe(400);
      expect(api.body.error.messages.length, query).toBeGreaterThan(0);
      const csv = await run(csvRoute.loader, getRequest(`/api/v1/pitches.csv${query}`));
      expect(csv.status, query).toBe(400);
    }
  });
});

describe("sorting and pagination", () => {
  it.each([
    ["newest (published_at desc)", "", () => [p5, p4, p3, p2, p1]],
    ["deadline (soonest first, none last)", "&sort=deadline", () => [p4, p3, p2, p1, p5]],
    ["budget (highest first, none last)", "&sort=budget", () => [p2, p1, p3, p5, p4]],
  ])("%s", async (_label, sort, expected) => {
    const { ids } = await pageIds(`?targetState=frail${sort}`);
    expect(ids).toEqual(expected().map((p) => p.id));
  });

  it("pages of 20 with a total; equal keys keep one order across pages (tie-break by id)", async () => {
    const q = `?q=${encodeURIComponent("ページ送り")}`;
    const first = await pageIds(q);
    const second = await pageIds(`${q}&page=2`);
    const third = await pageIds(`${q}&page=3`);
    expect(first.total).toBe(23);
    expect(first.ids).toHaveLength(20);
    expect(second.ids).toHaveLength(3);
    expect(third.ids).toHaveLength(0);
    expect([...first.ids, ...second.ids]).toEqual(sorted(paged.map((p) => p.id)));
    // Asking again gives the same order.
    expect((await pageIds(q)).ids).toEqual(first.ids);
  });
});

describe("the page and the API agree", () => {
  it.each([
    "",
    "?q=%E8%B2%B7%E3%81%84%E7%89%A9",
    "?theme=shopping&sort=deadline",
    "?open=1",
    "?bureau=meti-kanto&sort=budget&page=2",
    "?page=2",
  ])("same ids for %s", async (query) => {
    const page = await pageIds(query);
    const api = await apiIds(query);
    expect(api.ids).toEqual(page.ids);
    expect(api.total).toBe(page.total);
  });

  it("the API returns the documented shape, with links", async () => {
    const { body } = await apiIds("?prefecture=1&sort=budget");
    expect(Object.keys(body).sort()).toEqual(["data", "links", "page", "pageSize", "total"]);
    expect(body).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    expect(body.data[0]).toEqual({
      id: p1.id,
      url: `http://localhost:3000/pitches/${p1.id}`,
      title: "買い物支援サービスの実証",
      summary: '"引用", 改行\nあり',
      status: "published",
      statusLabel: "募集中",
      openForProposals: true,
      municipality: { code: p1.municipality_code, name: expect.any(String) },
      prefecture: { code: 1, name: "北海道" },
      themes: [{ code: "shopping", label: "買い物支援" }],
      targetStates: [
        { code: "prefrail", label: "プレフレイル" },
        { code: "frail", label: "フレイル（要支援）" },
      ],
      layer: "layer1",
      budgetCeilingYen: 4000000,
      proposalDeadline: p1.proposal_deadline!.toISOString(),
      pilotStartOn: "2027-04-01",
      pilotEndOn: "2028-03-31",
      publishedAt: p1.published_at!.toISOString(),
      revisionNumber: 1,
    });
    expect(body.links).toMatchObject({
      prev: null,
      next: null,
      csv: "http://localhost:3000/api/v1/pitches.csv?prefecture=1&sort=budget",
    });
  });
});

/** A small RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length) throw new Error("the CSV does not end with CRLF");
  return rows;
}

/** The raw bytes of the CSV (Response.text() would drop the BOM). */
async function csvBytes(path: string) {
  const response = (await csvRoute.loader({ request: getRequest(path), params: {}, context: {} })) as Response;
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("CSV export", () => {
  it("UTF-8 with a BOM, CRLF, Japanese headers, quoting, an attachment; every matching row", async () => {
    const result = await csvBytes("/api/v1/pitches.csv?sort=budget&targetState=frail");
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toBe('attachment; filename="pitches.csv"');
    expect([...result.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder("utf-8", { fatal: true }).decode(result.bytes));
    expect(rows[0]).toEqual([
      "ID",
      "URL",
      "タイトル",
      "概要",
      "状態",
      "募集中",
      "都道府県コード",
      "都道府県",
      "地方公共団体コード",
      "市区町村",
      "テーマ",
      "対象者の状態",
      "対象の層",
      "予算上限（円）",
      "提案締切",
      "実証開始日",
      "実証終了日",
      "公開日時",
      "改訂番号",
    ]);
    const body = rows.slice(1);
    expect(body.map((r) => r[0])).toEqual([p2, p1, p3, p5, p4].map((p) => p.id));
    expect(body.every((r) => r.length === rows[0]!.length)).toBe(true);
    const first = body.find((r) => r[0] === p1.id)!;
    expect(first[3]).toBe('"引用", 改行\nあり');
    expect(first[13]).toBe("4000000");
    expect(first[5]).toBe("はい");
    // A cell that a spreadsheet would run as a formula is defused.
    expect(body.find((r) => r[0] === p4.id)![3]).toBe('\'=HYPERLINK("http://evil.example")');
  });

  it("exports every match, not one page (page is ignored)", async () => {
    const result = await csvBytes("/api/v1/pitches.csv?page=2");
    const rows = parseCsv(new TextDecoder().decode(result.bytes));
    expect(rows).toHaveLength(1 + 5 + paged.length);
  });
});

describe("drafts and archived pitches are never public", () => {
  const hidden = () => [draft.id, archived.id];

  it("not in the page, the API or the CSV, whatever the query", async () => {
    for (const query of [
      "",
      "?q=%E8%B2%B7%E3%81%84%E7%89%A9",
      "?theme=shopping",
      "?prefecture=1",
      "?prefecture=13",
      "?sort=deadline",
    ]) {
      const page = await run(pageRoute.loader, getRequest(`/pitches${query}`));
      const api = await run(apiRoute.loader, getRequest(`/api/v1/pitches${query}`));
      const csv = await run(csvRoute.loader, getRequest(`/api/v1/pitches.csv${query}`));
      for (const text of [JSON.stringify(page.body), JSON.stringify(api.body), csv.body as string]) {
        for (const id of hidden()) expect(text).not.toContain(id);
        expect(text).not.toContain("下書き");
        expect(text).not.toContain("アーカイブ");
      }
    }
  });

  it("the pitch page: a draft, an archived pitch, an unknown id and a malformed id give the same 404", async () => {
    const results = await Promise.all(
      [draft.id, archived.id, randomUUID(), "not-a-uuid"].map((id) =>
        run(pitchRoute.loader, getRequest(`/pitches/${id}`), { params: { pitchId: id } }),
      ),
    );
    for (const result of results) expect(result).toMatchObject({ status: 404, thrown: true });
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
  });

  it("contacts are never in the list, the API, the CSV or the public page", async () => {
    const page = await run(pageRoute.loader, getRequest("/pitches"));
    const api = await run(apiRoute.loader, getRequest("/api/v1/pitches"));
    const csv = await run(csvRoute.loader, getRequest("/api/v1/pitches.csv"));
    const pitchPage = await run(pitchRoute.loader, getRequest(`/pitches/${p1.id}`), { params: { pitchId: p1.id } });
    expect(pitchPage.status).toBe(200);
    for (const text of [
      JSON.stringify(page.body),
      JSON.stringify(api.body),
      csv.body as string,
      JSON.stringify(pitchPage.body),
    ]) {
      for (const value of Object.values(secret)) expect(text).not.toContain(value);
      expect(text).not.toContain("search_tokens");
    }
  });
});

describe("the public pitch page", () => {
  it("shows the public sections, the bureaus, the revision history and what changed last", async () => {
    // A second revision, as the authoring workflow would record it.
    await db()
      .insertInto("pitch_revision")
      .values({
        id: randomUUID(),
        pitch_id: p2.id,
        number: 2,
        change_note: "予算上限と締切を見直しました",
        content: JSON.stringify({
          ...(
            await db()
              .selectFrom("pitch_revision")
              .select("content")
              .where("pitch_id", "=", p2.id)
              .executeTakeFirstOrThrow()
          ).content,
          budget_ceiling_yen: "9000000",
          contact_email: "new-secret@example.lg.jp",
        }),
      })
      .execute();
    await db()
      .updateTable("pitch")
      .set({ revision_number: 2, budget_ceiling_yen: 9_000_000 })
      .where("id", "=", p2.id)
      .execute();

    const result = await run(pitchRoute.loader, getRequest(`/pitches/${p2.id}`), { params: { pitchId: p2.id } });
    expect(result.status).toBe(200);
    const { pitch } = result.body;
    expect(pitch).toMatchObject({
      title: "見守りＡＩカメラ２０２６",
      revisionNumber: 2,
      budgetCeilingYen: 9000000,
      openForProposals: true,
      prefecture: { code: 13, name: "東京都" },
    });
    expect(pitch.bureaus.map((b: { id: string }) => b.id).sort()).toEqual(["meti-kanto", "mhlw-kanto-shinetsu"]);
    expect(pitch.revisions.map((r: { number: number; changeNote: string }) => [r.number, r.changeNote])).toEqual([
      [2, "予算上限と締切を見直しました"],
      [1, ""],
    ]);
    expect(pitch.lastChange).toEqual({
      number: 2,
      changes: [
        {
          field: "budget_ceiling_yen",
          label: "試行的実施の予算上限",
          from: "¥8,000,000（800万円）",
          to: "¥9,000,000（900万円）",
        },
      ],
    });
    expect(JSON.stringify(result.body)).not.toContain("new-secret@example.lg.jp");
  });
});

describe("the active filters as removable chips", () => {
  it("lists each active filter with the link that removes only it", async () => {
    const page = await run(
      pageRoute.loader,
      getRequest("/pitches?q=買い物&theme=shopping&theme=mobility&prefecture=1&budgetMax=4000000&open=1&page=2"),
    );
    expect(page.status).toBe(200);
    const { chips } = page.body as { chips: { label: string; href: string }[] };
    expect(chips.map((c) => c.label)).toEqual([
      "「買い物」",
      "買い物支援",
      "移動・外出支援",
      "北海道",
      "予算 400万円以下",
      "募集中のみ",
    ]);
    const shopping = new URL(chips[1].href, "http://x").searchParams;
    expect(shopping.getAll("theme")).toEqual(["mobility"]);
    expect(shopping.get("q")).toBe("買い物");
    expect(shopping.get("page")).toBeNull();
    expect(new URL(chips[5].href, "http://x").searchParams.get("open")).toBeNull();
  });

  it("has no chips without filters", async () => {
    const page = await run(pageRoute.loader, getRequest("/pitches"));
    expect((page.body as { chips: unknown[] }).chips).toEqual([]);
  });
});
