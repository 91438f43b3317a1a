// A database created before the 浜松市 correction (the old master with seven wards, an organisation and a pitch on
// 中区) is migrated without losing any row that points at an old code; the operator then moves the organisation to
// the successor, audited. On PostgreSQL (TEST_DATABASE_URL) in a database of its own, else on a fresh PGlite.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Migrator } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPglite, openPostgres, type DatabaseHandle } from "@db/database.server";
import { migrateToLatest } from "@db/migrate.server";
import { migrations } from "@db/migrations";
import {
  loadReferenceData,
  parseMunicipalityMaster,
  readReferenceData,
} from "@db/reference/load-reference-data.server";
import { relinkOrganizationMunicipality } from "~/domain/organizations/organization-municipality.commands.server";
import { listOrganizationsOnAbolishedCodes } from "~/domain/organizations/organization-municipality.queries.server";
import { listMunicipalityNames } from "~/domain/reference/reference.queries.server";
import { getPublicPitch } from "~/domain/pitches/pitches.public.queries.server";
import { db, useDatabaseForTests } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { createMember, createOrganization } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { actorOf } from "../support/actors";
import { currentDatabaseHandle } from "../support/db";

const BEFORE = "2026112521_monitoring_indexes";
let handle: DatabaseHandle;
let outer: DatabaseHandle | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

async function admin(url: string, sqlText: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

async function openEmptyDatabase(): Promise<DatabaseHandle> {
  const template = inject("postgresTemplate");
  if (!template) return openPglite({});
  const name = `test_migration_${randomUUID().replace(/-/g, "")}`;
  const adminUrl = new URL(template);
  adminUrl.pathname = "/postgres";
  await admin(adminUrl.toString(), `create database "${name}"`);
  dropDatabase = () => admin(adminUrl.toString(), `drop database if exists "${name}" with (force)`);
  const url = new URL(template);
  url.pathname = `/${name}`;
  return openPostgres(url.toString(), { max: 4 });
}

let organizationId: string;
let pitchId: string;
let rowsBefore: number;

beforeAll(async () => {
  handle = await openEmptyDatabase();
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateTo(BEFORE);
  if (result.error) throw result.error;

  // The reference data as it was loaded before the change: the old master, seven wards of 浜松市.
  const { prefectures } = await readReferenceData(path.resolve("db/data"));
  await handle.db.insertInto("prefecture").values(prefectures).execute();
  const old = parseMunicipalityMaster(
    fs.readFileSync(path.resolve("tests/fixtures/localgovjp-before-2024.csv"), "utf8"),
    new Set(prefectures.map((p) => p.code)),
  );
  const insert = (rows: typeof old) => handle.db.insertInto("municipality").values(rows).execute();
  await insert(old.filter((m) => m.kind !== "ward"));
  await insert(old.filter((m) => m.kind === "ward"));
  rowsBefore = old.length;

  const naka = await createOrganization(handle.db, { kind: "municipality", municipalityCode: "221317" });
  organizationId = naka.id;
  pitchId = (await createPitch(handle.db, { organizationId })).id;

  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  outer = currentDatabaseHandle();
});

afterAll(async () => {
  if (outer) useDatabaseForTests(outer);
  await handle?.close();
  await dropDatabase?.();
});

describe("the migration of a database made before 浜松市's reorganisation", () => {
  it("keeps every row and marks the six old wards abolished on 2024-01-01", async () => {
    const all = await handle.db.selectFrom("municipality").select(["code", "abolished_on"]).execute();
    expect(rowsBefore).toBe(1916);
    expect(all).toHaveLength(1918);
    expect(all.filter((r) => r.abolished_on === null)).toHaveLength(1912);
    expect(
      all
        .filter((r) => r.abolished_on !== null)
        .map((r) => [r.code, r.abolished_on])
        .sort(),
    ).toEqual([
      ["221317", "2024-01-01"],
      ["221325", "2024-01-01"],
      ["221333", "2024-01-01"],
      ["221341", "2024-01-01"],
      ["221350", "2024-01-01"],
      ["221368", "2024-01-01"],
    ]);
    const links = await handle.db
      .selectFrom("municipality_successor")
      .select(["code", "successor_code"])
      .orderBy("code")
      .orderBy("successor_code")
      .execute();
    expect(links.map((l) => `${l.code}→${l.successor_code}`)).toEqual([
      "221317→221384",
      "221325→221384",
      "221333→221384",
      "221341→221384",
      "221350→221384",
      "221350→221392",
      "221368→221392",
    ]);
    const audit = await handle.db
      .selectFrom("audit_log")
      .select(["entity_id", "changes"])
      .where("action", "=", "reference.municipalities_changed")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_id: "221309", changes: { effective_on: "2024-01-01" } });
  });

  it("leaves the organisation and its pitch on the old code, and offers only current wards", async () => {
    const organization = await handle.db
      .selectFrom("organization")
      .select(["municipality_code", "name"])
      .where("id", "=", organizationId)
      .executeTakeFirstOrThrow();
    expect(organization).toEqual({ municipality_code: "221317", name: "浜松市中区" });
    const pitch = await handle.db
      .selectFrom("pitch")
      .select("municipality_code")
      .where("id", "=", pitchId)
      .executeTakeFirstOrThrow();
    expect(pitch.municipality_code).toBe("221317");

    useDatabaseForTests(handle);
    const names = (await listMunicipalityNames(22)).map((m) => m.name).filter((n) => n.startsWith("浜松市"));
    expect(names).toEqual(["浜松市", "浜松市天竜区", "浜松市中央区", "浜松市浜名区"]);
  });

  it("lets the operator move the organisation to a successor, audited; the pitch keeps its code", async () => {
    useDatabaseForTests(handle);
    const operator = actorOf(await createMember(handle.db, { kind: "operator" }));
    const [orphan] = await listOrganizationsOnAbolishedCodes(handle.db);
    expect(orphan).toMatchObject({ id: organizationId, municipalityCode: "221317" });
    expect(orphan.successors).toEqual([{ code: "221384", name: "浜松市中央区" }]);

    // Not a successor of 中区: refused beside the field, nothing written.
    await expect(
      relinkOrganizationMunicipality(operator, { organizationId, municipalityCode: "221392" }),
    ).rejects.toMatchObject({ status: 400, field: "municipalityCode" });
    // Not an operator: refused.
    const company = actorOf(await createMember(handle.db, { kind: "company" }));
    await expect(
      relinkOrganizationMunicipality(company, { organizationId, municipalityCode: "221384" }),
    ).rejects.toBeInstanceOf(AppError);

    await relinkOrganizationMunicipality(operator, { organizationId, municipalityCode: "221384" });
    const moved = await db()
      .selectFrom("organization")
      .select(["municipality_code", "name"])
      .where("id", "=", organizationId)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ municipality_code: "221384", name: "浜松市中央区" });
    const audit = await db()
      .selectFrom("audit_log")
      .select(["actor_user_id", "changes"])
      .where("action", "=", "organization.municipality_relinked")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      actor_user_id: operator.userId,
      changes: {
        municipality_code: { from: "221317", to: "221384" },
        name: { from: "浜松市中区", to: "浜松市中央区" },
      },
    });
    const pitch = await db()
      .selectFrom("pitch")
      .select("municipality_code")
      .where("id", "=", pitchId)
      .executeTakeFirstOrThrow();
    expect(pitch.municipality_code).toBe("221317");
    // The public pitch page names the code it was made under and its current successor.
    expect((await getPublicPitch(db(), pitchId)).municipality).toMatchObject({
      code: "221317",
      name: "浜松市中区",
      abolishedOn: "2024-01-01",
      successors: [{ code: "221384", name: "浜松市中央区" }],
    });
    expect(await listOrganizationsOnAbolishedCodes(db())).toEqual([]);
    await expect(
      relinkOrganizationMunicipality(operator, { organizationId, municipalityCode: "221384" }),
    ).rejects.toMatchObject({ status: 409 });
  });
});
