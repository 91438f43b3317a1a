import { Form } from "@remix-run/react";
import { EVENT_DESCRIPTION_MAX, EVENT_LOCATION_MAX, EVENT_TITLE_MAX } from "~/domain/events/events.schema";
import { FormAlert, SelectField, TextField, FieldError } from "./form-field";

export interface EventFormFailure {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: Record<string, string>;
}

/** "YYYY-MM-DDTHH:mm" in Asia/Tokyo, for a datetime-local input. */
export function toTokyoInput(value: string | null | undefined): string {
  if (!value) return "";
  return new Date(new Date(value).getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 16);
}

/** The fields of a pitch event; times are entered in Japan time. */
export function EventForm({
  defaults,
  failure,
  intent,
  submitLabel,
  pending,
}: {
  defaults: Record<string, string>;
  failure?: EventFormFailure;
  intent?: string;
  submitLabel: string;
  pending: boolean;
}) {
  const v = (name: string) => failure?.values[name] ?? defaults[name] ?? "";
  const e = (name: string) => failure?.fieldErrors[name];
  return (
    <Form method="post" className="stack-fields" noValidate>
      <FormAlert message={failure?.formError} />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <TextField
        name="title"
        label="イベント名"
        required
        maxLength={EVENT_TITLE_MAX}
        defaultValue={v("title")}
        error={e("title")}
      />
      <TextField
        name="startsAt"
        label="開催日時（日本時間）"
        type="datetime-local"
        required
        defaultValue={v("startsAt")}
        error={e("startsAt")}
      />
      <SelectField name="format" label="開催形式" required defaultValue={v("format") || "online"} error={e("format")}>
        <option value="online">オンライン</option>
        <option value="venue">会場開催</option>
      </SelectField>
      <TextField
        name="location"
        label="会場名・住所、または参加用URL"
        maxLength={EVENT_LOCATION_MAX}
        defaultValue={v("location")}
        error={e("location")}
      />
      <TextField
        name="applicationStartsAt"
        label="自治体の応募受付 開始（日本時間）"
        type="datetime-local"
        required
        defaultValue={v("applicationStartsAt")}
        error={e("applicationStartsAt")}
      />
      <TextField
        name="applicationEndsAt"
        label="自治体の応募受付 終了（日本時間）"
        type="datetime-local"
        required
        defaultValue={v("applicationEndsAt")}
        error={e("applicationEndsAt")}
      />
      <div className={`field${e("description") ? " field--invalid" : ""}`}>
        <label htmlFor="description">イベントの説明</label>
        <textarea
          id="description"
          name="description"
          maxLength={EVENT_DESCRIPTION_MAX}
          rows={6}
          defaultValue={v("description")}
          aria-invalid={e("description") ? true : undefined}
          aria-describedby={e("description") ? "description-error" : undefined}
        />
        <FieldError id="description-error" message={e("description")} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
