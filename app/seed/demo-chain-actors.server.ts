// The demo users the chain acts as, read from the accounts seedDemoData created: a MemberActor per e-mail address, the
// same shape a signed-in request carries, so that every step goes through the commands' own permission checks.
import type { MemberActor } from "~/auth/permissions";
import { db } from "~/lib/db.server";

const DEMO_DOMAIN = "demo.example.jp";

/** The actor of the demo account `local`@demo.example.jp (its one membership). */
export async function demoActor(local: string): Promise<MemberActor> {
  const row = await db()
    .selectFrom("app_user as u")
    .innerJoin("membership as m", "m.user_id", "u.id")
    .innerJoin("organization as o", "o.id", "m.organization_id")
    .select(["u.id", "u.email", "u.display_name", "m.role", "o.id as organization_id", "o.name", "o.kind"])
    .select("o.verification_status")
    .where("u.email", "=", `${local}@${DEMO_DOMAIN}`)
    .executeTakeFirst();
  if (!row) throw new Error(`Demo chain: no demo account ${local}@${DEMO_DOMAIN}`);
  return {
    userId: row.id,
    email: row.email,
    displayName: row.display_name,
    // The seed acts for the demo users as a signed-in, second-factor-verified session would (the chain signs and
    // pays through the same permission checks); a visitor signing in as them must set up a factor of their own.
    secondFactorVerified: true,
    membership: {
      organizationId: row.organization_id,
      organizationName: row.name,
      kind: row.kind,
      role: row.role,
      verificationStatus: row.verification_status,
    },
  };
}

/** The current code of a municipality of the reference data, by prefecture and name. */
export async function municipalityCodeOf(prefecture: string, name: string): Promise<string> {
  const row = await db()
    .selectFrom("municipality as m")
    .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
    .select("m.code")
    .where("p.name", "=", prefecture)
    .where("m.name", "=", name)
    .where("m.abolished_on", "is", null)
    .executeTakeFirst();
  if (!row) throw new Error(`Demo chain: municipality ${prefecture}${name} is missing from the reference data`);
  return row.code;
}
