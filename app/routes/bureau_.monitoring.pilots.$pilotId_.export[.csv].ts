import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPilotForMonitoring } from "~/domain/monitoring/monitoring.access.server";
import { requireMonitoringViewer } from "~/web/monitoring-viewer.server";
import { csvResponse, pilotKpisCsv, pilotMilestonesCsv } from "~/domain/monitoring/monitoring.export.server";
import { monitoringPilot } from "~/domain/monitoring/monitoring.queries.server";
import { PilotExportSchema } from "~/domain/monitoring/monitoring.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";

const NAMES = { milestones: "支払予定", kpis: "KPI" } as const;

/** GET /bureau/monitoring/pilots/<id>/export.csv?table=milestones|kpis: a table of the pilot summary (audited like the page). */
export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, viewer } = await requireMonitoringViewer(request);
  const parsed = PilotExportSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw notFound("その表はありません。");
  const found = await findPilotForMonitoring(db(), actor, viewer, params.pilotId ?? "");
  if (!found) throw notFound("管轄区域の実証が見つかりません。");
  const page = await monitoringPilot(db(), found.pilot);
  const body = parsed.data.table === "milestones" ? pilotMilestonesCsv(page) : pilotKpisCsv(page);
  return csvResponse(
    body,
    `monitoring-pilot-${page.pilot.id}-${parsed.data.table}.csv`,
    `${NAMES[parsed.data.table]}_${page.pilot.title}.csv`,
  );
});
