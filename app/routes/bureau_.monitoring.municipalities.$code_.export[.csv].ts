import type { LoaderFunctionArgs } from "@remix-run/node";
import { fiscalYearOf } from "~/domain/funding/fiscal-year.rules";
import { findMunicipalityForViewer } from "~/domain/monitoring/monitoring.access.server";
import { requireMonitoringViewer } from "~/web/monitoring-viewer.server";
import {
  csvResponse,
  municipalityPilotsCsv,
  municipalityPitchesCsv,
  summaryCsv,
} from "~/domain/monitoring/monitoring.export.server";
import { monitoringMunicipality } from "~/domain/monitoring/monitoring.queries.server";
import { MunicipalityExportSchema } from "~/domain/monitoring/monitoring.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";

const NAMES = { summary: "概要", pitches: "ピッチ", pilots: "実証" } as const;

/** GET /bureau/monitoring/municipalities/<code>/export.csv?table=summary|pitches|pilots&fy=: a table of the municipality's page. */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { viewer } = await requireMonitoringViewer(request);
  const municipality = await findMunicipalityForViewer(db(), viewer, params.code ?? "");
  if (!municipality) throw notFound("管轄区域の自治体が見つかりません。");
  const parsed = MunicipalityExportSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw notFound("その表はありません。");
  const page = await monitoringMunicipality(db(), viewer, municipality, parsed.data.fy ?? fiscalYearOf(new Date()));
  const { table } = parsed.data;
  const body =
    table === "summary"
      ? summaryCsv(page.fiscalYear, `${municipality.prefectureName}${municipality.name}`, page.counters)
      : table === "pitches"
        ? municipalityPitchesCsv(page)
        : municipalityPilotsCsv(page);
  return csvResponse(
    body,
    `monitoring-${municipality.code}-${table}-${page.fiscalYear}.csv`,
    `モニタリング_${municipality.name}_${NAMES[table]}_${page.fiscalYear}年度.csv`,
  );
});
