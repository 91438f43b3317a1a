import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/guards.server";
import { formatDateTime, formatYen } from "~/lib/format";
import { pitchStatusLabels } from "~/domain/pitches/catalog.data";
import { getReviewPitch } from "~/domain/reviews/reviews.queries.server";
import { buildSelectionRecord } from "~/domain/reviews/selection-record.export.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `選定経緯 ${data?.record.pitch.title ?? ""} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const record = await buildSelectionRecord(db(), actor, pitch);
  return json({ record, generatedAt: new Date().toISOString() });
});

const outcomeLabels = { accepted: "採択", declined: "不採択" } as const;

export default function SelectionRecord() {
  const { record, generatedAt } = useLoaderData<typeof loader>();
  const base = `/municipality/pitches/${record.pitch.id}`;
  return (
    <article className="selection-record">
      <p className="no-print actions">
        <Link to={`${base}/proposals`}>← 提案の一覧</Link>
        <a href={`${base}/selection-record.csv`} download>
          CSVでダウンロード
        </a>
        <span className="small muted">印刷するとA4の書類になります（ブラウザの印刷機能をお使いください）。</span>
      </p>
      <h1>選定経緯</h1>
      <dl>
        <dt>ピッチ</dt>
        <dd>{record.pitch.title}</dd>
        <dt>状態</dt>
        <dd>{pitchStatusLabels[record.pitch.status as keyof typeof pitchStatusLabels] ?? record.pitch.status}</dd>
        <dt>提案の締切</dt>
        <dd>{formatDateTime(record.pitch.proposalDeadline) || "—"}</dd>
        <dt>提案数</dt>
        <dd>
          提出 {record.counts.submitted}件・取り下げ {record.counts.withdrawn}件・候補 {record.counts.shortlisted}件
        </dd>
        <dt>採択できる数</dt>
        <dd>{record.pitch.allowsMultipleMatches ? "複数" : "1件"}</dd>
        <dt>決定の公開日時</dt>
        <dd>{record.publishedAt ? formatDateTime(record.publishedAt) : "未公開"}</dd>
        <dt>作成日時</dt>
        <dd>{formatDateTime(generatedAt)}</dd>
      </dl>

      <h2>評価項目と重み</h2>
      {record.criteria.length === 0 ? (
        <p className="empty">評価項目はありません。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">評価項目</th>
              <th scope="col">説明</th>
              <th scope="col">重み</th>
              <th scope="col">割合</th>
            </tr>
          </thead>
          <tbody>
            {record.criteria.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.description}</td>
                <td>{c.weight}</td>
                <td>{c.share}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>審査担当</h2>
      {record.reviewers.length === 0 ? (
        <p className="empty">審査担当はいません。</p>
      ) : (
        <p>{record.reviewers.map((r) => r.name).join("、")}</p>
      )}

      <h2>提案と評価（合計の高い順）</h2>
      {record.proposals.length === 0 ? <p className="empty">提案はありません。</p> : null}
      {record.proposals.map((p) => (
        <section key={p.id} className="record-proposal">
          <h3>
            {p.companyName}「{p.title}」
          </h3>
          <p className="small">
            {p.status === "withdrawn" ? "取り下げ" : "提出済み"}・提出 {formatDateTime(p.submittedAt)}・希望する負担額{" "}
            {p.requestedFundingYen === null ? "—" : formatYen(p.requestedFundingYen)}
            {p.shortlisted ? "・候補" : ""}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">審査担当</th>
                {record.criteria.map((c) => (
                  <th scope="col" key={c.id}>
                    {c.name}
                  </th>
                ))}
                <th scope="col">合計</th>
                <th scope="col">総評</th>
              </tr>
            </thead>
            <tbody>
              {p.reviews.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.reviewerName}</th>
                  {record.criteria.map((c) => (
                    <td key={c.id}>
                      {r.scores[c.id] ?? "—"}
                      {r.scoreComments[c.id] ? <div className="small pre-wrap">{r.scoreComments[c.id]}</div> : null}
                    </td>
                  ))}
                  <td>{r.total ?? "—"}</td>
                  <td className="pre-wrap">{r.comment}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">平均</th>
                {record.criteria.map((c) => (
                  <td key={c.id}>{p.averages[c.id] ?? "—"}</td>
                ))}
                <td>
                  <strong>{p.total ?? "—"}</strong>
                </td>
                <td />
              </tr>
            </tbody>
          </table>
          <p>
            採否:{" "}
            {p.decision
              ? `${outcomeLabels[p.decision.outcome]}（${formatDateTime(p.decision.decidedAt)} 記録${p.decision.decidedBy ? `・${p.decision.decidedBy}` : ""}${p.decision.publishedAt ? `・${formatDateTime(p.decision.publishedAt)} 公開` : "・未公開"}）`
              : "未決定"}
          </p>
          {p.decision ? <p className="pre-wrap">理由: {p.decision.reason}</p> : null}
        </section>
      ))}
    </article>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
