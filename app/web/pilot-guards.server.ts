// The guards of the pilot pages: a signed-in member who may see the pilot (its two parties, or an operator for
// support, audited) or, for a form post, one of its two parties. Anyone else finds nothing (404).
import { requireMember } from "~/auth/guards.server";
import type { MemberActor } from "~/auth/permissions";
import {
  findPilotForActor,
  findPilotForParty,
  pilotNotFound,
  type AccessiblePilot,
} from "~/domain/pilots/pilots.access.server";
import { db } from "~/lib/db.server";

type Guarded = Promise<{ actor: MemberActor; access: AccessiblePilot }>;

/** For loaders: the pilot of `params.pilotId` as the actor may see it. */
export async function requirePilotViewer(request: Request, params: { pilotId?: string }): Guarded {
  const actor = await requireMember(request);
  const access = await findPilotForActor(db(), actor, params.pilotId ?? "");
  if (!access) throw pilotNotFound();
  return { actor, access };
}

/** For actions: the pilot of `params.pilotId` when the actor belongs to one of its parties. */
export async function requirePilotParty(request: Request, params: { pilotId?: string }): Guarded {
  const actor = await requireMember(request);
  const access = await findPilotForParty(db(), actor, params.pilotId ?? "");
  if (!access) throw pilotNotFound();
  return { actor, access };
}
