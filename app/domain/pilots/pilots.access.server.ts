import type { Pilot } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { AppError } from "~/lib/errors";
import { isUuid } from "~/lib/uuid";

/** A pilot that does not exist, or that the actor may not see: the same answer (404). */
export const pilotNotFound = () => new AppError("not_found", "実証が見つかりません。");

/** Which party of a pilot the actor acts for. */
export type PilotSide = "municipality" | "company" | "operator";

export interface AccessiblePilot {
  pilot: Pilot;
  side: PilotSide;
}

/**
 * The one gate to a pilot and everything under it (agreement, funding, reports, ledgers): members of the municipality
 * or of the company, or an operator giving support (audited, every time). Anyone else, and an id that does not exist,
 * get null so that callers answer 404 alike. The query itself is scoped by the actor's organisation.
 */
export async function findPilotForActor(
  ex: Executor,
  actor: Actor | null,
  pilotId: string,
): Promise<AccessiblePilot | null> {
  const membership = actor?.membership;
  if (!actor || !membership || !isUuid(pilotId)) return null;
  if (can(actor, { action: "pilot.monitor" })) {
    const pilot = await ex.selectFrom("pilot").selectAll().where("id", "=", pilotId).executeTakeFirst();
    return pilot ? supportView(ex, actor, pilot) : null;
  }
  const pilot = await ex
    .selectFrom("pilot")
    .selectAll()
    .where("id", "=", pilotId)
    .where((eb) =>
      eb.or([eb("municipality_id", "=", membership.organizationId), eb("company_id", "=", membership.organizationId)]),
    )
    .executeTakeFirst();
  if (!pilot) return null;
  if (
    pilot.municipality_id === membership.organizationId &&
    membership.kind === "municipality" &&
    can(actor, { action: "pilot.view", organizationId: pilot.municipality_id })
  ) {
    return { pilot, side: "municipality" };
  }
  if (
    pilot.company_id === membership.organizationId &&
    membership.kind === "company" &&
    can(actor, { action: "pilot.view", organizationId: pilot.company_id })
  ) {
    return { pilot, side: "company" };
  }
  return null;
}

/** The organisation the actor acts for on this pilot, or null for an operator (who acts for neither party). */
export function ownOrganizationId(access: AccessiblePilot): string | null {
  if (access.side === "municipality") return access.pilot.municipality_id;
  if (access.side === "company") return access.pilot.company_id;
  return null;
}

/**
 * The gate for changes: like findPilotForActor, but an operator (who may read, audited) may not act for either party
 * and is refused before anything is read or recorded.
 */
export async function findPilotForParty(
  ex: Executor,
  actor: Actor | null,
  pilotId: string,
): Promise<AccessiblePilot | null> {
  if (can(actor, { action: "pilot.monitor" }))
    throw new AppError("forbidden", "運営者は実証の内容を閲覧のみできます。");
  return findPilotForActor(ex, actor, pilotId);
}

/** An operator reads a pilot for support: allowed, and audited every time. */
async function supportView(ex: Executor, actor: Actor, pilot: Pilot): Promise<AccessiblePilot> {
  const entry = { organizationId: pilot.municipality_id, entityType: "pilot", entityId: pilot.id };
  await recordAudit(ex, { actor, action: "pilot.support_view", ...entry });
  return { pilot, side: "operator" };
}
