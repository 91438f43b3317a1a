// The operator's page of the municipality master: the organisations left on abolished codes, the abolished codes
// with their current successors, and how many rows are current.
import type { Executor } from "@db/database.server";
import { listOrganizationsOnAbolishedCodes } from "~/domain/organizations/organization-municipality.queries.server";
import { listAbolishedMunicipalities } from "~/domain/reference/municipality-master.queries.server";

export async function municipalityMasterPage(ex: Executor) {
  const [organizations, abolished, current] = await Promise.all([
    listOrganizationsOnAbolishedCodes(ex),
    listAbolishedMunicipalities(ex),
    ex
      .selectFrom("municipality")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("abolished_on", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return { organizations, abolished, currentCount: Number(current.n) };
}
