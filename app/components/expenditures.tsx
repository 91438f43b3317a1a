// The pieces of the expenditure pages: a report's contents (narrative, items, receipts, review), the company's report
// form and the municipality's review forms. Shared by the list of milestones and the page of one report.
import type { ReportView } from "~/domain/expenditures/expenditures.queries.server";
import { Form } from "@remix-run/react";
import { useState, type FormEvent, type ReactNode } from "react";
import type { ExpenditureReportStatus } from "@db/schema";
import {
  EXPENDITURE_ITEM_DESCRIPTION_MAX,
  EXPENDITURE_NARRATIVE_MAX,
  EXPENDITURE_STATUS_LABELS,
  INITIAL_EXPENDITURE_ROWS,
  itemFieldName,
  MAX_EXPENDITURE_ITEMS,
  MAX_RECEIPTS_PER_REPORT,
  REVIEW_COMMENT_MAX,
} from "~/domain/expenditures/expenditures.schema";
import { parseYen } from "~/domain/proposals/proposals.schema";
import { confirmWith } from "~/web/confirm";
import { FormAlert } from "./form-field";
import { formatDateTime, formatYen } from "~/lib/format";
import { TableWrap } from "./table-wrap";

/** The report as the loaders send it (dates as ISO strings). */
/** A report as the pages receive it (the milestone is known from where it is shown). */
export type ReportData = Omit<ReportView, "milestoneId">;

/** An action's failure as the expenditure pages receive it. */
export interface ExpenditureFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: Record<string, string>;
}

const badgeClass: Record<ExpenditureReportStatus, string> = {
  submitted: "badge--warn",
  approved: "badge--ok",
  returned: "badge--error",
};

export function ReportStatusBadge({ status }: { status: ExpenditureReportStatus | null }) {
  if (!status) return <span className="badge badge--muted">未報告</span>;
  return <span className={`badge ${badgeClass[status]}`}>{EXPENDITURE_STATUS_LABELS[status]}</span>;
}

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("ja-JP")}KB`;
const kindLabel = (contentType: string) =>
  contentType === "application/pdf" ? "PDF" : contentType === "image/png" ? "PNG" : "JPEG";

/** What a report says: narrative, items with the total, receipts (downloads), and the municipality's review. */
export function ReportContents({
  pilotId,
  report,
  headingLevel = 4,
  collapsed = false,
}: {
  pilotId: string;
  report: ReportData;
  headingLevel?: 3 | 4;
  /** Narrative, items and receipts behind a "show" toggle (for reports nobody needs to act on). */
  collapsed?: boolean;
}) {
  const H = `h${headingLevel}` as "h3" | "h4";
  const body = (
    <>
      <H>実施内容・成果の報告</H>
      <p className="pre-wrap">{report.narrative}</p>
      <H>支出の明細</H>
      <TableWrap label="支出の明細">
        <table className="expenditure-items">
          <thead>
            <tr>
              <th scope="col">No.</th>
              <th scope="col">内容</th>
              <th scope="col" className="num">
                金額
              </th>
            </tr>
          </thead>
          <tbody>
            {report.items.map((item) => (
              <tr key={item.position}>
                <td>{item.position}</td>
                <td>{item.description}</td>
                <td className="num">{formatYen(item.amountYen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                合計
              </th>
              <td className="num">
                <strong>{formatYen(report.totalYen)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      <H>領収書</H>
      {report.receipts.length === 0 ? (
        <p className="muted">領収書はありません。</p>
      ) : (
        <ul className="receipts">
          {report.receipts.map((r) => (
            <li key={r.id}>
              <a href={`/pilots/${pilotId}/receipts/${r.id}`} download>
                {r.name}
              </a>{" "}
              <span className="small muted">
                （{kindLabel(r.contentType)}・{kb(r.sizeBytes)}）
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
  return (
    <div className="expenditure-report">
      <dl className="facts">
        <dt>提出</dt>
        <dd>
          {formatDateTime(report.submittedAt)}
          {report.submittedByName ? `（${report.submittedByName}）` : ""}
        </dd>
        <dt>報告額の合計</dt>
        <dd>
          <strong>{formatYen(report.totalYen)}</strong>
        </dd>
        {report.reviewedAt ? (
          <>
            <dt>{report.status === "approved" ? "承認" : "差し戻し"}</dt>
            <dd>
              {formatDateTime(report.reviewedAt)}
              {report.reviewedByName ? `（${report.reviewedByName}）` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {report.status === "returned" && report.reviewComment ? (
        <div className="alert alert--warn">
          <strong>差し戻しの理由:</strong>
          <span className="pre-wrap block">{report.reviewComment}</span>
        </div>
      ) : null}
      {report.status === "approved" && report.reviewComment ? (
        <p>
          <strong>自治体のコメント:</strong> <span className="pre-wrap">{report.reviewComment}</span>
        </p>
      ) : null}
      {collapsed ? (
        <details className="report-contents">
          <summary>報告の内容（実施内容・明細・領収書）を見る</summary>
          {body}
        </details>
      ) : (
        body
      )}
    </div>
  );
}

function errorId(id: string, error?: string) {
  return error ? `${id}-error` : undefined;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field__error" id={`${id}-error`} role="alert">
      {message}
    </p>
  );
}

function Cell({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldError id={id} message={error} />
    </div>
  );
}

/** The items' total as typed (the server computes the real one), or null while an amount is not a number. */
function typedTotal(form: HTMLFormElement): number | null {
  let total = 0;
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement) || !/^items\.\d+\.amount$/.test(element.name)) continue;
    const parsed = parseYen(element.value);
    if (!parsed.ok) return null;
    total += parsed.value ?? 0;
  }
  return total;
}

function rowsIn(values: Record<string, string>): number {
  let highest = -1;
  for (const key of Object.keys(values)) {
    const match = /^items\.(\d+)\./.exec(key);
    if (match && (values[key] ?? "") !== "") highest = Math.max(highest, Number(match[1]));
  }
  return Math.min(MAX_EXPENDITURE_ITEMS, Math.max(INITIAL_EXPENDITURE_ROWS, highest + 2));
}

/**
 * The company's report for one milestone: narrative, items (rows left empty are ignored; more rows can be added) and
 * receipts. `defaults` are what was typed before (after an error) or the returned report being corrected.
 */
export function ExpenditureReportForm({
  milestoneId,
  defaults,
  failure,
  busy,
  resubmission,
}: {
  milestoneId: string;
  defaults: Record<string, string>;
  failure?: ExpenditureFailure;
  busy: boolean;
  resubmission: boolean;
}) {
  const errors = failure?.fieldErrors ?? {};
  const [rows, setRows] = useState(() => rowsIn(defaults));
  const [total, setTotal] = useState<number | null>(() => {
    let sum = 0;
    for (const [key, value] of Object.entries(defaults)) {
      if (!/^items\.\d+\.amount$/.test(key)) continue;
      const parsed = parseYen(value);
      if (!parsed.ok) return null;
      sum += parsed.value ?? 0;
    }
    return sum;
  });
  const id = (name: string) => `report-${milestoneId}-${name.replace(/\./g, "-")}`;
  const onInput = (event: FormEvent<HTMLFormElement>) => setTotal(typedTotal(event.currentTarget));
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="stack-fields"
      noValidate
      onInput={onInput}
      aria-label={resubmission ? "支出報告の再提出" : "支出報告"}
    >
      <input type="hidden" name="intent" value="submit" />
      <input type="hidden" name="milestoneId" value={milestoneId} />
      <FormAlert message={failure?.formError} />
      <div className={`field${errors.narrative ? " field--invalid" : ""}`}>
        <label htmlFor={id("narrative")}>
          実施内容・成果の報告<span className="required">（必須）</span>
        </label>
        <p className="field__hint" id={`${id("narrative")}-hint`}>
          この期間に実施したこと、参加した住民の数などの成果、支出との関係を書いてください（
          {EXPENDITURE_NARRATIVE_MAX.toLocaleString("ja-JP")}文字以内）。
        </p>
        <textarea
          id={id("narrative")}
          name="narrative"
          rows={6}
          maxLength={EXPENDITURE_NARRATIVE_MAX}
          defaultValue={defaults.narrative ?? ""}
          aria-invalid={errors.narrative ? true : undefined}
          aria-describedby={[`${id("narrative")}-hint`, errorId(id("narrative"), errors.narrative)]
            .filter(Boolean)
            .join(" ")}
          aria-required
        />
        <FieldError id={id("narrative")} message={errors.narrative} />
      </div>

      <fieldset
        className="expenditure-items-fieldset"
        aria-describedby={`${id("items")}-hint${errors.items ? ` ${id("items")}-error` : ""}`}
      >
        <legend>
          支出の明細<span className="required">（必須）</span>
        </legend>
        <p className="field__hint" id={`${id("items")}-hint`}>
          1行に1件、内容と金額（円単位の整数、カンマ可）を入力します。空の行は無視されます。合計はサーバーで計算します（
          {MAX_EXPENDITURE_ITEMS}行まで）。
        </p>
        <FieldError id={id("items")} message={errors.items} />
        {Array.from({ length: rows }, (_, i) => {
          const description = itemFieldName(i, "description");
          const amount = itemFieldName(i, "amount");
          return (
            <div key={i} className="expense-row" role="group" aria-label={`明細 ${i + 1}行目`}>
              <span className="expense-row__number" aria-hidden="true">
                {i + 1}
              </span>
              <Cell id={id(description)} label="内容" error={errors[description]}>
                <input
                  id={id(description)}
                  name={description}
                  maxLength={EXPENDITURE_ITEM_DESCRIPTION_MAX}
                  defaultValue={defaults[description] ?? ""}
                  placeholder={i === 0 ? "例: 会場使用料（3回分）" : undefined}
                  aria-invalid={errors[description] ? true : undefined}
                  aria-describedby={errorId(id(description), errors[description])}
                />
              </Cell>
              <Cell id={id(amount)} label="金額（円）" error={errors[amount]}>
                <input
                  id={id(amount)}
                  name={amount}
                  inputMode="numeric"
                  autoComplete="off"
                  defaultValue={defaults[amount] ?? ""}
                  aria-invalid={errors[amount] ? true : undefined}
                  aria-describedby={errorId(id(amount), errors[amount])}
                />
              </Cell>
            </div>
          );
        })}
        <div className="actions">
          {rows < MAX_EXPENDITURE_ITEMS ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setRows((n) => Math.min(MAX_EXPENDITURE_ITEMS, n + 1))}
            >
              行を追加
            </button>
          ) : null}
          <p className="expense-total" aria-live="polite">
            入力中の合計: <strong>{total === null ? "金額を確認してください" : formatYen(total)}</strong>
          </p>
        </div>
      </fieldset>

      <div className={`field${errors.receipts ? " field--invalid" : ""}`}>
        <label htmlFor={id("receipts")}>
          領収書<span className="required">（必須）</span>
        </label>
        <p className="field__hint" id={`${id("receipts")}-hint`}>
          PDF・PNG・JPEG（1件10MBまで、合計30MBまで、{MAX_RECEIPTS_PER_REPORT}
          件まで）。複数のファイルをまとめて選べます。
          {failure ? " 送信し直すときは、領収書が選ばれているか確かめてください。" : ""}
        </p>
        <input
          id={id("receipts")}
          name="receipts"
          type="file"
          multiple
          accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
          aria-invalid={errors.receipts ? true : undefined}
          aria-describedby={[`${id("receipts")}-hint`, errorId(id("receipts"), errors.receipts)]
            .filter(Boolean)
            .join(" ")}
          aria-required
        />
        <FieldError id={id("receipts")} message={errors.receipts} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {resubmission ? "支出報告を再提出する" : "支出報告を提出する"}
      </button>
    </Form>
  );
}

/** The municipality's decision on a report under review: approve (final, confirmed first), or return with a reason. */
export function ReviewForms({
  report,
  failure,
  busy,
  heading,
}: {
  report: ReportData;
  failure?: ExpenditureFailure;
  busy: boolean;
  /** A heading (h4) above the forms, where the page has none for them. */
  heading?: string;
}) {
  const mine = failure && failure.values.reportId === report.id ? failure : undefined;
  const commentError = mine?.values.intent === "return" ? mine.fieldErrors.comment : undefined;
  const commentId = `review-${report.id}-comment`;
  return (
    <div className="review-forms">
      {heading ? <h4>{heading}</h4> : null}
      {/* A message beside the comment says it all; the alert is for what belongs to no field (e.g. decided already). */}
      <FormAlert message={mine && Object.keys(mine.fieldErrors).length === 0 ? mine.formError : undefined} />
      <Form
        method="post"
        onSubmit={confirmWith(
          `この支出報告（合計${formatYen(report.totalYen)}）を承認します。承認した報告は変更できません。よろしいですか？`,
        )}
      >
        <input type="hidden" name="intent" value="approve" />
        <input type="hidden" name="reportId" value={report.id} />
        <button type="submit" className="button" disabled={busy}>
          承認する
        </button>
      </Form>
      <Form method="post" className="stack-fields" noValidate>
        <input type="hidden" name="intent" value="return" />
        <input type="hidden" name="reportId" value={report.id} />
        <div className={`field${commentError ? " field--invalid" : ""}`}>
          <label htmlFor={commentId}>
            差し戻しの理由<span className="required">（差し戻す場合は必須）</span>
          </label>
          <textarea
            id={commentId}
            name="comment"
            rows={3}
            maxLength={REVIEW_COMMENT_MAX}
            defaultValue={mine?.values.intent === "return" ? (mine.values.comment ?? "") : ""}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={errorId(commentId, commentError)}
          />
          <FieldError id={commentId} message={commentError} />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          差し戻す
        </button>
      </Form>
    </div>
  );
}

/** The form values of a returned report, to correct and submit again. */
export function valuesOfReport(report: ReportData): Record<string, string> {
  const values: Record<string, string> = { narrative: report.narrative };
  report.items.forEach((item, i) => {
    values[itemFieldName(i, "description")] = item.description;
    values[itemFieldName(i, "amount")] = String(item.amountYen);
  });
  return values;
}
