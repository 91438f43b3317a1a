import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseCard } from "~/components/case-card";
import { Pagination } from "~/components/pagination";
import { listPublishedCaseStudies } from "~/domain/outcomes/case-study.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

const PAGE_SIZE = 12;
const TITLE = "実証の事例 | ガバメントピッチ・マッチング";
const DESCRIPTION =
  "ガバメントピッチから生まれた自治体と企業の実証のうち、双方の同意を得て公開された事例（課題・解決策・成果・KPI）です。";

export const meta: MetaFunction = () => [
  { title: TITLE },
  { name: "description", content: DESCRIPTION },
  { property: "og:title", content: TITLE },
  { property: "og:description", content: DESCRIPTION },
];

/** Public: published case studies, newest first. */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  const { items, total } = await listPublishedCaseStudies(db(), page, PAGE_SIZE);
  return json({ items, total, page, pageSize: PAGE_SIZE });
});

export default function Cases() {
  const { items, total, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>実証の事例</h1>
      <p>
        {DESCRIPTION}自走や本格実施に至った取組、うまくいかなかったことからの学びを、次の地域づくりに役立ててください。
      </p>
      {items.length === 0 ? (
        <p className="empty">
          {total === 0 ? "公開されている事例はまだありません。" : "このページに事例はありません。"}
          <br />
          <Link to="/pitches">公開中のピッチ（地域の課題）を見る</Link>
        </p>
      ) : (
        <>
          <p className="small muted">全{total}件（新しい順）</p>
          {items.map((item) => (
            <CaseCard key={item.pilotId} item={item} />
          ))}
          <Pagination page={page} pageSize={pageSize} total={total} />
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
