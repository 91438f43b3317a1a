// The KPIs of a pilot, kept by either party's members: import from the signed agreement, add, edit, remove (a KPI with
// a value in a submitted or approved report stays). Operators read only.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { confirmWith } from "~/web/confirm";
import { FormAlert } from "~/components/form-field";
import { KpiFields, type KpiFieldValues } from "~/components/kpi-form";
import { NoticeFromUrl } from "~/components/notices";
import { addKpi, importKpis, removeKpi, updateKpi } from "~/domain/outcomes/kpis.commands.server";
import { listKpis } from "~/domain/outcomes/kpis.queries.server";
import { outcomeAbilities } from "~/domain/outcomes/outcomes.access.server";
import {
  AddKpiSchema,
  ImportKpisSchema,
  MAX_KPIS,
  RemoveKpiSchema,
  UpdateKpiSchema,
  type KpiInput,
} from "~/domain/outcomes/outcomes.schema";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";
import { readForm } from "~/web/input.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const kpis = await listKpis(db(), access.pilot.id);
  return json({
    pilotId: access.pilot.id,
    signed: access.pilot.signed_version_id !== null,
    canEdit: outcomeAbilities(actor, access).canReport,
    kpis,
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  if (!outcomeAbilities(actor, access).canReport)
    throw new AppError("forbidden", "KPIを編集できるのは、実証を行う自治体と企業のメンバーです。");
  const pilotId = access.pilot.id;
  const formData = await readForm(request);
  const path = `/pilots/${pilotId}/outcomes/kpis`;
  const fields = ({ intent: _i, kpiId: _k, ...rest }: KpiInput & { intent: string; kpiId?: string }): KpiInput => rest;
  return runIntent(formData, {
    importKpis: intent({
      schema: ImportKpisSchema,
      invalid: CHECK_INPUT,
      run: () => importKpis(actor, pilotId),
      done: { path, notice: "kpis-imported" },
    }),
    addKpi: intent({
      schema: AddKpiSchema,
      invalid: CHECK_INPUT,
      run: (d) => addKpi(actor, pilotId, fields(d)),
      done: { path, notice: "kpi-added" },
    }),
    updateKpi: intent({
      schema: UpdateKpiSchema,
      invalid: CHECK_INPUT,
      run: (d) => updateKpi(actor, pilotId, d.kpiId, fields(d)),
      done: (changed) => ({ path, notice: changed ? "kpi-updated" : "kpi-unchanged" }),
    }),
    removeKpi: intent({
      schema: RemoveKpiSchema,
      invalid: CHECK_INPUT,
      run: (d) => removeKpi(actor, pilotId, d.kpiId),
      done: { path, notice: "kpi-removed" },
    }),
  });
});

type Kpi = ReturnType<typeof useLoaderData<typeof loader>>["kpis"][number];

const fromKpi = (k: Kpi): KpiFieldValues => ({
  indicatorCode: k.indicatorCode ?? "",
  name: k.name,
  definition: k.definition,
  unit: k.unit,
  baseline: k.baseline ?? "",
  target: k.target ?? "",
  direction: k.direction,
  frequency: k.frequency,
});
const EMPTY: KpiFieldValues = {
  indicatorCode: "",
  name: "",
  definition: "",
  unit: "",
  baseline: "",
  target: "",
  direction: "increase",
  frequency: "monthly",
};
const typed = (values: Record<string, string>, base: KpiFieldValues): KpiFieldValues =>
  Object.fromEntries(Object.entries(base).map(([k, v]) => [k, values[k] ?? v])) as unknown as KpiFieldValues;

export default function PilotKpis() {
  const { pilotId, signed, canEdit, kpis } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const forKpi = (id: string) =>
    result?.values.intent === "updateKpi" && result.values.kpiId === id ? result : undefined;
  const removal = result?.values.intent === "removeKpi" ? result : undefined;
  const adding = result?.values.intent === "addKpi" ? result : undefined;
  const otherError =
    result && !["updateKpi", "addKpi"].includes(result.values.intent ?? "") ? result.formError : undefined;
  return (
    <>
      <p className="small">
        <Link to={`/pilots/${pilotId}/outcomes`}>成果報告に戻る</Link>
      </p>
      <h2>KPI（評価指標）の設定</h2>
      <NoticeFromUrl />
      <FormAlert message={otherError ?? (removal ? removal.formError : undefined)} />
      {!canEdit ? <p className="muted">KPIの編集は、実証を行う自治体と企業のメンバーが行います。</p> : null}
      {kpis.length === 0 ? (
        <div className="empty">
          <p>KPIはまだ登録されていません。</p>
          {canEdit && signed ? (
            <Form method="post">
              <input type="hidden" name="intent" value="importKpis" />
              <button type="submit" className="button" disabled={busy}>
                協定書からKPIを取り込む
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <ol className="kpi-list">
        {kpis.map((k, i) => {
          const mine = forKpi(k.id);
          return (
            <li key={k.id} className="card">
              <h3>
                {i + 1}. {k.name}
              </h3>
              {canEdit ? (
                <Form method="post" className="stack-fields" noValidate aria-label={`${k.name}の編集`}>
                  <input type="hidden" name="intent" value="updateKpi" />
                  <input type="hidden" name="kpiId" value={k.id} />
                  <FormAlert message={mine?.formError} />
                  <KpiFields
                    prefix={`kpi-${k.id}`}
                    values={mine ? typed(mine.values, fromKpi(k)) : fromKpi(k)}
                    errors={mine?.fieldErrors ?? {}}
                  />
                  <button type="submit" className="button" disabled={busy}>
                    保存
                  </button>
                </Form>
              ) : (
                <p className="pre-wrap">{k.definition || "定義は未入力です。"}</p>
              )}
              {canEdit ? (
                k.locked ? (
                  <p className="small muted kpi-card__remove">
                    確認待ちまたは承認済みの報告に値があるため、このKPIは削除できません。
                  </p>
                ) : (
                  <Form
                    method="post"
                    className="kpi-card__remove"
                    onSubmit={confirmWith(
                      `KPI「${k.name}」を削除します。下書きの報告に入力した値も消えます。よろしいですか？`,
                    )}
                  >
                    <input type="hidden" name="intent" value="removeKpi" />
                    <input type="hidden" name="kpiId" value={k.id} />
                    <button type="submit" className="button button--danger button--small" disabled={busy}>
                      このKPIを削除
                    </button>
                  </Form>
                )
              ) : null}
            </li>
          );
        })}
      </ol>
      {canEdit && kpis.length < MAX_KPIS ? (
        <section className="card" aria-labelledby="add-kpi-heading">
          <h2 id="add-kpi-heading">KPIを追加</h2>
          <Form key={kpis.length} method="post" className="stack-fields" noValidate>
            <input type="hidden" name="intent" value="addKpi" />
            <FormAlert message={adding?.formError} />
            <KpiFields
              prefix="new"
              values={adding ? typed(adding.values, EMPTY) : EMPTY}
              errors={adding?.fieldErrors ?? {}}
            />
            <button type="submit" className="button" disabled={busy}>
              追加
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
