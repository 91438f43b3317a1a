import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { confirmWith } from "~/web/confirm";
import { FormAlert, TextField } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { TextAreaField } from "~/components/pitch-form";
import {
  CASE_STUDY_LIMITS,
  CASE_STUDY_STATE_LABELS,
  CaseStudyTextSchema,
  ConsentSchema,
  RevokeConsentSchema,
  WithdrawCaseStudySchema,
} from "~/domain/outcomes/case-study.schema";
import {
  consentToCaseStudy,
  revokeCaseStudyConsent,
  saveCaseStudy,
  withdrawCaseStudy,
} from "~/domain/outcomes/case-study.commands.server";
import { getCaseStudyForParty, mayConsentToCaseStudy } from "~/domain/outcomes/case-study.queries.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";
import { readForm } from "~/web/input.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const { pilot, side } = access;
  return json({
    pilotId: pilot.id,
    side,
    completed: pilot.status === "completed",
    canEdit: side !== "operator",
    canConsent: mayConsentToCaseStudy(actor, access),
    caseStudy: await getCaseStudyForParty(db(), pilot),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  const pilotId = access.pilot.id;
  const path = `/pilots/${pilotId}/case-study`;
  const formData = await readForm(request);
  return runIntent(formData, {
    save: intent({
      schema: CaseStudyTextSchema,
      invalid: CHECK_INPUT,
      run: ({ intent: _intent, ...text }) => saveCaseStudy(actor, pilotId, text),
      done: ({ changed, consentsReset }) => ({
        path,
        notice: consentsReset ? "case-study-consents-reset" : changed ? "case-study-saved" : "case-study-unchanged",
      }),
    }),
    consent: intent({
      parse: (form) => {
        const parsed = parseForm(ConsentSchema, form);
        return parsed.ok
          ? parsed
          : { ...parsed, formError: parsed.formError ?? parsed.fieldErrors.version ?? CHECK_INPUT };
      },
      run: (data) => consentToCaseStudy(actor, pilotId, data),
      done: ({ published }) => ({ path, notice: published ? "case-study-published" : "case-study-consented" }),
    }),
    revokeConsent: intent({
      schema: RevokeConsentSchema,
      invalid: CHECK_INPUT,
      run: () => revokeCaseStudyConsent(actor, pilotId),
      done: { path, notice: "case-study-consent-revoked" },
    }),
    withdraw: intent({
      schema: WithdrawCaseStudySchema,
      invalid: CHECK_INPUT,
      run: () => withdrawCaseStudy(actor, pilotId),
      done: { path, notice: "case-study-withdrawn" },
    }),
  });
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
const partyLabels = { municipality: "自治体", company: "企業" } as const;

function ConsentStatus({ data }: { data: Data }) {
  const cs = data.caseStudy;
  return (
    <section className="card" aria-labelledby="consent-heading">
      <h2 id="consent-heading">公開の状態</h2>
      <p>
        状態:{" "}
        <span
          className={`badge ${cs.state === "published" ? "badge--ok" : cs.state === "consenting" ? "badge--warn" : "badge--muted"}`}
        >
          {CASE_STUDY_STATE_LABELS[cs.state]}
        </span>
        {cs.publishedAt ? <span className="small muted">（{formatDateTime(cs.publishedAt)} 公開）</span> : null}
      </p>
      <dl className="facts">
        {(["municipality", "company"] as const).map((party) => {
          const consent = cs.consents[party];
          return (
            <Fragment key={party}>
              <dt>{partyLabels[party]}の同意</dt>
              <dd>
                {consent
                  ? `同意済み（${formatDateTime(consent.at)}${consent.byName ? `、${consent.byName}` : ""}）`
                  : "未同意"}
              </dd>
            </Fragment>
          );
        })}
      </dl>
      {cs.state === "published" ? (
        <p>
          <Link to={`/cases/${data.pilotId}`}>公開ページを見る</Link>
        </p>
      ) : null}
      {cs.withdrawnAt && cs.state !== "published" ? (
        <p className="small muted">{formatDateTime(cs.withdrawnAt)} に公開を取り下げました。</p>
      ) : null}
      {cs.updatedAt ? (
        <p className="small muted">
          最終更新: {formatDateTime(cs.updatedAt)}
          {cs.updatedByName ? `（本文を最後に編集した人: ${cs.updatedByName}）` : ""}
        </p>
      ) : null}
    </section>
  );
}

function ConsentActions({ data, busy, result }: { data: Data; busy: boolean; result?: FormFailure }) {
  const cs = data.caseStudy;
  if (data.side === "operator" || !cs.stored) return null;
  const own = cs.consents[data.side];
  const mine =
    result && ["consent", "revokeConsent", "withdraw"].includes(result.values.intent ?? "") ? result : undefined;
  if (!data.canConsent) {
    return <p className="small muted">公開への同意と取り下げは、各組織の確認済みの管理者が行います。</p>;
  }
  return (
    <section className="card" aria-labelledby="consent-action-heading">
      <h2 id="consent-action-heading">{cs.state === "published" ? "公開の取り下げ" : "公開への同意"}</h2>
      <FormAlert message={mine?.formError} />
      {cs.state === "published" ? (
        <Form
          method="post"
          onSubmit={confirmWith(
            "事例の公開を取り下げます。公開ページは表示されなくなり、再び公開するには双方の同意が必要です。よろしいですか？",
          )}
        >
          <input type="hidden" name="intent" value="withdraw" />
          <p>公開を取り下げると、公開ページは表示されなくなります。双方の同意も取り消されます。</p>
          <button type="submit" className="button button--danger" disabled={busy}>
            公開を取り下げる
          </button>
        </Form>
      ) : own ? (
        <Form method="post">
          <input type="hidden" name="intent" value="revokeConsent" />
          <p>貴組織は上の本文での公開に同意しています。相手方が同意すると公開されます。</p>
          <button type="submit" className="button button--secondary" disabled={busy}>
            同意を取り消す
          </button>
        </Form>
      ) : (
        <Form
          method="post"
          onSubmit={confirmWith(
            cs.consents[data.side === "municipality" ? "company" : "municipality"]
              ? "相手方はすでに同意しています。同意すると、この内容の事例が直ちに公開され、誰でも閲覧できるようになります。よろしいですか？"
              : "この内容での公開に同意します。相手方も同意すると、事例が公開され誰でも閲覧できるようになります。よろしいですか？",
          )}
        >
          <input type="hidden" name="intent" value="consent" />
          <input type="hidden" name="version" value={cs.version ?? ""} />
          <p>上の本文（保存済みの内容）での公開に同意します。双方が同意すると、直ちに公開されます。</p>
          <button type="submit" className="button" disabled={busy}>
            公開に同意する
          </button>
        </Form>
      )}
    </section>
  );
}

export default function PilotCaseStudy() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const cs = data.caseStudy;
  if (!data.completed) {
    return (
      <section className="card">
        <h2>事例公開</h2>
        <p>
          実証が完了すると、双方の同意のうえで、課題・解決策・成果を事例として公開できます（他の自治体や企業の参考になります）。
        </p>
      </section>
    );
  }
  const saving = result?.values.intent === "save" ? result : undefined;
  const errors = saving?.fieldErrors ?? {};
  const text = (field: keyof typeof cs.text) => saving?.values[field] ?? cs.text[field];
  const anyConsent = cs.consents.municipality !== null || cs.consents.company !== null;
  const editable = data.canEdit && cs.state !== "published";
  return (
    <>
      <NoticeFromUrl />
      {result && !["save", "consent", "revokeConsent", "withdraw"].includes(result.values.intent ?? "") ? (
        <FormAlert message={result.formError} />
      ) : null}
      <p>
        完了した実証を、誰でも閲覧できる事例として公開できます。どちらの組織も本文を作成・修正でき、双方の確認済みの管理者が同意すると公開されます。
        公開ページには本文のほか、自治体名・企業名・実証の結果、KPI（基準値・目標値・承認済みの最新値）が表示されます。
      </p>
      <div className="alert alert--warn" role="note">
        同意の後に本文を変更すると、<strong>双方の同意は自動的に取り消されます</strong>
        。公開するには、変更後の本文にあらためて双方が同意する必要があります。
      </div>
      <ConsentStatus data={data} />
      {editable ? (
        <section className="card" aria-labelledby="text-heading">
          <h2 id="text-heading">事例の本文{cs.stored ? "" : "（ピッチ・提案・振り返りから作成した案）"}</h2>
          <FormAlert message={saving?.formError} />
          <Form
            method="post"
            className="stack"
            noValidate
            onSubmit={
              anyConsent
                ? confirmWith("本文を変更すると、これまでの公開への同意は双方とも取り消されます。保存しますか？")
                : undefined
            }
          >
            <input type="hidden" name="intent" value="save" />
            <TextField
              name="title"
              label="タイトル"
              required
              maxLength={CASE_STUDY_LIMITS.title}
              defaultValue={text("title")}
              error={errors.title}
            />
            <TextAreaField
              name="problem"
              label="課題"
              required
              maxLength={CASE_STUDY_LIMITS.problem}
              hint="住民の氏名・住所・顔写真など、個人が特定できる情報は書かないでください。"
              defaultValue={text("problem")}
              error={errors.problem}
            />
            <TextAreaField
              name="solution"
              label="解決策"
              required
              maxLength={CASE_STUDY_LIMITS.solution}
              defaultValue={text("solution")}
              error={errors.solution}
            />
            <TextAreaField
              name="results"
              label="成果"
              required
              rows={7}
              maxLength={CASE_STUDY_LIMITS.results}
              defaultValue={text("results")}
              error={errors.results}
            />
            <button type="submit" className="button button--secondary" disabled={busy}>
              本文を保存
            </button>
            {anyConsent ? <p className="small">※ 保存すると、双方の同意が取り消されます。</p> : null}
          </Form>
        </section>
      ) : (
        <section className="card" aria-labelledby="text-heading">
          <h2 id="text-heading">事例の本文</h2>
          {cs.state === "published" && data.canEdit ? (
            <p className="small muted">公開中は編集できません。変更するには、先に公開を取り下げてください。</p>
          ) : null}
          <dl className="pitch-sections">
            <dt>タイトル</dt>
            <dd>{cs.text.title || "—"}</dd>
            <dt>課題</dt>
            <dd>{cs.text.problem || "—"}</dd>
            <dt>解決策</dt>
            <dd>{cs.text.solution || "—"}</dd>
            <dt>成果</dt>
            <dd>{cs.text.results || "—"}</dd>
          </dl>
        </section>
      )}
      {!cs.stored && data.canEdit ? <p className="small muted">公開への同意は、本文を保存してから行えます。</p> : null}
      <ConsentActions data={data} busy={busy} result={result} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
