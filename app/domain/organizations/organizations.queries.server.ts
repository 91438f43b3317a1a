import type { VerificationStatus } from "@db/schema";
import { db } from "~/lib/db.server";

export async function getOrganizationProfile(organizationId: string) {
  return db()
    .selectFrom("organization")
    .leftJoin("municipality", "municipality.code", "organization.municipality_code")
    .leftJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .leftJoin("regional_bureau", "regional_bureau.id", "organization.bureau_id")
    .select(["organization.id", "organization.kind", "organization.name"])
    .select(["organization.corporate_number", "organization.municipality_code"])
    .select(["organization.bureau_id", "organization.verification_status"])
    .select(["organization.verification_note", "organization.verified_at"])
    .select(["organization.created_at", "municipality.kana as municipality_kana"])
    .select(["municipality.kind as municipality_kind", "prefecture.name as prefecture_name"])
    .select(["municipality.name as municipality_name", "municipality.abolished_on as municipality_abolished_on"])
    .select(["regional_bureau.name as bureau_name"])
    .where("organization.id", "=", organizationId)
    .executeTakeFirst();
}

export async function listBureauJurisdiction(bureauId: string) {
  return db()
    .selectFrom("regional_bureau_prefecture")
    .innerJoin("prefecture", "prefecture.code", "regional_bureau_prefecture.prefecture_code")
    .select(["prefecture.code", "prefecture.name"])
    .where("regional_bureau_prefecture.bureau_id", "=", bureauId)
    .orderBy("prefecture.code")
    .execute();
}

/** The bureaus (METI and MHLW) whose jurisdiction covers a municipality. */
export async function listBureausForMunicipality(municipalityCode: string) {
  return db()
    .selectFrom("municipality")
    .innerJoin(
      "regional_bureau_prefecture",
      "regional_bureau_prefecture.prefecture_code",
      "municipality.prefecture_code",
    )
    .innerJoin("regional_bureau", "regional_bureau.id", "regional_bureau_prefecture.bureau_id")
    .select(["regional_bureau.id", "regional_bureau.name", "regional_bureau.ministry"])
    .where("municipality.code", "=", municipalityCode)
    .orderBy("regional_bureau.sort_order")
    .execute();
}

/** Municipality organisations registered in a bureau's jurisdiction. */
export async function listMunicipalitiesInJurisdiction(bureauId: string) {
  return db()
    .selectFrom("organization")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .innerJoin(
      "regional_bureau_prefecture",
      "regional_bureau_prefecture.prefecture_code",
      "municipality.prefecture_code",
    )
    .innerJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .select(["organization.id", "organization.name", "organization.verification_status"])
    .select(["prefecture.name as prefecture_name"])
    .where("regional_bureau_prefecture.bureau_id", "=", bureauId)
    .where("organization.kind", "=", "municipality")
    .orderBy("municipality.code")
    .execute();
}

export const ORGANIZATIONS_PAGE_SIZE = 20;

export async function listOrganizationsForReview(options: { status?: VerificationStatus; page: number }) {
  let query = db().selectFrom("organization");
  if (options.status) query = query.where("verification_status", "=", options.status);
  const [rows, total] = await Promise.all([
    query
      .select(["id", "kind", "name", "corporate_number", "municipality_code", "bureau_id"])
      .select(["verification_status", "created_at"])
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(ORGANIZATIONS_PAGE_SIZE)
      .offset((options.page - 1) * ORGANIZATIONS_PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count), page: options.page, pageSize: ORGANIZATIONS_PAGE_SIZE };
}
