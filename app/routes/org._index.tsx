import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { VerificationBadge } from "~/components/verification-badge";
import { organizationKindLabels } from "~/domain/organizations/organizations.schema";
import {
  getOrganizationProfile,
  listBureauJurisdiction,
  listBureausForMunicipality,
} from "~/domain/organizations/organizations.queries.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { MunicipalityName } from "~/components/municipality-name";
import { currentSuccessors, type Successor } from "~/domain/reference/municipality-master.queries.server";
import { db } from "~/lib/db.server";

export const meta: MetaFunction = () => [{ title: "組織 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const organizationId = actor.membership.organizationId;
  requirePermission(actor, { action: "organization.view", organizationId });
  const profile = await getOrganizationProfile(organizationId);
  if (!profile) throw notFound();
  const [jurisdiction, bureaus, successors] = await Promise.all([
    profile.bureau_id ? listBureauJurisdiction(profile.bureau_id) : [],
    profile.municipality_code ? listBureausForMunicipality(profile.municipality_code) : [],
    profile.municipality_code && profile.municipality_abolished_on
      ? currentSuccessors(db(), [profile.municipality_code])
      : new Map<string, Successor[]>(),
  ]);
  return json({
    profile,
    jurisdiction,
    bureaus,
    successors: successors.get(profile.municipality_code ?? "") ?? [],
    canManageMembers: can(actor, { action: "organization.manageMembers", organizationId }),
    canViewAudit: can(actor, { action: "organization.viewAudit", organizationId }),
  });
});

export default function OrganizationOverview() {
  const { profile, jurisdiction, bureaus, successors, canManageMembers, canViewAudit } = useLoaderData<typeof loader>();
  const needsVerification = profile.kind === "municipality" || profile.kind === "bureau";
  return (
    <>
      <h1>
        {profile.name}
        <VerificationBadge status={profile.verification_status} />
      </h1>
      <NoticeFromUrl />
      {needsVerification && profile.verification_status !== "verified" ? (
        <div className="alert alert--warn" role="status">
          運営事務局による組織の確認が済むまで、
          {profile.kind === "municipality" ? "課題（ピッチ）の公開" : "管内データの閲覧"}
          はできません。確認には通常数営業日かかります。
          {profile.verification_note ? <p>事務局からのメモ: {profile.verification_note}</p> : null}
        </div>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>種類</dt>
          <dd>{organizationKindLabels[profile.kind]}</dd>
          {profile.municipality_code ? (
            <>
              <dt>市区町村</dt>
              <dd>
                <MunicipalityName
                  name={profile.municipality_name ?? ""}
                  abolishedOn={profile.municipality_abolished_on}
                  successors={successors}
                />
                {profile.municipality_abolished_on ? (
                  <p className="small">後継の市区町村への付け替えは、運営事務局が行います。</p>
                ) : null}
              </dd>
              <dt>全国地方公共団体コード</dt>
              <dd>{profile.municipality_code}</dd>
              <dt>都道府県</dt>
              <dd>{profile.prefecture_name}</dd>
              <dt>管轄の地方局</dt>
              <dd>{bureaus.map((b) => b?.name).join("、")}</dd>
            </>
          ) : null}
          {profile.corporate_number ? (
            <>
              <dt>法人番号</dt>
              <dd>{profile.corporate_number}</dd>
            </>
          ) : null}
          {profile.bureau_name ? (
            <>
              <dt>管轄区域</dt>
              <dd>{jurisdiction.map((p) => p?.name).join("、")}</dd>
            </>
          ) : null}
          <dt>登録日時</dt>
          <dd>{formatDateTime(profile.created_at)}</dd>
          <dt>確認日時</dt>
          <dd>{formatDateTime(profile.verified_at)}</dd>
        </dl>
      </section>
      <div className="actions">
        {canManageMembers ? (
          <Link className="button button--secondary" to="/org/members">
            メンバーの管理
          </Link>
        ) : null}
        {canViewAudit ? (
          <Link className="button button--secondary" to="/org/audit">
            操作履歴
          </Link>
        ) : null}
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
