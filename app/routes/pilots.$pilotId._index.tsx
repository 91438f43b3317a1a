import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { pilotOverview } from "~/domain/funding/pilot-overview.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { PilotMoneyCard } from "~/components/pilot-money-card";
import { requirePilotViewer } from "~/web/pilot-guards.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { access } = await requirePilotViewer(request, params);
  const overview = await pilotOverview(db(), access.pilot.id);
  return json({
    pilotId: access.pilot.id,
    side: access.side,
    signed: access.pilot.signed_version_id !== null,
    ...overview,
  });
});

const sideLabels = { municipality: "自治体", company: "企業" } as const;

export default function PilotOverview() {
  const { pilotId, signed, latestVersion, signatures, money } = useLoaderData<typeof loader>();
  return (
    <>
      <NoticeFromUrl />
      <section className="card" aria-labelledby="agreement-heading">
        <h2 id="agreement-heading">協定書</h2>
        {signed ? (
          <p>双方の署名により協定が締結されています。</p>
        ) : (
          <p>協定書は協議中です。双方が同じ版に署名すると締結されます。</p>
        )}
        <dl className="facts">
          <dt>最新の版</dt>
          <dd>
            {latestVersion
              ? `第${latestVersion.number}版（${latestVersion.locked ? "署名済み・変更不可" : "編集中"}）`
              : "—"}
          </dd>
          <dt>署名</dt>
          <dd>
            {signatures.length === 0
              ? "まだ署名はありません。"
              : signatures.map((s) => (
                  <span key={`${s.side}-${s.versionNumber}`} className="block">
                    第{s.versionNumber}版 {sideLabels[s.side]}: {s.signerName}（{formatDateTime(s.signedAt)}）
                  </span>
                ))}
          </dd>
        </dl>
        <p>
          <Link to={`/pilots/${pilotId}/agreement`}>協定書を開く</Link>
        </p>
      </section>
      <PilotMoneyCard money={money} formatAmount={formatYen}>
        <p>
          <Link to={`/pilots/${pilotId}/funding`}>資金・支払を開く</Link>
        </p>
      </PilotMoneyCard>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
