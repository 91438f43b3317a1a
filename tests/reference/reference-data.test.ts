import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { loadReferenceData } from "@db/reference/load-reference-data.server";
import { REGIONAL_BUREAUS } from "@db/reference/bureaus";

async function counts() {
  const count = async (table: "prefecture" | "municipality" | "regional_bureau" | "regional_bureau_prefecture") => {
    const row = await db()
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    prefectures: await count("prefecture"),
    municipalities: await count("municipality"),
    bureaus: await count("regional_bureau"),
    links: await count("regional_bureau_prefecture"),
  };
}

async function municipalitiesNamed(name: string) {
  return db()
    .selectFrom("municipality")
    .innerJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .select(["municipality.code", "municipality.kind", "municipality.parent_code", "prefecture.name as prefecture"])
    .where("municipality.name", "=", name)
    .orderBy("municipality.code")
    .execute();
}

async function bureausOf(prefectureName: string) {
  return db()
    .selectFrom("regional_bureau_prefecture as l")
    .innerJoin("regional_bureau as b", "b.id", "l.bureau_id")
    .innerJoin("prefecture as p", "p.code", "l.prefecture_code")
    .select(["b.ministry", "b.name"])
    .where("p.name", "=", prefectureName)
    .orderBy("b.ministry")
    .execute();
}

describe("reference data", () => {
  it("has every prefecture, municipality and ward", async () => {
    expect(await counts()).toEqual({ prefectures: 47, municipalities: 1918, bureaus: 16, links: 94 });
    const hokkaido = await db().selectFrom("prefecture").selectAll().where("code", "=", 1).executeTakeFirstOrThrow();
    expect(hokkaido).toMatchObject({ name: "北海道", short_name: "北海道", name_en: "Hokkaido", lg_code: "010006" });
  });

  it.each([
    ["美唄市", "北海道"],
    ["江差町", "北海道"],
    ["様似町", "北海道"],
    ["かすみがうら市", "茨城県"],
    ["東大和市", "東京都"],
    ["池田市", "大阪府"],
  ])("has %s in %s", async (name, prefecture) => {
    expect(await municipalitiesNamed(name)).toEqual([expect.objectContaining({ prefecture, kind: "municipality" })]);
  });

  it("keeps same-named towns apart", async () => {
    const ikeda = await municipalitiesNamed("池田町");
    expect(ikeda.map((m) => m.prefecture)).toEqual(["北海道", "福井県", "長野県", "岐阜県"]);
  });

  it("links the wards of a designated city to it", async () => {
    const [sapporo] = await municipalitiesNamed("札幌市");
    expect(sapporo).toMatchObject({ code: "011002", kind: "designated_city", parent_code: null });
    const wards = await db()
      .selectFrom("municipality")
      .select(["name", "kana", "kind"])
      .where("parent_code", "=", sapporo.code)
      .orderBy("code")
      .execute();
    expect(wards).toHaveLength(10);
    expect(wards[0]).toEqual({ name: "札幌市中央区", kana: "さっぽろしちゅうおうく", kind: "ward" });
    expect(wards.every((w) => w.kind === "ward")).toBe(true);

    const kinds = await db()
      .selectFrom("municipality")
      .select(["kind", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("kind")
      .orderBy("kind")
      .execute();
    expect(kinds.map((k) => [k.kind, Number(k.n)])).toEqual([
      ["designated_city", 20],
      ["municipality", 1721],
      // 171 current wards and the six of 浜松市 abolished on 2024-01-01 (kept for the records that point at them).
      ["ward", 177],
    ]);
  });

  it("treats Tokyo's special wards as ordinary municipalities", async () => {
    expect(await municipalitiesNamed("千代田区")).toEqual([
      { code: "131016", kind: "municipality", parent_code: null, prefecture: "東京都" },
    ]);
  });

  it("is idempotent", async () => {
    expect(await loadReferenceData(db())).toEqual({
      prefectures: 47,
      municipalities: 1912,
      abolished: 6,
      bureaus: 16,
      skipped: true,
    });
    expect(await loadReferenceData(db(), { force: true })).toEqual({
      prefectures: 47,
      municipalities: 1912,
      abolished: 6,
      bureaus: 16,
      skipped: false,
    });
    expect(await counts()).toEqual({ prefectures: 47, municipalities: 1918, bureaus: 16, links: 94 });
  });

  it("restores missing rows", async () => {
    await db().deleteFrom("regional_bureau_prefecture").where("prefecture_code", "=", 47).execute();
    expect((await loadReferenceData(db())).skipped).toBe(false);
    expect(await counts()).toEqual({ prefectures: 47, municipalities: 1918, bureaus: 16, links: 94 });
  });

  it("refuses a file with a wrong check digit, naming the row, and writes nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reference-data-"));
    try {
      fs.copyFileSync(path.resolve("db/data/prefjp-utf8.csv"), path.join(dir, "prefjp-utf8.csv"));
      fs.copyFileSync(path.resolve("db/data/municipality-changes.csv"), path.join(dir, "municipality-changes.csv"));
      const text = fs.readFileSync(path.resolve("db/data/localgovjp-utf8.csv"), "utf8");
      fs.writeFileSync(path.join(dir, "localgovjp-utf8.csv"), text.replace(",011002\n", ",011003\n"));
      await expect(loadReferenceData(db(), { dataDir: dir, force: true })).rejects.toThrow(
        /localgovjp-utf8\.csv line 2: invalid check digit in lgcode "011003" \(札幌市\)/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await municipalitiesNamed("札幌市")).toEqual([expect.objectContaining({ code: "011002" })]);
  });

  it("maps every prefecture to exactly one METI and one MHLW bureau", async () => {
    const rows = await db()
      .selectFrom("prefecture as p")
      .leftJoin("regional_bureau_prefecture as l", "l.prefecture_code", "p.code")
      .leftJoin("regional_bureau as b", "b.id", "l.bureau_id")
      .select(["p.code", "b.ministry"])
      .execute();
    for (let code = 1; code <= 47; code++) {
      const ministries = rows
        .filter((r) => r.code === code)
        .map((r) => r.ministry)
        .sort();
      expect(ministries, `prefecture ${code}`).toEqual(["meti", "mhlw"]);
    }
  });

  it.each([
    ["静岡県", "関東経済産業局", "東海北陸厚生局"],
    ["沖縄県", "沖縄総合事務局", "九州厚生局"],
    ["新潟県", "関東経済産業局", "関東信越厚生局"],
    ["北海道", "北海道経済産業局", "北海道厚生局"],
    ["福井県", "近畿経済産業局", "近畿厚生局"],
    ["高知県", "四国経済産業局", "中国四国厚生局"],
  ])("maps %s to %s and %s", async (prefecture, meti, mhlw) => {
    expect(await bureausOf(prefecture)).toEqual([
      { ministry: "meti", name: meti },
      { ministry: "mhlw", name: mhlw },
    ]);
  });
});

describe("bureau definitions", () => {
  it.each(["meti", "mhlw"] as const)("cover each prefecture exactly once for %s", (ministry) => {
    const codes = REGIONAL_BUREAUS.filter((b) => b.ministry === ministry).flatMap((b) => b.prefectureCodes);
    expect([...codes].sort((a, b) => a - b)).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
  });

  it("have unique ids, names and sort orders", () => {
    expect(REGIONAL_BUREAUS).toHaveLength(16);
    for (const key of ["id", "name", "sortOrder"] as const) {
      expect(new Set(REGIONAL_BUREAUS.map((b) => b[key])).size, key).toBe(16);
    }
  });
});
