// The outcomes of a pilot: its KPIs with a chart each (approved values against the target), the reports by period with
// their status, and the form to start the report of a period. Both parties read and write; operators read only.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormAlert, SelectField } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { KpiChart } from "~/components/kpi-chart";
import { NoticeFromUrl } from "~/components/notices";
import { TableWrap } from "~/components/table-wrap";
import { attainmentLabel } from "~/domain/outcomes/attainment.rules";
import { importKpis } from "~/domain/outcomes/kpis.commands.server";
import { listKpis } from "~/domain/outcomes/kpis.queries.server";
import { outcomeAbilities, REPORT_FORBIDDEN } from "~/domain/outcomes/outcomes.access.server";
import {
  AUTHOR_SIDE_LABELS,
  CreateReportSchema,
  formatValue,
  ImportKpisSchema,
  KPI_DIRECTION_LABELS,
  REPORT_STATUS_LABELS,
} from "~/domain/outcomes/outcomes.schema";
import { FREQUENCY_LABELS } from "~/domain/outcomes/periods.rules";
import { createReport } from "~/domain/outcomes/reports.commands.server";
import { reportPath } from "~/domain/outcomes/outcomes-paths.rules";
import { kpiSeries, listReports, reportingPlan } from "~/domain/outcomes/reports.queries.server";
import { approachLabels, findIndicator, stageLabels } from "~/domain/pitches/catalog.data";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { handle, type FormFailure } from "~/web/http.server";
import { BAD_OPERATION, CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";
import { readForm } from "~/web/input.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const { pilot } = access;
  const [kpis, reports] = await Promise.all([listKpis(db(), pilot.id), listReports(db(), pilot.id)]);
  const [series, plan] = await Promise.all([
    kpiSeries(db(), pilot.id, kpis),
    reportingPlan(db(), pilot, kpis, reports),
  ]);
  return json({
    pilotId: pilot.id,
    side: access.side,
    signed: pilot.signed_version_id !== null,
    canReport: outcomeAbilities(actor, access).canReport,
    kpis: kpis.map((k) => ({ ...k, series: series.find((s) => s.kpiId === k.id)! })),
    reports,
    plan,
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  if (!outcomeAbilities(actor, access).canReport) throw new AppError("forbidden", REPORT_FORBIDDEN);
  const pilotId = access.pilot.id;
  const formData = await readForm(request);
  return runIntent(formData, {
    importKpis: intent({
      schema: ImportKpisSchema,
      invalid: BAD_OPERATION,
      run: () => importKpis(actor, pilotId),
      done: { path: `/pilots/${pilotId}/outcomes/kpis`, notice: "kpis-imported" },
    }),
    createReport: intent({
      schema: CreateReportSchema,
      invalid: CHECK_INPUT,
      run: (data) => createReport(actor, pilotId, data.period),
      done: (reportId) => ({ path: reportPath(pilotId, reportId), notice: "outcome-report-created" }),
    }),
  });
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const statusBadge: Record<Data["reports"][number]["status"], string> = {
  draft: "badge badge--muted",
  submitted: "badge badge--warn",
  approved: "badge badge--ok",
  returned: "badge badge--error",
};

function KpiCard({ kpi }: { kpi: Data["kpis"][number] }) {
  const indicator = findIndicator(kpi.indicatorCode);
  const latest = kpi.series.latest;
  return (
    <li className="card kpi-card">
      <h3>{kpi.name}</h3>
      <dl className="facts">
        <dt>評価指標の例</dt>
        <dd>{indicator ? `${approachLabels[indicator.approach]}・${stageLabels[indicator.stage]}` : "独自の指標"}</dd>
        <dt>基準値 → 目標値</dt>
        <dd>
          {formatValue(kpi.baseline)} → {formatValue(kpi.target)}
          {kpi.unit ? `（${kpi.unit}）` : ""}・{KPI_DIRECTION_LABELS[kpi.direction]}
        </dd>
        <dt>報告の頻度</dt>
        <dd>{FREQUENCY_LABELS[kpi.frequency]}</dd>
        <dt>最新の値（承認済み）</dt>
        <dd>
          {latest ? (
            <>
              {formatValue(latest.value)}
              {kpi.unit}
              <span
                className={
                  kpi.series.met === true
                    ? "badge badge--ok"
                    : kpi.series.met === false
                      ? "badge badge--error"
                      : "badge badge--muted"
                }
              >
                {attainmentLabel(kpi.series.met)}
              </span>
            </>
          ) : (
            "まだありません"
          )}
        </dd>
      </dl>
      {kpi.definition ? <p className="small pre-wrap">{kpi.definition}</p> : null}
      <KpiChart
        name={kpi.name}
        unit={kpi.unit}
        direction={kpi.direction}
        baseline={kpi.baseline}
        target={kpi.target}
        points={kpi.series.points}
      />
    </li>
  );
}

export default function PilotOutcomes() {
  const { pilotId, signed, canReport, kpis, reports, plan } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const asked = params.get("period");
  const due = plan.lastEnded && !plan.lastEnded.reported ? plan.lastEnded : null;
  return (
    <>
      <NoticeFromUrl />
      <FormAlert message={result?.formError} />
      {due ? (
        <div className={`alert ${due.overdue ? "alert--error" : "alert--warn"}`} role="status">
          {due.label}の成果報告がまだ提出されていません{due.overdue ? "（期間の終了から14日以上が過ぎています）" : ""}。
          {canReport ? "下の「報告を作成」から作成して提出してください。" : null}
        </div>
      ) : null}
      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading">KPI（評価指標）</h2>
        <p className="small">
          承認された報告の値を、目標（破線）・基準値（点線）とあわせて期間ごとに示します。
          {canReport ? <Link to={`/pilots/${pilotId}/outcomes/kpis`}>KPIを編集する</Link> : null}
        </p>
        {kpis.length === 0 ? (
          <div className="empty">
            <p>
              KPIはまだ登録されていません。
              {signed ? "" : "協定書が双方の署名で締結されると、協定書のKPIを取り込めます。"}
            </p>
            {canReport && signed ? (
              <Form method="post" className="actions actions--center">
                <input type="hidden" name="intent" value="importKpis" />
                <button type="submit" className="button" disabled={busy}>
                  協定書からKPIを取り込む
                </button>
                <Link to={`/pilots/${pilotId}/outcomes/kpis`}>KPIを手で登録する</Link>
              </Form>
            ) : null}
          </div>
        ) : (
          <ul className="kpi-list">
            {kpis.map((k) => (
              <KpiCard key={k.id} kpi={k} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">期間ごとの成果報告</h2>
        <p className="small muted">
          報告の頻度: {FREQUENCY_LABELS[plan.frequency]}
          （KPIで最も多い頻度）。報告には集計した数値だけを記入し、個人の情報は書きません。
        </p>
        {canReport && signed && plan.openPeriods.length > 0 ? (
          <div className="card">
            <Form method="post" className="inline-form" noValidate>
              <input type="hidden" name="intent" value="createReport" />
              <SelectField
                name="period"
                label="報告する期間"
                defaultValue={
                  result?.values.period ?? `${plan.frequency}:${asked ?? due?.start ?? plan.openPeriods[0]!.start}`
                }
                error={result?.fieldErrors.period}
              >
                {plan.openPeriods.map((p) => (
                  <option key={p.start} value={`${p.frequency}:${p.start}`}>
                    {p.label}
                  </option>
                ))}
              </SelectField>
              <button type="submit" className="button" disabled={busy}>
                報告を作成
              </button>
            </Form>
          </div>
        ) : null}
        {!signed ? <p className="muted">協定書が双方の署名で締結されると、成果報告を作成できます。</p> : null}
        {reports.length === 0 ? (
          <p className="empty">成果報告はまだありません。</p>
        ) : (
          <TableWrap label="成果報告の一覧">
            <table>
              <thead>
                <tr>
                  <th scope="col">期間</th>
                  <th scope="col">状態</th>
                  <th scope="col">作成</th>
                  <th scope="col" className="num">
                    値の数
                  </th>
                  <th scope="col">提出</th>
                  <th scope="col">確認</th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={reportPath(pilotId, r.id)}>{r.periodLabel}</Link>
                    </th>
                    <td>
                      <span className={`${statusBadge[r.status]} badge--flush`}>{REPORT_STATUS_LABELS[r.status]}</span>
                    </td>
                    <td>{AUTHOR_SIDE_LABELS[r.authorSide]}</td>
                    <td className="num">{r.values}</td>
                    <td>{formatDateTime(r.submittedAt)}</td>
                    <td>{formatDateTime(r.reviewedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
