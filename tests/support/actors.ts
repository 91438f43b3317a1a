import type { AppUser } from "@db/schema";
import type { CreatedMember } from "~/seed/factories.server";
import type { MemberActor } from "~/auth/permissions";

/**
 * The actor of a created member (an admin unless `role` says otherwise), or of another user of the same organisation,
 * as a session that proved its second factor (what signing and paying require); `{ secondFactor: false }` for one
 * that did not.
 */
export function actorOf(
  m: CreatedMember,
  role: "admin" | "member" = "admin",
  user: AppUser = m.user,
  options: { secondFactor?: boolean } = {},
): MemberActor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    secondFactorVerified: options.secondFactor ?? true,
    membership: {
      organizationId: m.organization.id,
      organizationName: m.organization.name,
      kind: m.organization.kind,
      role,
      verificationStatus: m.organization.verification_status,
    },
  };
}
