import { json, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CaseCard } from "~/components/case-card";
import { PitchCard } from "~/components/pitch-card";
import { listPublishedCaseStudies } from "~/domain/outcomes/case-study.queries.server";
import { parseSearchLenient } from "~/domain/pitches/pitches.search.schema";
import { searchPitches } from "~/domain/pitches/pitches.search.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { useViewer } from "~/root";

export const meta: MetaFunction = () => [{ title: "ガバメントピッチ・マッチング | 住民参画・官民連携推進事業" }];

const steps = [
  {
    title: "STEP1 課題の可視化",
    body: "自治体が「実現したい未来」から逆算し、地域の課題を具体的なデータと事例で整理します。",
  },
  { title: "STEP2 課題の発信", body: "整理した課題をピッチとして公開し、全国の企業に届けます。" },
  { title: "STEP3 解決方法の提案", body: "企業は製品紹介ではなく、課題を解決するための提案を行います。" },
  {
    title: "STEP4 マッチング・実証協議",
    body: "自治体と企業が共創の精神で実証（試行的実施）を協議し、自走や本格実施を目指します。",
  },
];

/** The newest pitches open for proposals (public: no sign-in). */
export const loader = /* @__PURE__ */ handle(async () => {
  const [latest, cases] = await Promise.all([
    searchPitches(db(), parseSearchLenient(new URLSearchParams({ open: "1" }))),
    listPublishedCaseStudies(db(), 1, 3),
  ]);
  return json({ latest: latest.rows.slice(0, 3), openTotal: latest.total, cases: cases.items, caseTotal: cases.total });
});

export default function Index() {
  const viewer = useViewer();
  const { latest, openTotal, cases, caseTotal } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>地域の課題と企業の力を、住民とともにつなぐ。</h1>
        <p>
          ガバメントピッチ・マッチングは、住民参画・官民連携推進事業のための基盤です。自治体は地域の課題を発信し、企業は解決策を提案し、
          実証協定・試行的実施の補助・成果報告までをひとつの場所で進められます。地方経済産業局・地方厚生局は管内の取組を見守れます。
        </p>
        <div className="actions">
          {viewer ? (
            <Link className="button" to="/dashboard">
              ダッシュボードへ
            </Link>
          ) : (
            <>
              <Link className="button" to="/signup">
                新規登録
              </Link>
              <Link className="button button--secondary" to="/login">
                ログイン
              </Link>
            </>
          )}
        </div>
      </section>
      <section aria-labelledby="find-heading">
        <h2 id="find-heading">ピッチを探す</h2>
        <Form method="get" action="/pitches" role="search" aria-label="ピッチの検索" className="actions">
          <label htmlFor="home-q" className="sr-only">
            キーワード
          </label>
          <input id="home-q" name="q" type="search" placeholder="例: 買い物、見守り、フレイル" maxLength={100} />
          <input type="hidden" name="open" value="1" />
          <button type="submit" className="button">
            募集中のピッチを検索
          </button>
        </Form>
        {latest.length > 0 ? (
          <>
            <h3>新着の募集（募集中 {openTotal}件）</h3>
            {latest.map((pitch) => (
              <PitchCard key={pitch.id} pitch={pitch} headingLevel={3} />
            ))}
            <p>
              <Link to="/pitches?open=1">募集中のピッチをすべて見る</Link>
            </p>
          </>
        ) : (
          <p>
            <Link to="/pitches">公開されているピッチを見る</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="cases-heading">
        <h2 id="cases-heading">実証の事例</h2>
        {cases.length > 0 ? (
          <>
            <p>自治体と企業の双方の同意を得て公開している、完了した実証の事例です（全{caseTotal}件）。</p>
            {cases.map((item) => (
              <CaseCard key={item.pilotId} item={item} headingLevel={3} />
            ))}
          </>
        ) : (
          <p>完了した実証は、自治体と企業の双方が同意すると、課題・解決策・成果を事例として公開できます。</p>
        )}
        <p>
          <Link to="/cases">実証の事例をすべて見る</Link>
        </p>
      </section>
      <h2>ガバメントピッチの進め方</h2>
      <div className="grid">
        {steps.map((step) => (
          <section key={step.title} className="card">
            <h3>{step.title}</h3>
            <p>{step.body}</p>
          </section>
        ))}
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
