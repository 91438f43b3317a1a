// Pilots, read side: the list of an actor's pilots, a pilot's parties, the pilot of a proposal.
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import type { PILOT_STATUS_LABELS } from "./pilots.schema";

/** The pilot of a proposal, if one was started (for links from the proposal pages). */
export async function pilotIdOfProposal(ex: Executor, proposalId: string): Promise<string | null> {
  const row = await ex.selectFrom("pilot").select("id").where("proposal_id", "=", proposalId).executeTakeFirst();
  return row?.id ?? null;
}

export interface PilotListItem {
  id: string;
  title: string;
  status: keyof typeof PILOT_STATUS_LABELS;
  municipalityName: string;
  companyName: string;
  createdAt: string;
  signedVersionId: string | null;
}

/** The pilots of the actor's organisation (as municipality or as company), newest first. */
export async function listPilotsForActor(
  actor: Actor,
  page = 1,
  pageSize = 20,
): Promise<{ items: PilotListItem[]; total: number }> {
  const organizationId = actor.membership?.organizationId;
  if (!organizationId || !can(actor, { action: "pilot.view", organizationId })) throw new AppError("forbidden");
  const column = actor.membership!.kind === "municipality" ? "p.municipality_id" : "p.company_id";
  const base = db().selectFrom("pilot as p").where(column, "=", organizationId);
  const [rows, count] = await Promise.all([
    base
      .innerJoin("organization as m", "m.id", "p.municipality_id")
      .innerJoin("organization as c", "c.id", "p.company_id")
      .select(["p.id", "p.title", "p.status", "p.created_at", "p.signed_version_id"])
      .select(["m.name as municipality_name", "c.name as company_name"])
      .orderBy("p.created_at", "desc")
      .orderBy("p.id")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      municipalityName: r.municipality_name,
      companyName: r.company_name,
      createdAt: new Date(r.created_at).toISOString(),
      signedVersionId: r.signed_version_id,
    })),
  };
}

/** The names shown in a pilot's header. */
export async function pilotParties(
  ex: Executor,
  pilot: { municipality_id: string; company_id: string; proposal_id: string; pitch_id: string },
) {
  const rows = await ex
    .selectFrom("organization")
    .select(["id", "name"])
    .where("id", "in", [pilot.municipality_id, pilot.company_id])
    .execute();
  const name = (id: string) => rows.find((r) => r.id === id)?.name ?? "";
  return { municipalityName: name(pilot.municipality_id), companyName: name(pilot.company_id) };
}
