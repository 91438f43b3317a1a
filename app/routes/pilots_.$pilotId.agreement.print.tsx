// The agreement as an A4 document in Japanese, for the browser's print function (outside the pilot layout and without
// the site's header and footer: `handle.bare`). The error wrapper is imported as `withErrors` because Remix reserves the
// export name `handle` for the route handle.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { RouteHandle } from "~/root";
import printStyles from "~/styles/agreement-print.css";
import { AgreementArticles } from "~/components/agreement/agreement-articles";
import { formatDateTime } from "~/lib/format";
import { agreementDocument, agreementQuery } from "~/domain/pilots/agreement-page.queries.server";
import { notFound } from "~/lib/errors";
import { handle as withErrors } from "~/web/http.server";
import { requirePilotViewer } from "~/web/pilot-guards.server";

export const handle: RouteHandle = { bare: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `実証協定書（第${data.document.version.number}版）${data.document.title}` : "実証協定書" },
];

export const loader = /* @__PURE__ */ withErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const { access } = await requirePilotViewer(request, params);
  const document = await agreementDocument(access, agreementQuery(request));
  if (!document) throw notFound("協定書の版が見つかりません。");
  return json({ pilotId: access.pilot.id, document });
});

const PARTY_ROWS = [
  { side: "municipality", mark: "甲", label: "自治体" },
  { side: "company", mark: "乙", label: "企業" },
] as const;

export default function AgreementPrint() {
  const { pilotId, document: doc } = useLoaderData<typeof loader>();
  const { parties, version } = doc;
  return (
    <article className="agreement-sheet" aria-labelledby="agreement-title">
      <p className="no-print agreement-sheet__tools">
        <Link to={`/pilots/${pilotId}/agreement?version=${version.number}`}>← 協定書のページに戻る</Link>
        <button type="button" className="button button--small" onClick={() => window.print()}>
          印刷する
        </button>
        <a href={`/pilots/${pilotId}/agreement.pdf?version=${version.number}`} download>
          PDFをダウンロード
        </a>
      </p>
      {doc.concluded ? null : (
        <p className="agreement-sheet__draft" role="note">
          案（{version.locked ? "一方のみ署名済み" : "未署名"}）: この版は双方の署名がそろっていません。
        </p>
      )}
      <h1 id="agreement-title">実証協定書</h1>
      <p className="agreement-sheet__subtitle">
        「{doc.title}」の試行的実施に関する協定（第{version.number}版）
      </p>
      <p className="agreement-sheet__preamble">
        {parties.municipalityName}（以下「甲」という。）と{parties.companyName}
        （以下「乙」という。）は、住民参画・官民連携推進事業として行う「{doc.title}
        」の試行的実施（以下「本実証」という。）について、次のとおり協定を締結する。
      </p>
      <AgreementArticles content={version.content} parties={parties} level={2} />
      <section className="agreement-sheet__signatures" aria-labelledby="signatures-title">
        <h2 id="signatures-title">署名</h2>
        <p>本協定の締結を証するため、甲乙それぞれの権限ある者が本システム上で第{version.number}版に署名した。</p>
        <table>
          <thead>
            <tr>
              <th scope="col">当事者</th>
              <th scope="col">組織</th>
              <th scope="col">署名者</th>
              <th scope="col">署名日時</th>
            </tr>
          </thead>
          <tbody>
            {PARTY_ROWS.map((row) => {
              const s = doc.signatures.find((x) => x.side === row.side);
              return (
                <tr key={row.side}>
                  <th scope="row">
                    {row.mark}（{row.label}）
                  </th>
                  <td>{row.side === "municipality" ? parties.municipalityName : parties.companyName}</td>
                  <td>{s ? s.signerName : "（未署名）"}</td>
                  <td>{s ? formatDateTime(s.signedAt) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <footer className="agreement-sheet__footer small">
        第{version.number}版・最終更新 {formatDateTime(version.updatedAt)}
        {doc.signedVersionNumber !== null && doc.signedVersionNumber !== version.number
          ? `・現在有効な版は第${doc.signedVersionNumber}版です`
          : ""}
      </footer>
    </article>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
