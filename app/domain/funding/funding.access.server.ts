// Who may move a pilot's money: the verified admins of the pilot's municipality (never the company, never an operator).
import { type Actor, can } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { findPilotForParty, type AccessiblePilot, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { AppError } from "~/lib/errors";

export function mayManageFunding(actor: Actor, access: AccessiblePilot): boolean {
  return (
    access.side === "municipality" &&
    can(actor, { action: "funding.manage", organizationId: access.pilot.municipality_id })
  );
}

/** The pilot, if the actor may manage its funding; 404 for strangers, 403 for a party without the right. */
export async function requireFundingManager(ex: Executor, actor: Actor, pilotId: string): Promise<AccessiblePilot> {
  const access = await findPilotForParty(ex, actor, pilotId);
  if (!access) throw pilotNotFound();
  if (!mayManageFunding(actor, access))
    throw new AppError("forbidden", "資金の管理は、確認済みの自治体の管理者が行います。");
  return access;
}
