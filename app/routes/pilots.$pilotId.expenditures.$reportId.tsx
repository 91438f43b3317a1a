// One expenditure report (the link of the notifications and e-mails): its contents, the review forms while it is under
// review, and the other reports of the same milestone. Another pilot's report id is "not found" like an unknown one.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ReportContents, ReportStatusBadge, ReviewForms, type ExpenditureFailure } from "~/components/expenditures";
import { FormAlert } from "~/components/form-field";
import { formatDateTime, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { MILESTONE_STATUS_LABELS } from "~/domain/funding/funding.schema";
import { expendituresAction } from "~/web/actions/expenditures.server";
import { reportPath } from "~/domain/expenditures/expenditures.commands.server";
import { findExpenditureReport } from "~/domain/expenditures/expenditures.queries.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `支出報告: ${data?.milestone.title ?? ""} | ガバメントピッチ・マッチング` },
];

const reportNotFound = () => notFound("支出報告が見つかりません。");

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const found = await findExpenditureReport(db(), actor, access, params.reportId ?? "");
  if (!found) throw reportNotFound();
  return json({ pilotId: access.pilot.id, side: access.side, ...found });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  const found = await findExpenditureReport(db(), actor, access, params.reportId ?? "");
  if (!found) throw reportNotFound();
  return expendituresAction(actor, access, request, reportPath(access.pilot.id, found.report.id));
});

export default function ExpenditureReport() {
  const { pilotId, report, milestone, canSubmit, canReview } = useLoaderData<typeof loader>();
  const failure = useActionData<ExpenditureFailure>();
  const busy = useNavigation().state === "submitting";
  const reviewing = canReview && report.status === "submitted";
  const isCurrent = milestone.reports[0]?.id === report.id;
  const others = milestone.reports.filter((r) => r.id !== report.id);
  const number = milestone.reports.length - milestone.reports.findIndex((r) => r.id === report.id);
  return (
    <>
      <p className="small">
        <Link to={`/pilots/${pilotId}/expenditures`}>← 支出報告の一覧</Link>
      </p>
      <h2>
        支出報告: {milestone.title}
        {milestone.reports.length > 1 ? `（第${number}回）` : ""}
        <ReportStatusBadge status={report.status} />
      </h2>
      <NoticeFromUrl />
      {failure && !reviewing ? (
        <FormAlert message={failure.formError ?? Object.values(failure.fieldErrors)[0]} />
      ) : null}
      {!isCurrent ? (
        <p className="alert alert--info">この報告は以前のものです。最新の報告は一覧から確認できます。</p>
      ) : null}
      <section className="card" aria-labelledby="milestone-heading">
        <h3 id="milestone-heading">支払予定</h3>
        <dl className="facts">
          <dt>名称</dt>
          <dd>{milestone.title}</dd>
          <dt>期日</dt>
          <dd>{milestone.dueDate}</dd>
          <dt>支払予定額</dt>
          <dd>{formatYen(milestone.amountYen)}</dd>
          <dt>支払の状況</dt>
          <dd>{MILESTONE_STATUS_LABELS[milestone.status]}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="report-heading">
        <h3 id="report-heading">報告の内容</h3>
        <ReportContents pilotId={pilotId} report={report} headingLevel={4} />
      </section>
      {reviewing ? (
        <section className="card" aria-labelledby="review-heading">
          <h3 id="review-heading">確認</h3>
          <p>明細と領収書を確認し、承認するか、理由を添えて差し戻してください。承認した報告は変更できません。</p>
          <ReviewForms report={report} failure={failure} busy={busy} />
        </section>
      ) : null}
      {canSubmit && isCurrent && report.status === "returned" && milestone.open ? (
        <p>
          <Link className="button" to={`/pilots/${pilotId}/expenditures#milestone-${milestone.id}`}>
            報告を直して再提出する
          </Link>
        </p>
      ) : null}
      {others.length > 0 ? (
        <section className="card" aria-labelledby="history-heading">
          <h3 id="history-heading">この支払予定のほかの報告</h3>
          <ul>
            {others.map((r) => (
              <li key={r.id}>
                <Link to={`/pilots/${pilotId}/expenditures/${r.id}`}>{formatDateTime(r.submittedAt)}の報告</Link>（
                {formatYen(r.totalYen)}）
                <ReportStatusBadge status={r.status} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
