import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { listCompanyHomeProposals } from "~/domain/home/company-home.queries.server";
import { listPilotActions } from "~/domain/home/pilot-actions.queries.server";
import { PilotActionItems } from "~/components/pilot-actions";
import { recommendPitchesForCompany } from "~/domain/recommendations/recommendations.queries.server";
import { getOrganizationProfile } from "~/domain/organizations/organizations.queries.server";
import { listUnreadThreads } from "~/domain/proposals/threads.queries.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "企業ダッシュボード | ガバメントピッチ・マッチング" }];

const proposalStatusText: Record<string, string> = { draft: "下書き", submitted: "提出済み", withdrawn: "取り下げ" };
const decisionText = { accepted: "採択", declined: "不採択" } as const;

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.company" });
  const profile = await getOrganizationProfile(actor.membership.organizationId);
  if (!profile) throw notFound();
  const [proposals, recommended, unread, pilotActions] = await Promise.all([
    listCompanyHomeProposals(db(), actor.membership.organizationId),
    recommendPitchesForCompany(db(), actor.membership.organizationId, 3),
    listUnreadThreads(db(), actor),
    listPilotActions(db(), actor),
  ]);
  return json({ profile, proposals, recommended, unread, pilotActions, now: new Date().toISOString() });
});

export default function CompanyHome() {
  const { profile, proposals, recommended, unread, pilotActions, now } = useLoaderData<typeof loader>();
  // Drafts to pitches still open, the nearest deadline first: the company's own next step before anyone else's.
  const drafts = proposals
    .filter((p) => p.status === "draft" && p.pitch.deadline !== null && p.pitch.deadline > now)
    .sort((a, b) => (a.pitch.deadline ?? "").localeCompare(b.pitch.deadline ?? ""));
  const nothingToDo = unread.total === 0 && pilotActions.length === 0 && drafts.length === 0;
  return (
    <>
      <h1>{profile.name} 企業ダッシュボード</h1>
      <NoticeFromUrl />
      <section className="card" aria-labelledby="todo-heading">
        <h2 id="todo-heading">対応が必要なこと</h2>
        {nothingToDo ? (
          <p className="empty">
            いま対応が必要なことはありません。<Link to="/pitches?open=1">募集中のピッチを探す</Link>
          </p>
        ) : (
          <ul>
            <PilotActionItems actions={pilotActions} />
            {drafts.map((p) => (
              <li key={p.id}>
                下書きの提案を仕上げて提出してください:{" "}
                <Link to={`/company/proposals/${p.id}`}>{p.title || "（無題の提案）"}</Link>
                <span className="small muted">
                  （{p.pitch.municipality}「{p.pitch.title}」、締切 {formatDateTime(p.pitch.deadline)}）
                </span>
              </li>
            ))}
            {unread.items.map((t) => (
              <li key={t.proposalId}>
                未読のメッセージ:{" "}
                <Link to={`/proposals/${t.proposalId}/thread`}>
                  {t.otherParty}から「{t.proposalTitle || "提案"}」について
                </Link>
                <span className="small muted">（{formatDateTime(t.lastMessageAt)}）</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="proposals-heading">
        <h2 id="proposals-heading">提案の状況</h2>
        <p>
          <Link to="/company/proposals">すべての提案</Link>
        </p>
        {proposals.length === 0 ? (
          <p className="empty">
            まだ提案はありません。<Link to="/pitches?open=1">募集中のピッチを探す</Link>
          </p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">自社の提案と状態</caption>
              <thead>
                <tr>
                  <th scope="col">提案</th>
                  <th scope="col">ピッチ</th>
                  <th scope="col">状態</th>
                  <th scope="col">提案の締切</th>
                  <th scope="col">結果</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/company/proposals/${p.id}`}>{p.title || "（無題の提案）"}</Link>
                    </th>
                    <td>
                      {p.pitch.municipality}「<Link to={`/pitches/${p.pitch.id}`}>{p.pitch.title}</Link>」
                    </td>
                    <td>{proposalStatusText[p.status] ?? p.status}</td>
                    <td>{p.pitch.deadline ? formatDateTime(p.pitch.deadline) : "—"}</td>
                    <td>
                      {p.decision ? (
                        <span className={`badge badge--${p.decision === "accepted" ? "ok" : "muted"}`}>
                          {decisionText[p.decision]}
                        </span>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="recommended-heading">
        <h2 id="recommended-heading">おすすめの課題</h2>
        {!recommended.profileReady ? (
          <p className="empty">
            <Link to="/company/profile">会社プロフィール</Link>
            で対応テーマと地域を登録すると、合う課題をおすすめします。
          </p>
        ) : recommended.items.length === 0 ? (
          <p className="empty">いま募集中の課題に、プロフィールに合うものはありません。</p>
        ) : (
          <ul className="stack">
            {recommended.items.map((r) => (
              <li key={r.id}>
                <Link to={`/pitches/${r.id}`}>{r.title}</Link>
                <span className="small muted">
                  （{r.prefectureName} {r.municipalityName}・締切 {formatDateTime(r.proposalDeadline)}）
                </span>
                <ul className="chips" aria-label="おすすめの理由">
                  {r.reasons.map((reason) => (
                    <li key={reason} className="chip">
                      {reason}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/company/recommendations">おすすめをもっと見る</Link>
        </p>
      </section>
      <div className="grid">
        <section className="card">
          <h2>課題を探す</h2>
          <p>全国の自治体が公開した地域課題（ピッチ）を探し、解決策を提案します（STEP3）。</p>
          <p>
            <Link to="/pitches?open=1">募集中のピッチ</Link>／<Link to="/company/saved-searches">保存した検索条件</Link>
            ／<Link to="/events">ピッチイベント</Link>
          </p>
        </section>
        <section className="card">
          <h2>法人情報</h2>
          <dl className="facts">
            <dt>法人番号</dt>
            <dd>{profile.corporate_number}</dd>
          </dl>
          <p>
            <Link to="/org">組織の情報とメンバー</Link>
          </p>
        </section>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
