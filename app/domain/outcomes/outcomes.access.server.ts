// Who may do what on a pilot's outcomes. Members of either party write reports and keep the KPIs (`outcome.report` on
// their own organisation); the municipality's verified admins approve or return reports (`outcome.review`); operators
// read (audited by the gate) and never write.
import { type MemberActor, can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import {
  findPilotForParty,
  ownOrganizationId,
  type AccessiblePilot,
  pilotNotFound,
} from "~/domain/pilots/pilots.access.server";
import { AppError } from "~/lib/errors";

export const REPORT_FORBIDDEN = "成果報告を作成・編集できるのは、実証を行う自治体と企業のメンバーです。";
export const REVIEW_FORBIDDEN = "成果報告を確認（承認・差し戻し）できるのは、確認済みの自治体の管理者です。";

export interface OutcomeAbilities {
  /** Write reports, edit the KPIs (either party's members). */
  canReport: boolean;
  /** Approve or return submitted reports (the municipality's verified admins). */
  canReview: boolean;
}

export function outcomeAbilities(actor: Actor, access: AccessiblePilot): OutcomeAbilities {
  const own = ownOrganizationId(access);
  return {
    canReport: own !== null && can(actor, { action: "outcome.report", organizationId: own }),
    canReview:
      access.side === "municipality" &&
      can(actor, { action: "outcome.review", organizationId: access.pilot.municipality_id }),
  };
}

/**
 * The pilot for a change to its outcomes, locked (FOR UPDATE) for the rest of the transaction so that KPI changes,
 * report creation and imports of one pilot run one after the other. Operators are refused before anything is read.
 */
export async function lockPilotForOutcomes(
  trx: Executor,
  actor: MemberActor,
  pilotId: string,
  need: keyof OutcomeAbilities = "canReport",
) {
  const access = await findPilotForParty(trx, actor, pilotId);
  if (!access) throw pilotNotFound();
  const abilities = outcomeAbilities(actor, access);
  if (!abilities[need]) throw new AppError("forbidden", need === "canReview" ? REVIEW_FORBIDDEN : REPORT_FORBIDDEN);
  const pilot = await trx
    .selectFrom("pilot")
    .selectAll()
    .where("id", "=", access.pilot.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { access: { ...access, pilot }, abilities, side: access.side as "municipality" | "company" };
}
