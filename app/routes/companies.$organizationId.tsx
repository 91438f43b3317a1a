// The public page of a company with a published profile (no sign-in needed). The track record is computed from
// accepted decisions the municipality published. Contacts only for municipality and bureau users.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getActor } from "~/auth/guards.server";
import { formatDateTime } from "~/lib/format";
import { getPublicCompanyProfile } from "~/domain/companies/company-profiles.queries.server";
import { industryLabel } from "~/domain/companies/industries.data";
import { THEMES } from "~/domain/pitches/catalog.data";
import { handle } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organization.name ?? "企業"} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await getActor(request);
  const page = await getPublicCompanyProfile(actor, params.organizationId ?? "");
  return json(page, { headers: { "Cache-Control": "private, no-store" } });
});

const themeLabel = (code: string) => THEMES.find((t) => t.code === code)?.label ?? code;

export default function CompanyPublicPage() {
  const { organization, profile, trackRecord, isOwn } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/pitches">← ピッチを探す</Link>
      </p>
      <h1>{organization.name}</h1>
      {isOwn && (!profile || !profile.published) ? (
        <div className="alert alert--info" role="status">
          このプロフィールは公開されていません（自社のメンバーだけに表示されています）。
          <Link to="/company/profile">会社プロフィールを編集</Link>
        </div>
      ) : null}
      {profile?.hasLogo ? (
        <p>
          <img src={`/companies/${organization.id}/logo`} alt={`${organization.name}のロゴ`} className="company-logo" />
        </p>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>法人番号</dt>
          <dd>{organization.corporate_number}</dd>
          {profile ? (
            <>
              <dt>業種</dt>
              <dd>{profile.industries.map(industryLabel).join("、") || "—"}</dd>
              <dt>対応地域</dt>
              <dd>{profile.servesNationwide ? "全国" : profile.prefectures.join("、") || "—"}</dd>
              <dt>得意なテーマ</dt>
              <dd>
                {profile.themes.length > 0 ? (
                  <ul className="chips" aria-label="得意なテーマ">
                    {profile.themes.map((t) => (
                      <li key={t} className="chip">
                        {themeLabel(t)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  "—"
                )}
              </dd>
              <dt>ウェブサイト</dt>
              <dd>
                {profile.websiteUrl ? (
                  <a href={profile.websiteUrl} rel="noopener noreferrer nofollow" target="_blank">
                    {profile.websiteUrl}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {profile ? (
        <>
          <section>
            <h2>会社の紹介</h2>
            <p className="pre-wrap">{profile.summary || "—"}</p>
          </section>
          <section>
            <h2>製品・サービス</h2>
            <p className="pre-wrap">{profile.products || "—"}</p>
          </section>
        </>
      ) : null}
      <section>
        <h2>マッチング実績（{trackRecord.length}件）</h2>
        {trackRecord.length === 0 ? (
          <p className="empty">このプラットフォームでの公表済みのマッチング実績はまだありません。</p>
        ) : (
          <ul className="stack" aria-label="マッチング実績">
            {trackRecord.map((r) => (
              <li key={r.pitchId} className="card">
                <Link to={`/pitches/${r.pitchId}`}>{r.pitchTitle}</Link>
                <p className="small muted">
                  {r.prefectureName} {r.municipalityName}／採択の公表: {formatDateTime(r.publishedAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {profile?.contact ? (
        <section className="card">
          <h2>担当窓口</h2>
          <dl className="facts">
            <dt>担当者</dt>
            <dd>{profile.contact.name || "—"}</dd>
            <dt>メールアドレス</dt>
            <dd>
              {profile.contact.email ? <a href={`mailto:${profile.contact.email}`}>{profile.contact.email}</a> : "—"}
            </dd>
            <dt>電話番号</dt>
            <dd>{profile.contact.phone || "—"}</dd>
          </dl>
        </section>
      ) : (
        <p className="small muted">担当窓口は、ログインした自治体・地方局の方に表示されます。</p>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
