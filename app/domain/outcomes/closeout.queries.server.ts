// Close-out, read side: who may close, the close-out record with its adoptions, and the municipalities to choose from.
import type { Pilot } from "@db/schema";
import { type Actor, can } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { type AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import { budgetedChoice, type PILOT_RESULT_LABELS, type BudgetedChoice } from "./pilot-result.schema";

/** Closing, 予算化 and 横展開 are the municipality's verified admins' (never the company's, never an operator's). */
export function mayClosePilot(actor: Actor, access: AccessiblePilot): boolean {
  return (
    access.side === "municipality" &&
    can(actor, { action: "pilot.close", organizationId: access.pilot.municipality_id })
  );
}

/** The next cycle is a draft pitch: any member of the pilot's municipality may prepare one (drafts need no verification). */
export function mayStartNextCycle(actor: Actor, access: AccessiblePilot): boolean {
  return (
    access.side === "municipality" &&
    can(actor, { action: "pitch.create" }) &&
    can(actor, { action: "pitch.edit", organizationId: access.pilot.municipality_id })
  );
}

export interface AdoptionView {
  municipalityCode: string;
  municipalityName: string;
  prefectureName: string;
  note: string;
  recordedAt: string;
}

export interface CloseoutView {
  result: keyof typeof PILOT_RESULT_LABELS;
  finalReport: string;
  whatWorked: string;
  whatDidNotWork: string;
  nextStep: string;
  budgeted: BudgetedChoice;
  budgetedNote: string;
  closedAt: string;
  closedByName: string | null;
  updatedAt: string;
  nextPitch: { id: string; title: string; status: string } | null;
  adoptions: AdoptionView[];
}

export async function listAdoptions(ex: Executor, pilotId: string): Promise<AdoptionView[]> {
  const rows = await ex
    .selectFrom("pilot_adoption as a")
    .innerJoin("municipality as m", "m.code", "a.municipality_code")
    .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
    .select(["a.municipality_code", "m.name", "p.name as prefecture_name", "a.note", "a.recorded_at"])
    .where("a.pilot_id", "=", pilotId)
    .orderBy("a.recorded_at")
    .orderBy("a.municipality_code")
    .execute();
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    municipalityName: r.name,
    prefectureName: r.prefecture_name,
    note: r.note,
    recordedAt: new Date(r.recorded_at).toISOString(),
  }));
}

/** The close-out of a pilot, or null while it runs. */
export async function getCloseout(ex: Executor, pilotId: string): Promise<CloseoutView | null> {
  const row = await ex
    .selectFrom("pilot_closeout as c")
    .leftJoin("app_user as u", "u.id", "c.closed_by")
    .leftJoin("pitch as np", "np.id", "c.next_pitch_id")
    .select(["c.result", "c.final_report", "c.what_worked", "c.what_did_not_work", "c.next_step"])
    .select(["c.budgeted_next_year", "c.budgeted_note", "c.closed_at", "c.updated_at"])
    .select(["u.display_name", "np.id as next_pitch_id", "np.title as next_pitch_title"])
    .select(["np.status as next_pitch_status"])
    .where("c.pilot_id", "=", pilotId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    result: row.result,
    finalReport: row.final_report,
    whatWorked: row.what_worked,
    whatDidNotWork: row.what_did_not_work,
    nextStep: row.next_step,
    budgeted: budgetedChoice(row.budgeted_next_year),
    budgetedNote: row.budgeted_note,
    closedAt: new Date(row.closed_at).toISOString(),
    closedByName: row.display_name,
    updatedAt: new Date(row.updated_at).toISOString(),
    nextPitch: row.next_pitch_id
      ? { id: row.next_pitch_id, title: row.next_pitch_title ?? "", status: row.next_pitch_status ?? "draft" }
      : null,
    adoptions: await listAdoptions(ex, pilotId),
  };
}

export async function ownMunicipalityCode(ex: Executor, pilot: Pick<Pilot, "municipality_id">): Promise<string | null> {
  const row = await ex
    .selectFrom("organization")
    .select("municipality_code")
    .where("id", "=", pilot.municipality_id)
    .executeTakeFirst();
  return row?.municipality_code ?? null;
}

/** Katakana to hiragana (the reference table's readings are hiragana). */
function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface MunicipalityCandidate {
  code: string;
  name: string;
  prefectureName: string;
}

/**
 * Municipalities whose name or reading contains `q`, for the 横展開 list: never the pilot's own municipality (nor its
 * wards), never one already listed. At most 20, in code order.
 */
export async function searchAdoptionCandidates(
  ex: Executor,
  pilot: Pick<Pilot, "id" | "municipality_id">,
  q: string,
): Promise<MunicipalityCandidate[]> {
  const needle = q.normalize("NFKC").trim();
  if (!needle) return [];
  const own = (await ownMunicipalityCode(ex, pilot)) ?? "";
  const rows = await ex
    .selectFrom("municipality as m")
    .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
    .select(["m.code", "m.name", "p.name as prefecture_name"])
    .where((eb) =>
      eb.or([
        eb("m.name", "like", `%${escapeLike(needle)}%`),
        eb("m.kana", "like", `%${escapeLike(toHiragana(needle))}%`),
      ]),
    )
    .where("m.code", "!=", own)
    .where("m.abolished_on", "is", null)
    .where((eb) => eb.or([eb("m.parent_code", "is", null), eb("m.parent_code", "!=", own)]))
    .where((eb) =>
      eb(
        "m.code",
        "not in",
        eb.selectFrom("pilot_adoption").select("municipality_code").where("pilot_id", "=", pilot.id),
      ),
    )
    .orderBy("m.code")
    .limit(20)
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, prefectureName: r.prefecture_name }));
}

// -------------------------------------------------------------------------------------------------------- commands

/**
 * What the close-out page shows the actor: the record (without the next cycle's pitch for the company: it is the
 * municipality's own draft), what the actor may do, and for the closer the municipalities matching `q`.
 */
export async function closeoutPage(ex: Executor, actor: Actor, access: AccessiblePilot, q: string) {
  const { pilot, side } = access;
  const closeout = await getCloseout(ex, pilot.id);
  const canClose = mayClosePilot(actor, access);
  return {
    pilotId: pilot.id,
    side,
    status: pilot.status,
    canClose,
    canStartNextCycle: closeout !== null && mayStartNextCycle(actor, access),
    closeout: closeout && side !== "municipality" ? { ...closeout, nextPitch: null } : closeout,
    q,
    candidates: canClose && closeout && q ? await searchAdoptionCandidates(ex, pilot, q) : [],
  };
}
