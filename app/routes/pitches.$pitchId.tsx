import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getActor, requireMember, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, FieldError } from "~/components/form-field";
import { formatDateTime, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { PitchStatusBadge } from "~/components/pitch-card";
import { indicatorLabel, layerLabel, targetStateLabel, themeLabel } from "~/domain/pitches/catalog.data";
import { getPublicPitch } from "~/domain/pitches/pitches.public.queries.server";
import { findActiveProposalId } from "~/domain/proposals/proposals.commands.server";
import { QuestionActionSchema, QUESTION_MAX, ANSWER_MAX } from "~/domain/questions/questions.schema";
import { answerQuestion, askQuestion } from "~/domain/questions/questions.commands.server";
import { isPitchOwner, listVisibleQuestions } from "~/domain/questions/questions.queries.server";
import { db } from "~/lib/db.server";
import { appUrl, handle, type FormFailure } from "~/web/http.server";
import { runForm } from "~/web/intents.server";
import { MunicipalityName } from "~/components/municipality-name";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "ピッチが見つかりません | ガバメントピッチ・マッチング" }];
  const { pitch } = data;
  const title = `${pitch.title}（${pitch.prefecture.name}${pitch.municipality.name}）| ガバメントピッチ・マッチング`;
  const description = (pitch.summary || pitch.problem).slice(0, 160);
  return [
    { title },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: `/pitches/${pitch.id}` },
    { property: "og:type", content: "article" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
  ];
};

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const pitch = await getPublicPitch(db(), params.pitchId ?? "");
  const actor = await getActor(request);
  const questions = await listVisibleQuestions(db(), pitch, actor);
  const canPropose = can(actor, { action: "proposal.create" });
  // The company's own active proposal for this pitch (scoped by its organisation), to open it instead of a new one.
  const ownProposalId =
    canPropose && actor?.membership ? await findActiveProposalId(actor.membership.organizationId, pitch.id) : null;
  return json({
    pitch,
    questions,
    viewer: {
      signedIn: actor !== null,
      canAsk: can(actor, { action: "question.ask" }) && pitch.openForProposals,
      isOwner: isPitchOwner(actor, pitch),
      canPropose: canPropose && pitch.openForProposals,
      ownProposalId,
    },
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  // Unknown, draft and archived pitches are 404 before anything else is looked at.
  const pitch = await getPublicPitch(db(), params.pitchId ?? "");
  const formData = await readForm(request);
  return runForm(formData, {
    schema: QuestionActionSchema,
    run: async (data) => {
      if (data.intent === "ask") {
        requirePermission(actor, { action: "question.ask" });
        await askQuestion(actor, pitch.id, data, appUrl(request));
        return "question-asked" as const;
      }
      requirePermission(actor, { action: "question.answer", organizationId: pitch.organizationId });
      await answerQuestion(actor, data, appUrl(request));
      return "question-answered" as const;
    },
    done: (notice) => ({ path: `/pitches/${pitch.id}`, notice, hash: "questions" }),
  });
});

function ProposeCall({
  pitchId,
  open,
  viewer,
}: {
  pitchId: string;
  open: boolean;
  viewer: { signedIn: boolean; canPropose: boolean; ownProposalId: string | null };
}) {
  if (viewer.ownProposalId) {
    return (
      <p className="actions">
        <Link to={`/company/proposals/${viewer.ownProposalId}`} className="button">
          提案を開く
        </Link>
      </p>
    );
  }
  if (!open) return null;
  if (viewer.canPropose) {
    return (
      <Form method="post" action={`/company/proposals/new?pitch=${pitchId}`} className="actions">
        <input type="hidden" name="intent" value="create" />
        <button type="submit" className="button">
          この課題に提案する
        </button>
      </Form>
    );
  }
  if (!viewer.signedIn) {
    return (
      <p>
        この課題に提案するには、企業アカウントで
        <Link to={`/login?redirectTo=${encodeURIComponent(`/pitches/${pitchId}`)}`}>ログイン</Link>してください。
      </p>
    );
  }
  return null;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{title}</dt>
      <dd>{children}</dd>
    </>
  );
}

export default function PublicPitchPage() {
  const { pitch, questions, viewer } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const answered = questions.filter((q) => q.answer !== null);
  const pending = questions.filter((q) => q.answer === null);
  return (
    <article>
      <Breadcrumbs trail={[{ to: "/pitches", label: "ピッチを探す" }]} current={pitch.title} />
      <NoticeFromUrl />
      <h1>
        {pitch.title}
        <PitchStatusBadge status={pitch.status} open={pitch.openForProposals} />
      </h1>
      <p className="muted">
        {pitch.prefecture.name} {pitch.municipality.name}｜第{pitch.revisionNumber}版｜公開{" "}
        {formatDateTime(pitch.publishedAt)}
      </p>
      {pitch.summary ? <p>{pitch.summary}</p> : null}
      <ProposeCall pitchId={pitch.id} open={pitch.openForProposals} viewer={viewer} />

      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading">募集の概要</h2>
        <dl className="pitch-sections">
          <Section title="提案の締切">{formatDateTime(pitch.proposalDeadline)}</Section>
          <Section title="試行的実施の予算上限">{formatYen(pitch.budgetCeilingYen)}</Section>
          <Section title="実証期間">
            {pitch.pilotStartOn || pitch.pilotEndOn
              ? `${pitch.pilotStartOn ?? "未定"} 〜 ${pitch.pilotEndOn ?? "未定"}`
              : "—"}
          </Section>
          <Section title="テーマ">
            {pitch.themes.length ? (
              <ul className="tags">
                {pitch.themes.map((t) => (
                  <li key={t}>
                    <Link to={`/pitches?theme=${t}`}>{themeLabel(t)}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </Section>
          <Section title="対象の層">
            {pitch.layer ? layerLabel(pitch.layer) : "—"}
            {pitch.areaName ? `（${pitch.areaName}）` : ""}
          </Section>
        </dl>
      </section>

      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading">課題の内容</h2>
        <dl className="pitch-sections">
          {pitch.vision ? <Section title="実現したい未来">{pitch.vision}</Section> : null}
          <Section title="地域の現状">
            {pitch.currentSituation || "—"}
            <ul>
              {pitch.population !== null ? <li>人口: {pitch.population.toLocaleString("ja-JP")}人</li> : null}
              {pitch.agingRatePercent !== null ? <li>高齢化率: {pitch.agingRatePercent}%</li> : null}
              {pitch.certificationRatePercent !== null ? <li>認定率: {pitch.certificationRatePercent}%</li> : null}
            </ul>
          </Section>
          {pitch.problem ? <Section title="課題">{pitch.problem}</Section> : null}
          {pitch.problemEvidence ? <Section title="課題の根拠（事例・調査）">{pitch.problemEvidence}</Section> : null}
          {pitch.targetPeople || pitch.targetStates.length ? (
            <Section title="対象者">
              {pitch.targetPeople}
              {pitch.targetStates.length ? `（状態: ${pitch.targetStates.map(targetStateLabel).join("、")}）` : ""}
            </Section>
          ) : null}
          {pitch.triedSoFar ? <Section title="これまでの取組">{pitch.triedSoFar}</Section> : null}
          {pitch.partnerWanted ? <Section title="求めるパートナー">{pitch.partnerWanted}</Section> : null}
          {pitch.solutionWanted ? <Section title="求める解決策">{pitch.solutionWanted}</Section> : null}
          {pitch.resourcesOffered ? <Section title="自治体が提供できる資源">{pitch.resourcesOffered}</Section> : null}
          {pitch.indicators.length ? (
            <Section title="重視する評価指標">
              <ul>
                {pitch.indicators.map((i) => (
                  <li key={i}>{indicatorLabel(i)}</li>
                ))}
              </ul>
            </Section>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="org-heading">
        <h2 id="org-heading">自治体と地方局</h2>
        <dl className="pitch-sections">
          <Section title="自治体">
            {pitch.prefecture.name} <MunicipalityName {...pitch.municipality} />
            （地方公共団体コード {pitch.municipality.code}）
            {pitch.municipality.url ? (
              <>
                {" "}
                <a href={pitch.municipality.url} rel="noopener noreferrer external">
                  公式サイト
                </a>
              </>
            ) : null}
          </Section>
          <Section title="管轄の地方局">
            <ul>
              {pitch.bureaus.map((b) => (
                <li key={b.id}>
                  <Link to={`/pitches?bureau=${b.id}`}>{b.name}</Link>
                </li>
              ))}
            </ul>
          </Section>
        </dl>
        <p className="small muted">担当者の連絡先は公開していません。ご質問は下の「質問と回答」からお寄せください。</p>
      </section>

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">変更履歴（現在 第{pitch.revisionNumber}版）</h2>
        {pitch.lastChange && pitch.lastChange.changes.length > 0 ? (
          <>
            <h3>第{pitch.lastChange.number}版で変わった項目</h3>
            <ul>
              {pitch.lastChange.changes.map((c) => (
                <li key={c.field}>
                  <strong>{c.label}</strong>:{" "}
                  {c.from.length > 80 || c.to.length > 80 ? "内容を更新しました" : `${c.from} → ${c.to}`}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <ol reversed>
          {pitch.revisions.map((r) => (
            <li key={r.number}>
              第{r.number}版（{formatDateTime(r.createdAt)}）:{" "}
              {r.changeNote || (r.number === 1 ? "公開" : "変更内容の記載なし")}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" id="questions" aria-labelledby="qa-heading">
        <h2 id="qa-heading">質問と回答</h2>
        <p className="small muted">回答はすべての企業に公開されます。質問した企業名・氏名は公開されません。</p>
        <FormAlert message={result?.formError} />
        {answered.length === 0 ? <p className="empty">公開されている回答はまだありません。</p> : null}
        {answered.map((q) => (
          <div key={q.id} className="qa-item">
            <p>
              <strong>質問</strong>（{formatDateTime(q.askedAt)}）
              {q.askedByYou ? <span className="badge badge--muted">あなたの質問</span> : null}
            </p>
            <p>{q.question}</p>
            <p>
              <strong>回答</strong>（{formatDateTime(q.answeredAt)}）
            </p>
            <p>{q.answer}</p>
          </div>
        ))}
        {pending.length > 0 ? (
          <>
            <h3>{viewer.isOwner ? "未回答の質問" : "回答待ちのあなたの質問"}</h3>
            {pending.map((q) => (
              <div key={q.id} className="qa-item">
                <p>
                  <strong>質問</strong>（{formatDateTime(q.askedAt)}）
                </p>
                <p>{q.question}</p>
                {viewer.isOwner ? (
                  <Form method="post" className="stack" aria-label="回答の入力">
                    <input type="hidden" name="intent" value="answer" />
                    <input type="hidden" name="questionId" value={q.id} />
                    <div className="field">
                      <label htmlFor={`answer-${q.id}`}>回答（公開されます）</label>
                      <textarea id={`answer-${q.id}`} name="answer" required maxLength={ANSWER_MAX} />
                    </div>
                    <button type="submit" className="button" disabled={submitting}>
                      回答を公開する
                    </button>
                  </Form>
                ) : null}
              </div>
            ))}
          </>
        ) : null}
        {viewer.canAsk ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="ask" />
            <div className={`field${result?.fieldErrors.question ? " field--invalid" : ""}`}>
              <label htmlFor="question">質問する</label>
              <p className="field__hint" id="question-hint">
                自治体が回答すると、質問と回答がすべての企業に公開されます（質問者は伏せられます）。
              </p>
              <textarea
                id="question"
                name="question"
                required
                maxLength={QUESTION_MAX}
                defaultValue={result?.values.question}
                aria-invalid={result?.fieldErrors.question ? true : undefined}
                aria-describedby={`question-hint${result?.fieldErrors.question ? " question-error" : ""}`}
              />
              <FieldError id="question-error" message={result?.fieldErrors.question} />
            </div>
            <button type="submit" className="button" disabled={submitting}>
              質問を送信する
            </button>
          </Form>
        ) : !viewer.signedIn && pitch.openForProposals ? (
          <p>
            質問するには、企業アカウントで
            <Link to={`/login?redirectTo=${encodeURIComponent(`/pitches/${pitch.id}`)}`}>ログイン</Link>してください。
          </p>
        ) : !pitch.openForProposals ? (
          <p className="muted">このピッチは提案・質問の受付を終了しています。</p>
        ) : null}
      </section>
    </article>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
