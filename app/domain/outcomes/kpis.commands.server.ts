// A pilot's KPIs: imported once from the signed agreement (第6条 評価指標), then kept by either party's members — mapped to
// an indicator of seed 002's catalog or custom, with definition, unit, baseline, target, direction and frequency. A KPI
// is removed only while no submitted or approved report holds a value for it. Each change is one transaction with its
// audit row, under a lock on the pilot row.
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { findIndicator, INDICATORS } from "~/domain/pitches/catalog.data";
import { readAgreementContent } from "~/domain/pilots/agreement-content.schema";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import {
  KPI_DEFINITION_MAX,
  KPI_NAME_MAX,
  KPI_UNIT_MAX,
  lenientNumber,
  MAX_KPIS,
  type KpiInput,
} from "./outcomes.schema";
import { lockPilotForOutcomes } from "./outcomes.access.server";
import { isUuid } from "./outcomes-paths.rules";
import { pilotNotFound } from "~/domain/pilots/pilots.access.server";

/** The catalog indicator an agreement KPI names: its label exactly, or the proposal's KPI of that name that had one. */
function indicatorFor(
  name: string,
  proposalKpis: readonly { indicatorCode: string | null; name: string }[],
): string | null {
  const trimmed = name.trim();
  const byLabel = INDICATORS.find((i) => i.label === trimmed);
  if (byLabel) return byLabel.code;
  const fromProposal = proposalKpis.find((k) => k.name.trim() === trimmed && findIndicator(k.indicatorCode));
  return fromProposal?.indicatorCode ?? null;
}

export type ImportResult = { created: number; reason?: "unsigned" | "exists" | "empty" };

/**
 * Creates the pilot's KPIs from the SIGNED agreement version's 第6条 (name, unit, baseline, target, direction), with
 * baselines and targets read leniently from their text (「80%」 -> 80; not a single number -> null). Idempotent: does
 * nothing when the pilot has KPIs already (an amendment signed later does not overwrite KPIs kept since). Takes the
 * caller's transaction and locks the pilot row; the caller records the audit row.
 */
export async function importKpisFromAgreement(trx: Executor, pilotId: string, now = new Date()): Promise<ImportResult> {
  const pilot = await trx
    .selectFrom("pilot")
    .select(["id", "signed_version_id", "proposal_id"])
    .where("id", "=", pilotId)
    .forUpdate()
    .executeTakeFirst();
  if (!pilot) throw pilotNotFound();
  if (!pilot.signed_version_id) return { created: 0, reason: "unsigned" };
  const existing = await trx
    .selectFrom("pilot_kpi")
    .select("id")
    .where("pilot_id", "=", pilot.id)
    .limit(1)
    .executeTakeFirst();
  if (existing) return { created: 0, reason: "exists" };
  const version = await trx
    .selectFrom("pilot_agreement_version")
    .select("content")
    .where("id", "=", pilot.signed_version_id)
    .where("pilot_id", "=", pilot.id)
    .executeTakeFirst();
  const kpis = readAgreementContent(version?.content)
    .kpis.filter((k) => k.name.trim() !== "")
    .slice(0, MAX_KPIS);
  if (kpis.length === 0) return { created: 0, reason: "empty" };
  const proposal = await trx
    .selectFrom("proposal")
    .select("kpis")
    .where("id", "=", pilot.proposal_id)
    .executeTakeFirst();
  const proposalKpis = Array.isArray(proposal?.kpis) ? proposal.kpis : [];
  await trx
    .insertInto("pilot_kpi")
    .values(
      kpis.map((k, i) => {
        const code = indicatorFor(k.name, proposalKpis);
        const indicator = findIndicator(code);
        return {
          pilot_id: pilot.id,
          position: i + 1,
          indicator_code: code,
          name: k.name.trim().slice(0, KPI_NAME_MAX),
          definition: (indicator?.definition ?? "").slice(0, KPI_DEFINITION_MAX),
          unit: (k.unit.trim() || indicator?.unit || "").slice(0, KPI_UNIT_MAX),
          baseline: lenientNumber(k.baseline),
          target: lenientNumber(k.target),
          direction: k.direction,
          created_at: now,
          updated_at: now,
        };
      }),
    )
    .execute();
  return { created: kpis.length };
}

/** The button 「協定書からKPIを取り込む」: imports and records who did it; refuses when there is nothing to import. */
export async function importKpis(actor: MemberActor, pilotId: string, now = new Date()): Promise<number> {
  return inTransaction(async (trx) => {
    const { access } = await lockPilotForOutcomes(trx, actor, pilotId);
    const result = await importKpisFromAgreement(trx, access.pilot.id, now);
    if (result.reason === "unsigned")
      throw new AppError("conflict", "協定書が双方の署名で締結されてから、KPIを取り込めます。");
    if (result.reason === "exists")
      throw new AppError("conflict", "KPIはすでに登録されています。一覧で確認・編集してください。");
    if (result.reason === "empty")
      throw new AppError("conflict", "署名済みの協定書にKPIが記載されていません。「KPIを追加」から登録してください。");
    const names = await trx
      .selectFrom("pilot_kpi")
      .select("name")
      .where("pilot_id", "=", access.pilot.id)
      .orderBy("position")
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: access.pilot.municipality_id,
      action: "outcome.kpis_import",
      entityType: "pilot",
      entityId: access.pilot.id,
      changes: { signed_version_id: access.pilot.signed_version_id, kpis: names.map((n) => n.name) },
    });
    return result.created;
  });
}

/** The stored fields of a KPI from the form: a catalog indicator fills what was left empty (name, unit, definition). */
function kpiValues(input: KpiInput) {
  const indicator = findIndicator(input.indicatorCode);
  return {
    indicator_code: indicator ? indicator.code : null,
    name: input.name || indicator?.label || "",
    definition: input.definition || indicator?.definition || "",
    unit: input.unit || indicator?.unit || "",
    baseline: input.baseline,
    target: input.target,
    direction: input.direction,
    frequency: input.frequency,
  };
}

const KPI_FIELDS = [
  "indicator_code",
  "name",
  "definition",
  "unit",
  "baseline",
  "target",
  "direction",
  "frequency",
] as const;

export async function addKpi(actor: MemberActor, pilotId: string, input: KpiInput, now = new Date()): Promise<string> {
  return inTransaction(async (trx) => {
    const { access } = await lockPilotForOutcomes(trx, actor, pilotId);
    const stats = await trx
      .selectFrom("pilot_kpi")
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.max("position").as("last")])
      .where("pilot_id", "=", access.pilot.id)
      .executeTakeFirstOrThrow();
    if (Number(stats.n) >= MAX_KPIS) throw new AppError("bad_request", `KPIは${MAX_KPIS}件まで登録できます。`);
    const values = kpiValues(input);
    const row = await trx
      .insertInto("pilot_kpi")
      .values({
        pilot_id: access.pilot.id,
        position: Number(stats.last ?? 0) + 1,
        ...values,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "outcome.kpi_add",
      entityType: "pilot_kpi",
      entityId: row.id,
      changes: { pilot_id: access.pilot.id, ...changedFields({}, values, KPI_FIELDS) },
    });
    return row.id;
  });
}

const kpiNotFound = () => new AppError("not_found", "指標が見つかりません。");

export async function updateKpi(
  actor: MemberActor,
  pilotId: string,
  kpiId: string,
  input: KpiInput,
  now = new Date(),
): Promise<boolean> {
  if (!isUuid(kpiId)) throw kpiNotFound();
  return inTransaction(async (trx) => {
    const { access } = await lockPilotForOutcomes(trx, actor, pilotId);
    const before = await trx
      .selectFrom("pilot_kpi")
      .selectAll()
      .where("id", "=", kpiId)
      .where("pilot_id", "=", access.pilot.id)
      .executeTakeFirst();
    if (!before) throw kpiNotFound();
    const values = kpiValues(input);
    // numeric reads back in its own spelling ("80" stays "80"); compare the same way both sides were canonicalised.
    const changes = changedFields(before as Record<string, unknown>, values, KPI_FIELDS);
    if (Object.keys(changes).length === 0) return false;
    await trx
      .updateTable("pilot_kpi")
      .set({ ...values, updated_at: now })
      .where("id", "=", before.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "outcome.kpi_update",
      entityType: "pilot_kpi",
      entityId: before.id,
      changes: { pilot_id: access.pilot.id, ...changes },
    });
    return true;
  });
}

export async function removeKpi(actor: MemberActor, pilotId: string, kpiId: string): Promise<void> {
  if (!isUuid(kpiId)) throw kpiNotFound();
  await inTransaction(async (trx) => {
    const { access } = await lockPilotForOutcomes(trx, actor, pilotId);
    const kpi = await trx
      .selectFrom("pilot_kpi")
      .select(["id", "name"])
      .where("id", "=", kpiId)
      .where("pilot_id", "=", access.pilot.id)
      .executeTakeFirst();
    if (!kpi) throw kpiNotFound();
    const reported = await trx
      .selectFrom("outcome_value as v")
      .innerJoin("outcome_report as r", "r.id", "v.report_id")
      .select("r.status")
      .where("v.kpi_id", "=", kpi.id)
      .where("r.status", "in", ["submitted", "approved"])
      .limit(1)
      .executeTakeFirst();
    if (reported) {
      throw new AppError(
        "conflict",
        `「${kpi.name}」は${reported.status === "approved" ? "承認済み" : "確認待ち"}の成果報告に値が記録されているため、削除できません。`,
      );
    }
    // Values in drafts and returned reports go with it (foreign key cascade).
    await trx.deleteFrom("pilot_kpi").where("id", "=", kpi.id).execute();
    await recordAudit(trx, {
      actor,
      organizationId: actor.membership.organizationId,
      action: "outcome.kpi_remove",
      entityType: "pilot_kpi",
      entityId: kpi.id,
      changes: { pilot_id: access.pilot.id, name: { from: kpi.name, to: null } },
    });
  });
}
