// The pitch form, in the sections a municipality thinks in. Field names are those of PitchFieldsSchema.
import type { ReactNode, TextareaHTMLAttributes } from "react";
import type { PitchStatus } from "@db/schema";
import {
  INDICATORS,
  LAYERS,
  pitchStatusLabels,
  TARGET_STATES,
  THEMES,
  approachLabels,
  stageLabels,
} from "~/domain/pitches/catalog.data";
import type { PitchFormValues } from "~/domain/pitches/pitch-fields.schema";
import { PUBLISH_REQUIRED_FIELDS } from "~/domain/pitches/pitch.schema";
import { PITCH_SECTIONS, type PitchSectionId } from "~/domain/pitches/pitch-sections.data";
import { sectionState } from "~/domain/pitches/pitch-sections.rules";
import { SelectField, TextField, FieldError } from "./form-field";
import { formatNumber } from "~/lib/format";

type Errors = Record<string, string | undefined>;

function describedBy(name: string, error?: string, hint?: ReactNode) {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

export function TextAreaField({
  name,
  label,
  error,
  hint,
  required,
  ...textarea
}: { name: string; label: string; error?: string; hint?: ReactNode; required?: boolean | "publish" } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "name" | "required"
>) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={name}>
        {label}
        {required ? <span className="required">{required === "publish" ? "（公開時に必須）" : "（必須）"}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        id={name}
        name={name}
        rows={5}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        aria-required={required === true || undefined}
        {...textarea}
      />
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

function CheckboxGroup({
  name,
  legend,
  options,
  selected,
  error,
  hint,
  required,
}: {
  name: string;
  legend: string;
  options: readonly { code: string; label: string; note?: string }[];
  selected: readonly string[];
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  return (
    <fieldset
      className={`radio-group${error ? " field--invalid" : ""}`}
      aria-describedby={describedBy(name, error, hint)}
    >
      <legend>
        {legend}
        {required ? <span className="required">（公開時に必須）</span> : null}
      </legend>
      {hint ? (
        <p className="field__hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {options.map((option) => (
        <label key={option.code}>
          <input type="checkbox" name={name} value={option.code} defaultChecked={selected.includes(option.code)} />
          {option.label}
          {option.note ? <span className="small muted">（{option.note}）</span> : null}
        </label>
      ))}
      <FieldError id={`${name}-error`} message={error} />
    </fieldset>
  );
}

const str = (values: PitchFormValues, key: string) => {
  const v = values[key];
  return typeof v === "string" ? v : "";
};
const list = (values: PitchFormValues, key: string) => {
  const v = values[key];
  return Array.isArray(v) ? v : typeof v === "string" && v ? [v] : [];
};

/** The index of the form (a task list): each section, one click away, with how far it is filled. */
export function PitchSectionIndex({ values, errors }: { values: PitchFormValues; errors: Errors }) {
  return (
    <nav className="card section-index" aria-labelledby="section-index-title">
      <h2 id="section-index-title">項目の一覧</h2>
      <ol className="task-list">
        {PITCH_SECTIONS.map((section) => {
          const state = sectionState(section, values, errors);
          return (
            <li key={section.id}>
              <a href={`#section-${section.id}`}>{section.title}</a>
              <span className={`badge badge--${state.tone}`}>{state.label}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/**
 * Saves the draft from the end of a section and comes back to that section (`?section=` on the post; `index` targets
 * the edit page, an index route, and is ignored by the new-pitch page). Without JavaScript the browser posts the same URL.
 */
export function SectionSaveButton({ section, busy }: { section: PitchSectionId; busy: boolean }) {
  return (
    <div className="section-save">
      <button
        type="submit"
        name="intent"
        value="save"
        formAction={`?index&section=${section}`}
        className="button button--secondary"
        disabled={busy}
      >
        ここまでを下書き保存
      </button>
    </div>
  );
}

/** The fields of a pitch, grouped in sections (概要 … 締切と連絡先). `disabled` shows them read-only;
 * `sectionEnd` renders what closes each section (the editor's 「ここまでを保存」 button). */
export function PitchFormFields({
  values,
  errors,
  disabled,
  sectionEnd,
}: {
  values: PitchFormValues;
  errors: Errors;
  disabled?: boolean;
  sectionEnd?: (id: PitchSectionId) => ReactNode;
}) {
  const publish = (name: string) =>
    (PUBLISH_REQUIRED_FIELDS as readonly string[]).includes(name) ? ("publish" as const) : undefined;
  const text = (
    name: string,
    label: string,
    {
      amount = false,
      ...props
    }: { required?: boolean; hint?: string; type?: string; inputMode?: "numeric" | "decimal"; amount?: boolean } = {},
  ) => {
    const value = str(values, name);
    return (
      <TextField
        name={name}
        label={label}
        // An amount stored as digits is shown with thousands separators (the form accepts them back).
        defaultValue={amount && /^\d+$/.test(value) ? formatNumber(value) : value}
        error={errors[name]}
        required={publish(name)}
        {...props}
      />
    );
  };
  const area = (name: string, label: string, props: { required?: boolean; hint?: string; rows?: number } = {}) => (
    <TextAreaField
      name={name}
      label={label}
      defaultValue={str(values, name)}
      error={errors[name]}
      required={publish(name)}
      {...props}
    />
  );
  const title = (id: PitchSectionId) => PITCH_SECTIONS.find((s) => s.id === id)!.title;
  return (
    <fieldset className="pitch-form" disabled={disabled} aria-label="ピッチの内容">
      <section aria-labelledby="section-summary-title" id="section-summary" className="stack-fields">
        <h2 id="section-summary-title">{title("summary")}</h2>
        {text("title", "タイトル", { required: true, hint: "120文字以内。企業が一目で課題をつかめる表現にします。" })}
        {area("summary", "概要", { hint: "一覧に表示されます（300文字以内）。", rows: 3 })}
        {area("vision", "実現したい未来", { hint: "STEP1：実現したい未来から逆算して課題を捉えます。" })}
        {sectionEnd?.("summary")}
      </section>
      <section aria-labelledby="section-situation-title" id="section-situation" className="stack-fields">
        <h2 id="section-situation-title">{title("situation")}</h2>
        {area("currentSituation", "地域の現状")}
        {text("population", "人口（人）", { inputMode: "numeric" })}
        {text("agingRatePercent", "高齢化率（％）", { inputMode: "decimal", hint: "例: 38.5" })}
        {text("certificationRatePercent", "認定率（％）", { inputMode: "decimal" })}
        {sectionEnd?.("situation")}
      </section>
      <section aria-labelledby="section-problem-title" id="section-problem" className="stack-fields">
        <h2 id="section-problem-title">{title("problem")}</h2>
        {area("problem", "課題")}
        {area("problemEvidence", "課題の根拠", {
          hint: "地域ケア会議の個別事例や調査結果など（個人が特定できる情報は書かないでください）。",
        })}
        {area("triedSoFar", "これまでの取組")}
        {sectionEnd?.("problem")}
      </section>
      <section aria-labelledby="section-target-title" id="section-target" className="stack-fields">
        <h2 id="section-target-title">{title("target")}</h2>
        {area("targetPeople", "対象者", { rows: 3 })}
        <CheckboxGroup
          name="targetStates"
          legend="対象者の状態"
          options={TARGET_STATES}
          selected={list(values, "targetStates")}
          error={errors.targetStates}
          required
        />
        {sectionEnd?.("target")}
      </section>
      <section aria-labelledby="section-scope-title" id="section-scope" className="stack-fields">
        <h2 id="section-scope-title">{title("scope")}</h2>
        <CheckboxGroup
          name="themes"
          legend="テーマ"
          hint="5つまで選べます。"
          options={THEMES}
          selected={list(values, "themes")}
          error={errors.themes}
          required
        />
        <SelectField
          name="layer"
          label="層"
          defaultValue={str(values, "layer")}
          error={errors.layer}
          required="publish"
        >
          <option value="">選んでください</option>
          {LAYERS.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </SelectField>
        {text("areaName", "日常生活圏域の名称", { hint: "第2層の場合に入力します。" })}
        {sectionEnd?.("scope")}
      </section>
      <section aria-labelledby="section-wanted-title" id="section-wanted" className="stack-fields">
        <h2 id="section-wanted-title">{title("wanted")}</h2>
        {area("partnerWanted", "求めるパートナー", { rows: 3 })}
        {area("solutionWanted", "求める解決策", { rows: 3 })}
        {area("resourcesOffered", "自治体が提供できる資源", { rows: 3, hint: "場所、人、データ、広報など。" })}
        {sectionEnd?.("wanted")}
      </section>
      <section aria-labelledby="section-budget-title" id="section-budget" className="stack-fields">
        <h2 id="section-budget-title">{title("budget")}</h2>
        {text("budgetCeilingYen", "試行的実施の予算上限（円）", {
          inputMode: "numeric",
          hint: "円単位の整数（例: 4,000,000）。カンマや「円」は付けても付けなくてもかまいません。",
          amount: true,
        })}
        {text("pilotStartOn", "実証期間の開始日", { type: "date" })}
        {text("pilotEndOn", "実証期間の終了日", { type: "date" })}
        {sectionEnd?.("budget")}
      </section>
      <section aria-labelledby="section-indicators-title" id="section-indicators" className="stack-fields">
        <h2 id="section-indicators-title">{title("indicators")}</h2>
        <CheckboxGroup
          name="indicators"
          legend="重視する評価指標"
          options={INDICATORS.map((i) => ({
            code: i.code,
            label: i.label,
            note: `${approachLabels[i.approach]}・${stageLabels[i.stage]}`,
          }))}
          selected={list(values, "indicators")}
          error={errors.indicators}
          required
        />
        {sectionEnd?.("indicators")}
      </section>
      <section aria-labelledby="section-contact-title" id="section-contact" className="stack-fields">
        <h2 id="section-contact-title">{title("contact")}</h2>
        {text("proposalDeadline", "提案の締切（日本時間）", { type: "datetime-local" })}
        <p className="small muted">担当者の連絡先は企業には公開されません。質問は公開のQ&Aで受け付けます。</p>
        {text("contactName", "担当者名")}
        {text("contactEmail", "連絡先メールアドレス", { type: "email" })}
        {text("contactPhone", "電話番号", { type: "tel" })}
        {sectionEnd?.("contact")}
      </section>
    </fieldset>
  );
}

export function PitchStatusBadge({ status }: { status: PitchStatus }) {
  const tone = status === "published" ? "ok" : status === "draft" || status === "archived" ? "muted" : "warn";
  return <span className={`badge badge--${tone}`}>{pitchStatusLabels[status]}</span>;
}
