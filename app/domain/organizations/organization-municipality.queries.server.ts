// Organisations whose municipality or ward was abolished (廃置分合), with the successors the operator may move them to.
import type { Executor } from "@db/database.server";
import { currentSuccessors } from "~/domain/reference/municipality-master.queries.server";

export async function listOrganizationsOnAbolishedCodes(ex: Executor) {
  const rows = await ex
    .selectFrom("organization")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .select(["organization.id", "organization.name", "organization.verification_status"])
    .select(["municipality.code", "municipality.name as municipality_name", "municipality.abolished_on"])
    .where("organization.kind", "=", "municipality")
    .where("municipality.abolished_on", "is not", null)
    .orderBy("municipality.code")
    .limit(200)
    .execute();
  const successors = await currentSuccessors(
    ex,
    rows.map((r) => r.code),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    verificationStatus: r.verification_status,
    municipalityCode: r.code,
    municipalityName: r.municipality_name,
    abolishedOn: r.abolished_on ?? "",
    successors: successors.get(r.code) ?? [],
  }));
}
