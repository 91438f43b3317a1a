// Who may look at the monitoring pages and what they see: a verified bureau its jurisdiction (the prefectures of its
// regional_bureau), an operator all of Japan. Everyone else is refused (403). A municipality or a pilot outside the
// viewer's prefectures does not exist for them (404), like an id that does not exist.
import { isUuid } from "~/lib/uuid";
import type { Pilot } from "@db/schema";
import { type MemberActor, can } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { AppError } from "~/lib/errors";
import type { Scope } from "./counters.queries.server";
import { MunicipalityCodeSchema, type MonitoringQuery } from "./monitoring.schema";

export interface MonitoringViewer {
  kind: "bureau" | "operator";
  /** The bureau's name (or the operator organisation's). */
  organizationName: string;
  /** The prefectures the viewer may pick, in code order. */
  prefectures: { code: number; name: string }[];
  /** The jurisdiction as the counters take it. */
  prefectureCodes: number[] | "all";
}

export async function monitoringViewerOf(ex: Executor, actor: MemberActor): Promise<MonitoringViewer> {
  if (can(actor, { action: "pilot.monitor" })) {
    const prefectures = await ex.selectFrom("prefecture").select(["code", "name"]).orderBy("code").execute();
    return {
      kind: "operator",
      organizationName: actor.membership.organizationName,
      prefectures,
      prefectureCodes: "all",
    };
  }
  if (!can(actor, { action: "bureau.viewData" })) {
    throw new AppError("forbidden", "管内のデータは、確認済みの地方局と運営事務局だけが閲覧できます。");
  }
  const prefectures = await ex
    .selectFrom("organization")
    .innerJoin("regional_bureau_prefecture", "regional_bureau_prefecture.bureau_id", "organization.bureau_id")
    .innerJoin("prefecture", "prefecture.code", "regional_bureau_prefecture.prefecture_code")
    .select(["prefecture.code", "prefecture.name"])
    .where("organization.id", "=", actor.membership.organizationId)
    .where("organization.kind", "=", "bureau")
    .orderBy("prefecture.code")
    .execute();
  if (prefectures.length === 0)
    throw new AppError("forbidden", "管轄区域が登録されていません。運営事務局にお問い合わせください。");
  return {
    kind: "bureau",
    organizationName: actor.membership.organizationName,
    prefectures,
    prefectureCodes: prefectures.map((p) => p.code),
  };
}

/** The scope of a page from its filters: the current fiscal year by default; a prefecture outside the viewer's is a 404. */
export function scopeFor(viewer: MonitoringViewer, query: MonitoringQuery, now = new Date()): Scope {
  if (query.pref !== undefined && !viewer.prefectures.some((p) => p.code === query.pref)) {
    throw new AppError("not_found", "この都道府県は管轄区域に含まれていません。");
  }
  return {
    prefectureCodes: viewer.prefectureCodes,
    fiscalYear: query.fy ?? fiscalYearOf(now),
    prefectureCode: query.pref,
  };
}

export interface MonitoredMunicipality {
  code: string;
  name: string;
  prefectureCode: number;
  prefectureName: string;
}

/** A municipality (by its 6-digit code) in the viewer's prefectures, or null (not one, or outside the jurisdiction). */
export async function findMunicipalityForViewer(
  ex: Executor,
  viewer: MonitoringViewer,
  code: string,
): Promise<MonitoredMunicipality | null> {
  if (!MunicipalityCodeSchema.safeParse(code).success) return null;
  let query = ex
    .selectFrom("municipality")
    .innerJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .select(["municipality.code", "municipality.name", "municipality.prefecture_code"])
    .select(["prefecture.name as prefecture_name"])
    .where("municipality.code", "=", code);
  if (viewer.prefectureCodes !== "all") {
    if (viewer.prefectureCodes.length === 0) return null;
    query = query.where("municipality.prefecture_code", "in", viewer.prefectureCodes);
  }
  const row = await query.executeTakeFirst();
  return row
    ? { code: row.code, name: row.name, prefectureCode: row.prefecture_code, prefectureName: row.prefecture_name }
    : null;
}

export interface MonitoredPilot {
  pilot: Pilot;
  prefectureCode: number;
  municipalityCode: string;
}

/**
 * A pilot whose pitch lies in the viewer's prefectures, or null. Each read is audited (`pilot.bureau_view`, on the
 * pilot's municipality), like an operator's support read: who looked at which pilot, and when.
 */
export async function findPilotForMonitoring(
  ex: Executor,
  actor: MemberActor,
  viewer: MonitoringViewer,
  pilotId: string,
): Promise<MonitoredPilot | null> {
  if (!isUuid(pilotId)) return null;
  let query = ex
    .selectFrom("pilot")
    .innerJoin("pitch", "pitch.id", "pilot.pitch_id")
    .selectAll("pilot")
    .select(["pitch.prefecture_code", "pitch.municipality_code"])
    .where("pilot.id", "=", pilotId);
  if (viewer.prefectureCodes !== "all") {
    if (viewer.prefectureCodes.length === 0) return null;
    query = query.where("pitch.prefecture_code", "in", viewer.prefectureCodes);
  }
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { prefecture_code, municipality_code, ...pilot } = row;
  await recordAudit(ex, {
    actor,
    organizationId: pilot.municipality_id,
    action: "pilot.bureau_view",
    entityType: "pilot",
    entityId: pilot.id,
    changes: { viewer: viewer.kind },
  });
  return { pilot, prefectureCode: prefecture_code, municipalityCode: municipality_code };
}
