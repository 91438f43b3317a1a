// The pieces of an outcome report page: the form of a draft (values per KPI, participant counts, narrative), the
// read-only view, the photos and the municipality's review. Errors and typed values come from the action's result.
import { Form } from "@remix-run/react";
import { confirmWith, confirmClick } from "~/web/confirm";
import { FormAlert, TextField, FieldError } from "./form-field";
import { TextArea } from "./kpi-form";
import { TableWrap } from "./table-wrap";
import { attainmentLabel, meetsTarget } from "~/domain/outcomes/attainment.rules";
import {
  formatValue,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_REPORT,
  noteKey,
  PERSONAL_DATA_HINT,
  valueKey,
  type KpiDirection,
} from "~/domain/outcomes/outcomes.schema";
import type { FormFailure } from "~/web/http.server";

export interface ReportKpi {
  id: string;
  name: string;
  unit: string;
  target: string | null;
  baseline: string | null;
  direction: KpiDirection;
}

export interface ReportData {
  participantsTotal: number | null;
  participantsNew: number | null;
  participants75Plus: number | null;
  narrative: string;
  values: Record<string, { value: string; note: string }>;
}

const str = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function ReportForm({
  kpis,
  report,
  result,
  busy,
  openUntil,
}: {
  kpis: readonly ReportKpi[];
  report: ReportData;
  result?: FormFailure;
  busy: boolean;
  /** The period's last day while it is not over: until then the report is a draft (速報) and cannot be submitted. */
  openUntil?: string;
}) {
  const mine = result && (result.values.intent === "save" || result.values.intent === "submit") ? result : undefined;
  const value = (key: string, fallback: string) => mine?.values[key] ?? fallback;
  const error = (key: string) => mine?.fieldErrors[key];
  return (
    <Form method="post" className="card stack-fields" noValidate aria-labelledby="report-form-heading">
      <h3 id="report-form-heading">報告の内容</h3>
      <FormAlert message={mine?.formError} />
      <p className="alert alert--info small">{PERSONAL_DATA_HINT}</p>
      <fieldset className="stack-fields plain">
        <legend className="value-row__head">KPIの値（この期間）</legend>
        {kpis.length === 0 ? (
          <p className="muted small">KPIが登録されていません。参加者数と実施状況を報告できます。</p>
        ) : null}
        <div className="value-rows">
          {kpis.map((k) => (
            <fieldset key={k.id} className="value-row">
              <legend className="value-row__head">
                {k.name}
                <span className="small muted">
                  {" "}
                  （目標 {formatValue(k.target)}
                  {k.unit}）
                </span>
              </legend>
              <TextField
                name={valueKey(k.id)}
                label={`値${k.unit ? `（${k.unit}）` : ""}`}
                inputMode="decimal"
                autoComplete="off"
                defaultValue={value(valueKey(k.id), report.values[k.id]?.value ?? "")}
                error={error(valueKey(k.id))}
                hint="未測定なら空欄"
              />
              <TextField
                name={noteKey(k.id)}
                label="補足（測定方法など）"
                autoComplete="off"
                defaultValue={value(noteKey(k.id), report.values[k.id]?.note ?? "")}
                error={error(noteKey(k.id))}
              />
            </fieldset>
          ))}
        </div>
      </fieldset>
      <fieldset className="stack-fields plain">
        <legend className="value-row__head">参加者数（集計値）</legend>
        <div className="proposal-row">
          <TextField
            name="participantsTotal"
            label="参加者数（延べ）"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={value("participantsTotal", str(report.participantsTotal))}
            error={error("participantsTotal")}
          />
          <TextField
            name="participantsNew"
            label="新規参加者数"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={value("participantsNew", str(report.participantsNew))}
            error={error("participantsNew")}
          />
          <TextField
            name="participants75Plus"
            label="75歳以上の参加者数"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={value("participants75Plus", str(report.participants75Plus))}
            error={error("participants75Plus")}
          />
        </div>
      </fieldset>
      <TextArea
        id="narrative"
        name="narrative"
        label="実施状況（提出時に必須）"
        rows={8}
        defaultValue={value("narrative", report.narrative)}
        error={error("narrative")}
        hint="行ったこと、参加の様子、うまくいったこと・課題、次の期間の予定など。氏名や連絡先は書かないでください。"
      />
      {openUntil === undefined ? null : (
        <p className="alert alert--warn small" role="status">
          この期間はまだ終わっていません。速報として下書き保存でき、{openUntil.replaceAll("-", "/")}
          の翌日から提出できます。
        </p>
      )}
      <div className="actions">
        <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
          下書き保存
        </button>
        {openUntil === undefined ? (
          <button
            type="submit"
            name="intent"
            value="submit"
            className="button"
            disabled={busy}
            onClick={confirmClick("この内容で提出します。提出後は、差し戻されるまで変更できません。よろしいですか？")}
          >
            提出する
          </button>
        ) : null}
      </div>
    </Form>
  );
}

export function ReportView({ kpis, report }: { kpis: readonly ReportKpi[]; report: ReportData }) {
  return (
    <section className="card" aria-labelledby="report-view-heading">
      <h3 id="report-view-heading">報告の内容</h3>
      {kpis.length > 0 ? (
        <TableWrap label="KPIの値">
          <table className="compact-table">
            <thead>
              <tr>
                <th scope="col">指標</th>
                <th scope="col" className="num">
                  値
                </th>
                <th scope="col" className="num">
                  目標
                </th>
                <th scope="col">判定</th>
                <th scope="col">補足</th>
              </tr>
            </thead>
            <tbody>
              {kpis.map((k) => {
                const v = report.values[k.id];
                return (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td className="num">{v ? `${formatValue(v.value)}${k.unit}` : "—"}</td>
                    <td className="num">{k.target === null ? "—" : `${formatValue(k.target)}${k.unit}`}</td>
                    <td className="nowrap">
                      {v ? attainmentLabel(meetsTarget(k.direction, v.value, k.target, k.baseline)) : "—"}
                    </td>
                    <td>{v?.note || ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <dl className="facts" style={{ marginTop: "1rem" }}>
        <dt>参加者数（延べ）</dt>
        <dd>{formatValue(report.participantsTotal)}</dd>
        <dt>新規参加者数</dt>
        <dd>{formatValue(report.participantsNew)}</dd>
        <dt>75歳以上の参加者数</dt>
        <dd>{formatValue(report.participants75Plus)}</dd>
      </dl>
      <h4>実施状況</h4>
      <p className="pre-wrap">{report.narrative || "（未入力）"}</p>
    </section>
  );
}

export interface PhotoItem {
  id: string;
  originalName: string;
  caption: string;
  src: string;
}

export function ReportPhotos({
  photos,
  editable,
  result,
  busy,
}: {
  photos: readonly PhotoItem[];
  editable: boolean;
  result?: FormFailure;
  busy: boolean;
}) {
  const upload = result?.values.intent === "uploadPhoto" ? result : undefined;
  const removal = result?.values.intent === "removePhoto" ? result : undefined;
  return (
    <section className="card" aria-labelledby="photos-heading">
      <h3 id="photos-heading">写真</h3>
      <FormAlert message={removal?.formError} />
      {photos.length === 0 ? (
        <p className="muted">写真はありません。</p>
      ) : (
        <ul className="photo-grid">
          {photos.map((p) => (
            <li key={p.id}>
              <figure>
                <a href={p.src}>
                  <img src={p.src} alt={p.caption || p.originalName} loading="lazy" />
                </a>
                <figcaption className="small">{p.caption || p.originalName}</figcaption>
              </figure>
              <div className="actions photo-actions">
                <a href={`${p.src}?download=1`} aria-label={`${p.originalName}をダウンロード`} className="small">
                  ダウンロード
                </a>
                {editable ? (
                  <Form
                    method="post"
                    onSubmit={confirmWith(`写真「${p.caption || p.originalName}」を削除します。よろしいですか？`)}
                  >
                    <input type="hidden" name="intent" value="removePhoto" />
                    <input type="hidden" name="photoId" value={p.id} />
                    <button
                      type="submit"
                      className="button button--danger button--small"
                      disabled={busy}
                      aria-label={`写真「${p.caption || p.originalName}」を削除`}
                    >
                      削除
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editable && photos.length < MAX_PHOTOS_PER_REPORT ? (
        <Form method="post" encType="multipart/form-data" className="stack-fields" key={photos.length}>
          <input type="hidden" name="intent" value="uploadPhoto" />
          <FormAlert message={upload?.formError} />
          <div className={`field${upload?.fieldErrors.photo ? " field--invalid" : ""}`}>
            <label htmlFor="photo">写真のファイル（PNG・JPEG、{MAX_PHOTO_BYTES / 1024 / 1024}MBまで）</label>
            <p className="field__hint" id="photo-hint">
              活動の様子がわかる写真を選びます。人が写っている場合は、写っている人の同意を得たものか、個人が特定できないものにしてください。
            </p>
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/png,image/jpeg"
              aria-invalid={upload?.fieldErrors.photo ? true : undefined}
              aria-describedby={upload?.fieldErrors.photo ? "photo-hint photo-error" : "photo-hint"}
            />
            <FieldError id="photo-error" message={upload?.fieldErrors.photo} />
          </div>
          <TextField
            name="caption"
            label="写真の説明（200文字まで）"
            autoComplete="off"
            defaultValue={upload?.values.caption ?? ""}
            error={upload?.fieldErrors.caption}
          />
          <button type="submit" className="button button--secondary" disabled={busy}>
            写真を追加
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function ReviewForm({ result, busy }: { result?: FormFailure; busy: boolean }) {
  const mine = result?.values.intent === "review" ? result : undefined;
  const decision = mine?.values.decision ?? "approve";
  return (
    <Form
      method="post"
      className="card stack-fields"
      noValidate
      aria-labelledby="review-heading"
      onSubmit={confirmWith("確認結果を登録します。承認した報告は確定し、以後は変更できません。よろしいですか？")}
    >
      <h3 id="review-heading">確認（自治体の管理者）</h3>
      <input type="hidden" name="intent" value="review" />
      <FormAlert message={mine?.formError} />
      <fieldset
        className="radio-group plain"
        aria-describedby={mine?.fieldErrors.decision ? "decision-error" : undefined}
      >
        <legend className="value-row__head">確認の結果</legend>
        <label>
          <input type="radio" name="decision" value="approve" defaultChecked={decision === "approve"} />
          承認する（報告は確定し、値がグラフに反映されます）
        </label>
        <label>
          <input type="radio" name="decision" value="return" defaultChecked={decision === "return"} />
          差し戻す（理由を書いてください）
        </label>
        <FieldError id="decision-error" message={mine?.fieldErrors.decision} />
      </fieldset>
      <TextArea
        id="comment"
        name="comment"
        label="コメント（差し戻すときは必須）"
        defaultValue={mine?.values.comment ?? ""}
        error={mine?.fieldErrors.comment}
      />
      <button type="submit" className="button" disabled={busy}>
        確認結果を登録
      </button>
    </Form>
  );
}
