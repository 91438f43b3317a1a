import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert } from "~/components/form-field";
import { formatDateTime, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { TextAreaField } from "~/components/pitch-form";
import { TableWrap } from "~/components/table-wrap";
import { pilotIdOfProposal } from "~/domain/pilots/pilots.queries.server";
import { decisionsOpen, recordDecision } from "~/domain/reviews/decisions.commands.server";
import { saveReview, setShortlist } from "~/domain/reviews/reviews.commands.server";
import {
  companyName,
  decisionOf,
  listCriteriaOrDefault,
  getOwnerProposal,
  getReviewPitch,
  isAssigned,
  listCriteria,
  listProposalAttachments,
  reviewsForViewer,
} from "~/domain/reviews/reviews.queries.server";
import { DecisionSchema, scoreFormSchema, ShortlistSchema } from "~/domain/reviews/reviews.schema";
import { DECISION_TIMING_TEXT, REVIEW_TEXT_MAX, SCORE_COMMENT_MAX } from "~/domain/reviews/rubric.data";
import { normalisedShares, weightedTotal, SCORE_MEANINGS } from "~/domain/reviews/scoring.rules";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { intent, intentOf, runIntent } from "~/web/intents.server";
import { StartPilotForm } from "~/components/start-pilot-form";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.companyName ?? ""}の提案 | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const proposal = await getOwnerProposal(db(), actor, pitch.id, params.proposalId ?? "");
  const { criteria } = await listCriteriaOrDefault(db(), pitch.id);
  const [attachments, company, reviews, assigned, decision, pilotId] = await Promise.all([
    listProposalAttachments(db(), proposal.id, proposal.organization_id),
    companyName(db(), proposal.organization_id),
    reviewsForViewer(db(), actor, proposal.id),
    isAssigned(db(), pitch.id, actor.userId),
    decisionOf(db(), pitch.id, proposal.id),
    pilotIdOfProposal(db(), proposal.id),
  ]);
  const shares = normalisedShares(criteria);
  return json({
    pitch: { id: pitch.id, title: pitch.title },
    proposal: {
      id: proposal.id,
      organizationId: proposal.organization_id,
      status: proposal.status,
      title: proposal.title,
      understanding: proposal.understanding,
      approach: proposal.approach,
      residentParticipation: proposal.resident_participation,
      implementationPlan: proposal.implementation_plan,
      schedule: proposal.schedule,
      team: proposal.team,
      kpis: proposal.kpis,
      costItems: proposal.cost_items,
      totalCostYen: proposal.total_cost_yen === null ? null : Number(proposal.total_cost_yen),
      requestedFundingYen: proposal.requested_funding_yen === null ? null : Number(proposal.requested_funding_yen),
      coFundingExplanation: proposal.co_funding_explanation,
      companyContribution: proposal.company_contribution,
      referencesText: proposal.references_text,
      revisionNumber: proposal.revision_number,
      pitchRevisionNumber: proposal.pitch_revision_number,
      submittedAt: proposal.submitted_at,
      withdrawnAt: proposal.withdrawn_at,
      withdrawalReason: proposal.withdrawal_reason,
      shortlisted: proposal.shortlisted_at !== null,
    },
    companyName: company,
    attachments,
    criteria: criteria.map((c) => ({ ...c, share: shares[c.id] ?? 0 })),
    reviews,
    myTotal: reviews.mine ? weightedTotal(criteria, reviews.mine.scores) : null,
    assigned,
    canScore: assigned && can(actor, { action: "review.score", organizationId: actor.membership.organizationId }),
    canManage: can(actor, { action: "review.manage", organizationId: actor.membership.organizationId }),
    decision: decision ?? null,
    decisionsOpen: decisionsOpen(pitch),
    pilotId,
    canStartPilot: can(actor, { action: "pilot.start", organizationId: actor.membership.organizationId }),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const proposal = await getOwnerProposal(db(), actor, pitch.id, params.proposalId ?? "");
  const formData = await readForm(request);
  const path = `/municipality/pitches/${pitch.id}/proposals/${proposal.id}`;
  const review = intent({
    schema: scoreFormSchema((await listCriteria(db(), pitch.id)).map((c) => c.id)),
    run: (data) => {
      const scores: Record<string, number> = {};
      const scoreComments: Record<string, string> = {};
      for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
        if (key.startsWith("score.") && typeof value === "number") scores[key.slice("score.".length)] = value;
        if (key.startsWith("comment.") && typeof value === "string" && value)
          scoreComments[key.slice("comment.".length)] = value;
      }
      return saveReview(actor, pitch.id, proposal.id, {
        scores,
        scoreComments,
        comment: data.comment,
        privateNote: data.privateNote,
        submit: data.intent === "submitReview",
      });
    },
    done: { path, notice: intentOf(formData) === "submitReview" ? "review-submitted" : "review-saved" },
  });
  return runIntent(formData, {
    saveReview: review,
    submitReview: review,
    shortlist: intent({
      schema: ShortlistSchema,
      run: (data) => setShortlist(actor, pitch.id, [proposal.id], data.shortlisted === "true"),
      done: { path, notice: "shortlist-updated" },
    }),
    decide: intent({
      schema: DecisionSchema,
      run: (data) => recordDecision(actor, pitch.id, proposal.id, data),
      done: { path, notice: "decision-recorded" },
    }),
  });
});

function Section({ title, text }: { title: string; text: string }) {
  return (
    <section className="card">
      <h3>{title}</h3>
      {text ? <p className="pre-wrap">{text}</p> : <p className="empty">記載はありません。</p>}
    </section>
  );
}

const outcomeLabels = { accepted: "採択", declined: "不採択" } as const;

export default function OwnerProposal() {
  const data = useLoaderData<typeof loader>();
  const { pitch, proposal, criteria, reviews, decision } = data;
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const typed = (name: string) => (result?.values[name] !== undefined ? result.values[name] : undefined);
  const base = `/municipality/pitches/${pitch.id}`;
  const mine = reviews.mine;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: base, label: data.pitch.title },
          { to: `${base}/proposals`, label: "提案の一覧" },
        ]}
        current={proposal.title || "（無題の提案）"}
      />
      <h1>{proposal.title || "（無題の提案）"}</h1>
      <p>
        <Link to={`/companies/${proposal.organizationId}`}>{data.companyName}</Link>
        {proposal.shortlisted ? <span className="badge badge--ok">候補</span> : null}
        {proposal.status === "withdrawn" ? <span className="badge badge--muted">取り下げ</span> : null}
      </p>
      {result ? null : <NoticeFromUrl />}
      <FormAlert message={result?.formError} />
      <p className="small muted">
        提出 {formatDateTime(proposal.submittedAt)}・提案の第{proposal.revisionNumber}版・ピッチの第
        {proposal.pitchRevisionNumber}版への提案
      </p>
      {proposal.status === "withdrawn" ? (
        <div className="alert alert--info" role="status">
          {formatDateTime(proposal.withdrawnAt)} に取り下げられました。
          {proposal.withdrawalReason ? `理由: ${proposal.withdrawalReason}` : ""}
        </div>
      ) : null}
      <p className="actions">
        <Link to={`/proposals/${proposal.id}/thread`}>企業とのやりとり</Link>
        <Link to={`/companies/${proposal.organizationId}`}>企業の公開ページ</Link>
      </p>

      <h2>提案の内容</h2>
      <Section title="課題の理解" text={proposal.understanding} />
      <Section title="解決策" text={proposal.approach} />
      <Section title="住民の参画" text={proposal.residentParticipation} />
      <Section title="実施計画" text={proposal.implementationPlan} />
      <Section title="スケジュール" text={proposal.schedule} />
      <Section title="体制" text={proposal.team} />
      <section className="card">
        <h3>成果指標（KPI）</h3>
        {proposal.kpis.length === 0 ? (
          <p className="empty">記載はありません。</p>
        ) : (
          <ul>
            {proposal.kpis.map((k, i) => (
              <li key={i}>
                {k.name}: {k.target}
                {k.unit}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h3>費用</h3>
        {proposal.costItems.length === 0 ? (
          <p className="empty">記載はありません。</p>
        ) : (
          <TableWrap label="費用の内訳">
            <table>
              <thead>
                <tr>
                  <th scope="col">項目</th>
                  <th scope="col">金額</th>
                </tr>
              </thead>
              <tbody>
                {proposal.costItems.map((c, i) => (
                  <tr key={i}>
                    <td>{c.label}</td>
                    <td>{formatYen(c.amountYen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <p>
          総事業費: {proposal.totalCostYen === null ? "—" : formatYen(proposal.totalCostYen)}／自治体に希望する負担額:{" "}
          {proposal.requestedFundingYen === null ? "—" : formatYen(proposal.requestedFundingYen)}
        </p>
        {proposal.coFundingExplanation ? <p className="pre-wrap">{proposal.coFundingExplanation}</p> : null}
      </section>
      <Section title="企業の負担・貢献" text={proposal.companyContribution} />
      <Section title="実績" text={proposal.referencesText} />
      <section className="card">
        <h3>添付資料</h3>
        {data.attachments.length === 0 ? (
          <p className="empty">添付資料はありません。</p>
        ) : (
          <ul>
            {data.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/proposals/${proposal.id}/attachments/${a.id}`}>{a.original_name}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="score-title" className="card stack-fields">
        <h2 id="score-title">あなたの評価</h2>
        {!data.canScore ? (
          <p className="small muted">評価できるのは、このピッチの審査担当に割り当てられたメンバーです。</p>
        ) : proposal.status !== "submitted" ? (
          <p className="small muted">取り下げられた提案は評価できません。</p>
        ) : (
          <Form method="post" className="stack-fields" noValidate>
            <p className="small muted">
              他の審査担当者とは独立して評価します。自分の評価を提出すると、他の担当者の提出済みの評価が表示されます。
              {mine?.submittedAt
                ? `（${formatDateTime(mine.submittedAt)} 提出済み・合計 ${data.myTotal ?? "—"}点）`
                : ""}
            </p>
            {criteria.map((c) => {
              const name = `score.${c.id}`;
              const current = typed(name) ?? (mine?.scores[c.id] !== undefined ? String(mine.scores[c.id]) : "");
              return (
                <fieldset key={c.id} className={`radio-group${errors[name] ? " field--invalid" : ""}`}>
                  <legend>
                    {c.name}（重み{c.weight}・{c.share}%）
                  </legend>
                  {c.description ? <p className="small muted">{c.description}</p> : null}
                  <div className="score-scale">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <label key={n}>
                        <input type="radio" name={name} value={n} defaultChecked={current === String(n)} />{" "}
                        <strong>{n}</strong> <span className="small">{SCORE_MEANINGS[n]}</span>
                      </label>
                    ))}
                  </div>
                  {errors[name] ? (
                    <p className="field__error" role="alert">
                      {errors[name]}
                    </p>
                  ) : null}
                  <TextAreaField
                    name={`comment.${c.id}`}
                    label={`${c.name}へのコメント（任意）`}
                    rows={2}
                    maxLength={SCORE_COMMENT_MAX}
                    defaultValue={typed(`comment.${c.id}`) ?? mine?.scoreComments[c.id] ?? ""}
                    error={errors[`comment.${c.id}`]}
                  />
                </fieldset>
              );
            })}
            <TextAreaField
              name="comment"
              label="総評（他の審査担当者と選定経緯に表示されます）"
              rows={4}
              maxLength={REVIEW_TEXT_MAX}
              defaultValue={typed("comment") ?? mine?.comment ?? ""}
              error={errors.comment}
            />
            <TextAreaField
              name="privateNote"
              label="自分用のメモ（あなただけに表示されます）"
              rows={3}
              maxLength={REVIEW_TEXT_MAX}
              defaultValue={typed("privateNote") ?? mine?.privateNote ?? ""}
              error={errors.privateNote}
            />
            <div className="actions">
              {!mine?.submittedAt ? (
                <button
                  type="submit"
                  name="intent"
                  value="saveReview"
                  className="button button--secondary"
                  disabled={busy}
                >
                  一時保存
                </button>
              ) : null}
              <button type="submit" name="intent" value="submitReview" className="button" disabled={busy}>
                {mine?.submittedAt ? "評価を更新する" : "評価を提出する"}
              </button>
            </div>
          </Form>
        )}
      </section>

      <section aria-labelledby="others-title" className="card">
        <h2 id="others-title">他の審査担当者の評価</h2>
        {!mine?.submittedAt ? (
          <p className="small muted">自分の評価を提出すると表示されます（提出済み {reviews.submittedCount}件）。</p>
        ) : reviews.others.length === 0 ? (
          <p className="empty">他の審査担当者の提出済みの評価はまだありません。</p>
        ) : (
          <TableWrap label="他の審査担当者の評価">
            <table>
              <thead>
                <tr>
                  <th scope="col">審査担当</th>
                  {criteria.map((c) => (
                    <th scope="col" key={c.id}>
                      {c.name}
                    </th>
                  ))}
                  <th scope="col">総評</th>
                </tr>
              </thead>
              <tbody>
                {reviews.others.map((o, i) => (
                  <tr key={i}>
                    <th scope="row">{o.reviewerName}</th>
                    {criteria.map((c) => (
                      <td key={c.id}>
                        {o.scores[c.id] ?? "—"}
                        {o.scoreComments[c.id] ? <div className="small pre-wrap">{o.scoreComments[c.id]}</div> : null}
                      </td>
                    ))}
                    <td className="pre-wrap">{o.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      {data.canManage && proposal.status === "submitted" ? (
        <section aria-labelledby="manage-title" className="card stack-fields">
          <h2 id="manage-title">候補と採否</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="shortlist" />
            <input type="hidden" name="shortlisted" value={proposal.shortlisted ? "false" : "true"} />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {proposal.shortlisted ? "候補から外す" : "候補にする"}
            </button>
          </Form>
          {decision ? (
            <p>
              記録済みの採否: <strong>{outcomeLabels[decision.outcome]}</strong>（{formatDateTime(decision.decided_at)}
              {decision.published_at ? `・${formatDateTime(decision.published_at)} 公開済み` : "・未公開"}）
            </p>
          ) : null}
          {decision?.outcome === "accepted" && decision.published_at ? (
            data.pilotId ? (
              <p>
                <Link to={`/pilots/${data.pilotId}`} className="button">
                  実証を開く
                </Link>
              </p>
            ) : data.canStartPilot ? (
              <StartPilotForm
                proposalId={proposal.id}
                id="start-pilot"
                label="実証を開始する（協定書の案を作成）"
                disabled={busy}
              />
            ) : null
          ) : null}
          <p className="small muted">{DECISION_TIMING_TEXT}</p>
          {decision?.published_at ? (
            <p className="small muted">公開済みの採否は変更できません。</p>
          ) : (
            <Form
              method="post"
              className="stack-fields"
              noValidate
              onSubmit={confirmWith("採否を記録します。よろしいですか？（公開するまで企業には表示されません）")}
            >
              <input type="hidden" name="intent" value="decide" />
              <fieldset className={`radio-group${errors.outcome ? " field--invalid" : ""}`}>
                <legend>採否</legend>
                <label>
                  <input
                    type="radio"
                    name="outcome"
                    value="accepted"
                    defaultChecked={(typed("outcome") ?? decision?.outcome) === "accepted"}
                  />{" "}
                  採択
                </label>
                <label>
                  <input
                    type="radio"
                    name="outcome"
                    value="declined"
                    defaultChecked={(typed("outcome") ?? decision?.outcome) === "declined"}
                  />{" "}
                  不採択
                </label>
                {errors.outcome ? (
                  <p className="field__error" role="alert">
                    {errors.outcome}
                  </p>
                ) : null}
              </fieldset>
              <TextAreaField
                name="reason"
                label="理由（公開すると企業に表示されます）"
                required
                rows={4}
                defaultValue={typed("reason") ?? decision?.reason ?? ""}
                error={errors.reason}
              />
              <div className="actions">
                <button type="submit" className="button" disabled={busy || !data.decisionsOpen}>
                  採否を記録する
                </button>
              </div>
            </Form>
          )}
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
