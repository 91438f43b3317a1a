import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMemberWith } from "~/auth/guards.server";
import { FormAlert, TextField } from "~/components/form-field";
import { NoticeFromUrl } from "~/components/notices";
import { TableWrap } from "~/components/table-wrap";
import { municipalityMasterPage } from "~/domain/admin/municipality-master-page.queries.server";
import { relinkOrganizationMunicipality } from "~/domain/organizations/organization-municipality.commands.server";
import { MAX_MASTER_BYTES, uploadMunicipalityMaster } from "~/domain/reference/municipality-master.commands.server";
import { db } from "~/lib/db.server";
import { formatDateJa } from "~/lib/format";
import { confirmWith } from "~/web/confirm";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { isMultipart, runUploadForm } from "~/web/uploads.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "市区町村マスタ | 運営管理" }];

const PATH = "/admin/municipalities";
const RelinkSchema = z.object({
  intent: z.literal("relink"),
  organizationId: z.string().uuid({ error: "組織が正しくありません。" }),
  municipalityCode: z.string().regex(/^\d{6}$/, { error: "後継の市区町村を選んでください。" }),
});

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.manageReferenceData" });
  return json(await municipalityMasterPage(db()));
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "operator.manageReferenceData" });
  if (isMultipart(request))
    return runUploadForm(request, {
      intent: "upload",
      field: "file",
      limits: { maxFileBytes: MAX_MASTER_BYTES },
      noFile: "マスタファイル（CSV）を選んでください。",
      tooLarge: "ファイルが大きすぎます。2MB以下のCSVを選んでください。",
      run: (file) => uploadMunicipalityMaster(actor, file),
      done: ({ importId }) => ({ path: `${PATH}/imports/${importId}`, notice: "master-uploaded" }),
    });
  return runIntent(await readForm(request), {
    relink: intent({
      schema: RelinkSchema,
      invalid: CHECK_INPUT,
      run: (data) => relinkOrganizationMunicipality(actor, data),
      done: { path: PATH, notice: "organization-relinked" },
    }),
  });
});

export default function MunicipalityMaster() {
  const { organizations, abolished, currentCount } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <Breadcrumbs trail={[]} current={"市区町村マスタ"} />
      <h1>市区町村マスタ</h1>
      <NoticeFromUrl />
      <p>
        現在有効な市区町村・行政区は <strong>{currentCount.toLocaleString("ja-JP")}</strong>{" "}
        件です。廃置分合で廃止された市区町村は削除されず、それを指す組織やピッチの記録はそのまま残ります。
      </p>
      <FormAlert message={result?.formError} />

      <section className="card" aria-labelledby="orphans">
        <h2 id="orphans">廃止された市区町村に紐づく組織</h2>
        {organizations.length === 0 ? (
          <p>廃止された市区町村に紐づく組織はありません。</p>
        ) : (
          <TableWrap label="廃止された市区町村に紐づく組織">
            <table>
              <thead>
                <tr>
                  <th scope="col">組織</th>
                  <th scope="col">市区町村（廃止日）</th>
                  <th scope="col">後継の市区町村に付け替える</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((o) => (
                  <tr key={o.id}>
                    <td>{o.name}</td>
                    <td>
                      {o.municipalityName}（{o.municipalityCode}、{formatDateJa(o.abolishedOn)}廃止）
                    </td>
                    <td>
                      <Form
                        method="post"
                        className="inline-form"
                        onSubmit={confirmWith(
                          `${o.name}の市区町村を付け替えます。ピッチや予算などの記録は元の市区町村のまま残ります。よろしいですか？`,
                        )}
                      >
                        <input type="hidden" name="intent" value="relink" />
                        <input type="hidden" name="organizationId" value={o.id} />
                        <label className="sr-only" htmlFor={`successor-${o.id}`}>
                          {o.name}の後継の市区町村
                        </label>
                        <select id={`successor-${o.id}`} name="municipalityCode" defaultValue={o.successors[0]?.code}>
                          {o.successors.map((s) => (
                            <option key={s.code} value={s.code}>
                              {s.name}（{s.code}）
                            </option>
                          ))}
                        </select>{" "}
                        <button type="submit" className="button button--secondary" disabled={busy}>
                          付け替える
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section className="card" aria-labelledby="upload">
        <h2 id="upload">新しいマスタファイルを適用する</h2>
        <p>
          全国地方公共団体コードのCSV（localgovjp形式、UTF-8）を選ぶと、現在のマスタとの違い（追加・廃止・名称変更）を表示します。適用はその画面で、廃止される市区町村の後継を選んでから行います。検査数字が正しくないコードを含むファイルは受け付けません。
        </p>
        <Form method="post" encType="multipart/form-data" className="stack-fields">
          <input type="hidden" name="intent" value="upload" />
          <TextField
            name="file"
            label="マスタファイル（CSV）"
            type="file"
            accept=".csv,text/csv"
            error={result?.fieldErrors?.file}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? "確認しています…" : "違いを確認する"}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="history">
        <h2 id="history">廃止された市区町村</h2>
        {abolished.length === 0 ? (
          <p>廃止された市区町村はまだありません。</p>
        ) : (
          <TableWrap label="廃止された市区町村">
            <table>
              <thead>
                <tr>
                  <th scope="col">コード</th>
                  <th scope="col">市区町村</th>
                  <th scope="col">廃止日</th>
                  <th scope="col">現在の後継</th>
                </tr>
              </thead>
              <tbody>
                {abolished.map((m) => (
                  <tr key={m.code}>
                    <td>{m.code}</td>
                    <td>{m.name}</td>
                    <td>{formatDateJa(m.abolishedOn)}</td>
                    <td>{m.successors.map((s) => s.name).join("、") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
