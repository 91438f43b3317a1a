// Demo company profiles for the four demo companies, so that the public pages and the recommendations have
// something to show. Called by seedDemoData in its transaction; a profile that exists is left as it is.
import type { Transaction } from "kysely";
import type { DB } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import demoCompanyProfiles from "./content/demo-company-profiles.json";

interface DemoProfile {
  name: string;
  summary: string;
  industries: string[];
  servesNationwide: boolean;
  prefectureCodes: number[];
  themes: string[];
  products: string;
  websiteUrl: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

/** The profiles live in content/demo-company-profiles.json. */
export const DEMO_COMPANY_PROFILES: readonly DemoProfile[] = demoCompanyProfiles;

export async function seedDemoCompanies(trx: Transaction<DB>): Promise<{ profiles: number }> {
  let profiles = 0;
  for (const p of DEMO_COMPANY_PROFILES) {
    const organization = await trx
      .selectFrom("organization")
      .select("id")
      .where("kind", "=", "company")
      .where("name", "=", p.name)
      .executeTakeFirst();
    if (!organization) continue;
    const inserted = await trx
      .insertInto("company_profile")
      .values({
        organization_id: organization.id,
        summary: p.summary,
        industries: p.industries,
        serves_nationwide: p.servesNationwide,
        prefecture_codes: p.prefectureCodes,
        themes: p.themes,
        products: p.products,
        website_url: p.websiteUrl,
        contact_name: p.contactName,
        contact_email: p.contactEmail,
        contact_phone: p.contactPhone,
        published: true,
      })
      .onConflict((oc) => oc.column("organization_id").doNothing())
      .returning("organization_id")
      .executeTakeFirst();
    if (!inserted) continue;
    profiles += 1;
    await recordAudit(trx, {
      actor: null,
      organizationId: organization.id,
      action: "company_profile.create",
      entityType: "organization",
      entityId: organization.id,
      changes: { themes: p.themes, serves_nationwide: p.servesNationwide, prefecture_codes: p.prefectureCodes },
    });
  }
  return { profiles };
}
