import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { NoticeFromUrl } from "~/components/notices";
import { VerificationBadge } from "~/components/verification-badge";
import { getOrganizationProfile, listBureausForMunicipality } from "~/domain/organizations/organizations.queries.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "自治体ダッシュボード | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.municipality" });
  const profile = await getOrganizationProfile(actor.membership.organizationId);
  if (!profile?.municipality_code) throw notFound();
  const bureaus = await listBureausForMunicipality(profile.municipality_code);
  return json({ profile, bureaus, canPublish: can(actor, { action: "pitch.publish" }) });
});

export default function MunicipalityHome() {
  const { profile, bureaus, canPublish } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {profile.name} 自治体ダッシュボード
        <VerificationBadge status={profile.verification_status} />
      </h1>
      <NoticeFromUrl />
      {canPublish ? (
        <div className="alert alert--info" role="status">組織の確認が済んでいます。地域の課題（ピッチ）を公開できます。</div>
      ) : (
        <div className="alert alert--warn" role="status">
          運営事務局による組織の確認待ちです。確認が済むまで課題（ピッチ）の公開はできません。下書きの準備は進められます。
        </div>
      )}
      <div className="grid">
        <section className="card">
          <h2>課題の可視化と発信</h2>
          <p>実現したい未来から逆算して、地域の課題を企業に伝わる形にまとめ、公開します（STEP1・STEP2）。</p>
          <Link to="/municipality/pitches">課題（ピッチ）の一覧と作成</Link>
        </section>
        <section className="card">
          <h2>管轄の地方局</h2>
          <ul>
            {bureaus.map((b) => (
              <li key={b.id}>{b.name}</li>
            ))}
          </ul>
          <p className="small muted">{profile.prefecture_name}・全国地方公共団体コード {profile.municipality_code}</p>
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
