// The standard amount of 住民参画・官民連携推進事業: 4,000千円 x units, from the real reference rows on PGlite.
import { describe, expect, it } from "vitest";
import { createOrganization } from "~/seed/factories.server";
import { standardAmount } from "~/domain/funding/standard-amount.rules";
import {
  standardAmountForMunicipality,
  standardAmountForOrganization,
} from "~/domain/funding/standard-amount.queries.server";
import { db } from "~/lib/db.server";

async function codeOf(name: string) {
  const row = await db()
    .selectFrom("municipality")
    .select(["code", "kind"])
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row;
}

describe("standardAmount (pure)", () => {
  it("is 4,000千円 for a municipality, whatever units are given", () => {
    expect(standardAmount("municipality", 7)).toEqual({
      basis: "municipality",
      units: 1,
      amountYen: 4_000_000,
      formula: "4,000千円 × 市町村数 1",
    });
  });

  it("multiplies by the wards of a designated city", () => {
    expect(standardAmount("designated_city", 20)).toEqual({
      basis: "designated_city",
      units: 20,
      amountYen: 80_000_000,
      formula: "4,000千円 × 区の数 20",
    });
  });

  it("multiplies by the member municipalities of an association, and needs that number", () => {
    expect(standardAmount("association", 3)?.amountYen).toBe(12_000_000);
    expect(standardAmount("association", 3)?.formula).toBe("4,000千円 × 構成市町村数 3");
    expect(standardAmount("association")).toBeNull();
    expect(standardAmount("association", 0)).toBeNull();
    expect(standardAmount("association", 1.5)).toBeNull();
  });
});

describe("standard amount from the reference data", () => {
  it("counts 札幌市's 10 wards", async () => {
    const sapporo = await codeOf("札幌市");
    expect(sapporo.kind).toBe("designated_city");
    expect(await standardAmountForMunicipality(db(), sapporo.code)).toEqual({
      basis: "designated_city",
      units: 10,
      amountYen: 40_000_000,
      formula: "4,000千円 × 区の数 10",
    });
  });

  it("counts an ordinary municipality such as 美唄市 once", async () => {
    const bibai = await codeOf("美唄市");
    expect(bibai.kind).toBe("municipality");
    expect(await standardAmountForMunicipality(db(), bibai.code)).toMatchObject({ units: 1, amountYen: 4_000_000 });
  });

  it("follows the organisation's municipality, and an unknown code is no answer", async () => {
    const sapporo = await codeOf("札幌市");
    const organization = await createOrganization(db(), { kind: "municipality", municipalityCode: sapporo.code });
    const result = await standardAmountForOrganization(db(), organization.id);
    expect(result.basis).toBe("designated_city");
    expect(result.amount?.amountYen).toBe(40_000_000);
    expect(await standardAmountForMunicipality(db(), "999999")).toBeNull();
  });

  it("treats an organisation without a reference municipality as an association that gives its member count", async () => {
    const organization = await createOrganization(db(), { kind: "operator" });
    expect(await standardAmountForOrganization(db(), organization.id)).toEqual({ basis: "association", amount: null });
    expect((await standardAmountForOrganization(db(), organization.id, 4)).amount).toMatchObject({
      units: 4,
      amountYen: 16_000_000,
    });
  });
});
