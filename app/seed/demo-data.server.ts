// Demo accounts for a fresh installation: one organisation of every kind, so that every role can be tried at once.
// Runs only on an empty app_user table, so it is safe to call on every start. Relative imports on purpose (see
// factories.server.ts).
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB, MemberRole, OrganizationKind, VerificationStatus } from "@db/schema";
import { hashPassword } from "~/auth/password.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { addMember, corporateNumberFromBase, createOrganization, createUser } from "./factories.server";
import { seedDemoCompanies } from "./demo-companies.server";
import { seedDemoEvents } from "./demo-events.server";
import { seedDemoPitches } from "./demo-pitches.server";
import { seedDemoProposals } from "./demo-proposals.server";
import demoOrganizations from "./content/demo-organizations.json";

/** The one password shared by every demo account. */
export const DEMO_PASSWORD = "demo-pass-2026";
const DEMO_DOMAIN = "demo.example.jp";

export interface DemoAccount {
  email: string;
  role: MemberRole;
  organization: string;
  kind: OrganizationKind;
  verificationStatus: VerificationStatus;
}

export interface DemoSeedResult {
  created: boolean;
  password: string;
  accounts: DemoAccount[];
}

interface DemoPerson {
  local: string;
  displayName: string;
  role: MemberRole;
}

type DemoOrganization = { people: DemoPerson[]; verificationStatus?: VerificationStatus } & (
  | { kind: "operator"; name: string }
  | { kind: "municipality"; prefecture: string; name: string }
  | { kind: "company"; name: string; corporateNumberBase: string }
  | { kind: "bureau"; bureauId: string; name: string }
);

// Municipalities from the seed documents. Companies are fictional; their 法人番号 bases are fixed so that the
// numbers stay the same between installations, and the check digit is computed (so every number is valid). The
// organisations and their people live in content/demo-organizations.json.
const DEMO_ORGANIZATIONS = demoOrganizations as readonly DemoOrganization[];

/** Demo data on every start outside production; in production only when DEMO_DATA is set. */
export function shouldSeedDemoData(env: { NODE_ENV: string; DEMO_DATA: boolean }): boolean {
  return env.NODE_ENV !== "production" || env.DEMO_DATA;
}

async function hasUsers(ex: Kysely<DB> | Transaction<DB>): Promise<boolean> {
  return (await ex.selectFrom("app_user").select("id").limit(1).executeTakeFirst()) !== undefined;
}

async function municipalityCode(trx: Transaction<DB>, prefecture: string, name: string): Promise<string> {
  const row = await trx
    .selectFrom("municipality as m")
    .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
    .select("m.code")
    .where("p.name", "=", prefecture)
    .where("m.name", "=", name)
    .executeTakeFirst();
  if (!row) throw new Error(`Demo data: municipality ${prefecture}${name} is missing from the reference data`);
  return row.code;
}

/** Creates the demo organisations and accounts, in one transaction, when there is no user yet. */
export async function seedDemoData(db: Kysely<DB>): Promise<DemoSeedResult> {
  const notCreated: DemoSeedResult = { created: false, password: DEMO_PASSWORD, accounts: [] };
  // Cheap check first, so that a normal start does not pay for an argon2 hash.
  if (await hasUsers(db)) return notCreated;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction().execute(async (trx) => {
    // Two servers starting on one PostgreSQL database: the second waits here, then sees the users and stops.
    await sql`select pg_advisory_xact_lock(hashtext('govpitch.demo-seed'))`.execute(trx);
    if (await hasUsers(trx)) return notCreated;

    const accounts: DemoAccount[] = [];
    let operatorUserId: string | null = null;
    const municipalities = new Map<string, { id: string; authorId: string | null }>();
    for (const definition of DEMO_ORGANIZATIONS) {
      const verificationStatus = definition.verificationStatus ?? "verified";
      const users = [];
      for (const person of definition.people) {
        users.push({
          person,
          user: await createUser(trx, {
            email: `${person.local}@${DEMO_DOMAIN}`,
            displayName: person.displayName,
            passwordHash,
          }),
        });
      }
      // The operator's admin verifies everybody else (and its own organisation).
      operatorUserId ??= definition.kind === "operator" ? users[0]!.user.id : null;

      const organization = await createOrganization(trx, {
        kind: definition.kind,
        name: definition.name,
        municipalityCode:
          definition.kind === "municipality"
            ? await municipalityCode(trx, definition.prefecture, definition.name)
            : undefined,
        corporateNumber:
          definition.kind === "company" ? corporateNumberFromBase(definition.corporateNumberBase) : undefined,
        bureauId: definition.kind === "bureau" ? definition.bureauId : undefined,
        verificationStatus,
        verifiedBy: operatorUserId,
      });
      if (definition.kind === "municipality")
        municipalities.set(definition.name, { id: organization.id, authorId: users[0]?.user.id ?? null });
      for (const { person, user } of users) {
        await addMember(trx, { organizationId: organization.id, userId: user.id, role: person.role });
        accounts.push({
          email: user.email,
          role: person.role,
          organization: organization.name,
          kind: organization.kind,
          verificationStatus,
        });
      }
      await recordAudit(trx, {
        actor: null,
        organizationId: organization.id,
        action: "demo.seed",
        entityType: "organization",
        entityId: organization.id,
        changes: {
          kind: organization.kind,
          name: organization.name,
          municipality_code: organization.municipality_code,
          corporate_number: organization.corporate_number,
          bureau_id: organization.bureau_id,
          verification_status: organization.verification_status,
          members: users.map(({ person, user }) => ({ user_id: user.id, role: person.role })),
        },
      });
    }
    await seedDemoPitches(trx, { organizations: municipalities, verifiedBy: operatorUserId });
    await seedDemoEvents(trx, { organizations: municipalities });
    await seedDemoProposals(trx);
    await seedDemoCompanies(trx);
    return { created: true, password: DEMO_PASSWORD, accounts };
  });
}

const KIND_LABELS: Record<OrganizationKind, string> = {
  operator: "運営 operator",
  municipality: "自治体 municipality",
  company: "企業 company",
  bureau: "地方局 bureau",
};
const ROLE_LABELS: Record<MemberRole, string> = { admin: "管理者 admin", member: "メンバー member" };

/** Terminal width: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return width;
}
function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** A console block listing the demo accounts and their shared password. */
export function formatDemoAccounts(result: DemoSeedResult): string {
  if (!result.created) return "[demo] デモデータは作成済みです / demo data already present (not re-created)";
  const emailWidth = Math.max(...result.accounts.map((a) => displayWidth(a.email)), 0);
  const kindWidth = Math.max(...Object.values(KIND_LABELS).map(displayWidth));
  const roleWidth = Math.max(...Object.values(ROLE_LABELS).map(displayWidth));
  const rule = "─".repeat(72);
  const lines = [
    rule,
    "[demo] デモデータを作成しました / Demo data created",
    `  パスワード（全アカウント共通） / Password (all accounts): ${result.password}`,
    "",
    ...result.accounts.map((a) => {
      const unverified = a.verificationStatus === "verified" ? "" : "  ※未確認 unverified";
      return `  ${pad(KIND_LABELS[a.kind], kindWidth)}  ${pad(a.email, emailWidth)}  ${pad(ROLE_LABELS[a.role], roleWidth)}  ${a.organization}${unverified}`;
    }),
    "",
    "  本番環境 (NODE_ENV=production) では DEMO_DATA=1 のときだけ作成されます。",
    "  In production, demo data is only created with DEMO_DATA=1.",
    rule,
  ];
  return lines.join("\n");
}
