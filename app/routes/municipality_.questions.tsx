import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { AnswerQuestionSchema, ANSWER_MAX } from "~/domain/questions/questions.schema";
import { answerQuestion } from "~/domain/questions/questions.commands.server";
import { listQuestionsOfMunicipality } from "~/domain/questions/questions.queries.server";
import { db } from "~/lib/db.server";
import { appUrl, handle, type FormFailure } from "~/web/http.server";
import { runForm } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "ピッチへの質問 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "workspace.municipality" });
  const questions = await listQuestionsOfMunicipality(db(), actor.membership.organizationId);
  return json({ questions });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "workspace.municipality" });
  const formData = await readForm(request);
  return runForm(formData, {
    schema: AnswerQuestionSchema,
    invalid: "回答を確認してください。",
    run: (data) => answerQuestion(actor, data, appUrl(request)),
    done: { path: "/municipality/questions", notice: "question-answered" },
  });
});

export default function MunicipalityQuestions() {
  const { questions } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const pending = questions.filter((q) => q.answer === null);
  const answered = questions.filter((q) => q.answer !== null);
  return (
    <>
      <h1>ピッチへの質問</h1>
      <NoticeFromUrl />
      <p>回答は、質問者を伏せてすべての企業に公開されます。</p>
      <FormAlert message={result?.formError} />
      <h2>未回答（{pending.length}件）</h2>
      {pending.length === 0 ? <p className="empty">未回答の質問はありません。</p> : null}
      {pending.map((q) => (
        <section key={q.id} className="card" aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>
            <Link to={`/pitches/${q.pitch.id}#questions`}>{q.pitch.title}</Link>
          </h3>
          <p className="small muted">{formatDateTime(q.askedAt)} の質問</p>
          <p className="pre-wrap">{q.question}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="answer" />
            <input type="hidden" name="questionId" value={q.id} />
            <div className="field">
              <label htmlFor={`answer-${q.id}`}>回答（公開されます）</label>
              <textarea
                id={`answer-${q.id}`}
                name="answer"
                required
                maxLength={ANSWER_MAX}
                defaultValue={result?.values.questionId === q.id ? result.values.answer : undefined}
              />
              {result?.values.questionId === q.id && result.fieldErrors.answer ? (
                <p className="field__error" role="alert">
                  {result.fieldErrors.answer}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              回答を公開する
            </button>
          </Form>
        </section>
      ))}
      <h2>回答済み（{answered.length}件）</h2>
      {answered.length === 0 ? <p className="empty">回答済みの質問はまだありません。</p> : null}
      {answered.map((q) => (
        <section key={q.id} className="card">
          <h3>
            <Link to={`/pitches/${q.pitch.id}#questions`}>{q.pitch.title}</Link>
          </h3>
          <p className="pre-wrap">{q.question}</p>
          <p className="small muted">回答（{formatDateTime(q.answeredAt)}）</p>
          <p className="pre-wrap">{q.answer}</p>
        </section>
      ))}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
