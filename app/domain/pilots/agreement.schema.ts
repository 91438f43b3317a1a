// The agreement editor's form (browser-safe). Fields are posted under their content paths: "scope", "roles.company",
// "personalData.items", and repeated rows as "kpis.0.name", "milestones.2.amountYen", so that an error is keyed by the
// same name as the input it belongs to and the form can be shown again with exactly what was typed. Rows left entirely
// empty are dropped after validation (so that the row numbers in messages match what the user sees).
// Saving a draft checks shapes, lengths, dates and amounts; signing also needs the fields of agreement.rules.ts.
import { z } from "zod";
import {
  AGREEMENT_KPI_MAX,
  AGREEMENT_MILESTONE_MAX,
  AGREEMENT_TEXT_MAX,
  KPI_DIRECTIONS,
  type AgreementContent,
  type AgreementKpi,
  type AgreementMilestone,
} from "./agreement-content.schema";

export const AGREEMENT_SHORT_MAX = 200;
export const AGREEMENT_UNIT_MAX = 50;
export const AGREEMENT_NOTE_MAX = 1000;
/** A ceiling well inside PostgreSQL bigint and JavaScript's safe integers: 1兆円 (as for budgets). */
export const AGREEMENT_AMOUNT_MAX_YEN = 1_000_000_000_000;

const count = (n: number) => n.toLocaleString("ja-JP");

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}は${count(max)}文字以内で入力してください。` })
    .prefault("");

const longText = (label: string) => text(AGREEMENT_TEXT_MAX, label);
const shortText = (label: string) => text(AGREEMENT_SHORT_MAX, label);

/** "2026-04-01", also "2026/4/1" and 全角 digits; "" stays empty. A date that does not exist is refused. */
export function parseDate(raw: string): { ok: true; value: string } | { ok: false } {
  const cleaned = raw.normalize("NFKC").trim();
  if (cleaned === "") return { ok: true, value: "" };
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(cleaned);
  if (!m) return { ok: false };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return { ok: false };
  if (year < 2000 || year > 2100) return { ok: false };
  return { ok: true, value: `${m[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

const dateField = (label: string) =>
  z
    .string()
    .prefault("")
    .transform((v, ctx) => {
      const parsed = parseDate(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: `${label}は「2026-04-01」の形の、実在する日付で入力してください。` });
        return z.NEVER;
      }
      return parsed.value;
    });

/** Integer yen: 全角 digits, commas, "円", "¥" and spaces are accepted (NFKC), nothing else; "" is null. */
export function parseYen(raw: string): { ok: true; value: number | null } | { ok: false } {
  const cleaned = raw.normalize("NFKC").replace(/[,，円¥￥\s]/g, "");
  if (cleaned === "") return { ok: true, value: null };
  if (!/^\d{1,13}$/.test(cleaned)) return { ok: false };
  return { ok: true, value: Number(cleaned) };
}

const yenField = (label: string) =>
  z
    .string()
    .prefault("")
    .transform((v, ctx) => {
      const parsed = parseYen(v);
      if (!parsed.ok) {
        ctx.addIssue({
          code: "custom",
          message: `${label}は円単位の整数（半角・全角の数字、カンマ可）で入力してください。`,
        });
        return z.NEVER;
      }
      if (parsed.value !== null && parsed.value > AGREEMENT_AMOUNT_MAX_YEN) {
        ctx.addIssue({ code: "custom", message: `${label}が大きすぎます。1兆円以下で入力してください。` });
        return z.NEVER;
      }
      return parsed.value;
    });

const KpiRow = z
  .strictObject({
    name: shortText("指標名"),
    unit: text(AGREEMENT_UNIT_MAX, "単位"),
    baseline: shortText("基準値"),
    target: shortText("目標値"),
    direction: z.enum(KPI_DIRECTIONS, { error: "目指す方向を選んでください。" }).prefault("increase"),
  })
  .prefault({});

const MilestoneRow = z
  .strictObject({
    title: shortText("支払の名称"),
    dueDate: dateField("支払予定日"),
    amountYen: yenField("金額"),
  })
  .prefault({});

const isEmptyKpi = (k: AgreementKpi) => !k.name && !k.unit && !k.baseline && !k.target;
const isEmptyMilestone = (m: AgreementMilestone) => !m.title && !m.dueDate && m.amountYen === null;

/** The fields of the agreement content, as posted by the editor. */
const contentShape = {
  scope: longText("実施内容・範囲"),
  periodStart: dateField("開始日"),
  periodEnd: dateField("終了日"),
  area: longText("実施地域"),
  roles: z
    .strictObject({
      municipality: longText("自治体の役割"),
      company: longText("企業の役割"),
      residents: longText("住民の役割"),
    })
    .prefault({}),
  personalData: z
    .strictObject({
      purpose: longText("利用目的"),
      items: longText("取得する項目"),
      holder: shortText("管理者"),
      retention: shortText("保存期間"),
      deletion: longText("削除の方法"),
    })
    .prefault({}),
  kpis: z
    .array(KpiRow)
    .max(AGREEMENT_KPI_MAX, { error: `評価指標は${AGREEMENT_KPI_MAX}行までです。` })
    .prefault([]),
  fundingAmountYen: yenField("支払総額"),
  milestones: z
    .array(MilestoneRow)
    .max(AGREEMENT_MILESTONE_MAX, { error: `支払予定は${AGREEMENT_MILESTONE_MAX}行までです。` })
    .prefault([]),
  ipAndPublicity: longText("知的財産・広報"),
  termination: longText("解除・終了"),
};

type ContentFields = z.output<z.ZodObject<typeof contentShape>>;

/** Checks across fields; issue paths are the names of the inputs. */
function checkContent(value: ContentFields, ctx: z.RefinementCtx) {
  if (value.periodStart && value.periodEnd && value.periodEnd < value.periodStart) {
    ctx.addIssue({
      code: "custom",
      path: ["periodEnd"],
      message: "終了日は開始日と同じか、それより後の日付にしてください。",
    });
  }
  value.kpis.forEach((k, i) => {
    if (!isEmptyKpi(k) && !k.name)
      ctx.addIssue({
        code: "custom",
        path: ["kpis", i, "name"],
        message: `評価指標の${i + 1}行目: 指標名を入力してください。`,
      });
  });
  let sum = 0;
  value.milestones.forEach((m, i) => {
    if (isEmptyMilestone(m)) return;
    if (!m.title)
      ctx.addIssue({
        code: "custom",
        path: ["milestones", i, "title"],
        message: `支払予定の${i + 1}行目: 名称を入力してください。`,
      });
    if (!m.dueDate)
      ctx.addIssue({
        code: "custom",
        path: ["milestones", i, "dueDate"],
        message: `支払予定の${i + 1}行目: 支払予定日を入力してください。`,
      });
    if (m.amountYen === null || m.amountYen <= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["milestones", i, "amountYen"],
        message: `支払予定の${i + 1}行目: 1円以上の金額を入力してください。`,
      });
    }
    sum += m.amountYen ?? 0;
  });
  if (sum > 0 && value.fundingAmountYen === null) {
    ctx.addIssue({
      code: "custom",
      path: ["fundingAmountYen"],
      message: "支払予定があるときは、支払総額を入力してください。",
    });
  } else if (value.fundingAmountYen !== null && sum > value.fundingAmountYen) {
    ctx.addIssue({
      code: "custom",
      path: ["milestones"],
      message: `支払予定の合計（${count(sum)}円）が支払総額（${count(value.fundingAmountYen)}円）を超えています。`,
    });
  }
}

function toContent(value: ContentFields): AgreementContent {
  return {
    scope: value.scope,
    periodStart: value.periodStart,
    periodEnd: value.periodEnd,
    area: value.area,
    roles: value.roles,
    personalData: value.personalData,
    kpis: value.kpis.filter((k) => !isEmptyKpi(k)),
    fundingAmountYen: value.fundingAmountYen,
    milestones: value.milestones.filter((m) => !isEmptyMilestone(m)),
    ipAndPublicity: value.ipAndPublicity,
    termination: value.termination,
  };
}

const SEGMENT = /^(?:0|[1-9]\d{0,2})$/;

/**
 * Flat form fields to the nested shape: "roles.company" -> { roles: { company } }, "kpis.1.name" -> { kpis: [<empty>,
 * { name }] }. Holes in a list become empty rows. A key that does not fit (a row number where a name is expected, or
 * the reverse) is kept under its flat name, so that the strict schema refuses it as an unknown field.
 */
export function unflattenForm(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const parts = key.split(".");
    if (parts.length > 1 && fitsShape(parts)) setPath(out, parts, value);
    else out[key] = value;
  }
  for (const list of Object.values(out)) {
    if (Array.isArray(list)) for (let i = 0; i < list.length; i++) list[i] ??= {};
  }
  return out;
}

/** Names and row numbers alternate sensibly: a row number only after a name, never last, never first. */
function fitsShape(parts: string[]): boolean {
  if (SEGMENT.test(parts[0]!) || SEGMENT.test(parts[parts.length - 1]!)) return false;
  return parts.every((p, i) => p !== "" && !(SEGMENT.test(p) && SEGMENT.test(parts[i + 1] ?? "")));
}

function setPath(out: Record<string, unknown>, parts: string[], value: unknown) {
  let node: Record<string | number, unknown> = out;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = SEGMENT.test(parts[i]!) ? Number(parts[i]) : parts[i]!;
    const wantList = SEGMENT.test(parts[i + 1]!);
    const existing = node[key];
    if (existing === undefined) node[key] = wantList ? [] : {};
    else if (typeof existing !== "object" || existing === null || Array.isArray(existing) !== wantList) {
      // A shape clash ("roles" posted as a value and as a group): keep the flat name for the strict schema to refuse.
      out[parts.join(".")] = value;
      return;
    }
    node = node[key] as Record<string | number, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

const versionId = z.uuid({ error: "協定書の版が見つかりません。ページを再読み込みしてください。" });
const expectedUpdatedAt = z.string({ error: "ページを再読み込みしてからやり直してください。" }).min(1).max(40);
const changeNote = text(AGREEMENT_NOTE_MAX, "変更の説明");

/**
 * The editor form: "save" updates the latest unsigned version in place; "new_version" (offered when the version was
 * signed in the meantime) puts what was typed into a new version, with a change note.
 */
export const AgreementEditSchema = z.preprocess(
  unflattenForm,
  z
    .strictObject({
      intent: z.enum(["save", "new_version"], { error: "操作の内容が正しくありません。" }),
      versionId,
      expectedUpdatedAt,
      changeNote,
      ...contentShape,
    })
    .superRefine((value, ctx) => {
      checkContent(value, ctx);
      if (value.intent === "new_version" && !value.changeNote) {
        ctx.addIssue({
          code: "custom",
          path: ["changeNote"],
          message: "新しい版を作る理由（変更の説明）を入力してください。",
        });
      }
    })
    .transform(({ intent, versionId, expectedUpdatedAt, changeNote, ...fields }) => ({
      intent,
      versionId,
      expectedUpdatedAt,
      changeNote,
      content: toContent(fields),
    })),
);

/** A new version copied from the latest one (the content is then edited in the new version). */
export const NewAgreementVersionSchema = z.strictObject({
  intent: z.literal("new_version", { error: "操作の内容が正しくありません。" }),
  versionId,
  changeNote: changeNote.pipe(z.string().min(1, { error: "新しい版を作る理由（変更の説明）を入力してください。" })),
});

export const SignAgreementSchema = z.strictObject({
  intent: z.literal("sign", { error: "操作の内容が正しくありません。" }),
  versionId,
  expectedUpdatedAt,
});

export type AgreementEditInput = z.output<typeof AgreementEditSchema>;
export type NewAgreementVersionInput = z.output<typeof NewAgreementVersionSchema>;
export type SignAgreementInput = z.output<typeof SignAgreementSchema>;

/** The editor's field values for a stored content document (the inverse of the schema, for the form's defaults). */
export function agreementFormValues(content: AgreementContent): Record<string, string> {
  const values: Record<string, string> = {
    scope: content.scope,
    periodStart: content.periodStart,
    periodEnd: content.periodEnd,
    area: content.area,
    "roles.municipality": content.roles.municipality,
    "roles.company": content.roles.company,
    "roles.residents": content.roles.residents,
    "personalData.purpose": content.personalData.purpose,
    "personalData.items": content.personalData.items,
    "personalData.holder": content.personalData.holder,
    "personalData.retention": content.personalData.retention,
    "personalData.deletion": content.personalData.deletion,
    fundingAmountYen: content.fundingAmountYen === null ? "" : String(content.fundingAmountYen),
    ipAndPublicity: content.ipAndPublicity,
    termination: content.termination,
  };
  content.kpis.forEach((k, i) => {
    values[`kpis.${i}.name`] = k.name;
    values[`kpis.${i}.unit`] = k.unit;
    values[`kpis.${i}.baseline`] = k.baseline;
    values[`kpis.${i}.target`] = k.target;
    values[`kpis.${i}.direction`] = k.direction;
  });
  content.milestones.forEach((m, i) => {
    values[`milestones.${i}.title`] = m.title;
    values[`milestones.${i}.dueDate`] = m.dueDate;
    values[`milestones.${i}.amountYen`] = m.amountYen === null ? "" : String(m.amountYen);
  });
  return values;
}

/** How many rows of a list the values hold (the highest row number posted, plus one). */
export function rowCount(values: Record<string, string>, list: "kpis" | "milestones"): number {
  let n = 0;
  for (const key of Object.keys(values)) {
    const m = new RegExp(`^${list}\\.(\\d{1,3})\\.`).exec(key);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}
