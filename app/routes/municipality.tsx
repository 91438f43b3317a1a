import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { PitchStatus } from "@db/schema";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { PitchStatusBadge } from "~/components/pitch-form";
import { VerificationBadge } from "~/components/verification-badge";
import { getMunicipalityWaiting, listHomePitches } from "~/domain/home/municipality-home.queries.server";
import { listPilotActions } from "~/domain/home/pilot-actions.queries.server";
import { PilotActionItems } from "~/components/pilot-actions";
import {
  getOrganizationProfile,
  listBureausForMunicipality,
} from "~/domain/organizations/organizations.queries.server";
import { listUnreadThreads } from "~/domain/proposals/threads.queries.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "自治体ダッシュボード | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.municipality" });
  const profile = await getOrganizationProfile(actor.membership.organizationId);
  if (!profile?.municipality_code) throw notFound();
  const [bureaus, pitches, waiting, unread, pilotActions] = await Promise.all([
    listBureausForMunicipality(profile.municipality_code),
    listHomePitches(db(), actor.membership.organizationId),
    getMunicipalityWaiting(db(), actor),
    listUnreadThreads(db(), actor),
    listPilotActions(db(), actor),
  ]);
  return json({
    profile,
    bureaus,
    pitches,
    waiting,
    unread,
    pilotActions,
    canPublish: can(actor, { action: "pitch.publish" }),
    canStartPilot: can(actor, { action: "pilot.start", organizationId: actor.membership.organizationId }),
  });
});

export default function MunicipalityHome() {
  const { profile, bureaus, pitches, waiting, unread, pilotActions, canPublish, canStartPilot } =
    useLoaderData<typeof loader>();
  const todo = [
    waiting.unansweredQuestions > 0
      ? { to: "/municipality/questions", text: `未回答の質問が${waiting.unansweredQuestions}件あります` }
      : null,
    waiting.unpublishedDecisions > 0
      ? { to: "#pitches-heading", text: `記録済みで未公開の決定が${waiting.unpublishedDecisions}件あります` }
      : null,
    waiting.reconfirmations > 0
      ? {
          to: "/municipality/pitches",
          text: `公開から6か月を過ぎ、内容の再確認が必要なピッチが${waiting.reconfirmations}件あります`,
        }
      : null,
    waiting.drafts > 0 ? { to: "/municipality/pitches", text: `下書きのピッチが${waiting.drafts}件あります` } : null,
  ].filter((item): item is { to: string; text: string } => item !== null);
  return (
    <>
      <h1>
        {profile.name} 自治体ダッシュボード
        <VerificationBadge status={profile.verification_status} />
      </h1>
      <NoticeFromUrl />
      {canPublish ? (
        <div className="alert alert--info" role="status">
          組織の確認が済んでいます。地域の課題（ピッチ）を公開できます。
        </div>
      ) : (
        <div className="alert alert--warn" role="status">
          運営事務局による組織の確認待ちです。確認が済むまで課題（ピッチ）の公開はできません。下書きの準備は進められます。
        </div>
      )}
      <section className="card" aria-labelledby="todo-heading">
        <h2 id="todo-heading">対応が必要なこと</h2>
        {todo.length === 0 && waiting.reviewsToDo.length === 0 && unread.total === 0 && pilotActions.length === 0 ? (
          <p className="empty">いま対応が必要なことはありません。</p>
        ) : (
          <ul>
            <PilotActionItems actions={pilotActions} canStart={canStartPilot} />
            {unread.items.map((t) => (
              <li key={`thread-${t.proposalId}`}>
                未読のメッセージ:{" "}
                <Link to={`/proposals/${t.proposalId}/thread`}>
                  {t.otherParty}「{t.proposalTitle || "提案"}」
                </Link>
              </li>
            ))}
            {waiting.reviewsToDo.map((r) => (
              <li key={r.proposalId}>
                採点をお願いします:{" "}
                <Link to={`/municipality/pitches/${r.pitchId}/proposals/${r.proposalId}`}>
                  {r.companyName}「{r.proposalTitle || "（無題の提案）"}」
                </Link>
                <span className="small muted">（{r.pitchTitle}）</span>
              </li>
            ))}
            {todo.map((item) => (
              <li key={item.text}>
                <Link to={item.to}>{item.text}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="pitches-heading">
        <h2 id="pitches-heading">ピッチと提案の状況</h2>
        {pitches.length === 0 ? (
          <p className="empty">
            まだピッチがありません。<Link to="/municipality/pitches/new">最初のピッチを作成する</Link>
          </p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">ピッチごとの提案数、未回答の質問、未公開の決定</caption>
              <thead>
                <tr>
                  <th scope="col">ピッチ</th>
                  <th scope="col">状態</th>
                  <th scope="col">提案の締切</th>
                  <th scope="col">提案</th>
                  <th scope="col">未回答の質問</th>
                  <th scope="col">未公開の決定</th>
                </tr>
              </thead>
              <tbody>
                {pitches.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/municipality/pitches/${p.id}`}>{p.title}</Link>
                      {p.needsReconfirmation ? <span className="badge badge--warn">要再確認</span> : null}
                    </th>
                    <td>
                      <PitchStatusBadge status={p.status as PitchStatus} />
                    </td>
                    <td>{p.deadline ? formatDateTime(p.deadline) : "—"}</td>
                    <td>
                      {p.status === "draft" ? (
                        "—"
                      ) : (
                        <Link to={`/municipality/pitches/${p.id}/proposals`}>{p.proposals}件</Link>
                      )}
                    </td>
                    <td>
                      {p.unansweredQuestions > 0 ? (
                        <Link to="/municipality/questions">{p.unansweredQuestions}件</Link>
                      ) : (
                        "0件"
                      )}
                    </td>
                    <td>
                      {p.unpublishedDecisions > 0 ? (
                        <Link to={`/municipality/pitches/${p.id}/decisions`}>{p.unpublishedDecisions}件</Link>
                      ) : (
                        "0件"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link to="/municipality/pitches">すべてのピッチ</Link>
        </p>
      </section>
      <div className="grid">
        <section className="card">
          <h2>管轄の地方局</h2>
          <ul>
            {bureaus.map((b) => (
              <li key={b.id}>{b.name}</li>
            ))}
          </ul>
          <p className="small muted">
            {profile.prefecture_name}・全国地方公共団体コード {profile.municipality_code}
          </p>
        </section>
        <section className="card">
          <h2>組織</h2>
          <p>メンバーの招待や権限の管理、操作履歴の確認ができます。</p>
          <Link to="/org">組織の情報</Link>
        </section>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
