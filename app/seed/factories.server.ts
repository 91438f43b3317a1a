// Small factories shared by the tests and the demo seed. Each takes an executor first, so it works both on the
// database and inside a transaction (PGlite has one connection: inside a transaction, pass the transaction).
// Relative imports on purpose: this file is resolved both by vitest and by the Remix server bundle.
import { randomInt, randomUUID } from "node:crypto";
import { sql, type Selectable } from "kysely";
import type {
  AppUser,
  MemberRole,
  MembershipTable,
  Organization,
  OrganizationKind,
  VerificationStatus,
} from "@db/schema";
import type { Executor } from "@db/database.server";
import { hashPassword } from "~/auth/password.server";
import { corporateNumberCheckDigit } from "@db/reference/check-digits";

export type { Executor };
export type Membership = Selectable<MembershipTable>;

/** The password every factory user gets unless told otherwise (long enough for the sign-up rules). */
export const DEFAULT_TEST_PASSWORD = "test-password-2026";

// argon2 costs ~55 ms per hash: the default password is hashed once per process and the hash reused.
let defaultPasswordHash: Promise<string> | undefined;
function hashOfDefaultPassword(): Promise<string> {
  defaultPasswordHash ??= hashPassword(DEFAULT_TEST_PASSWORD);
  return defaultPasswordHash;
}

function randomToken(length = 12): string {
  return randomUUID().replace(/-/g, "").slice(0, length);
}

/** A random 13-digit 法人番号 whose leading check digit is correct. */
export function randomCorporateNumber(): string {
  let base = "";
  for (let i = 0; i < 12; i++) base += String(randomInt(10));
  return corporateNumberFromBase(base);
}

/** Prefixes the check digit to a fixed 12-digit base (stable numbers for the demo data). */
export function corporateNumberFromBase(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

export interface CreateUserOptions {
  email?: string;
  displayName?: string;
  /** Plain-text password to hash. Defaults to DEFAULT_TEST_PASSWORD (hashed once and cached). */
  password?: string;
  /** A precomputed hash: skips argon2 entirely. Takes precedence over `password`. */
  passwordHash?: string;
}

export async function createUser(ex: Executor, options: CreateUserOptions = {}): Promise<AppUser> {
  const passwordHash =
    options.passwordHash ??
    (options.password === undefined || options.password === DEFAULT_TEST_PASSWORD
      ? await hashOfDefaultPassword()
      : await hashPassword(options.password));
  const token = randomToken();
  return ex
    .insertInto("app_user")
    .values({
      id: randomUUID(),
      email: (options.email ?? `user-${token}@example.test`).toLowerCase(),
      display_name: options.displayName ?? `テスト ユーザー ${token.slice(0, 4)}`,
      password_hash: passwordHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CreateOrganizationOptions {
  kind: OrganizationKind;
  /** Defaults: the master-table name for municipalities and bureaus, a generated name otherwise. */
  name?: string;
  /** Municipality only. Defaults to a random municipality (not a ward) that has no organisation yet. */
  municipalityCode?: string;
  /** Company only. Defaults to a random valid 法人番号. */
  corporateNumber?: string;
  /** Bureau only. Defaults to a random bureau that has no organisation yet. */
  bureauId?: string;
  /** Defaults to "verified" (most tests need a working organisation); verified_at is set when verified. */
  verificationStatus?: VerificationStatus;
  verifiedBy?: string | null;
  verificationNote?: string | null;
}

export async function createOrganization(ex: Executor, options: CreateOrganizationOptions): Promise<Organization> {
  const status = options.verificationStatus ?? "verified";
  const base = {
    id: randomUUID(),
    kind: options.kind,
    verification_status: status,
    verified_at: status === "verified" ? new Date() : null,
    verified_by: status === "verified" ? (options.verifiedBy ?? null) : null,
    verification_note: options.verificationNote ?? null,
    municipality_code: null as string | null,
    corporate_number: null as string | null,
    bureau_id: null as string | null,
  };

  let name: string;
  switch (options.kind) {
    case "company": {
      base.corporate_number = options.corporateNumber ?? randomCorporateNumber();
      name = options.name ?? `テスト株式会社 ${randomToken(4)}`;
      break;
    }
    case "municipality": {
      const municipality = options.municipalityCode
        ? await ex
            .selectFrom("municipality")
            .select(["code", "name"])
            .where("code", "=", options.municipalityCode)
            .executeTakeFirst()
        : await ex
            .selectFrom("municipality as m")
            .select(["m.code", "m.name"])
            .where("m.kind", "in", ["municipality", "designated_city"])
            .where("m.abolished_on", "is", null)
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb.selectFrom("organization as o").select("o.id").whereRef("o.municipality_code", "=", "m.code"),
                ),
              ),
            )
            .orderBy(sql`random()`)
            .limit(1)
            .executeTakeFirst();
      if (!municipality) {
        throw new Error(
          options.municipalityCode
            ? `No municipality with code ${options.municipalityCode}`
            : "Every municipality already has an organisation",
        );
      }
      base.municipality_code = municipality.code;
      name = options.name ?? municipality.name;
      break;
    }
    case "bureau": {
      const bureau = options.bureauId
        ? await ex
            .selectFrom("regional_bureau")
            .select(["id", "name"])
            .where("id", "=", options.bureauId)
            .executeTakeFirst()
        : await ex
            .selectFrom("regional_bureau as b")
            .select(["b.id", "b.name"])
            .where((eb) =>
              eb.not(eb.exists(eb.selectFrom("organization as o").select("o.id").whereRef("o.bureau_id", "=", "b.id"))),
            )
            .orderBy(sql`random()`)
            .limit(1)
            .executeTakeFirst();
      if (!bureau) {
        throw new Error(
          options.bureauId
            ? `No regional bureau with id ${options.bureauId}`
            : "Every regional bureau already has an organisation",
        );
      }
      base.bureau_id = bureau.id;
      name = options.name ?? bureau.name;
      break;
    }
    case "operator": {
      name = options.name ?? `運営事務局 ${randomToken(4)}`;
      break;
    }
  }

  return ex
    .insertInto("organization")
    .values({ ...base, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AddMemberOptions {
  organizationId: string;
  userId: string;
  role?: MemberRole;
}

export async function addMember(ex: Executor, options: AddMemberOptions): Promise<Membership> {
  return ex
    .insertInto("membership")
    .values({ organization_id: options.organizationId, user_id: options.userId, role: options.role ?? "member" })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type CreateMemberOptions = CreateUserOptions &
  Omit<CreateOrganizationOptions, "name"> & {
    /** Defaults to "admin". */
    role?: MemberRole;
    /** The organisation's name (the user's is `displayName`). */
    organizationName?: string;
  };

export interface CreatedMember {
  user: AppUser;
  organization: Organization;
  /** The plain-text password (meaningful unless a `passwordHash` for some other password was passed). */
  password: string;
}

/** A new user who belongs to a new organisation of the given kind. */
export async function createMember(ex: Executor, options: CreateMemberOptions): Promise<CreatedMember> {
  const password = options.password ?? DEFAULT_TEST_PASSWORD;
  const organization = await createOrganization(ex, {
    kind: options.kind,
    name: options.organizationName,
    municipalityCode: options.municipalityCode,
    corporateNumber: options.corporateNumber,
    bureauId: options.bureauId,
    verificationStatus: options.verificationStatus,
    verifiedBy: options.verifiedBy,
    verificationNote: options.verificationNote,
  });
  const user = await createUser(ex, {
    email: options.email,
    displayName: options.displayName,
    password,
    passwordHash: options.passwordHash,
  });
  await addMember(ex, { organizationId: organization.id, userId: user.id, role: options.role ?? "admin" });
  return { user, organization, password };
}
