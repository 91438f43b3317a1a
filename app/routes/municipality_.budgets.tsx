import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, SelectField, TextField, FieldError } from "~/components/form-field";
import { formatDateTime, formatNumber, formatYenInText } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import {
  BUDGET_NOTE_MAX,
  BudgetPageQuerySchema,
  CreateBudgetSchema,
  UpdateBudgetSchema,
} from "~/domain/funding/budgets.schema";
import { createBudget, updateBudget } from "~/domain/funding/budgets.commands.server";
import { listBudgets } from "~/domain/funding/budgets.queries.server";
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange, MIN_FISCAL_YEAR } from "~/domain/funding/fiscal-year.rules";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "予算 | ガバメントピッチ・マッチング" }];

const PATH = "/municipality/budgets";

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "budget.view", organizationId: actor.membership.organizationId });
  const query = BudgetPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { budgets, standard } = await listBudgets(actor, { memberMunicipalities: query.members });
  const currentFiscalYear = fiscalYearOf(new Date());
  return json({
    budgets,
    standard,
    members: query.members ?? null,
    currentFiscalYear,
    canManage: can(actor, { action: "budget.manage", organizationId: actor.membership.organizationId }),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "budget.manage", organizationId: actor.membership.organizationId });
  const formData = await readForm(request);
  return runIntent(formData, {
    create: intent({
      schema: CreateBudgetSchema,
      invalid: CHECK_INPUT,
      run: (data) => createBudget(actor, data),
      done: { path: PATH, notice: "budget-created" },
    }),
    // Another municipality's budget id is "not found" (404), like an id that does not exist.
    update: intent({
      schema: UpdateBudgetSchema,
      invalid: CHECK_INPUT,
      run: (data) => updateBudget(actor, data),
      done: ({ changed }) => ({ path: PATH, notice: changed ? "budget-updated" : "budget-unchanged" }),
    }),
  });
});

export default function Budgets() {
  const { budgets, standard, members, currentFiscalYear, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const createResult = result?.values.intent === "create" ? result : undefined;
  const registered = new Set(budgets.map((b) => b.fiscalYear));
  const years: number[] = [];
  for (let fy = currentFiscalYear + 2; fy >= MIN_FISCAL_YEAR; fy--) years.push(fy);
  const standardText = standard.amount
    ? `${formatYenInText(standard.amount.amountYen)}（${standard.amount.formula}）`
    : "構成市町村数を入力すると計算します";

  return (
    <>
      <h1>予算</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError} />
      <p>
        年度ごとの住民参画・官民連携推進事業の予算を管理します。予算は、採択した実証事業（パイロット）へ配分する資金の上限です。
        配分済みの額を超えて減らすことはできません。
      </p>

      <section className="card" aria-labelledby="standard-heading">
        <h2 id="standard-heading">基準額</h2>
        <p>
          住民参画・官民連携推進事業の基準額: <strong>{standardText}</strong>
        </p>
        <p className="small muted">
          基準額は4,000千円×市町村数です（指定都市は区の数、一部事務組合・広域連合は構成市町村数を掛けます）。
        </p>
        {standard.basis === "association" ? (
          <Form method="get" className="stack">
            <TextField
              name="members"
              label="構成市町村数"
              inputMode="numeric"
              defaultValue={members ?? ""}
              hint="一部事務組合・広域連合は、構成する市町村の数を入力してください。"
            />
            <button type="submit" className="button button--secondary">
              基準額を計算
            </button>
          </Form>
        ) : null}
      </section>

      {canManage ? (
        <section className="card" aria-labelledby="create-heading">
          <h2 id="create-heading">予算を登録</h2>
          {/* Keyed by the registered years so that the form starts empty again after a budget is registered. */}
          <Form key={[...registered].join(",")} method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="create" />
            <SelectField
              name="fiscalYear"
              label="年度"
              required
              error={createResult?.fieldErrors.fiscalYear}
              defaultValue={
                createResult?.values.fiscalYear ??
                String(
                  [...years].sort((a, b) => a - b).find((fy) => fy >= currentFiscalYear && !registered.has(fy)) ??
                    currentFiscalYear,
                )
              }
            >
              {years.map((fy) => {
                const range = fiscalYearRange(fy);
                return (
                  <option key={fy} value={fy}>
                    {fiscalYearLabel(fy)}（{range.start}〜{range.end}）{registered.has(fy) ? "・登録済み" : ""}
                  </option>
                );
              })}
            </SelectField>
            <TextField
              name="amountYen"
              label="予算額（円）"
              required
              inputMode="numeric"
              autoComplete="off"
              hint="円単位の整数で入力します（例: 4,000,000）。"
              error={createResult?.fieldErrors.amountYen}
              defaultValue={createResult?.values.amountYen ?? ""}
            />
            <div className={`field${createResult?.fieldErrors.note ? " field--invalid" : ""}`}>
              <label htmlFor="note">メモ</label>
              <textarea
                id="note"
                name="note"
                maxLength={BUDGET_NOTE_MAX}
                defaultValue={createResult?.values.note ?? ""}
                aria-invalid={createResult?.fieldErrors.note ? true : undefined}
              />
              {createResult?.fieldErrors.note ? (
                <p className="field__error" role="alert">
                  {createResult.fieldErrors.note}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button" disabled={busy}>
              登録する
            </button>
          </Form>
        </section>
      ) : null}

      <h2>年度別の予算</h2>
      {budgets.length === 0 ? (
        <p className="empty">
          まだ予算は登録されていません。年度ごとの予算を登録すると、実証事業への配分額と残額をここで確認できます。
          {canManage ? "" : "登録は組織の管理者が行います。"}
        </p>
      ) : (
        <ul className="stack" aria-label="年度別の予算">
          {budgets.map((b) => {
            const editResult =
              result?.values.intent === "update" && result.values.budgetId === b.id ? result : undefined;
            return (
              <li key={b.id} className="card">
                <h3>{fiscalYearLabel(b.fiscalYear)}</h3>
                <dl className="facts">
                  <dt>予算額</dt>
                  <dd>{formatYenInText(b.amountYen)}</dd>
                  <dt>配分済み</dt>
                  <dd>{formatYenInText(b.allocatedYen)}</dd>
                  <dt>残額</dt>
                  <dd>{formatYenInText(b.remainingYen)}</dd>
                  <dt>基準額</dt>
                  <dd>{standardText}</dd>
                  <dt>メモ</dt>
                  <dd>{b.note || "—"}</dd>
                  <dt>最終更新</dt>
                  <dd>
                    {formatDateTime(b.updatedAt)}
                    {b.updatedByName ? `（${b.updatedByName}）` : ""}
                  </dd>
                </dl>
                <p>
                  <Link to={`/municipality/budgets/${b.id}`}>
                    {fiscalYearLabel(b.fiscalYear)}の台帳（配分・支払の内訳）
                  </Link>
                </p>
                {canManage ? (
                  <details open={editResult ? true : undefined}>
                    <summary>{fiscalYearLabel(b.fiscalYear)}の金額・メモを変更</summary>
                    <Form method="post" className="stack" noValidate>
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="budgetId" value={b.id} />
                      <div className={`field${editResult?.fieldErrors.amountYen ? " field--invalid" : ""}`}>
                        <label htmlFor={`amountYen-${b.id}`}>予算額（円）</label>
                        <input
                          id={`amountYen-${b.id}`}
                          name="amountYen"
                          inputMode="numeric"
                          autoComplete="off"
                          defaultValue={editResult?.values.amountYen ?? formatNumber(b.amountYen)}
                          aria-invalid={editResult?.fieldErrors.amountYen ? true : undefined}
                          aria-describedby={editResult?.fieldErrors.amountYen ? `amountYen-${b.id}-error` : undefined}
                        />
                        <FieldError id={`amountYen-${b.id}-error`} message={editResult?.fieldErrors.amountYen} />
                      </div>
                      <div className={`field${editResult?.fieldErrors.note ? " field--invalid" : ""}`}>
                        <label htmlFor={`note-${b.id}`}>メモ</label>
                        <textarea
                          id={`note-${b.id}`}
                          name="note"
                          maxLength={BUDGET_NOTE_MAX}
                          defaultValue={editResult?.values.note ?? b.note}
                        />
                        {editResult?.fieldErrors.note ? (
                          <p className="field__error" role="alert">
                            {editResult.fieldErrors.note}
                          </p>
                        ) : null}
                      </div>
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        変更を保存
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
