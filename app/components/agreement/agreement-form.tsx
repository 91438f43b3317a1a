// The agreement editor: one form over every article, fields named by their content paths ("roles.company",
// "kpis.0.target") so that errors come back beside the right input and the form shows exactly what was typed.
import { Form } from "@remix-run/react";
import type { InputHTMLAttributes } from "react";
import {
  AGREEMENT_KPI_MAX,
  AGREEMENT_MILESTONE_MAX,
  AGREEMENT_SECTIONS,
  AGREEMENT_TEXT_MAX,
  KPI_DIRECTION_LABELS,
  KPI_DIRECTIONS,
} from "~/domain/pilots/agreement-content.schema";
import {
  AGREEMENT_NOTE_MAX,
  AGREEMENT_SHORT_MAX,
  AGREEMENT_UNIT_MAX,
  rowCount,
} from "~/domain/pilots/agreement.schema";
import { TextField } from "../form-field";
import { TextAreaField } from "../pitch-form";
import { FieldError } from "~/components/form-field";

const section = (key: (typeof AGREEMENT_SECTIONS)[number]["key"]) =>
  AGREEMENT_SECTIONS.find((s) => s.key === key)!.label;

interface Props {
  values: Record<string, string>;
  errors: Record<string, string>;
  versionId: string;
  versionNumber: number;
  expectedUpdatedAt: string;
  parties: { municipalityName: string; companyName: string };
  /** The version was signed after the form was loaded: what was typed can only go into a new version. */
  lockedMessage?: string | null;
  /** The refusal of the last post, repeated beside the button (the page's alert at the top may be out of view). */
  formError?: string | null;
  busy: boolean;
}

function Cell({
  name,
  label,
  values,
  errors,
  ...input
}: {
  name: string;
  label: string;
  values: Record<string, string>;
  errors: Record<string, string>;
} & InputHTMLAttributes<HTMLInputElement>) {
  const error = errors[name];
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        defaultValue={values[name] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        {...input}
      />
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

export function AgreementForm({
  values,
  errors,
  versionId,
  versionNumber,
  expectedUpdatedAt,
  parties,
  lockedMessage,
  formError,
  busy,
}: Props) {
  const area = (name: string, label: string, rows = 4, hint?: string) => (
    <TextAreaField
      name={name}
      label={label}
      hint={hint}
      rows={rows}
      maxLength={AGREEMENT_TEXT_MAX}
      defaultValue={values[name] ?? ""}
      error={errors[name]}
    />
  );
  const kpiRows = Math.min(AGREEMENT_KPI_MAX, Math.max(rowCount(values, "kpis") + 1, 2));
  const milestoneRows = Math.min(AGREEMENT_MILESTONE_MAX, Math.max(rowCount(values, "milestones") + 1, 2));
  const listError = (name: string) =>
    errors[name] ? (
      <p className="field__error" id={`${name}-error`} role="alert">
        {errors[name]}
      </p>
    ) : null;
  return (
    <Form method="post" className="stack agreement-form" noValidate>
      <input type="hidden" name="versionId" value={versionId} />
      <input type="hidden" name="expectedUpdatedAt" value={expectedUpdatedAt} />
      {lockedMessage ? (
        <div className="alert alert--warn" role="alert">
          <p>{lockedMessage}</p>
          <p>
            下の入力内容は残っています。変更の説明を入力して「新しい版を作成」を押すと、この内容で第{versionNumber + 1}
            版を作成します。
          </p>
        </div>
      ) : null}
      <fieldset>
        <legend>{section("scope")}</legend>
        {area("scope", "実施内容・範囲", 6)}
      </fieldset>
      <fieldset>
        <legend>{section("period")}</legend>
        <div className="agreement-form__pair">
          <TextField
            name="periodStart"
            label="開始日"
            type="date"
            defaultValue={values.periodStart ?? ""}
            error={errors.periodStart}
          />
          <TextField
            name="periodEnd"
            label="終了日"
            type="date"
            defaultValue={values.periodEnd ?? ""}
            error={errors.periodEnd}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{section("area")}</legend>
        {area("area", "実施地域", 3, "例: 市内全域、○○地区（日常生活圏域）")}
      </fieldset>
      <fieldset>
        <legend>{section("roles")}</legend>
        {area("roles.municipality", `自治体（${parties.municipalityName}）の役割`)}
        {area("roles.company", `企業（${parties.companyName}）の役割`)}
        {area("roles.residents", "住民の役割", 3)}
      </fieldset>
      <fieldset>
        <legend>{section("personalData")}</legend>
        {area("personalData.purpose", "利用目的", 3)}
        {area(
          "personalData.items",
          "取得する項目",
          3,
          "例: 氏名、年齢、利用回数。取得しない場合は「取得しない」と記入してください。",
        )}
        <TextField
          name="personalData.holder"
          label="管理者"
          maxLength={AGREEMENT_SHORT_MAX}
          defaultValue={values["personalData.holder"] ?? ""}
          error={errors["personalData.holder"]}
        />
        <TextField
          name="personalData.retention"
          label="保存期間"
          maxLength={AGREEMENT_SHORT_MAX}
          defaultValue={values["personalData.retention"] ?? ""}
          error={errors["personalData.retention"]}
        />
        {area("personalData.deletion", "削除の方法", 3)}
      </fieldset>
      <fieldset aria-describedby={`kpis-hint${errors.kpis ? " kpis-error" : ""}`}>
        <legend id="kpis">{section("kpis")}</legend>
        <p className="field__hint" id="kpis-hint">
          指標ごとに基準値（実証前の値）と目標値を入力します。空の行は無視されます。行が足りないときは保存すると空の行が増えます。
        </p>
        {listError("kpis")}
        {Array.from({ length: kpiRows }, (_, i) => (
          <div key={i} className="agreement-row agreement-row--kpi" role="group" aria-label={`評価指標 ${i + 1}行目`}>
            <Cell
              name={`kpis.${i}.name`}
              label="指標名"
              maxLength={AGREEMENT_SHORT_MAX}
              values={values}
              errors={errors}
            />
            <Cell name={`kpis.${i}.unit`} label="単位" maxLength={AGREEMENT_UNIT_MAX} values={values} errors={errors} />
            <Cell
              name={`kpis.${i}.baseline`}
              label="基準値"
              maxLength={AGREEMENT_SHORT_MAX}
              values={values}
              errors={errors}
            />
            <Cell
              name={`kpis.${i}.target`}
              label="目標値"
              maxLength={AGREEMENT_SHORT_MAX}
              values={values}
              errors={errors}
            />
            <div className={`field${errors[`kpis.${i}.direction`] ? " field--invalid" : ""}`}>
              <label htmlFor={`kpis.${i}.direction`}>目指す方向</label>
              <select
                id={`kpis.${i}.direction`}
                name={`kpis.${i}.direction`}
                defaultValue={values[`kpis.${i}.direction`] ?? "increase"}
              >
                {KPI_DIRECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {KPI_DIRECTION_LABELS[d]}
                  </option>
                ))}
              </select>
              {errors[`kpis.${i}.direction`] ? (
                <p className="field__error" role="alert">
                  {errors[`kpis.${i}.direction`]}
                </p>
              ) : null}
            </div>
          </div>
        ))}
      </fieldset>
      <fieldset aria-describedby={`milestones-hint${errors.milestones ? " milestones-error" : ""}`}>
        <legend>{section("funding")}</legend>
        <TextField
          name="fundingAmountYen"
          label="支払総額（円）"
          inputMode="numeric"
          autoComplete="off"
          hint="円単位の整数で入力します（例: 4,000,000）。"
          defaultValue={values.fundingAmountYen ?? ""}
          error={errors.fundingAmountYen}
        />
        <p className="field__hint" id="milestones-hint">
          支払予定（マイルストーン）: いつ、いくら支払うか。合計は支払総額以内にします。空の行は無視されます。
        </p>
        <span id="milestones" />
        {listError("milestones")}
        {Array.from({ length: milestoneRows }, (_, i) => (
          <div
            key={i}
            className="agreement-row agreement-row--milestone"
            role="group"
            aria-label={`支払予定 ${i + 1}行目`}
          >
            <Cell
              name={`milestones.${i}.title`}
              label="支払の名称"
              maxLength={AGREEMENT_SHORT_MAX}
              values={values}
              errors={errors}
            />
            <Cell name={`milestones.${i}.dueDate`} label="支払予定日" type="date" values={values} errors={errors} />
            <Cell
              name={`milestones.${i}.amountYen`}
              label="金額（円）"
              inputMode="numeric"
              autoComplete="off"
              values={values}
              errors={errors}
            />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{section("ipAndPublicity")}</legend>
        {area("ipAndPublicity", "知的財産・広報")}
      </fieldset>
      <fieldset>
        <legend>{section("termination")}</legend>
        {area("termination", "解除・終了")}
      </fieldset>
      {lockedMessage ? (
        <div className="alert alert--warn">
          第{versionNumber}版は署名済みのため、この内容は第{versionNumber + 1}
          版として作成します。新しい版を作る理由を入力してください。
        </div>
      ) : null}
      <TextField
        name="changeNote"
        label={lockedMessage ? "変更の説明（新しい版を作る理由）" : "この版の変更の説明"}
        required={lockedMessage ? true : undefined}
        maxLength={AGREEMENT_NOTE_MAX}
        hint="版の履歴に表示されます（例: 支払予定を2回に分割）。"
        defaultValue={values.changeNote ?? ""}
        error={errors.changeNote}
      />
      {formError && formError !== lockedMessage ? <div className="alert alert--error">{formError}</div> : null}
      <div className="actions">
        {lockedMessage ? (
          <button type="submit" name="intent" value="new_version" className="button" disabled={busy}>
            新しい版を作成
          </button>
        ) : (
          <button type="submit" name="intent" value="save" className="button" disabled={busy}>
            第{versionNumber}版を保存
          </button>
        )}
      </div>
    </Form>
  );
}
