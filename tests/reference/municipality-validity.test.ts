// The municipality master follows 廃置分合: 浜松市's three wards since 2024-01-01, the six abolished codes kept with
// their successors, only current rows offered, and the standard amount from the current ward count of every 指定都市.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@db/reference/load-reference-data.server";
import { standardAmountForMunicipality } from "~/domain/funding/standard-amount.queries.server";
import { currentSuccessors } from "~/domain/reference/municipality-master.queries.server";
import { db } from "~/lib/db.server";
import { loader as municipalitiesApi } from "~/routes/api.municipalities";
import { getRequest, run } from "../support/http";

const master = parseCsv(fs.readFileSync(path.resolve("db/data/localgovjp-utf8.csv"), "utf8"));
const header = master[0].fields;
const rows = master.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i]])));

describe("the municipality master", () => {
  it("holds as many current rows as the shipped file (1,912), and the file's codes exactly", async () => {
    expect(rows).toHaveLength(1912);
    const current = await db()
      .selectFrom("municipality")
      .select("code")
      .where("abolished_on", "is", null)
      .orderBy("code")
      .execute();
    expect(current.map((r) => r.code)).toEqual(rows.map((r) => r.lgcode).sort());
  });

  it("lists 浜松市 with 天竜区, 中央区 and 浜名区 only at /api/municipalities?prefecture=22", async () => {
    const result = await run(municipalitiesApi, getRequest("/api/municipalities?prefecture=22"));
    expect(result.status).toBe(200);
    const names = (result.body as { municipalities: { name: string }[] }).municipalities.map((m) => m.name);
    expect(names.filter((n) => n.startsWith("浜松市"))).toEqual([
      "浜松市",
      "浜松市天竜区",
      "浜松市中央区",
      "浜松市浜名区",
    ]);
    for (const old of ["浜松市中区", "浜松市東区", "浜松市西区", "浜松市南区", "浜松市北区", "浜松市浜北区"])
      expect(names).not.toContain(old);
  });

  it("keeps the six abolished wards of 浜松市 with the date and their successors", async () => {
    const abolished = await db()
      .selectFrom("municipality")
      .select(["code", "name", "abolished_on"])
      .where("abolished_on", "is not", null)
      .orderBy("code")
      .execute();
    expect(abolished.map((r) => [r.code, r.name, r.abolished_on])).toEqual([
      ["221317", "浜松市中区", "2024-01-01"],
      ["221325", "浜松市東区", "2024-01-01"],
      ["221333", "浜松市西区", "2024-01-01"],
      ["221341", "浜松市南区", "2024-01-01"],
      ["221350", "浜松市北区", "2024-01-01"],
      ["221368", "浜松市浜北区", "2024-01-01"],
    ]);
    const successors = await currentSuccessors(db(), ["221317", "221350", "221368", "221376"]);
    expect(successors.get("221317")).toEqual([{ code: "221384", name: "浜松市中央区" }]);
    expect(successors.get("221350")).toEqual([
      { code: "221384", name: "浜松市中央区" },
      { code: "221392", name: "浜松市浜名区" },
    ]);
    expect(successors.get("221368")).toEqual([{ code: "221392", name: "浜松市浜名区" }]);
    // 天竜区 is current: it has no successor.
    expect(successors.has("221376")).toBe(false);
    const founded = await db()
      .selectFrom("municipality")
      .select(["code", "valid_from"])
      .where("code", "in", ["221384", "221392", "221376"])
      .orderBy("code")
      .execute();
    expect(founded).toEqual([
      { code: "221376", valid_from: null },
      { code: "221384", valid_from: "2024-01-01" },
      { code: "221392", valid_from: "2024-01-01" },
    ]);
  });
});

describe("the standard amount of every 指定都市, from its current wards", () => {
  const cities = rows.filter((r) => rows.some((w) => w.city.startsWith(`${r.city} `) && w.pid === r.pid));
  const wardsOf = (city: (typeof rows)[number]) =>
    rows.filter((w) => w.pid === city.pid && w.city.startsWith(`${city.city} `));

  it("finds the 20 designated cities in the master", () => {
    expect(cities).toHaveLength(20);
  });

  it.each([
    ["札幌市", 10, 40_000_000],
    ["浜松市", 3, 12_000_000],
    ["大阪市", 24, 96_000_000],
  ])("gives %s %i wards: %i yen", async (name, wards, yen) => {
    const city = cities.find((c) => c.city === name)!;
    expect(wardsOf(city)).toHaveLength(wards);
    expect(await standardAmountForMunicipality(db(), city.lgcode)).toMatchObject({ units: wards, amountYen: yen });
  });

  it("gives each of them 4,000千円 × its wards in the master file", async () => {
    for (const city of cities) {
      const amount = await standardAmountForMunicipality(db(), city.lgcode);
      expect(amount, city.city).toMatchObject({
        basis: "designated_city",
        amountYen: 4_000_000 * wardsOf(city).length,
      });
    }
  });
});
