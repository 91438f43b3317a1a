import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { confirmWith } from "~/web/confirm";
import { LedgerEntries } from "~/components/ledger-entries";
import { FormAlert, SelectField, TextField, FieldError } from "~/components/form-field";
import { formatDateTime, formatNumber, formatYen } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { type NoticeCode } from "~/web/notices";
import { TableWrap } from "~/components/table-wrap";
import { allocateFromBudget, changeAllocation } from "~/domain/funding/allocations.commands.server";
import { fiscalYearLabel } from "~/domain/funding/fiscal-year.rules";
import { assertMayManageFunding, mayManageFunding } from "~/domain/funding/funding.access.server";
import { pilotFunding } from "~/domain/funding/funding.queries.server";
import {
  AllocateSchema,
  ApproveMilestoneSchema,
  CancelMilestoneSchema,
  ChangeAllocationSchema,
  ChangeMilestoneAmountSchema,
  CreateMilestoneSchema,
  ImportMilestonesSchema,
  MILESTONE_STATUS_LABELS,
  PAYMENT_METHOD_LABELS,
  PAYMENT_STATUS_LABELS,
  RecordReturnSchema,
  RecordTransferSchema,
} from "~/domain/funding/funding.schema";
import { pilotLedger } from "~/domain/funding/ledgers.queries.server";
import {
  approveMilestone,
  cancelMilestone,
  changeMilestoneAmount,
  createMilestone,
  importMilestonesFromAgreement,
} from "~/domain/funding/milestones.commands.server";
import { recordBankTransfer, recordReturn } from "~/domain/funding/payments.commands.server";
import { stripeOfferFor } from "~/domain/payouts/payout-accounts.queries.server";
import { signedPaymentPlan } from "~/domain/pilots/agreements.queries.server";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";
import { readForm } from "~/web/input.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const { pilot } = access;
  const canManage = mayManageFunding(actor, access);
  const [funding, ledger, stripe, agreementSchedule] = await Promise.all([
    pilotFunding(db(), pilot, { withBudgets: canManage }),
    pilotLedger(db(), pilot.id),
    stripeOfferFor(db(), pilot.company_id),
    signedPaymentPlan(db(), pilot.signed_version_id),
  ]);
  return json({
    pilotId: pilot.id,
    side: access.side,
    signed: pilot.signed_version_id !== null,
    canManage,
    stripe,
    agreementSchedule,
    ...funding,
    totals: ledger.totals,
    entries: ledger.entries.slice(-50).reverse(),
    entryCount: ledger.entries.length,
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  assertMayManageFunding(actor, access);
  const pilotId = access.pilot.id;
  const formData = await readForm(request);
  const path = `/pilots/${pilotId}/funding`;
  const step = <T, R>(schema: z.ZodType<T>, run: (data: T) => Promise<R>, notice: NoticeCode) =>
    intent({ schema, invalid: CHECK_INPUT, run, done: { path, notice } });
  return runIntent(formData, {
    allocate: step(AllocateSchema, (d) => allocateFromBudget(actor, pilotId, d), "allocation-created"),
    changeAllocation: step(ChangeAllocationSchema, (d) => changeAllocation(actor, pilotId, d), "allocation-changed"),
    importMilestones: step(
      ImportMilestonesSchema,
      (d) => importMilestonesFromAgreement(actor, pilotId, d),
      "milestones-imported",
    ),
    createMilestone: step(CreateMilestoneSchema, (d) => createMilestone(actor, pilotId, d), "milestone-created"),
    changeMilestoneAmount: step(
      ChangeMilestoneAmountSchema,
      (d) => changeMilestoneAmount(actor, pilotId, d),
      "milestone-changed",
    ),
    approveMilestone: step(ApproveMilestoneSchema, (d) => approveMilestone(actor, pilotId, d), "milestone-approved"),
    recordTransfer: step(RecordTransferSchema, (d) => recordBankTransfer(actor, pilotId, d), "payment-recorded"),
    cancelMilestone: step(CancelMilestoneSchema, (d) => cancelMilestone(actor, pilotId, d), "milestone-cancelled"),
    recordReturn: step(RecordReturnSchema, (d) => recordReturn(actor, pilotId, d), "payment-returned"),
  });
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type MilestoneView = Data["milestones"][number];

const statusBadge: Record<MilestoneView["status"], string> = {
  scheduled: "badge badge--muted",
  approved: "badge badge--warn",
  paid: "badge badge--ok",
  returned: "badge badge--error",
  cancelled: "badge badge--muted",
};

const reportLabels = { submitted: "確認待ち", approved: "承認済み", returned: "差し戻し" } as const;

/** A small labelled field inside a row's form (ids made unique by the milestone id). */
function RowField({
  id,
  name,
  label,
  error,
  ...input
}: { id: string; name: string; label: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const fieldId = `${name}-${id}`;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={fieldId}>{label}</label>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
        {...input}
      />
      <FieldError id={`${fieldId}-error`} message={error} />
    </div>
  );
}

function MilestoneActions({
  m,
  stripe,
  signed,
  result,
  busy,
}: {
  m: MilestoneView;
  stripe: Data["stripe"];
  signed: boolean;
  result?: FormFailure;
  busy: boolean;
}) {
  const mine = result?.values.milestoneId === m.id ? result : undefined;
  const errorsFor = (intent: string) => (mine?.values.intent === intent ? mine.fieldErrors : {});
  const typed = (intent: string, field: string) => (mine?.values.intent === intent ? mine.values[field] : undefined);
  const stripeUsable = stripe.configured && stripe.accountReady;
  return (
    <div className="milestone__actions">
      {mine?.formError ? <FormAlert message={mine.formError} /> : null}
      {m.status === "scheduled" ? (
        <>
          <Form
            method="post"
            className="inline-form"
            onSubmit={confirmWith(`「${m.title}」（${formatYen(m.amountYen)}）の支払を承認します。よろしいですか？`)}
          >
            <input type="hidden" name="intent" value="approveMilestone" />
            <input type="hidden" name="milestoneId" value={m.id} />
            {stripeUsable ? (
              <div className="field">
                <label htmlFor={`method-${m.id}`}>支払方法</label>
                <select
                  id={`method-${m.id}`}
                  name="method"
                  defaultValue={typed("approveMilestone", "method") ?? "bank_transfer"}
                >
                  <option value="bank_transfer">銀行振込（振込後に記録）</option>
                  <option value="stripe">Stripe で送金</option>
                </select>
              </div>
            ) : (
              <input type="hidden" name="method" value="bank_transfer" />
            )}
            {errorsFor("approveMilestone").method ? (
              <p className="field__error" role="alert">
                {errorsFor("approveMilestone").method}
              </p>
            ) : null}
            <button type="submit" className="button" disabled={busy || !signed}>
              支払を承認
            </button>
          </Form>
          <Form method="post" className="inline-form" noValidate>
            <input type="hidden" name="intent" value="changeMilestoneAmount" />
            <input type="hidden" name="milestoneId" value={m.id} />
            <RowField
              id={m.id}
              name="amountYen"
              label="金額を変更（円）"
              inputMode="numeric"
              autoComplete="off"
              defaultValue={typed("changeMilestoneAmount", "amountYen") ?? formatNumber(m.amountYen)}
              error={errorsFor("changeMilestoneAmount").amountYen}
            />
            <button type="submit" className="button button--secondary" disabled={busy}>
              金額を変更
            </button>
          </Form>
        </>
      ) : null}
      {m.status === "approved" && m.payment?.status !== "pending" ? (
        <Form
          method="post"
          className="inline-form"
          noValidate
          onSubmit={confirmWith(
            `「${m.title}」の支払（${formatYen(m.amountYen)}）を支払済みとして記録します。よろしいですか？`,
          )}
        >
          <input type="hidden" name="intent" value="recordTransfer" />
          <input type="hidden" name="milestoneId" value={m.id} />
          <RowField
            id={m.id}
            name="reference"
            label="振込の照会番号"
            autoComplete="off"
            defaultValue={typed("recordTransfer", "reference") ?? ""}
            error={errorsFor("recordTransfer").reference}
          />
          <button type="submit" className="button" disabled={busy}>
            振込を記録
          </button>
        </Form>
      ) : null}
      {m.status === "scheduled" || (m.status === "approved" && m.payment?.status !== "pending") ? (
        <details>
          <summary>この支払予定を取り消す</summary>
          <Form
            method="post"
            className="inline-form"
            noValidate
            onSubmit={confirmWith(`「${m.title}」を取り消します。取り消した支払予定は元に戻せません。よろしいですか？`)}
          >
            <input type="hidden" name="intent" value="cancelMilestone" />
            <input type="hidden" name="milestoneId" value={m.id} />
            <RowField
              id={m.id}
              name="reason"
              label="取消の理由"
              defaultValue={typed("cancelMilestone", "reason") ?? ""}
              error={errorsFor("cancelMilestone").reason}
            />
            <button type="submit" className="button button--danger" disabled={busy}>
              取り消す
            </button>
          </Form>
        </details>
      ) : null}
      {m.status === "paid" ? (
        <details>
          <summary>返還を記録する</summary>
          <Form
            method="post"
            className="inline-form"
            noValidate
            onSubmit={confirmWith(
              `「${m.title}」の${formatYen(m.amountYen)}が返還されたことを記録します。よろしいですか？`,
            )}
          >
            <input type="hidden" name="intent" value="recordReturn" />
            <input type="hidden" name="milestoneId" value={m.id} />
            <RowField
              id={`return-${m.id}`}
              name="reason"
              label="返還の理由"
              defaultValue={typed("recordReturn", "reason") ?? ""}
              error={errorsFor("recordReturn").reason}
            />
            <button type="submit" className="button button--danger" disabled={busy}>
              返還を記録
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

export default function PilotFunding() {
  const data = useLoaderData<typeof loader>();
  const {
    pilotId,
    canManage,
    signed,
    stripe,
    allocations,
    milestones,
    budgets,
    totals,
    entries,
    entryCount,
    agreementSchedule,
  } = data;
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const allocateResult = result?.values.intent === "allocate" ? result : undefined;
  const milestoneResult = result?.values.intent === "createMilestone" ? result : undefined;
  const rowResult =
    result &&
    !["allocate", "createMilestone", "changeAllocation", "importMilestones"].includes(result.values.intent ?? "")
      ? result
      : undefined;
  const importResult = result?.values.intent === "importMilestones" ? result : undefined;
  const scheduleTotal = agreementSchedule.rows.reduce((sum, m) => sum + (m.amountYen ?? 0), 0);
  const changeResult = result?.values.intent === "changeAllocation" ? result : undefined;
  const otherFormError = result && !rowResult?.values.milestoneId ? result.formError : undefined;

  return (
    <>
      <NoticeFromUrl />
      <FormAlert message={otherFormError} />
      <section className="card" aria-labelledby="totals-heading">
        <h2 id="totals-heading">資金の状況</h2>
        <dl className="facts">
          <dt>配分額</dt>
          <dd>{formatYen(totals.allocatedYen)}</dd>
          <dt>支払予定の合計</dt>
          <dd>{formatYen(totals.scheduledYen)}</dd>
          <dt>支払済み</dt>
          <dd>{formatYen(totals.disbursedYen)}</dd>
          <dt>報告された支出（承認済み）</dt>
          <dd>{formatYen(totals.reportedSpendYen)}</dd>
          <dt>残り（配分額−支払済み）</dt>
          <dd>{formatYen(totals.remainingYen)}</dd>
        </dl>
        {!signed ? (
          <p className="small muted">協定書が双方の署名で締結されると、支払を承認できるようになります。</p>
        ) : null}
        {!stripe.configured ? (
          <p className="small muted">
            支払は、自治体が行った銀行振込を照会番号とともに記録します（このサイトでは Stripe
            による送金は使われていません）。
          </p>
        ) : !stripe.accountReady ? (
          <p className="small muted">
            企業の Stripe 受取口座の登録が完了すると、Stripe
            で送金できるようになります。それまでは銀行振込を記録してください。
          </p>
        ) : null}
      </section>

      <section aria-labelledby="allocations-heading">
        <h2 id="allocations-heading">配分</h2>
        {allocations.length === 0 ? (
          <p className="empty">
            まだ配分はありません。
            {canManage
              ? "年度の予算から、この実証に配分する額を登録してください。"
              : "自治体が予算から配分すると、ここに表示されます。"}
          </p>
        ) : (
          <TableWrap label="配分の一覧">
            <table>
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col" className="num">
                    配分額
                  </th>
                  <th scope="col" className="num">
                    支払予定
                  </th>
                  <th scope="col" className="num">
                    支払済み
                  </th>
                  {canManage ? <th scope="col">配分額の変更</th> : null}
                </tr>
              </thead>
              <tbody>
                {allocations.map((a) => (
                  <tr key={a.id}>
                    <td>{fiscalYearLabel(a.fiscalYear)}</td>
                    <td className="num">{formatYen(a.amountYen)}</td>
                    <td className="num">{formatYen(a.scheduledYen)}</td>
                    <td className="num">{formatYen(a.disbursedYen)}</td>
                    {canManage ? (
                      <td>
                        <Form method="post" className="inline-form" noValidate>
                          <input type="hidden" name="intent" value="changeAllocation" />
                          <input type="hidden" name="allocationId" value={a.id} />
                          <RowField
                            id={a.id}
                            name="amountYen"
                            label="新しい配分額（円）"
                            inputMode="numeric"
                            autoComplete="off"
                            defaultValue={
                              changeResult?.values.allocationId === a.id
                                ? changeResult.values.amountYen
                                : formatNumber(a.amountYen)
                            }
                            error={
                              changeResult?.values.allocationId === a.id
                                ? changeResult.fieldErrors.amountYen
                                : undefined
                            }
                          />
                          <button type="submit" className="button button--secondary" disabled={busy}>
                            変更
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {canManage ? (
          budgets.length === 0 ? (
            <p>
              配分するには、先に<Link to="/municipality/budgets">予算</Link>を登録してください。
            </p>
          ) : (
            <Form method="post" className="card stack" noValidate key={`allocate-${allocations.length}`}>
              <h3>予算から配分する</h3>
              <input type="hidden" name="intent" value="allocate" />
              <SelectField
                name="budgetId"
                label="配分元の予算"
                required
                error={allocateResult?.fieldErrors.budgetId}
                defaultValue={allocateResult?.values.budgetId ?? budgets[0]?.id}
              >
                {budgets.map((b) => (
                  <option key={b.id} value={b.id}>
                    {fiscalYearLabel(b.fiscalYear)}（残額 {formatYen(b.remainingYen)}）
                  </option>
                ))}
              </SelectField>
              <TextField
                name="amountYen"
                label="配分額（円）"
                required
                inputMode="numeric"
                autoComplete="off"
                hint={
                  allocations.length === 0 && scheduleTotal > 0
                    ? `締結した協定書の支払総額（${formatYen(scheduleTotal)}）を入れてあります。円単位で、カンマも使えます。予算の残額を超えては配分できません。`
                    : "円単位の整数で入力します（例: 3,000,000）。予算の残額を超えては配分できません。"
                }
                error={allocateResult?.fieldErrors.amountYen}
                defaultValue={
                  allocateResult?.values.amountYen ??
                  (allocations.length === 0 && scheduleTotal > 0 ? formatNumber(scheduleTotal) : "")
                }
              />
              <TextField
                name="note"
                label="メモ"
                error={allocateResult?.fieldErrors.note}
                defaultValue={allocateResult?.values.note ?? ""}
              />
              <div>
                <button type="submit" className="button" disabled={busy}>
                  配分する
                </button>
              </div>
            </Form>
          )
        ) : null}
      </section>

      <section aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">支払予定（マイルストーン）</h2>
        {milestones.length === 0 ? (
          <p className="empty">
            まだ支払予定はありません。
            {canManage
              ? "配分の範囲で、期日と金額を決めて登録してください。"
              : "自治体が登録すると、支払の予定と状況がここに表示されます。"}
          </p>
        ) : (
          <ol className="milestones">
            {milestones.map((m) => (
              <li key={m.id} className="card milestone">
                <h3>
                  {m.title} <span className={statusBadge[m.status]}>{MILESTONE_STATUS_LABELS[m.status]}</span>
                </h3>
                <dl className="facts">
                  <dt>期日</dt>
                  <dd>{m.dueDate}</dd>
                  <dt>金額</dt>
                  <dd>
                    {formatYen(m.amountYen)}
                    {m.originalAmountYen !== m.amountYen ? (
                      <span className="small muted">（当初 {formatYen(m.originalAmountYen)}）</span>
                    ) : null}
                  </dd>
                  <dt>支出・進捗報告</dt>
                  <dd>
                    {m.requiresReport ? "承認済みの報告が支払の条件" : "任意"}
                    {m.reportStatus ? `（最新の報告: ${reportLabels[m.reportStatus]}）` : ""}
                  </dd>
                  {m.approvedAt ? (
                    <>
                      <dt>承認</dt>
                      <dd>
                        {formatDateTime(m.approvedAt)} {m.approvedByName ?? ""}
                      </dd>
                    </>
                  ) : null}
                  {m.payment ? (
                    <>
                      <dt>支払</dt>
                      <dd>
                        {PAYMENT_METHOD_LABELS[m.payment.method]}・{PAYMENT_STATUS_LABELS[m.payment.status]}
                        {m.payment.reference ? `・照会番号 ${m.payment.reference}` : ""}
                        {m.payment.transferId ? `・${m.payment.transferId}` : ""}
                        {m.payment.paidAt ? `・${formatDateTime(m.payment.paidAt)}` : ""}
                        {m.payment.failureReason ? (
                          <span className="block small">理由: {m.payment.failureReason}</span>
                        ) : null}
                      </dd>
                    </>
                  ) : null}
                  {m.statusReason ? (
                    <>
                      <dt>理由</dt>
                      <dd>{m.statusReason}</dd>
                    </>
                  ) : null}
                </dl>
                {canManage ? (
                  <MilestoneActions m={m} stripe={stripe} signed={signed} result={rowResult} busy={busy} />
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {canManage && allocations.length > 0 && milestones.length === 0 && agreementSchedule.rows.length > 0 ? (
          <Form method="post" className="card stack" noValidate>
            <h3>協定書の支払予定を取り込む</h3>
            <p>
              締結された協定書（第{agreementSchedule.versionNumber}版）第7条の支払予定 {agreementSchedule.rows.length}
              件（合計 {formatYen(scheduleTotal)}
              ）を、選んだ配分の支払予定として登録します。
            </p>
            <ul>
              {agreementSchedule.rows.map((m, i) => (
                <li key={i}>
                  {m.title}（{m.dueDate}・{formatYen(m.amountYen)}）
                </li>
              ))}
            </ul>
            <input type="hidden" name="intent" value="importMilestones" />
            <SelectField
              name="allocationId"
              id="import-allocationId"
              label="配分"
              required
              error={importResult?.fieldErrors.allocationId ?? importResult?.fieldErrors.amountYen}
              defaultValue={allocations[0]?.id}
            >
              {allocations.map((a) => (
                <option key={a.id} value={a.id}>
                  {fiscalYearLabel(a.fiscalYear)}（未予定 {formatYen(a.amountYen - a.scheduledYen)}）
                </option>
              ))}
            </SelectField>
            <div>
              <button type="submit" className="button" disabled={busy}>
                協定書から取り込む
              </button>
            </div>
          </Form>
        ) : null}
        {canManage && allocations.length > 0 ? (
          <Form method="post" className="card stack" noValidate key={`milestone-${milestones.length}`}>
            <h3>支払予定を追加する</h3>
            <input type="hidden" name="intent" value="createMilestone" />
            <SelectField
              name="allocationId"
              id="milestone-allocationId"
              label="配分"
              required
              error={milestoneResult?.fieldErrors.allocationId}
              defaultValue={milestoneResult?.values.allocationId ?? allocations[0]?.id}
            >
              {allocations.map((a) => (
                <option key={a.id} value={a.id}>
                  {fiscalYearLabel(a.fiscalYear)}（未予定 {formatYen(a.amountYen - a.scheduledYen)}）
                </option>
              ))}
            </SelectField>
            <TextField
              name="title"
              label="名称"
              required
              hint="例: 第1回 準備完了時"
              error={milestoneResult?.fieldErrors.title}
              defaultValue={milestoneResult?.values.title ?? ""}
            />
            <TextField
              name="dueDate"
              label="期日"
              type="date"
              required
              error={milestoneResult?.fieldErrors.dueDate}
              defaultValue={milestoneResult?.values.dueDate ?? ""}
            />
            <TextField
              name="amountYen"
              id="milestone-amountYen"
              label="金額（円）"
              required
              inputMode="numeric"
              autoComplete="off"
              error={milestoneResult?.fieldErrors.amountYen}
              defaultValue={milestoneResult?.values.amountYen ?? ""}
            />
            <div className="field">
              <label>
                <input
                  type="checkbox"
                  name="requiresReport"
                  defaultChecked={milestoneResult ? milestoneResult.values.requiresReport === "on" : false}
                />{" "}
                承認済みの支出・進捗報告を支払の条件にする
              </label>
            </div>
            <div>
              <button type="submit" className="button" disabled={busy}>
                支払予定を追加
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">台帳</h2>
        <p>
          配分・支払・返還のすべての記録です（記録は変更・削除できず、訂正は逆の記録で行います）。
          <a href={`/pilots/${pilotId}/ledger.csv`} download>
            CSV をダウンロード
          </a>
        </p>
        <LedgerEntries entries={entries} label="台帳（新しい順）" />
        {entryCount > entries.length ? (
          <p className="small muted">
            新しい{entries.length}件を表示しています（全{entryCount}件は CSV で確認できます）。
          </p>
        ) : null}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
