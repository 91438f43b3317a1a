import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember } from "~/auth/guards.server";
import { AgreementArticles } from "~/components/agreement/agreement-articles";
import { AgreementDiffView } from "~/components/agreement/agreement-diff-view";
import { AgreementForm } from "~/components/agreement/agreement-form";
import { NewVersionForm, SignatureList, SignPanel, VersionHistory } from "~/components/agreement/agreement-sections";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { agreementAction } from "~/web/actions/agreement.server";
import { lockedVersionMessage } from "~/domain/pilots/agreement.rules";
import { agreementFormValues } from "~/domain/pilots/agreement.schema";
import { agreementPageData, agreementQuery } from "~/domain/pilots/agreement-page.queries.server";
import { handle, type FormFailure } from "~/web/http.server";
import { requirePilotViewer } from "~/web/pilot-guards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `協定書 ${data?.pilot.title ?? ""} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  return json(await agreementPageData(actor, access, agreementQuery(request)));
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  return agreementAction(actor, params.pilotId ?? "", request);
});

export default function AgreementPage() {
  const data = useLoaderData<typeof loader>();
  const { pilot, parties, latest, shown, versions, comparison, canEdit, canSign } = data;
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  // What was typed into the editor comes back on a refusal; a version signed meanwhile turns it into a new version.
  const fromEditor = result?.values.scope !== undefined;
  const latestLocked = latest.locked || latest.signatures.length > 0;
  const lockedText = latestLocked ? lockedVersionMessage(latest.number) : null;
  const refusedAsSigned = fromEditor && latestLocked && (result?.formError?.includes("署名済み") ?? false);
  // A new version needs its own change note: the signed version's note is not carried into it.
  const editorValues = fromEditor
    ? { ...result!.values, ...(refusedAsSigned ? { changeNote: "" } : {}) }
    : { ...agreementFormValues(data.latestContent), changeNote: latest.changeNote };
  const showEditor = canEdit && (fromEditor || (data.editing && !latestLocked));
  const base = `/pilots/${pilot.id}/agreement`;
  return (
    <>
      {result ? null : <NoticeFromUrl />}
      {/* The refusal to edit a signed version is explained inside the editor, beside the "new version" button. */}
      <FormAlert message={refusedAsSigned ? null : result?.formError} />

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">締結の状況</h2>
        {data.signedVersionNumber !== null ? (
          <p>
            双方が第{data.signedVersionNumber}版に署名し、協定が締結されています。
            {data.signedVersionNumber !== latest.number
              ? `第${latest.number}版（変更案）は協議中です。双方が署名するまで、実証は第${data.signedVersionNumber}版に基づいて行います。`
              : ""}
          </p>
        ) : (
          <p>協定書は協議中です。双方の管理者が同じ版に署名すると締結され、実証が始まります。</p>
        )}
        <h3>第{latest.number}版（最新）の署名</h3>
        <SignatureList signatures={latest.signatures} parties={parties} />
        <SignPanel
          latest={latest}
          ownSide={data.ownSide}
          ownOrganizationName={data.ownOrganizationName}
          canSign={canSign}
          problems={data.problems}
          editPath={canEdit && !latestLocked ? `${base}?edit=1` : null}
          editing={showEditor}
          busy={busy}
        />
      </section>

      {showEditor ? (
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">{latestLocked ? "変更を新しい版として作成" : `第${latest.number}版を編集`}</h2>
          <p className="small muted">
            {latestLocked
              ? null
              : "どちらの組織のメンバーも編集できます。保存すると相手方にお知らせします。署名された版は変更できません。"}{" "}
            <Link to={base}>編集をやめる（保存していない変更は破棄されます）</Link>
          </p>
          <AgreementForm
            values={editorValues}
            errors={errors}
            versionId={fromEditor ? (result!.values.versionId ?? latest.id) : latest.id}
            versionNumber={latest.number}
            expectedUpdatedAt={fromEditor ? (result!.values.expectedUpdatedAt ?? latest.updatedAt) : latest.updatedAt}
            parties={parties}
            lockedMessage={latestLocked ? (refusedAsSigned ? result!.formError! : lockedText) : null}
            formError={fromEditor ? result?.formError : null}
            busy={busy}
          />
        </section>
      ) : (
        <section className="card" aria-labelledby="agreement-heading">
          <h2 id="agreement-heading">
            実証協定書 第{shown.number}版
            {shown.number !== latest.number ? <span className="badge badge--muted">過去の版</span> : null}
            {shown.id === pilot.signedVersionId ? <span className="badge badge--ok">締結済み</span> : null}
          </h2>
          <p className="small muted">
            最終更新: {formatDateTime(shown.updatedAt)}
            {shown.updatedByName ? `（${shown.updatedByName}）` : ""}
          </p>
          <p className="actions">
            {canEdit && !latestLocked && shown.number === latest.number ? (
              <Link to={`${base}?edit=1`} className="button">
                第{latest.number}版を編集する
              </Link>
            ) : null}
            {shown.number !== latest.number ? <Link to={base}>最新の第{latest.number}版を表示</Link> : null}
            <Link to={`${base}/print?version=${shown.number}`}>印刷用に表示</Link>
            <a href={`/pilots/${pilot.id}/agreement.pdf?version=${shown.number}`} download>
              PDFをダウンロード
            </a>
          </p>
          <AgreementArticles content={shown.content} parties={parties} />
        </section>
      )}

      {canEdit && latestLocked && !showEditor ? (
        <section className="card" aria-labelledby="new-version-heading">
          <h2 id="new-version-heading">内容を変更する</h2>
          <NewVersionForm latest={latest} values={result?.values ?? {}} errors={errors} busy={busy} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">版の履歴</h2>
        <VersionHistory
          pilotId={pilot.id}
          versions={versions}
          signedVersionId={pilot.signedVersionId}
          shownNumber={shown.number}
        />
      </section>

      <section className="card" aria-labelledby="diff-heading">
        <h2 id="diff-heading">版の比較</h2>
        {comparison ? (
          <>
            <Form method="get" action={base} className="actions diff-picker">
              <label>
                比較元{" "}
                <select name="from" defaultValue={comparison.from}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.number}>
                      第{v.number}版
                    </option>
                  ))}
                </select>
              </label>
              <label>
                比較先{" "}
                <select name="to" defaultValue={comparison.to}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.number}>
                      第{v.number}版
                    </option>
                  ))}
                </select>
              </label>
              {shown.number !== latest.number ? <input type="hidden" name="version" value={shown.number} /> : null}
              <button type="submit" className="button button--secondary button--small">
                比較する
              </button>
            </Form>
            <h3>
              第{comparison.from}版 → 第{comparison.to}版の変更
            </h3>
            <AgreementDiffView changes={comparison.changes} />
          </>
        ) : (
          <p className="muted">版が2つ以上になると、ここで違いを比較できます。</p>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
