import type { MemberRole, OrganizationKind, VerificationStatus } from "@db/schema";
import { AppError, SECOND_FACTOR_REQUIRED_MESSAGE } from "~/lib/errors";

/** Who is asking: a signed-in user and, when they belong to one, their organisation. Pure data, no I/O. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  /**
   * This session proved a second factor. Signing agreements, moving public money and operating the site require it
   * (see SECOND_FACTOR_REQUIRED_MESSAGE); everything else does not look at it.
   */
  secondFactorVerified: boolean;
  membership: {
    organizationId: string;
    organizationName: string;
    kind: OrganizationKind;
    role: MemberRole;
    verificationStatus: VerificationStatus;
  } | null;
}

/** An actor who belongs to an organisation (what the member-only guards hand to loaders, actions and commands). */
export type MemberActor = Actor & { membership: NonNullable<Actor["membership"]> };

export type Permission =
  | { action: "organization.view"; organizationId: string }
  | { action: "organization.manageMembers"; organizationId: string }
  | { action: "organization.viewAudit"; organizationId: string }
  | { action: "organization.create" }
  | { action: "workspace.company" }
  | { action: "workspace.municipality" }
  | { action: "workspace.bureau" }
  | { action: "pitch.publish" }
  | { action: "pitch.create" }
  | { action: "pitch.edit"; organizationId: string }
  | { action: "pitch.viewPrivate"; organizationId: string }
  | { action: "question.ask" }
  | { action: "question.answer"; organizationId: string }
  | { action: "savedSearch.manage" }
  | { action: "notification.view" }
  | { action: "bureau.viewData" }
  | { action: "event.manage"; organizationId: string }
  | { action: "event.enter"; organizationId: string }
  | { action: "event.registerInterest" }
  | { action: "proposal.create" }
  | { action: "proposal.submit" }
  | { action: "proposal.author"; organizationId: string }
  | { action: "proposal.viewAsOwner"; organizationId: string }
  | { action: "proposal.moderate" }
  | { action: "proposal.message"; organizationId: string }
  | { action: "review.score"; organizationId: string }
  | { action: "review.manage"; organizationId: string }
  | { action: "companyProfile.edit"; organizationId: string }
  | { action: "recommendation.forCompany" }
  | { action: "budget.view"; organizationId: string }
  | { action: "budget.manage"; organizationId: string }
  | { action: "pilot.start"; organizationId: string }
  | { action: "pilot.view"; organizationId: string }
  | { action: "pilot.monitor" }
  | { action: "agreement.edit"; organizationId: string }
  | { action: "agreement.sign"; organizationId: string }
  | { action: "funding.manage"; organizationId: string }
  | { action: "expenditure.submit"; organizationId: string }
  | { action: "payout.onboard"; organizationId: string }
  | { action: "outcome.report"; organizationId: string }
  | { action: "outcome.review"; organizationId: string }
  | { action: "pilot.close"; organizationId: string }
  | { action: "caseStudy.consent"; organizationId: string }
  | { action: "selfEvaluation.manage"; organizationId: string }
  | { action: "operator.verifyOrganizations" }
  | { action: "operator.viewOutbox" }
  | { action: "operator.resendEmail" }
  | { action: "operator.viewJobs" }
  | { action: "operator.viewAllAudit" }
  | { action: "operator.manageReferenceData" };

type Rule<P extends Permission> = (actor: Actor, permission: P) => boolean;
type Rules = { [A in Permission["action"]]: Rule<Extract<Permission, { action: A }>> };

const isKind = (actor: Actor, kind: OrganizationKind) => actor.membership?.kind === kind;
const isVerified = (actor: Actor) => actor.membership?.verificationStatus === "verified";
/** The hands on public money and on the whole site: their session must have proved a second factor. */
const provedTwice = (actor: Actor) => actor.secondFactorVerified === true;
const isOperator = (actor: Actor) => isKind(actor, "operator") && isVerified(actor) && provedTwice(actor);
const isMemberOf = (actor: Actor, organizationId: string) => actor.membership?.organizationId === organizationId;
const isAdminOf = (actor: Actor, organizationId: string) =>
  isMemberOf(actor, organizationId) && actor.membership?.role === "admin";

/** The whole policy, one line per action. Anything not granted here is denied. */
const rules: Rules = {
  "organization.view": (a, p) => isMemberOf(a, p.organizationId) || isOperator(a),
  "organization.manageMembers": (a, p) => isAdminOf(a, p.organizationId),
  "organization.viewAudit": (a, p) => isAdminOf(a, p.organizationId) || isOperator(a),
  "organization.create": (a) => a.membership === null,
  "workspace.company": (a) => isKind(a, "company"),
  "workspace.municipality": (a) => isKind(a, "municipality"),
  "workspace.bureau": (a) => isKind(a, "bureau"),
  "pitch.publish": (a) => isKind(a, "municipality") && isVerified(a),
  // Drafts may be prepared before verification; publishing waits for it.
  "pitch.create": (a) => isKind(a, "municipality"),
  "pitch.edit": (a, p) => isKind(a, "municipality") && isMemberOf(a, p.organizationId),
  // Drafts, contacts and change history of the owner's own pitches; operators for moderation.
  "pitch.viewPrivate": (a, p) => (isKind(a, "municipality") && isMemberOf(a, p.organizationId)) || isOperator(a),
  // Companies ask on open pitches (the state check is in the command); the owning municipality answers.
  "question.ask": (a) => isKind(a, "company"),
  "question.answer": (a, p) => isKind(a, "municipality") && isMemberOf(a, p.organizationId),
  // Saved searches (and the e-mails about new matching pitches) are for company users; each sees only their own.
  "savedSearch.manage": (a) => isKind(a, "company"),
  // Every signed-in user has an inbox of their own notifications (queries are scoped to the user).
  "notification.view": (a) => typeof a.userId === "string" && a.userId.length > 0,
  "bureau.viewData": (a) => isKind(a, "bureau") && isVerified(a),
  // Pitch events: the verified bureau that owns them manages them; invited municipalities enter their own pitches
  // (the invitation check is in the command); companies register interest.
  "event.manage": (a, p) => isKind(a, "bureau") && isVerified(a) && isMemberOf(a, p.organizationId),
  "event.enter": (a, p) => isKind(a, "municipality") && isMemberOf(a, p.organizationId),
  "event.registerInterest": (a) => isKind(a, "company"),
  // Proposals are confidential: the proposing company (`proposal.author`, its own organisation) and the members of the
  // pitch's municipality (`proposal.viewAsOwner`) read them; operators only for moderation, and that read is audited.
  // Drafts may be prepared before verification; submitting waits for it. Deadlines and states are checked in commands.
  "proposal.create": (a) => isKind(a, "company"),
  "proposal.submit": (a) => isKind(a, "company") && isVerified(a),
  "proposal.author": (a, p) => isKind(a, "company") && isMemberOf(a, p.organizationId),
  "proposal.viewAsOwner": (a, p) => isKind(a, "municipality") && isMemberOf(a, p.organizationId),
  "proposal.moderate": isOperator,
  // The negotiation thread of a proposal: the company's or the municipality's own members (the route passes whichever
  // side of the proposal the actor belongs to).
  "proposal.message": (a, p) => (isKind(a, "company") || isKind(a, "municipality")) && isMemberOf(a, p.organizationId),
  // Assigned reviewers score (the assignment is checked in the command); admins set criteria, assign, shortlist and decide.
  "review.score": (a, p) => isKind(a, "municipality") && isMemberOf(a, p.organizationId),
  "review.manage": (a, p) => isKind(a, "municipality") && isAdminOf(a, p.organizationId),
  "companyProfile.edit": (a, p) => isKind(a, "company") && isAdminOf(a, p.organizationId),
  "recommendation.forCompany": (a) => isKind(a, "company"),
  // Budgets per fiscal year: the municipality's members read them; its verified admins create and change them.
  "budget.view": (a, p) => isKind(a, "municipality") && isMemberOf(a, p.organizationId),
  // Fixing budget amounts is a hand on public money: a second factor is required.
  "budget.manage": (a, p) =>
    isKind(a, "municipality") && isVerified(a) && isAdminOf(a, p.organizationId) && provedTwice(a),
  // Pilots: the municipality's verified admins start one from an accepted proposal; members of either party read it
  // (the route passes the party the actor belongs to); operators read it for support, audited like proposals.
  "pilot.start": (a, p) => isKind(a, "municipality") && isVerified(a) && isAdminOf(a, p.organizationId),
  "pilot.view": (a, p) => (isKind(a, "municipality") || isKind(a, "company")) && isMemberOf(a, p.organizationId),
  "pilot.monitor": isOperator,
  // Either party's members draft agreement versions; only a verified admin signs for their organisation.
  "agreement.edit": (a, p) => (isKind(a, "municipality") || isKind(a, "company")) && isMemberOf(a, p.organizationId),
  "agreement.sign": (a, p) =>
    (isKind(a, "municipality") || isKind(a, "company")) &&
    isVerified(a) &&
    isAdminOf(a, p.organizationId) &&
    provedTwice(a),
  // Public money: allocations, milestones, approvals, payments and the review of expenditure reports are for the
  // municipality's verified admins, exactly like its budgets, with a second factor.
  "funding.manage": (a, p) =>
    isKind(a, "municipality") && isVerified(a) && isAdminOf(a, p.organizationId) && provedTwice(a),
  "expenditure.submit": (a, p) => isKind(a, "company") && isMemberOf(a, p.organizationId),
  // Where the company's money is paid to: a second factor, like the municipality's side.
  "payout.onboard": (a, p) => isKind(a, "company") && isVerified(a) && isAdminOf(a, p.organizationId) && provedTwice(a),
  // Outcomes: either party's members write periodic reports; the municipality's verified admins approve them, close
  // the pilot and keep the annual self-evaluation; each party's verified admin consents to a public case study.
  "outcome.report": (a, p) => (isKind(a, "municipality") || isKind(a, "company")) && isMemberOf(a, p.organizationId),
  "outcome.review": (a, p) => isKind(a, "municipality") && isVerified(a) && isAdminOf(a, p.organizationId),
  "pilot.close": (a, p) => isKind(a, "municipality") && isVerified(a) && isAdminOf(a, p.organizationId),
  "caseStudy.consent": (a, p) =>
    (isKind(a, "municipality") || isKind(a, "company")) && isVerified(a) && isAdminOf(a, p.organizationId),
  "selfEvaluation.manage": (a, p) => isKind(a, "municipality") && isVerified(a) && isAdminOf(a, p.organizationId),
  "operator.verifyOrganizations": isOperator,
  "operator.viewOutbox": isOperator,
  // Resending puts the same e-mail back in the queue, to the same recipient: the operator never reads its link.
  "operator.resendEmail": isOperator,
  "operator.viewJobs": isOperator,
  "operator.viewAllAudit": isOperator,
  "operator.manageReferenceData": isOperator,
};

/** Would the actor be allowed with a second factor proven in this session? Then that is what is missing. */
export function missingSecondFactor(actor: Actor | null, permission: Permission): boolean {
  if (!actor || actor.secondFactorVerified) return false;
  return !can(actor, permission) && can({ ...actor, secondFactorVerified: true }, permission);
}

/** Would a second factor unlock work of this actor's role (signing, public money, operating)? For a reminder. */
export function secondFactorWouldUnlock(actor: Actor | null): boolean {
  const organizationId = actor?.membership?.organizationId;
  if (!actor || !organizationId) return false;
  const actions = ["agreement.sign", "funding.manage", "budget.manage", "payout.onboard"] as const;
  return (
    actions.some((action) => missingSecondFactor(actor, { action, organizationId })) ||
    missingSecondFactor(actor, { action: "operator.viewOutbox" })
  );
}

/** The message of a refusal: the second-factor one when that is all that is missing. */
export function refusalMessage(actor: Actor | null, permission: Permission): string | undefined {
  return missingSecondFactor(actor, permission) ? SECOND_FACTOR_REQUIRED_MESSAGE : undefined;
}

/** May this actor do this? A missing rule or a failing check denies; it never allows. */
export function can(actor: Actor | null, permission: Permission): boolean {
  if (!actor) return false;
  const rule = rules[permission.action] as Rule<Permission> | undefined;
  if (!rule) return false;
  try {
    return rule(actor, permission) === true;
  } catch {
    return false;
  }
}

/** For domain code: throws the domain's forbidden error when the actor may not (routes use requirePermission). */
export function assertCan(actor: Actor | null, permission: Permission, message?: string): void {
  if (!can(actor, permission)) throw new AppError("forbidden", refusalMessage(actor, permission) ?? message);
}
