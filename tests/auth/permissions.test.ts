// The permissions module as a table: role x action x own or other organisation -> allowed?
// Pure: no database. The table is written out by hand (not derived from the rules) so a changed rule fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MemberRole, OrganizationKind, VerificationStatus } from "@db/schema";
import { can, missingSecondFactor, type Actor, type Permission } from "~/auth/permissions";

const OWN = "00000000-0000-4000-8000-00000000000a";
const OTHER = "00000000-0000-4000-8000-00000000000b";

function member(kind: OrganizationKind, role: MemberRole, verificationStatus: VerificationStatus): Actor {
  return {
    userId: `${kind}-${role}-${verificationStatus}`,
    email: `${kind}-${role}@example.test`,
    displayName: "テスト",
    secondFactorVerified: true,
    membership: { organizationId: OWN, organizationName: "自組織", kind, role, verificationStatus },
  };
}

const actors = {
  anonymous: null,
  noOrganization: {
    userId: "u-none",
    email: "none@example.test",
    displayName: "未所属",
    secondFactorVerified: true,
    membership: null,
  },
  companyMember: member("company", "member", "verified"),
  companyAdmin: member("company", "admin", "verified"),
  unverifiedCompanyAdmin: member("company", "admin", "unverified"),
  municipalityMember: member("municipality", "member", "verified"),
  municipalityAdmin: member("municipality", "admin", "verified"),
  unverifiedMunicipalityMember: member("municipality", "member", "unverified"),
  unverifiedMunicipalityAdmin: member("municipality", "admin", "unverified"),
  rejectedMunicipalityAdmin: member("municipality", "admin", "rejected"),
  bureauMember: member("bureau", "member", "verified"),
  bureauAdmin: member("bureau", "admin", "verified"),
  unverifiedBureauAdmin: member("bureau", "admin", "unverified"),
  operatorMember: member("operator", "member", "verified"),
  operatorAdmin: member("operator", "admin", "verified"),
  unverifiedOperatorAdmin: member("operator", "admin", "unverified"),
} satisfies Record<string, Actor | null>;

type Role = keyof typeof actors;
const roles = Object.keys(actors) as Role[];

/** Exactly these roles are allowed; every other role is denied. */
function only(...allowed: Role[]): Record<Role, boolean> {
  return Object.fromEntries(roles.map((r) => [r, allowed.includes(r)])) as Record<Role, boolean>;
}

const members: Role[] = roles.filter((r) => actors[r]?.membership);
const admins: Role[] = members.filter((r) => actors[r]!.membership!.role === "admin");
const verifiedOperators: Role[] = ["operatorMember", "operatorAdmin"];
const municipalityRoles: Role[] = [
  "municipalityMember",
  "municipalityAdmin",
  "unverifiedMunicipalityMember",
  "unverifiedMunicipalityAdmin",
  "rejectedMunicipalityAdmin",
];
const companyRoles: Role[] = ["companyMember", "companyAdmin", "unverifiedCompanyAdmin"];

type OrgScoped = Extract<Permission, { organizationId: string }>["action"];
type Unscoped = Exclude<Permission["action"], OrgScoped>;

const orgScoped: Record<OrgScoped, { own: Record<Role, boolean>; other: Record<Role, boolean> }> = {
  "organization.view": {
    own: only(...members),
    other: only(...verifiedOperators),
  },
  "organization.manageMembers": {
    own: only(
      "companyAdmin",
      "unverifiedCompanyAdmin",
      "municipalityAdmin",
      "unverifiedMunicipalityAdmin",
      "rejectedMunicipalityAdmin",
      "bureauAdmin",
      "unverifiedBureauAdmin",
      "operatorAdmin",
      "unverifiedOperatorAdmin",
    ),
    other: only(),
  },
  "organization.viewAudit": {
    own: only(...admins, "operatorMember"),
    other: only(...verifiedOperators),
  },
  "pitch.edit": {
    own: only(...municipalityRoles),
    other: only(),
  },
  "pitch.viewPrivate": {
    own: only(...municipalityRoles, ...verifiedOperators),
    other: only(...verifiedOperators),
  },
  "question.answer": {
    own: only(...municipalityRoles),
    other: only(),
  },
  "event.manage": {
    own: only("bureauMember", "bureauAdmin"),
    other: only(),
  },
  "event.enter": {
    own: only(...municipalityRoles),
    other: only(),
  },
  "proposal.author": {
    own: only(...companyRoles),
    other: only(),
  },
  "proposal.viewAsOwner": {
    own: only(...municipalityRoles),
    other: only(),
  },
  "proposal.message": {
    own: only(...companyRoles, ...municipalityRoles),
    other: only(),
  },
  "review.score": {
    own: only(...municipalityRoles),
    other: only(),
  },
  "review.manage": {
    own: only("municipalityAdmin", "unverifiedMunicipalityAdmin", "rejectedMunicipalityAdmin"),
    other: only(),
  },
  "companyProfile.edit": {
    own: only("companyAdmin", "unverifiedCompanyAdmin"),
    other: only(),
  },
  "budget.view": {
    own: only(...municipalityRoles),
    other: only(),
  },
  "budget.manage": {
    own: only("municipalityAdmin"),
    other: only(),
  },
  "pilot.start": { own: only("municipalityAdmin"), other: only() },
  "pilot.view": { own: only(...municipalityRoles, ...companyRoles), other: only() },
  "agreement.edit": { own: only(...municipalityRoles, ...companyRoles), other: only() },
  "agreement.sign": { own: only("municipalityAdmin", "companyAdmin"), other: only() },
  "funding.manage": { own: only("municipalityAdmin"), other: only() },
  "expenditure.submit": { own: only(...companyRoles), other: only() },
  "payout.onboard": { own: only("companyAdmin"), other: only() },
  "outcome.report": { own: only(...municipalityRoles, ...companyRoles), other: only() },
  "outcome.review": { own: only("municipalityAdmin"), other: only() },
  "pilot.close": { own: only("municipalityAdmin"), other: only() },
  "caseStudy.consent": { own: only("municipalityAdmin", "companyAdmin"), other: only() },
  "selfEvaluation.manage": { own: only("municipalityAdmin"), other: only() },
};

const unscoped: Record<Unscoped, Record<Role, boolean>> = {
  "organization.create": only("noOrganization"),
  "workspace.company": only("companyMember", "companyAdmin", "unverifiedCompanyAdmin"),
  "workspace.municipality": only(
    "municipalityMember",
    "municipalityAdmin",
    "unverifiedMunicipalityMember",
    "unverifiedMunicipalityAdmin",
    "rejectedMunicipalityAdmin",
  ),
  "workspace.bureau": only("bureauMember", "bureauAdmin", "unverifiedBureauAdmin"),
  "pitch.publish": only("municipalityMember", "municipalityAdmin"),
  "pitch.create": only(...municipalityRoles),
  "question.ask": only("companyMember", "companyAdmin", "unverifiedCompanyAdmin"),
  "savedSearch.manage": only("companyMember", "companyAdmin", "unverifiedCompanyAdmin"),
  "notification.view": only(...roles.filter((r) => r !== "anonymous")),
  "bureau.viewData": only("bureauMember", "bureauAdmin"),
  "event.registerInterest": only("companyMember", "companyAdmin", "unverifiedCompanyAdmin"),
  "proposal.create": only(...companyRoles),
  "proposal.submit": only("companyMember", "companyAdmin"),
  "proposal.moderate": only(...verifiedOperators),
  "recommendation.forCompany": only(...companyRoles),
  "pilot.monitor": only(...verifiedOperators),
  "operator.verifyOrganizations": only(...verifiedOperators),
  "operator.viewOutbox": only(...verifiedOperators),
  "operator.resendEmail": only(...verifiedOperators),
  "operator.viewJobs": only(...verifiedOperators),
  "operator.viewAllAudit": only(...verifiedOperators),
  "operator.manageReferenceData": only(...verifiedOperators),
};

/** The actions named in the Permission type, read from the source so that a new action fails this test. */
function declaredActions(): string[] {
  const source = fs.readFileSync(path.resolve(__dirname, "../../app/auth/permissions.ts"), "utf8");
  const block = /export type Permission =([\s\S]*?);\n/.exec(source)?.[1] ?? "";
  return [...block.matchAll(/action:\s*"([^"]+)"/g)].map((m) => m[1]!).sort();
}

describe("permissions table", () => {
  it("covers every Permission action", () => {
    const tabled = [...Object.keys(orgScoped), ...Object.keys(unscoped)].sort();
    expect(declaredActions().length).toBeGreaterThan(5);
    expect(tabled).toEqual(declaredActions());
  });

  const cases: [string, Role, Permission, boolean][] = [];
  for (const [action, expected] of Object.entries(orgScoped) as [OrgScoped, (typeof orgScoped)[OrgScoped]][]) {
    for (const role of roles) {
      cases.push([`${action} own`, role, { action, organizationId: OWN } as Permission, expected.own[role]]);
      cases.push([`${action} other`, role, { action, organizationId: OTHER } as Permission, expected.other[role]]);
    }
  }
  for (const [action, expected] of Object.entries(unscoped) as [Unscoped, Record<Role, boolean>][]) {
    for (const role of roles) cases.push([action, role, { action } as Permission, expected[role]]);
  }

  it.each(cases)("%s, %s -> %s", (_label, role, permission, expected) => {
    expect(can(actors[role], permission)).toBe(expected);
  });

  it("denies everything to an anonymous visitor", () => {
    for (const [, role, permission] of cases) if (role === "anonymous") expect(can(null, permission)).toBe(false);
  });

  // The hands on public money and on the whole site need a session that proved a second factor; nothing else does.
  const SECOND_FACTOR_ACTIONS = new Set(["agreement.sign", "funding.manage", "budget.manage", "payout.onboard"]);
  it.each(cases.filter(([, role, , expected]) => expected && role !== "anonymous"))(
    "%s, %s, without a second factor",
    (_label, role, permission) => {
      const actor = actors[role]!;
      const without = { ...actor, secondFactorVerified: false };
      if (actor.membership?.kind === "operator") {
        // Without the factor an operator has exactly the rights of an unverified one: those of a member, no more.
        const unverified = { ...actor, membership: { ...actor.membership, verificationStatus: "unverified" as const } };
        expect(can(without, permission)).toBe(can(unverified, permission));
      } else {
        expect(can(without, permission)).toBe(!SECOND_FACTOR_ACTIONS.has(permission.action));
      }
      expect(missingSecondFactor(without, permission)).toBe(!can(without, permission));
    },
  );

  it("does not call a second factor missing where the actor would be refused anyway", () => {
    for (const [, role, permission, expected] of cases) {
      if (expected || role === "anonymous") continue;
      expect(missingSecondFactor({ ...actors[role]!, secondFactorVerified: false }, permission)).toBe(false);
    }
    expect(missingSecondFactor(null, { action: "funding.manage", organizationId: OWN })).toBe(false);
  });
});

describe("failing closed", () => {
  const operator = actors.operatorAdmin;

  it("denies an action that has no rule, even to an operator (prototype names included)", () => {
    expect(can(operator, { action: "organization.delete" } as unknown as Permission)).toBe(false);
    expect(can(operator, { action: "constructor" } as unknown as Permission)).toBe(false);
    expect(can(operator, { action: "toString" } as unknown as Permission)).toBe(false);
    expect(can(operator, { action: "__proto__" } as unknown as Permission)).toBe(false);
  });

  it("denies when a rule throws, even where the actor would otherwise be allowed", () => {
    // Operators may view any organisation; a permission whose id cannot be read makes the rule throw.
    const exploding = {
      action: "organization.view",
      get organizationId(): string {
        throw new Error("boom");
      },
    } as Permission;
    expect(can(operator, { action: "organization.view", organizationId: OTHER })).toBe(true);
    expect(can(operator, exploding)).toBe(false);

    const brokenActor = {
      ...operator,
      get membership(): Actor["membership"] {
        throw new Error("membership lookup failed");
      },
    } as Actor;
    expect(can(operator, { action: "operator.viewJobs" })).toBe(true);
    expect(can(brokenActor, { action: "operator.viewJobs" })).toBe(false);
  });
});
