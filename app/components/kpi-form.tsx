// The fields of a KPI (add and edit forms of the KPI page). Two forms of a page share field names, so every id carries
// a prefix; errors and typed values come from the action's result for that form only.
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { INDICATOR_APPROACHES, INDICATORS, approachLabels, stageLabels } from "~/domain/pitches/catalog.data";
import { KPI_DIRECTIONS, KPI_DIRECTION_LABELS } from "~/domain/outcomes/outcomes.schema";
import { FREQUENCY_LABELS, KPI_FREQUENCIES } from "~/domain/outcomes/periods.rules";
import { SelectField, TextField, FieldError } from "./form-field";

export interface KpiFieldValues {
  indicatorCode: string;
  name: string;
  definition: string;
  unit: string;
  baseline: string;
  target: string;
  direction: string;
  frequency: string;
}

export function TextArea({
  id,
  name,
  label,
  error,
  hint,
  defaultValue,
  rows = 3,
}: {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  defaultValue?: string;
  rows?: number;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function KpiFields({
  prefix,
  values,
  errors,
}: {
  prefix: string;
  values: KpiFieldValues;
  errors: Record<string, string>;
}) {
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      <SelectField
        id={id("indicatorCode")}
        name="indicatorCode"
        label="評価指標の例との対応"
        defaultValue={values.indicatorCode}
        error={errors.indicatorCode}
        hint={
          <>
            <Link to="/indicators">評価指標の例（一覧）</Link>
            のどれにあたるかを選びます。選ぶと、空欄の指標名・定義・単位に一覧の内容が入ります。
          </>
        }
      >
        <option value="">対応なし（独自の指標）</option>
        {INDICATOR_APPROACHES.map((approach) => (
          <optgroup key={approach} label={approachLabels[approach]}>
            {INDICATORS.filter((i) => i.approach === approach).map((i) => (
              <option key={i.code} value={i.code}>
                {stageLabels[i.stage]}: {i.label}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <TextField
        id={id("name")}
        name="name"
        label="指標名"
        defaultValue={values.name}
        error={errors.name}
        autoComplete="off"
      />
      <TextArea
        id={id("definition")}
        name="definition"
        label="定義（何を、どう数えるか）"
        defaultValue={values.definition}
        error={errors.definition}
      />
      <div className="proposal-row">
        <TextField
          id={id("unit")}
          name="unit"
          label="単位"
          defaultValue={values.unit}
          error={errors.unit}
          autoComplete="off"
          hint="例: 人、回、%"
        />
        <TextField
          id={id("baseline")}
          name="baseline"
          label="基準値"
          inputMode="decimal"
          defaultValue={values.baseline}
          error={errors.baseline}
          autoComplete="off"
          hint="実証前の値。空欄可"
        />
        <TextField
          id={id("target")}
          name="target"
          label="目標値"
          inputMode="decimal"
          defaultValue={values.target}
          error={errors.target}
          autoComplete="off"
          hint="空欄可"
        />
      </div>
      <div className="proposal-row">
        <SelectField
          id={id("direction")}
          name="direction"
          label="目指す方向"
          defaultValue={values.direction}
          error={errors.direction}
        >
          {KPI_DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {KPI_DIRECTION_LABELS[d]}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={id("frequency")}
          name="frequency"
          label="報告の頻度"
          defaultValue={values.frequency}
          error={errors.frequency}
        >
          {KPI_FREQUENCIES.map((f) => (
            <option key={f} value={f}>
              {FREQUENCY_LABELS[f]}
            </option>
          ))}
        </SelectField>
      </div>
    </>
  );
}
