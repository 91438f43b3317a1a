// An operator applies a newer municipality master through /admin/municipalities: the file is checked (check digits,
// a file cut short), its difference shown, the successors chosen, and everything applied in one transaction with an
// audit row. Here: 八郎潟町 and 井川町 merge into a fictional 湖東市 on 2027-04-01, and 大潟村 is renamed.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { localGovernmentCodeCheckDigit } from "@db/reference/check-digits";
import { db } from "~/lib/db.server";
import type { ImportPreview } from "~/domain/reference/municipality-master.queries.server";
import { createMember } from "~/seed/factories.server";
import * as indexRoute from "~/routes/admin.municipalities._index";
import * as importRoute from "~/routes/admin.municipalities.imports.$importId";
import { BASE_URL, JAPANESE, getRequest, postRequest, run, signedInCookie } from "../support/http";
import { rowCounts } from "../support/db";

const original = fs.readFileSync(path.resolve("db/data/localgovjp-utf8.csv"), "utf8");
const NEW_CODE = `05999${localGovernmentCodeCheckDigit("05999")}`;
const merged = original
  .replace(/^.*,053635\r?\n/m, "")
  .replace(/^.*,053660\r?\n/m, `5,秋田県,5999,湖東市,ことうし,39.93,140.07,,,${NEW_CODE}\n`)
  .replace("5,秋田県,5368,大潟村,おおがたむら", "5,秋田県,5368,大潟村,おおがたそん");

async function operatorCookie() {
  const operator = await createMember(db(), { kind: "operator" });
  return { cookie: await signedInCookie(operator.user.id), userId: operator.user.id };
}

async function upload(cookie: string, text: string, name = "localgovjp-2027.csv") {
  const body = new FormData();
  body.set("intent", "upload");
  body.set("file", new File([text], name, { type: "text/csv" }));
  const request = new Request(new URL("/admin/municipalities", BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: cookie },
    body,
  });
  return run(indexRoute.action, request);
}

const importIdOf = (location: string | null) => /imports\/([0-9a-f-]{36})/.exec(location ?? "")?.[1] ?? "";

describe("applying a newer municipality master", () => {
  it("shows the difference, refuses a missing successor beside its field, then applies it once, audited", async () => {
    const { cookie, userId } = await operatorCookie();
    const uploaded = await upload(cookie, merged);
    expect(uploaded.status).toBe(302);
    const importId = importIdOf(uploaded.location);
    const params = { importId };

    const page = await run(importRoute.loader, getRequest(`/admin/municipalities/imports/${importId}`, { cookie }), {
      params,
    });
    expect(page.status).toBe(200);
    const { preview } = page.body as { preview: ImportPreview };
    expect(preview.diff.added.map((r) => r.code)).toEqual([NEW_CODE]);
    expect(preview.diff.abolished.map((r) => r.name)).toEqual(["八郎潟町", "井川町"]);
    expect(preview.diff.renamed.map((r) => r.to.kana)).toEqual(["おおがたそん"]);
    // A merger into one new code of the prefecture: ticked by default.
    expect(preview.choices["053635"].ticked).toEqual([NEW_CODE]);

    const path = `/admin/municipalities/imports/${importId}`;
    const before = await rowCounts();
    const missing = await run(
      importRoute.action,
      postRequest(path, { intent: "apply", effectiveOn: "2027-04-01", successor_053635: NEW_CODE }, { cookie }),
      { params },
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      fieldErrors: { successor_053660: expect.stringMatching(JAPANESE) },
      effectiveOn: "2027-04-01",
      chosen: { "053635": [NEW_CODE] },
    });
    expect(await rowCounts()).toEqual(before);

    const form = new URLSearchParams({ intent: "apply", effectiveOn: "2027-04-01" });
    form.append("successor_053635", NEW_CODE);
    form.append("successor_053660", NEW_CODE);
    const applied = await run(importRoute.action, postRequest(path, form, { cookie }), { params });
    expect(applied.status).toBe(302);
    expect(applied.location).toContain("/admin/municipalities");

    const rows = await db()
      .selectFrom("municipality")
      .select(["code", "name", "kana", "valid_from", "abolished_on"])
      .where("code", "in", ["053635", "053660", NEW_CODE, "053686"])
      .orderBy("code")
      .execute();
    expect(rows).toEqual([
      { code: "053635", name: "八郎潟町", kana: "はちろうがたまち", valid_from: null, abolished_on: "2027-04-01" },
      { code: "053660", name: "井川町", kana: "いかわまち", valid_from: null, abolished_on: "2027-04-01" },
      { code: "053686", name: "大潟村", kana: "おおがたそん", valid_from: null, abolished_on: null },
      { code: NEW_CODE, name: "湖東市", kana: "ことうし", valid_from: "2027-04-01", abolished_on: null },
    ]);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_user_id", "changes"])
      .where("action", "=", "reference.municipalities_changed")
      .where("entity_id", "=", importId)
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(userId);
    expect(audit.changes).toMatchObject({
      effective_on: "2027-04-01",
      added: [{ code: NEW_CODE, name: "湖東市" }],
      abolished: [
        { code: "053635", successors: [NEW_CODE] },
        { code: "053660", successors: [NEW_CODE] },
      ],
    });

    // Applied once: a second post is refused and changes nothing.
    const again = await run(importRoute.action, postRequest(path, form, { cookie }), { params });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ formError: expect.stringMatching(/すでに適用/) });
  });

  it.each([
    ["a code whose check digit is wrong", original.replace(",011002\n", ",011003\n"), /検査数字.*2行目（011003）/],
    ["a file cut short", original.split("\n").slice(0, 1000).join("\n"), /9割に満たない/],
    ["a file that is not UTF-8", "\u0000", /読めない文字/],
    ["a file without the lgcode column", "pid,pref\n1,北海道\n", /lgcode/],
  ])("refuses %s beside the file field, keeping nothing", async (_, text, message) => {
    const { cookie } = await operatorCookie();
    const before = await db().selectFrom("reference_import").select("id").execute();
    const refused = await upload(cookie, text);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ fieldErrors: { file: expect.stringMatching(message) } });
    expect(await db().selectFrom("reference_import").select("id").execute()).toEqual(before);
  });

  it("applies once when two operators apply the same file at the same moment", async () => {
    // Another merger on top of the first test's (the database is shared within the file): 羽後町 and 東成瀬村. The
    // form names successors for both mergers, so the test holds whether or not the first one was applied.
    const code = `05998${localGovernmentCodeCheckDigit("05998")}`;
    const text = merged
      .replace(/^.*,054631\r?\n/m, "")
      .replace(/^.*,054640\r?\n/m, `5,秋田県,5998,雄勝市,おがちし,39.19,140.41,,,${code}\n`);
    const { cookie } = await operatorCookie();
    const importId = importIdOf((await upload(cookie, text)).location);
    const form = new URLSearchParams({ intent: "apply", effectiveOn: "2027-04-01" });
    form.append("successor_054631", code);
    form.append("successor_054640", code);
    form.append("successor_053635", NEW_CODE);
    form.append("successor_053660", NEW_CODE);
    const path = `/admin/municipalities/imports/${importId}`;
    const results = await Promise.all(
      [0, 1, 2].map(() => run(importRoute.action, postRequest(path, form, { cookie }), { params: { importId } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400]);
    const audits = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "reference.municipalities_changed")
      .where("entity_id", "=", importId)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0].changes).toMatchObject({ added: expect.arrayContaining([{ code, name: "雄勝市" }]) });
    const links = await db()
      .selectFrom("municipality_successor")
      .select("code")
      .where("successor_code", "=", code)
      .orderBy("code")
      .execute();
    expect(links.map((l) => l.code)).toEqual(["054631", "054640"]);
  });

  it("is the operator's only", async () => {
    const company = await createMember(db(), { kind: "company" });
    const refused = await upload(await signedInCookie(company.user.id), merged);
    expect(refused.status).toBe(403);
  });
});
