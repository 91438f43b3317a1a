import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { requireMember } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, FieldError } from "~/components/form-field";
import { formatDateTime, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { PitchStatusBadge } from "~/components/pitch-form";
import { TableWrap } from "~/components/table-wrap";
import { bulkDecline, decisionsOpen } from "~/domain/reviews/decisions.commands.server";
import { setShortlist } from "~/domain/reviews/reviews.commands.server";
import {
  listCriteriaOrDefault,
  getReviewPitch,
  isAssigned,
  listProposalsForOwner,
  proposalCounts,
} from "~/domain/reviews/reviews.queries.server";
import { BulkSchema } from "~/domain/reviews/reviews.schema";
import { DECISION_TIMING_TEXT, DECLINE_REASON_TEMPLATES } from "~/domain/reviews/rubric.data";
import { normalisedShares, sortByTotal } from "~/domain/reviews/scoring.rules";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { formWithArrays, intentOf, runForm } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `提案の一覧 ${data?.pitch.title ?? ""} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const { criteria } = await listCriteriaOrDefault(db(), pitch.id);
  const [proposals, counts, assigned] = await Promise.all([
    listProposalsForOwner(db(), actor, pitch.id, criteria),
    proposalCounts(db(), actor.membership.organizationId, pitch.id),
    isAssigned(db(), pitch.id, actor.userId),
  ]);
  const shares = normalisedShares(criteria);
  return json({
    pitch: { id: pitch.id, title: pitch.title, status: pitch.status, proposal_deadline: pitch.proposal_deadline },
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, share: shares[c.id] ?? 0 })),
    // Independent scoring: an assigned reviewer sees the others' averages of a proposal once their own review of it is in.
    proposals: proposals.map((p) => (assigned && p.myReview !== "submitted" ? { ...p, total: null, averages: {} } : p)),
    counts,
    assigned,
    canManage: can(actor, { action: "review.manage", organizationId: actor.membership.organizationId }),
    decisionsOpen: decisionsOpen(pitch),
    // Once the decisions are published (matched, not matched, archived) or every proposal's is, nothing is left to
    // decline: the form goes (and the command refuses it).
    bulkDeclineOffered:
      !["matched", "not_matched", "archived"].includes(pitch.status) && proposals.some((p) => !p.decision?.published),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const formData = await readForm(request);
  const path = `/municipality/pitches/${pitch.id}/proposals`;
  return runForm(formData, {
    schema: BulkSchema,
    input: (form) => formWithArrays(form, ["proposalIds"]),
    run: async (data) => {
      if (data.intent === "bulkDecline") return bulkDecline(actor, pitch.id, data.proposalIds, data.reason);
      return setShortlist(actor, pitch.id, data.proposalIds, data.intent === "bulkShortlist");
    },
    done: { path, notice: intentOf(formData) === "bulkDecline" ? "bulk-declined" : "shortlist-updated" },
  });
});

const myReviewLabels = { none: "未評価", draft: "一時保存", submitted: "提出済み" } as const;
const outcomeLabels = { accepted: "採択", declined: "不採択" } as const;

export default function PitchProposals() {
  const { pitch, criteria, proposals, counts, assigned, canManage, decisionsOpen, bulkDeclineOffered } =
    useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const direction = searchParams.get("sort") === "total-asc" ? "asc" : "desc";
  const [reason, setReason] = useState<string>(result?.values.reason ?? DECLINE_REASON_TEMPLATES[0].text);
  const active = proposals.filter((p) => p.status === "submitted");
  const withdrawn = proposals.filter((p) => p.status === "withdrawn");
  const ranked = sortByTotal(active, direction);
  const base = `/municipality/pitches/${pitch.id}`;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: base, label: pitch.title },
        ]}
        current={"提案の一覧"}
      />
      <h1>
        提案の一覧 <PitchStatusBadge status={pitch.status} />
      </h1>
      <p>{pitch.title}</p>
      {result ? null : <NoticeFromUrl />}
      <FormAlert message={result?.formError} />
      <p className="actions">
        <Link to={`${base}/review`}>評価項目と審査担当</Link>
        <Link to={`${base}/decisions`}>採否と公開</Link>
        <Link to={`${base}/selection-record`}>選定経緯</Link>
      </p>
      <p className="small muted">
        提出済み {counts.submitted}件・候補 {counts.shortlisted}件・取り下げ {counts.withdrawn}件
        {pitch.proposal_deadline ? `・提案の締切 ${formatDateTime(pitch.proposal_deadline)}` : ""}
      </p>
      {!assigned ? (
        <p className="small muted">あなたはこのピッチの審査担当ではありません（評価は審査担当者が行います）。</p>
      ) : null}

      <section aria-labelledby="list-title">
        <h2 id="list-title">提出された提案（{active.length}件）</h2>
        {active.length === 0 ? (
          <p className="empty">提出された提案はまだありません。</p>
        ) : (
          <Form
            method="post"
            onSubmit={confirmWith(
              "選んだ提案を不採択として記録します。よろしいですか？（公開するまで企業には表示されません）",
              { onlyForIntent: "bulkDecline" },
            )}
          >
            <TableWrap label="提出された提案">
              <table>
                <thead>
                  <tr>
                    {canManage ? (
                      <th scope="col">
                        <span className="sr-only">選択</span>
                      </th>
                    ) : null}
                    <th scope="col">企業・提案</th>
                    <th scope="col">希望する負担額</th>
                    <th scope="col">提出日時</th>
                    <th scope="col">候補</th>
                    <th scope="col">あなたの評価</th>
                    <th scope="col">評価数</th>
                    <th scope="col">加重平均（100点満点）</th>
                    <th scope="col">採否</th>
                  </tr>
                </thead>
                <tbody>
                  {active.map((p) => (
                    <tr key={p.id}>
                      {canManage ? (
                        <td>
                          <input
                            type="checkbox"
                            name="proposalIds"
                            value={p.id}
                            id={`select-${p.id}`}
                            aria-label={`${p.companyName}の提案を選ぶ`}
                          />
                        </td>
                      ) : null}
                      <td>
                        <Link to={`${base}/proposals/${p.id}`}>{p.companyName}</Link>
                        <div className="small muted">{p.title}</div>
                      </td>
                      <td>{p.requestedFundingYen === null ? "—" : formatYen(p.requestedFundingYen)}</td>
                      <td>{formatDateTime(p.submittedAt)}</td>
                      <td>{p.shortlisted ? <span className="badge badge--ok">候補</span> : "—"}</td>
                      <td>{myReviewLabels[p.myReview]}</td>
                      <td>{p.reviewCount}</td>
                      <td>{p.total ?? "—"}</td>
                      <td>
                        {p.decision
                          ? `${outcomeLabels[p.decision.outcome]}${p.decision.published ? "（公開済み）" : "（未公開）"}`
                          : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            {canManage ? (
              <div className="card stack-fields">
                <h3>選んだ提案をまとめて操作</h3>
                <div className="actions">
                  <button
                    type="submit"
                    name="intent"
                    value="bulkShortlist"
                    className="button button--secondary"
                    disabled={navigation.state === "submitting"}
                  >
                    候補にする
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value="bulkUnshortlist"
                    className="button button--secondary"
                    disabled={navigation.state === "submitting"}
                  >
                    候補から外す
                  </button>
                </div>
                {bulkDeclineOffered ? (
                  <fieldset className="stack-fields">
                    <legend>一括で不採択</legend>
                    {!decisionsOpen ? <p className="small muted">{DECISION_TIMING_TEXT}</p> : null}
                    <div className="field">
                      <label htmlFor="template">理由のひな形</label>
                      <select
                        id="template"
                        name="template"
                        defaultValue={DECLINE_REASON_TEMPLATES[0].code}
                        onChange={(e) =>
                          setReason(DECLINE_REASON_TEMPLATES.find((t) => t.code === e.target.value)?.text ?? "")
                        }
                      >
                        {DECLINE_REASON_TEMPLATES.map((t) => (
                          <option key={t.code} value={t.code}>
                            {t.label}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className={`field${result?.fieldErrors.reason ? " field--invalid" : ""}`}>
                      <label htmlFor="reason">不採択の理由（公開すると企業に表示されます。確定前に編集できます）</label>
                      <textarea
                        id="reason"
                        name="reason"
                        rows={4}
                        value={reason}
                        onChange={(e) => setReason(e.target.value)}
                        aria-describedby={result?.fieldErrors.reason ? "reason-error" : undefined}
                      />
                      <FieldError id="reason-error" message={result?.fieldErrors.reason} />
                    </div>
                    {result?.fieldErrors.proposalIds ? (
                      <p className="field__error" role="alert">
                        {result.fieldErrors.proposalIds}
                      </p>
                    ) : null}
                    <div className="actions">
                      <button
                        type="submit"
                        name="intent"
                        value="bulkDecline"
                        className="button button--danger"
                        disabled={navigation.state === "submitting" || !decisionsOpen}
                      >
                        一括で不採択
                      </button>
                    </div>
                  </fieldset>
                ) : null}
              </div>
            ) : null}
          </Form>
        )}
      </section>

      <section aria-labelledby="compare-title">
        <h2 id="compare-title">比較表</h2>
        <p className="small muted">
          各評価項目の平均点（1〜5、提出済みの評価のみ）と、重みをかけた合計（100点満点）。すべての項目が評価されるまで合計は表示されません。
        </p>
        <p className="actions">
          <Link to="?sort=total-desc" aria-current={direction === "desc" ? "true" : undefined}>
            合計の高い順
          </Link>
          <Link to="?sort=total-asc" aria-current={direction === "asc" ? "true" : undefined}>
            合計の低い順
          </Link>
        </p>
        {ranked.length === 0 ? (
          <p className="empty">比較できる提案はまだありません。</p>
        ) : (
          <TableWrap label="比較表">
            <table>
              <thead>
                <tr>
                  <th scope="col">企業</th>
                  {criteria.map((c) => (
                    <th scope="col" key={c.id}>
                      {c.name}
                      <div className="small muted">
                        重み{c.weight}（{c.share}%）
                      </div>
                    </th>
                  ))}
                  <th scope="col" aria-sort={direction === "desc" ? "descending" : "ascending"}>
                    合計
                  </th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`${base}/proposals/${p.id}`}>{p.companyName}</Link>
                    </th>
                    {criteria.map((c) => (
                      <td key={c.id}>{p.averages[c.id] ?? "—"}</td>
                    ))}
                    <td>{p.total ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="withdrawn-title">
        <h2 id="withdrawn-title">取り下げられた提案（{withdrawn.length}件）</h2>
        {withdrawn.length === 0 ? (
          <p className="empty">取り下げられた提案はありません。</p>
        ) : (
          <ul>
            {withdrawn.map((p) => (
              <li key={p.id}>
                <Link to={`${base}/proposals/${p.id}`}>{p.companyName}</Link>
                <span className="small muted">（{formatDateTime(p.withdrawnAt)} 取り下げ）</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
