// One outcome report: the author side fills it in (values per KPI, participant counts, narrative, photos) and submits
// it; the municipality's verified admins approve it (final) or return it with a comment. Everyone else of both parties
// reads it; operators read only.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { periodHasEnded } from "~/domain/outcomes/periods.rules";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { MemberActor } from "~/auth/permissions";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { ReportForm, ReportPhotos, ReportView, ReviewForm } from "~/components/outcome-report";
import { listKpis } from "~/domain/outcomes/kpis.queries.server";
import { removeOutcomePhoto, uploadOutcomePhoto } from "~/domain/outcomes/outcome-photos.files.server";
import { outcomeAbilities } from "~/domain/outcomes/outcomes.access.server";
import {
  AUTHOR_SIDE_LABELS,
  MAX_PHOTO_BYTES,
  RemovePhotoSchema,
  REPORT_STATUS_LABELS,
  reportFormSchema,
  ReviewReportSchema,
  toReportInput,
} from "~/domain/outcomes/outcomes.schema";
import { reviewReport, saveReport } from "~/domain/outcomes/reports.commands.server";
import { outcomesPath, photoPath, reportPath } from "~/domain/outcomes/outcomes-paths.rules";
import { findReport } from "~/domain/outcomes/reports.queries.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle, type FormFailure } from "~/web/http.server";
import { isMultipart, runUploadForm } from "~/web/uploads.server";
import { CHECK_INPUT, intent, intentOf, runIntent } from "~/web/intents.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.report.periodLabel ?? ""}の成果報告 | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const report = await findReport(db(), access.pilot.id, params.reportId ?? "");
  if (!report) throw notFound("成果報告が見つかりません。");
  const kpis = await listKpis(db(), access.pilot.id);
  const abilities = outcomeAbilities(actor, access);
  return json({
    pilotId: access.pilot.id,
    report: { ...report, photos: report.photos.map((p) => ({ ...p, src: photoPath(access.pilot.id, p.id) })) },
    kpis: kpis.map((k) => ({
      id: k.id,
      name: k.name,
      unit: k.unit,
      target: k.target,
      baseline: k.baseline,
      direction: k.direction,
    })),
    editable:
      abilities.canReport &&
      access.side === report.authorSide &&
      (report.status === "draft" || report.status === "returned"),
    reviewable: abilities.canReview && report.status === "submitted",
    periodOver: periodHasEnded({ start: report.periodStart, end: report.periodEnd }, new Date()),
  });
});

function photoAction(actor: MemberActor, pilotId: string, reportId: string, request: Request) {
  return runUploadForm(request, {
    intent: "uploadPhoto",
    field: "photo",
    textFields: ["caption"],
    limits: { maxFileBytes: MAX_PHOTO_BYTES, maxFiles: 1, maxTextBytes: 64 * 1024, maxParts: 10 },
    noFile: "写真のファイルを選んでください。",
    run: (file, text) => uploadOutcomePhoto(actor, pilotId, reportId, file, text.caption ?? ""),
    done: { path: reportPath(pilotId, reportId), notice: "outcome-photo-added" },
    values: (text) => ({ intent: "uploadPhoto", caption: text.caption ?? "" }),
  });
}

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  const pilotId = access.pilot.id;
  const report = await findReport(db(), pilotId, params.reportId ?? "");
  if (!report) throw notFound("成果報告が見つかりません。");
  if (isMultipart(request)) {
    return photoAction(actor, pilotId, report.id, request);
  }
  const formData = await readForm(request);
  const path = reportPath(pilotId, report.id);
  const kpiIds = (await listKpis(db(), pilotId)).map((k) => k.id);
  const save = intent({
    schema: reportFormSchema(kpiIds),
    invalid: CHECK_INPUT,
    run: (data) =>
      saveReport(actor, pilotId, report.id, toReportInput(data, kpiIds), { submit: data.intent === "submit" }),
    done: { path, notice: intentOf(formData) === "submit" ? "outcome-report-submitted" : "outcome-report-saved" },
  });
  return runIntent(formData, {
    save,
    submit: save,
    review: intent({
      schema: ReviewReportSchema,
      invalid: CHECK_INPUT,
      run: async (data) => (await reviewReport(actor, pilotId, report.id, data), data.decision),
      done: (decision) => ({
        path,
        notice: decision === "approve" ? "outcome-report-approved" : "outcome-report-returned",
      }),
    }),
    removePhoto: intent({
      schema: RemovePhotoSchema,
      invalid: "写真が見つかりません。",
      run: (data) => removeOutcomePhoto(actor, pilotId, report.id, data.photoId),
      done: { path, notice: "outcome-photo-removed" },
    }),
  });
});

const statusBadge = {
  draft: "badge badge--muted",
  submitted: "badge badge--warn",
  approved: "badge badge--ok",
  returned: "badge badge--error",
} as const;

export default function OutcomeReportPage() {
  const { pilotId, report, kpis, editable, reviewable, periodOver } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const formError =
    result && !["save", "submit", "review", "uploadPhoto", "removePhoto"].includes(result.values.intent ?? "")
      ? result.formError
      : undefined;
  return (
    <>
      <p className="small">
        <Link to={outcomesPath(pilotId)}>成果報告の一覧に戻る</Link>
      </p>
      <h2>
        {report.periodLabel}の成果報告
        <span className={statusBadge[report.status]}>{REPORT_STATUS_LABELS[report.status]}</span>
      </h2>
      <NoticeFromUrl />
      {formError ? (
        <div className="alert alert--error" role="alert">
          {formError}
        </div>
      ) : null}
      <dl className="facts">
        <dt>期間</dt>
        <dd>
          {report.periodStart}〜{report.periodEnd}
        </dd>
        <dt>作成</dt>
        <dd>
          {AUTHOR_SIDE_LABELS[report.authorSide]}
          {report.createdBy ? `（${report.createdBy}）` : ""}
        </dd>
        <dt>提出</dt>
        <dd>
          {report.submittedAt ? `${formatDateTime(report.submittedAt)}（${report.submittedBy ?? "—"}）` : "未提出"}
        </dd>
        <dt>確認</dt>
        <dd>{report.reviewedAt ? `${formatDateTime(report.reviewedAt)}（${report.reviewedBy ?? "—"}）` : "—"}</dd>
      </dl>
      {report.status === "returned" ? (
        <div className="alert alert--error" role="status">
          <strong>差し戻されました。</strong> 理由: <span className="pre-wrap">{report.reviewComment}</span>
        </div>
      ) : null}
      {report.status === "submitted" && report.reviewComment ? (
        <p className="alert alert--warn small">
          前回の差し戻しの理由: <span className="pre-wrap">{report.reviewComment}</span>
        </p>
      ) : null}
      {report.status === "approved" ? (
        <div className="alert alert--info" role="status">
          承認済みの報告です（確定しており、変更できません）。
          {report.reviewComment ? `コメント: ${report.reviewComment}` : ""}
        </div>
      ) : null}
      {editable ? (
        <ReportForm
          key={report.updatedAt}
          kpis={kpis}
          report={report}
          result={result}
          busy={busy}
          openUntil={periodOver ? undefined : report.periodEnd}
        />
      ) : (
        <ReportView kpis={kpis} report={report} />
      )}
      <ReportPhotos photos={report.photos} editable={editable} result={result} busy={busy} />
      {reviewable ? <ReviewForm result={result} busy={busy} /> : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
