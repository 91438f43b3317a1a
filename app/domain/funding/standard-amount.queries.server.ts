// The standard amount of an organisation, from the reference data: a 指定都市 counts its current wards (rows of kind
// 'ward' whose parent_code is the city's code and that are not abolished); an ordinary municipality is one unit; an organisation without a municipality
// in the reference data (a 一部事務組合 or 広域連合) gives its number of member municipalities itself.
import type { Executor } from "@db/database.server";
import { standardAmount, type StandardAmount, type StandardAmountBasis } from "./standard-amount.rules";

export async function standardAmountForMunicipality(
  ex: Executor,
  municipalityCode: string,
): Promise<StandardAmount | null> {
  const municipality = await ex
    .selectFrom("municipality")
    .select(["code", "kind"])
    .where("code", "=", municipalityCode)
    .executeTakeFirst();
  if (!municipality) return null;
  if (municipality.kind !== "designated_city") return standardAmount("municipality");
  const { n } = await ex
    .selectFrom("municipality")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("kind", "=", "ward")
    .where("parent_code", "=", municipality.code)
    // The current wards: 浜松市 has had three since 2024-01-01 (12,000千円), not the seven of before.
    .where("abolished_on", "is", null)
    .executeTakeFirstOrThrow();
  return standardAmount("designated_city", Number(n));
}

export async function standardAmountForOrganization(
  ex: Executor,
  organizationId: string,
  memberMunicipalities?: number,
): Promise<{ basis: StandardAmountBasis; amount: StandardAmount | null }> {
  const organization = await ex
    .selectFrom("organization")
    .select(["municipality_code"])
    .where("id", "=", organizationId)
    .executeTakeFirst();
  if (organization?.municipality_code) {
    const amount = await standardAmountForMunicipality(ex, organization.municipality_code);
    if (amount) return { basis: amount.basis, amount };
  }
  return { basis: "association", amount: standardAmount("association", memberMunicipalities) };
}
