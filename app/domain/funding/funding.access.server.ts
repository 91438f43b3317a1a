// Who may move a pilot's money: the verified admins of the pilot's municipality (never the company, never an operator).
import { type Actor, can, refusalMessage } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { findPilotForParty, type AccessiblePilot, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { AppError } from "~/lib/errors";

export function mayManageFunding(actor: Actor, access: AccessiblePilot): boolean {
  return (
    access.side === "municipality" &&
    can(actor, { action: "funding.manage", organizationId: access.pilot.municipality_id })
  );
}

/** 403 for a party of the pilot who may not manage its funding (the second-factor message when that is what is missing). */
export function assertMayManageFunding(actor: Actor, access: AccessiblePilot): void {
  if (mayManageFunding(actor, access)) return;
  const permission = { action: "funding.manage", organizationId: access.pilot.municipality_id } as const;
  throw new AppError(
    "forbidden",
    (access.side === "municipality" ? refusalMessage(actor, permission) : undefined) ??
      "資金の管理は、確認済みの自治体の管理者が行います。",
  );
}

/** The pilot, if the actor may manage its funding; 404 for strangers, 403 for a party without the right. */
export async function requireFundingManager(ex: Executor, actor: Actor, pilotId: string): Promise<AccessiblePilot> {
  const access = await findPilotForParty(ex, actor, pilotId);
  if (!access) throw pilotNotFound();
  assertMayManageFunding(actor, access);
  return access;
}
