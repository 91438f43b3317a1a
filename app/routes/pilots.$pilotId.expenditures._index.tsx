// 支出報告: the pilot's milestones with their expenditure reports. The company's members report per milestone (items,
// receipts), the municipality's verified admins approve or return, operators read (audited by the gate).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember } from "~/auth/guards.server";
import {
  ExpenditureReportForm,
  ReportContents,
  ReportStatusBadge,
  ReviewForms,
  valuesOfReport,
  type ExpenditureFailure,
} from "~/components/expenditures";
import { FormAlert } from "~/components/form-field";
import { formatDateTime, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { MILESTONE_STATUS_LABELS } from "~/domain/funding/funding.schema";
import { expendituresAction, expendituresPath } from "~/web/actions/expenditures.server";
import { expenditureOverview } from "~/domain/expenditures/expenditures.queries.server";
import { findPilotForParty, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { requirePilotViewer } from "~/web/pilot-guards.server";

export const meta: MetaFunction = () => [{ title: "支出報告 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const overview = await expenditureOverview(db(), actor, access);
  return json({ pilotId: access.pilot.id, side: access.side, ...overview });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  // Operators read (audited) but never act for a party: refused before anything is read or recorded.
  const access = await findPilotForParty(db(), actor, params.pilotId ?? "");
  if (!access) throw pilotNotFound();
  return expendituresAction(actor, access, request, expendituresPath(access.pilot.id));
});

const introBySide = {
  company:
    "支払予定（マイルストーン）ごとに、実施内容・成果と支出の明細を報告し、領収書を添付してください。自治体が確認して承認するか、理由を添えて差し戻します。差し戻された報告は直して再提出できます。",
  municipality:
    "企業から提出された支出報告を、明細と領収書で確認して承認するか、理由を添えて差し戻します。承認した報告は変更できません。",
  operator: "運営者として閲覧しています。提出や確認はできません。",
} as const;

export default function Expenditures() {
  const { pilotId, side, milestones, approvedYen, canSubmit, canReview } = useLoaderData<typeof loader>();
  const failure = useActionData<ExpenditureFailure>();
  const busy = useNavigation().state === "submitting";
  const scheduledYen = milestones.filter((m) => m.status !== "cancelled").reduce((sum, m) => sum + m.amountYen, 0);
  const waiting = milestones.filter((m) => m.reports[0]?.status === "submitted").length;
  // A failure is shown beside its form; if that form is gone (another reviewer decided first), at the top.
  const shownInForm =
    failure !== undefined &&
    milestones.some(
      (m) =>
        (failure.values.intent === "submit" && failure.values.milestoneId === m.id && canSubmit && m.open) ||
        (failure.values.reportId === m.reports[0]?.id && m.reports[0]?.status === "submitted" && canReview),
    );
  return (
    <>
      <h2>支出報告</h2>
      <NoticeFromUrl />
      {failure && !shownInForm ? (
        <FormAlert message={failure.formError ?? Object.values(failure.fieldErrors)[0]} />
      ) : null}
      <p>{introBySide[side]}</p>
      {side === "municipality" && !canReview ? (
        <p className="alert alert--info">承認・差し戻しは、確認済みの自治体の管理者が行います。</p>
      ) : null}

      {milestones.length === 0 ? (
        <p className="empty">
          {side === "municipality" ? (
            <>
              まだ支払予定（マイルストーン）がありません。<Link to={`/pilots/${pilotId}/funding`}>資金・支払</Link>
              で資金を配分して支払予定を登録すると、企業がここから支出を報告できます。
            </>
          ) : (
            "まだ支払予定（マイルストーン）がありません。自治体が資金の配分と支払予定を登録すると、ここから支出を報告できます。"
          )}
        </p>
      ) : (
        <>
          <dl className="facts card expenditure-summary">
            <dt>支払予定の合計</dt>
            <dd>{formatYen(scheduledYen)}</dd>
            <dt>承認済みの支出</dt>
            <dd>{formatYen(approvedYen)}</dd>
            <dt>確認待ちの報告</dt>
            <dd>{waiting}件</dd>
          </dl>
          {milestones.map((m) => {
            const current = m.reports[0] ?? null;
            const older = m.reports.slice(1);
            const formFailure =
              failure?.values.intent === "submit" && failure.values.milestoneId === m.id ? failure : undefined;
            const defaults = formFailure?.values ?? (current?.status === "returned" ? valuesOfReport(current) : {});
            return (
              <section
                key={m.id}
                id={`milestone-${m.id}`}
                className="card milestone-card"
                aria-labelledby={`milestone-${m.id}-heading`}
              >
                <h3 id={`milestone-${m.id}-heading`}>
                  {m.title}
                  <ReportStatusBadge status={current?.status ?? null} />
                </h3>
                <dl className="facts">
                  <dt>期日</dt>
                  <dd>{m.dueDate}</dd>
                  <dt>支払予定額</dt>
                  <dd>{formatYen(m.amountYen)}</dd>
                  <dt>支払の状況</dt>
                  <dd>
                    {MILESTONE_STATUS_LABELS[m.status]}
                    {m.requiresReport ? "（支払の承認には支出報告の承認が必要です）" : ""}
                  </dd>
                </dl>

                {current ? (
                  <>
                    <h4>
                      {current.status === "returned" ? "差し戻された報告" : "提出された報告"}
                      {m.reports.length > 1 ? `（第${m.reports.length}回）` : ""}
                    </h4>
                    <ReportContents
                      pilotId={pilotId}
                      report={current}
                      headingLevel={4}
                      collapsed={current.status === "approved"}
                    />
                    <p className="small">
                      <Link to={`/pilots/${pilotId}/expenditures/${current.id}`}>この報告のページを開く</Link>
                    </p>
                    {canReview && current.status === "submitted" ? (
                      <ReviewForms
                        report={current}
                        failure={failure?.values.reportId === current.id ? failure : undefined}
                        busy={busy}
                        heading="この報告を確認する"
                      />
                    ) : null}
                  </>
                ) : (
                  <p className="muted">まだ支出報告はありません。</p>
                )}

                {older.length > 0 ? (
                  <>
                    <h4>これまでの報告</h4>
                    <ul>
                      {older.map((r) => (
                        <li key={r.id}>
                          <Link to={`/pilots/${pilotId}/expenditures/${r.id}`}>
                            {formatDateTime(r.submittedAt)}の報告
                          </Link>
                          （{formatYen(r.totalYen)}）
                          <ReportStatusBadge status={r.status} />
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}

                {canSubmit && m.status === "cancelled" ? (
                  <p className="muted">この支払予定は取り消されたため、支出は報告できません。</p>
                ) : null}
                {canSubmit && m.open ? (
                  <details className="report-form" open={formFailure ? true : undefined}>
                    <summary>
                      {current?.status === "returned" ? "報告を直して再提出する" : "この支払予定の支出を報告する"}
                    </summary>
                    <ExpenditureReportForm
                      key={current?.id ?? "new"}
                      milestoneId={m.id}
                      defaults={defaults}
                      failure={formFailure}
                      busy={busy}
                      resubmission={current?.status === "returned"}
                    />
                  </details>
                ) : null}
              </section>
            );
          })}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
