import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, TextField, FieldError } from "~/components/form-field";
import { formatDateTime, formatNumber, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { TextAreaField } from "~/components/pitch-form";
import { INDICATORS } from "~/domain/pitches/catalog.data";
import {
  editProposalAction,
  type ProposalFormFailure,
  type ProposalFormValues,
} from "~/web/actions/proposal-editor.server";
import { getCompanyProposal } from "~/domain/proposals/proposals.company.queries.server";
import { LONG_TEXT_MAX, MAX_COST_ITEMS, MAX_KPIS, WITHDRAWAL_REASON_MAX } from "~/domain/proposals/proposals.schema";
import { pilotIdOfProposal } from "~/domain/pilots/pilots.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { AttachmentsSection } from "~/components/attachments-section";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.proposal.title || "提案"}の編集 | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "proposal.create" });
  const view = await getCompanyProposal(actor, params.proposalId ?? "");
  const p = view.proposal;
  // The pilot of an accepted proposal, once the municipality has started it (the proposal is this company's own).
  const pilotId = view.decision?.outcome === "accepted" ? await pilotIdOfProposal(db(), p.id) : null;
  const values: ProposalFormValues = {
    title: p.title,
    understanding: p.understanding,
    approach: p.approach,
    residentParticipation: p.resident_participation,
    implementationPlan: p.implementation_plan,
    schedule: p.schedule,
    team: p.team,
    kpiIndicator: p.kpis.map((k) => k.indicatorCode ?? ""),
    kpiName: p.kpis.map((k) => (k.indicatorCode ? "" : k.name)),
    kpiTarget: p.kpis.map((k) => k.target),
    kpiUnit: p.kpis.map((k) => k.unit),
    costLabel: p.cost_items.map((c) => c.label),
    costAmount: p.cost_items.map((c) => formatNumber(c.amountYen)),
    requestedFundingYen: p.requested_funding_yen === null ? "" : formatNumber(p.requested_funding_yen),
    coFundingExplanation: p.co_funding_explanation,
    companyContribution: p.company_contribution,
    referencesText: p.references_text,
  };
  return json({
    proposal: {
      id: p.id,
      title: p.title,
      status: p.status,
      revisionNumber: p.revision_number,
      pitchRevisionNumber: p.pitch_revision_number,
      totalCostYen: p.total_cost_yen === null ? null : Number(p.total_cost_yen),
      submittedAt: p.submitted_at?.toISOString() ?? null,
      withdrawnAt: p.withdrawn_at?.toISOString() ?? null,
      withdrawalReason: p.withdrawal_reason,
      updatedAt: p.updated_at.toISOString(),
    },
    values,
    pitch: view.pitch,
    decision: view.decision,
    attachments: view.attachments.map((a) => ({ ...a, created_at: a.created_at.toISOString() })),
    revisions: view.revisions,
    refusal: view.refusal,
    canSubmit: can(actor, { action: "proposal.submit" }),
    pilotId,
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "proposal.create" });
  const view = await getCompanyProposal(actor, params.proposalId ?? "");
  return editProposalAction(actor, view.proposal.id, request);
});

const statusLabels = { draft: "下書き", submitted: "提出済み", withdrawn: "取り下げ" } as const;

export function ProposalStatusBadge({ status }: { status: keyof typeof statusLabels }) {
  const tone = status === "submitted" ? "badge--ok" : status === "withdrawn" ? "badge--muted" : "badge--warn";
  return <span className={`badge ${tone}`}>{statusLabels[status]}</span>;
}

function listOf(values: ProposalFormValues, key: string): string[] {
  const v = values[key];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}
const str = (values: ProposalFormValues, key: string) =>
  typeof values[key] === "string" ? (values[key] as string) : "";

export default function ProposalEditor() {
  const { proposal, values, pitch, decision, attachments, revisions, refusal, canSubmit, pilotId } =
    useLoaderData<typeof loader>();
  const result = useActionData<ProposalFormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const shown: ProposalFormValues =
    result?.values && Object.keys(result.values).length > 0 ? { ...values, ...result.values } : values;
  const editable = refusal === null;
  const kpiRows = Math.min(
    MAX_KPIS,
    Math.max(listOf(shown, "kpiIndicator").length, listOf(shown, "kpiName").length) + 2,
  );
  const costRows = Math.min(
    MAX_COST_ITEMS,
    Math.max(listOf(shown, "costLabel").length, listOf(shown, "costAmount").length) + 2,
  );
  const area = (name: string, label: string, hint?: string) => (
    <TextAreaField
      name={name}
      label={label}
      hint={hint}
      rows={6}
      maxLength={LONG_TEXT_MAX}
      defaultValue={str(shown, name)}
      error={errors[name]}
      disabled={!editable}
    />
  );
  return (
    <>
      <Breadcrumbs trail={[{ to: "/company/proposals", label: "提案" }]} current={proposal.title || "（無題の提案）"} />
      <h1>
        {proposal.title || "（無題の提案）"}
        <ProposalStatusBadge status={proposal.status} />
      </h1>
      {result ? null : <NoticeFromUrl />}
      <section className="card" aria-labelledby="pitch-heading">
        <h2 id="pitch-heading">提案先のピッチ</h2>
        <p>
          <Link to={`/pitches/${pitch.id}`}>{pitch.title}</Link>（{pitch.municipalityName}）
        </p>
        <p className="small muted">
          この提案は第{proposal.pitchRevisionNumber}版のピッチへの回答です。提案の締切:{" "}
          {formatDateTime(pitch.proposalDeadline)}（日本時間）
          {pitch.budgetCeilingYen !== null ? `／試行的実施の予算上限: ${formatYen(pitch.budgetCeilingYen)}` : null}
        </p>
        {pitch.revisionNumber > proposal.pitchRevisionNumber ? (
          <div className="alert alert--warn" role="status">
            提案の作成後にピッチが改訂されました（現在 第{pitch.revisionNumber}版）。
            <Link to={`/pitches/${pitch.id}#history-heading`}>ピッチの変更履歴</Link>
            を確認してください。再提出すると最新の版への回答になります。
          </div>
        ) : null}
      </section>

      {decision ? (
        <section
          className={`alert ${decision.outcome === "accepted" ? "alert--info" : "alert--warn"}`}
          aria-labelledby="decision-heading"
        >
          <h2 id="decision-heading">選考結果: {decision.outcome === "accepted" ? "採択" : "不採択"}</h2>
          <p>{decision.reason}</p>
          <p className="small muted">公表日時: {formatDateTime(decision.publishedAt)}</p>
          {pilotId ? (
            <p className="actions">
              <Link to={`/pilots/${pilotId}`} className="button">
                実証を開く
              </Link>
              <Link to={`/pilots/${pilotId}/agreement`}>協定書を確認する</Link>
            </p>
          ) : decision.outcome === "accepted" ? (
            <p className="small">自治体が実証を開始すると、協定書の案がここから開けるようになります。</p>
          ) : null}
        </section>
      ) : null}

      {proposal.status === "submitted" ? (
        <p className="actions">
          <Link to={`/proposals/${proposal.id}/thread`}>自治体とのやりとり（協議スレッド）を開く</Link>
          <span className="small muted">
            提出日時 {formatDateTime(proposal.submittedAt)}／第{proposal.revisionNumber}版
          </span>
        </p>
      ) : null}
      {proposal.status === "withdrawn" ? (
        <div className="alert alert--info" role="status">
          {formatDateTime(proposal.withdrawnAt)}に取り下げました。取り下げた提案は閲覧のみできます。
          {proposal.withdrawalReason ? `（理由: ${proposal.withdrawalReason}）` : null}
        </div>
      ) : refusal ? (
        <div className="alert alert--warn" role="status">
          {refusal}
        </div>
      ) : null}
      {proposal.status === "draft" && editable && !canSubmit ? (
        <div className="alert alert--warn" role="status">
          組織の確認が済むまで提案は提出できません。運営事務局が企業の確認を終えると提出できるようになります。それまでは下書きとして保存できます。
        </div>
      ) : null}
      <FormAlert message={result?.formError} />

      <Form method="post" className="stack" noValidate>
        <fieldset className="card stack-fields" disabled={!editable}>
          <legend>提案の内容</legend>
          <TextField
            name="title"
            label="提案の概要（タイトル）"
            required
            maxLength={200}
            defaultValue={str(shown, "title")}
            error={errors.title}
          />
          {area("understanding", "課題の理解", "自治体の課題をどう理解したか")}
          {area("approach", "解決の方法")}
          {area("residentParticipation", "住民・地域の参画", "住民や地域の担い手がどう関わるか")}
          {area("implementationPlan", "実施計画")}
          {area("schedule", "スケジュール")}
          {area("team", "体制")}
        </fieldset>

        <fieldset className="card stack-fields" disabled={!editable}>
          <legend>KPI（約束する評価指標）</legend>
          <p className="field__hint" id="kpis-hint">
            指標を一覧から選ぶか、独自の指標名を入力してください。空の行は無視されます。
          </p>
          <FieldError id="kpis-error" message={errors.kpis} />
          {Array.from({ length: kpiRows }, (_, i) => (
            <div key={i} className="proposal-row" role="group" aria-label={`KPI ${i + 1}行目`}>
              <div className="field">
                <label htmlFor={`kpiIndicator-${i}`}>指標</label>
                <select
                  id={`kpiIndicator-${i}`}
                  name="kpiIndicator"
                  defaultValue={listOf(shown, "kpiIndicator")[i] ?? ""}
                >
                  <option value="">（独自の指標）</option>
                  {INDICATORS.map((ind) => (
                    <option key={ind.code} value={ind.code}>
                      {ind.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`kpiName-${i}`}>独自の指標名</label>
                <input
                  id={`kpiName-${i}`}
                  name="kpiName"
                  maxLength={200}
                  defaultValue={listOf(shown, "kpiName")[i] ?? ""}
                />
              </div>
              <div className="field">
                <label htmlFor={`kpiTarget-${i}`}>目標値</label>
                <input
                  id={`kpiTarget-${i}`}
                  name="kpiTarget"
                  maxLength={200}
                  defaultValue={listOf(shown, "kpiTarget")[i] ?? ""}
                />
              </div>
              <div className="field">
                <label htmlFor={`kpiUnit-${i}`}>単位</label>
                <input
                  id={`kpiUnit-${i}`}
                  name="kpiUnit"
                  maxLength={50}
                  defaultValue={listOf(shown, "kpiUnit")[i] ?? ""}
                />
              </div>
            </div>
          ))}
        </fieldset>

        <fieldset className="card stack-fields" disabled={!editable}>
          <legend>費用と試行資金</legend>
          <p className="field__hint">
            金額は円単位の整数です（全角数字・カンマも可）。合計はサーバーで計算します。空の行は無視されます。
          </p>
          <FieldError id="costItems-error" message={errors.costItems} />
          {Array.from({ length: costRows }, (_, i) => (
            <div key={i} className="proposal-row" role="group" aria-label={`費用内訳 ${i + 1}行目`}>
              <div className="field">
                <label htmlFor={`costLabel-${i}`}>費目</label>
                <input
                  id={`costLabel-${i}`}
                  name="costLabel"
                  maxLength={200}
                  defaultValue={listOf(shown, "costLabel")[i] ?? ""}
                />
              </div>
              <div className="field">
                <label htmlFor={`costAmount-${i}`}>金額（円）</label>
                <input
                  id={`costAmount-${i}`}
                  name="costAmount"
                  inputMode="numeric"
                  defaultValue={listOf(shown, "costAmount")[i] ?? ""}
                />
              </div>
            </div>
          ))}
          <p>
            費用の合計（保存時点）: <strong>{formatYen(proposal.totalCostYen)}</strong>
          </p>
          <TextField
            name="requestedFundingYen"
            label="希望する試行資金（円）"
            inputMode="numeric"
            required
            hint={
              pitch.budgetCeilingYen !== null
                ? `予算上限は${formatYen(pitch.budgetCeilingYen)}です。上限を超える場合は共同負担の説明が必要です。費用の合計を超えることはできません。`
                : "費用の合計を超えることはできません。"
            }
            defaultValue={str(shown, "requestedFundingYen")}
            error={errors.requestedFundingYen}
          />
          {area("coFundingExplanation", "共同負担の説明", "予算上限を超える分を誰がどう負担するか")}
          {area("companyContribution", "自社の負担・貢献")}
          {area("referencesText", "実績・参考")}
        </fieldset>

        {editable ? (
          <div className="card stack-fields">
            {proposal.status === "draft" ? (
              <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
                下書きを保存
              </button>
            ) : null}
            {canSubmit ? (
              <>
                <div className={`field${errors.attestation ? " field--invalid" : ""}`}>
                  <label>
                    <input
                      type="checkbox"
                      name="attestation"
                      value="on"
                      defaultChecked={shown.attestation === "on"}
                      aria-describedby={errors.attestation ? "attestation-error" : undefined}
                    />{" "}
                    当社は反社会的勢力ではないこと・税の滞納がないことを確認しました（提出・再提出のたびに必要です）
                  </label>
                  <FieldError id="attestation-error" message={errors.attestation} />
                </div>
                {proposal.status === "draft" ? (
                  <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
                    提案を提出する
                  </button>
                ) : (
                  <button type="submit" name="intent" value="revise" className="button" disabled={busy}>
                    再提出する（新しい版）
                  </button>
                )}
              </>
            ) : null}
          </div>
        ) : null}
      </Form>

      <AttachmentsSection
        note="PDF、PNG、JPEG（10MBまで、10件まで）。添付資料は貴社と提案先の自治体だけが閲覧できます。"
        attachments={attachments}
        hrefOf={(id) => `/proposals/${proposal.id}/attachments/${id}`}
        editable={editable}
        error={errors.file}
        busy={busy}
      />

      {revisions.length > 0 ? (
        <section className="card" aria-labelledby="revisions-heading">
          <h2 id="revisions-heading">提出の履歴</h2>
          <ol reversed>
            {revisions.map((r) => (
              <li key={r.number}>
                第{r.number}版（{formatDateTime(r.createdAt)}、ピッチ第{r.pitchRevisionNumber}版への回答）
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {editable ? (
        <section className="card stack-fields" aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">提案の取り下げ</h2>
          <p className="small muted">
            取り下げた提案は変更・再提出できません。締切までなら、同じピッチに新しい提案を作成できます。
          </p>
          <Form
            method="post"
            className="stack-fields"
            onSubmit={confirmWith("この提案を取り下げます。取り下げた提案は元に戻せません。よろしいですか？")}
          >
            <input type="hidden" name="intent" value="withdraw" />
            <TextAreaField
              name="reason"
              label="取り下げの理由（任意）"
              rows={3}
              maxLength={WITHDRAWAL_REASON_MAX}
              defaultValue={str(shown, "reason")}
              error={errors.reason}
            />
            <div className="actions">
              <button type="submit" className="button button--danger" disabled={busy}>
                提案を取り下げる
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
