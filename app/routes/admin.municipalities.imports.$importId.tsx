import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { FieldError, FormAlert, TextField } from "~/components/form-field";
import { NoticeFromUrl } from "~/components/notices";
import { TableWrap } from "~/components/table-wrap";
import { applyMunicipalityMaster } from "~/domain/reference/municipality-master.commands.server";
import { previewImport } from "~/domain/reference/municipality-master.queries.server";
import { parseApplyForm } from "~/domain/reference/municipality-master.schema";
import { isUuid } from "~/lib/uuid";
import { db } from "~/lib/db.server";
import { formatDateJa, formatDateTime, todayInTokyo } from "~/lib/format";
import { confirmWith } from "~/web/confirm";
import { handle, type Refusal } from "~/web/http.server";
import { intent, runIntent } from "~/web/intents.server";
import { AppError } from "~/lib/errors";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "マスタファイルの確認 | 運営管理" }];

interface ApplyFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  effectiveOn: string;
  chosen: Record<string, string[]>;
}

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.manageReferenceData" });
  if (!isUuid(params.importId ?? ""))
    throw new AppError("not_found", "アップロードしたマスタファイルが見つかりません。");
  return json({ preview: await previewImport(db(), params.importId!), today: todayInTokyo() });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "operator.manageReferenceData" });
  const importId = params.importId ?? "";
  if (!isUuid(importId)) throw new AppError("not_found", "アップロードしたマスタファイルが見つかりません。");
  const formData = await readForm(request);
  const refuse = (refusal: Refusal, form: FormData) => {
    const { effectiveOn, chosen } = parseApplyForm(form).echo;
    return json<ApplyFailure>({ ...refusal, effectiveOn, chosen }, { status: refusal.status });
  };
  return runIntent(
    formData,
    {
      apply: intent({
        parse: (form) => parseApplyForm(form).result,
        run: (data) => applyMunicipalityMaster(actor, importId, data),
        done: { path: "/admin/municipalities", notice: "master-applied" },
      }),
    },
    { refuse },
  );
});

export default function MasterImport() {
  const { preview, today } = useLoaderData<typeof loader>();
  const failure = useActionData<ApplyFailure>();
  const busy = useNavigation().state !== "idle";
  const { diff } = preview;
  const nothingChanges = diff.added.length + diff.abolished.length + diff.renamed.length + diff.reshaped.length === 0;
  const ticked = (code: string, option: string) =>
    (failure?.chosen[code] ?? preview.choices[code]?.ticked ?? []).includes(option);
  return (
    <>
      <Breadcrumbs trail={[{ to: "/admin/municipalities", label: "市区町村マスタ" }]} current={"ファイルの確認"} />
      <h1>マスタファイルの確認</h1>
      <NoticeFromUrl />
      <p>
        {preview.fileName}（{preview.rows.toLocaleString("ja-JP")}行、{formatDateTime(preview.uploadedAt)}
        アップロード）と現在のマスタとの違いです。
      </p>
      {preview.appliedAt ? (
        <p className="notice" role="status">
          このファイルは {formatDateTime(preview.appliedAt)} に適用済みです（適用日{" "}
          {formatDateJa(preview.effectiveOn ?? "")}）。
        </p>
      ) : null}
      <dl className="facts">
        <dt>追加</dt>
        <dd>{diff.added.length}件</dd>
        <dt>廃止</dt>
        <dd>{diff.abolished.length}件</dd>
        <dt>名称・読みの変更</dt>
        <dd>{diff.renamed.length}件</dd>
        <dt>種別・所属の変更</dt>
        <dd>{diff.reshaped.length}件</dd>
        <dt>変更なし</dt>
        <dd>{diff.unchanged.toLocaleString("ja-JP")}件</dd>
      </dl>

      {diff.added.length > 0 ? (
        <section aria-labelledby="added">
          <h2 id="added">追加される市区町村</h2>
          <TableWrap label="追加される市区町村">
            <table>
              <thead>
                <tr>
                  <th scope="col">コード</th>
                  <th scope="col">名称</th>
                  <th scope="col">読み</th>
                </tr>
              </thead>
              <tbody>
                {diff.added.map((r) => (
                  <tr key={r.code}>
                    <td>{r.code}</td>
                    <td>{r.name}</td>
                    <td>{r.kana}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {diff.renamed.length > 0 ? (
        <section aria-labelledby="renamed">
          <h2 id="renamed">名称・読みが変わる市区町村</h2>
          <TableWrap label="名称・読みが変わる市区町村">
            <table>
              <thead>
                <tr>
                  <th scope="col">コード</th>
                  <th scope="col">現在</th>
                  <th scope="col">新しいマスタ</th>
                </tr>
              </thead>
              <tbody>
                {diff.renamed.map((r) => (
                  <tr key={r.code}>
                    <td>{r.code}</td>
                    <td>
                      {r.from.name}（{r.from.kana}）
                    </td>
                    <td>
                      {r.to.name}（{r.to.kana}）
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {preview.appliedAt || nothingChanges ? (
        nothingChanges && !preview.appliedAt ? (
          <p>現在のマスタと違いはありません。適用する必要はありません。</p>
        ) : null
      ) : (
        <Form
          method="post"
          className="stack-fields"
          onSubmit={confirmWith(
            `追加${diff.added.length}件・廃止${diff.abolished.length}件・名称変更${diff.renamed.length}件をマスタに適用します。よろしいですか？`,
          )}
        >
          <input type="hidden" name="intent" value="apply" />
          <FormAlert message={failure?.formError} />
          {diff.abolished.length > 0 ? (
            <section aria-labelledby="abolished">
              <h2 id="abolished">廃止される市区町村と後継</h2>
              <p>
                廃止される市区町村ごとに、引き継ぐ市区町村を選んでください（分割されたときは複数）。廃止された市区町村は削除されず、それを指す記録には後継が表示されます。
              </p>
              {diff.abolished.map((row) => {
                const field = `successor_${row.code}`;
                const error = failure?.fieldErrors[field];
                return (
                  <fieldset key={row.code} className="field" aria-describedby={error ? `${field}-error` : undefined}>
                    <legend>
                      {row.name}（{row.code}）の後継
                    </legend>
                    <FieldError id={`${field}-error`} message={error} />
                    <SuccessorBoxes
                      field={field}
                      options={preview.choices[row.code]?.likely ?? []}
                      ticked={(code) => ticked(row.code, code)}
                    />
                    {(preview.choices[row.code]?.others.length ?? 0) > 0 ? (
                      <details className="filters">
                        <summary>同じ都道府県のほかの市区町村から選ぶ</summary>
                        <SuccessorBoxes
                          field={field}
                          options={preview.choices[row.code]?.others ?? []}
                          ticked={(code) => ticked(row.code, code)}
                        />
                      </details>
                    ) : null}
                  </fieldset>
                );
              })}
            </section>
          ) : null}
          <TextField
            name="effectiveOn"
            label="適用日（廃置分合の施行日）"
            type="date"
            defaultValue={failure?.effectiveOn ?? today}
            error={failure?.fieldErrors.effectiveOn}
            hint="追加された市区町村はこの日から有効、廃止された市区町村はこの日に廃止として記録されます。"
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? "適用しています…" : "マスタに適用する"}
            </button>
            <Link to="/admin/municipalities">適用せずに戻る</Link>
          </div>
        </Form>
      )}
    </>
  );
}

function SuccessorBoxes({
  field,
  options,
  ticked,
}: {
  field: string;
  options: readonly { code: string; name: string }[];
  ticked: (code: string) => boolean;
}) {
  return (
    <div className="checkbox-grid">
      {options.map((option) => (
        <label key={option.code} className="checkbox">
          <input type="checkbox" name={field} value={option.code} defaultChecked={ticked(option.code)} /> {option.name}
          （{option.code}）
        </label>
      ))}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
