import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { NoticeFromUrl } from "~/components/notices";
import { getOrganizationProfile } from "~/domain/organizations/organizations.queries.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "企業ダッシュボード | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.company" });
  const profile = await getOrganizationProfile(actor.membership.organizationId);
  if (!profile) throw notFound();
  return json({ profile });
});

export default function CompanyHome() {
  const { profile } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{profile.name} 企業ダッシュボード</h1>
      <NoticeFromUrl />
      <div className="grid">
        <section className="card">
          <h2>課題を探す</h2>
          <p>全国の自治体が公開した地域課題（ピッチ）を探し、解決策を提案します（STEP3）。</p>
          <p><Link to="/pitches">ピッチを探す</Link>／<Link to="/company/proposals">貴社の提案</Link></p>
        </section>
        <section className="card">
          <h2>法人情報</h2>
          <dl className="facts">
            <dt>法人番号</dt>
            <dd>{profile.corporate_number}</dd>
          </dl>
          <p><Link to="/org">組織の情報とメンバー</Link></p>
        </section>
      </div>
    </>
  );
}
