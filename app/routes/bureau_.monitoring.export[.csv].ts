import type { LoaderFunctionArgs } from "@remix-run/node";
import { scopeFor } from "~/domain/monitoring/monitoring.access.server";
import { requireMonitoringViewer } from "~/web/monitoring-viewer.server";
import {
  csvResponse,
  municipalitiesCsv,
  prefecturesCsv,
  summaryCsv,
} from "~/domain/monitoring/monitoring.export.server";
import { monitoringDashboard } from "~/domain/monitoring/monitoring.queries.server";
import { DashboardExportSchema } from "~/domain/monitoring/monitoring.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";

const NAMES = { summary: "概要", prefectures: "都道府県別", municipalities: "市区町村別" } as const;

/** GET /bureau/monitoring/export.csv?table=summary|prefectures|municipalities&fy=&pref=: a dashboard table as CSV (UTF-8 BOM, CRLF). */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const { viewer } = await requireMonitoringViewer(request);
  const parsed = DashboardExportSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw notFound("その表はありません。");
  const { table, ...query } = parsed.data;
  const scope = scopeFor(viewer, query);
  const dashboard = await monitoringDashboard(db(), viewer, scope);
  const area = scope.prefectureCode
    ? (viewer.prefectures.find((p) => p.code === scope.prefectureCode)?.name ?? "")
    : viewer.kind === "operator"
      ? "全国"
      : `${viewer.organizationName}の管轄区域`;
  const body =
    table === "summary"
      ? summaryCsv(scope.fiscalYear, area, dashboard.total)
      : table === "prefectures"
        ? prefecturesCsv(scope.fiscalYear, dashboard)
        : municipalitiesCsv(scope.fiscalYear, dashboard);
  const suffix = scope.prefectureCode ? `-${String(scope.prefectureCode).padStart(2, "0")}` : "";
  return csvResponse(
    body,
    `monitoring-${table}-${scope.fiscalYear}${suffix}.csv`,
    `モニタリング_${NAMES[table]}_${scope.fiscalYear}年度${scope.prefectureCode ? `_${area}` : ""}.csv`,
  );
});
