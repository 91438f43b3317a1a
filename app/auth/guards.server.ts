import { redirect } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/errors";
import { can, refusalMessage, type Actor, type MemberActor, type Permission } from "./permissions";
import { validateRequestSession, type SessionUser } from "./session.server";

export interface RequestIdentity {
  user: SessionUser;
  actor: Actor;
}

// One lookup per request, however many guards a loader calls.
const identities = new WeakMap<Request, Promise<RequestIdentity | null>>();

export function getIdentity(request: Request): Promise<RequestIdentity | null> {
  let pending = identities.get(request);
  if (!pending) {
    pending = loadIdentity(request);
    identities.set(request, pending);
  }
  return pending;
}

async function loadIdentity(request: Request): Promise<RequestIdentity | null> {
  const { user } = await validateRequestSession(request);
  if (!user) return null;
  const membership = await db()
    .selectFrom("membership")
    .innerJoin("organization", "organization.id", "membership.organization_id")
    .select(["membership.organization_id", "membership.role", "organization.name"])
    .select(["organization.kind", "organization.verification_status"])
    .where("membership.user_id", "=", user.id)
    .executeTakeFirst();
  return {
    user,
    actor: {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      secondFactorVerified: user.secondFactor === "verified",
      membership: membership
        ? {
            organizationId: membership.organization_id,
            organizationName: membership.name,
            kind: membership.kind,
            role: membership.role,
            verificationStatus: membership.verification_status,
          }
        : null,
    },
  };
}

export async function getActor(request: Request): Promise<Actor | null> {
  return (await getIdentity(request))?.actor ?? null;
}

/**
 * A path to come back to after signing in: same-site, absolute path only. Browsers drop tabs and newlines from
 * a URL ("/\t/evil.example" becomes "//evil.example"), so control characters are refused, and the path must
 * resolve to this site however a WHATWG URL parser reads it.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  const base = "http://same-site.invalid";
  try {
    if (new URL(to, base).origin !== base) return fallback;
  } catch {
    return fallback;
  }
  return to;
}

export async function requireIdentity(request: Request): Promise<RequestIdentity> {
  const identity = await getIdentity(request);
  if (!identity) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return identity;
}

export async function requireActor(request: Request): Promise<Actor> {
  return (await requireIdentity(request)).actor;
}

/** A signed-in user who belongs to an organisation; others are sent to create or join one. */
export async function requireMember(request: Request): Promise<MemberActor> {
  const actor = await requireActor(request);
  if (!actor.membership) throw redirect("/onboarding");
  return actor as MemberActor;
}

export function requirePermission(actor: Actor | null, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden(refusalMessage(actor, permission));
}

export async function requireMemberWith(request: Request, permission: Permission): Promise<MemberActor> {
  const actor = await requireMember(request);
  requirePermission(actor, permission);
  return actor;
}
