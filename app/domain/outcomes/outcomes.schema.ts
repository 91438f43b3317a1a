// The forms of the outcomes pages: KPIs and periodic outcome reports (browser-safe). Numbers accept 全角 digits, commas
// and spaces (NFKC). Reports hold aggregates only: obvious personal data (e-mail addresses, telephone numbers, postal
// codes, street addresses) in a text is refused, and the forms say so before anyone types.
import { z } from "zod";
import { INDICATOR_CODES } from "~/domain/pitches/catalog.data";
import { KPI_DIRECTIONS, KPI_DIRECTION_LABELS, type KpiDirection } from "~/domain/pilots/agreement-content.schema";
import { KPI_FREQUENCIES } from "./periods.rules";

export { KPI_DIRECTIONS, KPI_DIRECTION_LABELS, type KpiDirection };

export const KPI_NAME_MAX = 200;
export const KPI_DEFINITION_MAX = 2000;
export const KPI_UNIT_MAX = 50;
export const MAX_KPIS = 20;
export const NARRATIVE_MAX = 8000;
export const VALUE_NOTE_MAX = 1000;
export const REVIEW_COMMENT_MAX = 2000;
export const PHOTO_CAPTION_MAX = 200;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_REPORT = 10;
/** Values are kept exact (numeric); these bounds keep them sane. */
export const VALUE_ABS_MAX = 1_000_000_000_000;
export const VALUE_DECIMALS_MAX = 6;
export const COUNT_MAX = 10_000_000;

export const REPORT_STATUS_LABELS = {
  draft: "下書き",
  submitted: "確認待ち",
  approved: "承認済み",
  returned: "差し戻し",
} as const;
export type ReportStatus = keyof typeof REPORT_STATUS_LABELS;
export const AUTHOR_SIDE_LABELS = { municipality: "自治体", company: "企業" } as const;

export const PERSONAL_DATA_HINT =
  "成果報告には集計した数値と取組の概要だけを書きます。参加者の氏名、住所、電話番号、メールアドレスなど、個人が特定できる情報は書かないでください。";
export const PERSONAL_DATA_REFUSED =
  "個人が特定できる情報（メールアドレス、電話番号、郵便番号、番地など）が含まれているようです。成果報告には集計した数値と概要だけを書き、個人の情報は削除してください。";

const clean = (value: string) => value.normalize("NFKC").replace(/[,\s]/g, "");

/**
 * A number typed in a text (an agreement's 「80%」, 「約1,200人」, 「５か所」): the one number it holds, as a decimal
 * string, or null when it holds none or several (「3年で5か所」). Used to read agreements, never to check a form.
 */
export function lenientNumber(text: string | null | undefined): string | null {
  if (!text) return null;
  const normalized = clean(text).replace(/[−–―ー]/g, "-");
  const match = /^(?:約|およそ|概ね|おおむね)?([+-]?\d+(?:\.\d+)?)(?:[^\d.]*)$/.exec(normalized);
  if (!match) return null;
  return canonicalDecimal(match[1]!);
}

/** "+0080.50" -> "80.5": one spelling per value, so that the same number is stored alike. */
export function canonicalDecimal(value: string): string {
  const negative = value.startsWith("-");
  const unsigned = value.replace(/^[+-]/, "");
  let [whole = "0", fraction = ""] = unsigned.split(".");
  whole = whole.replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== "0" ? `-${text}` : text;
}

/** A measured value or a baseline/target typed in a form: empty -> null, else an exact decimal string. */
export function decimalField(label: string) {
  return z
    .string()
    .default("")
    .transform((v) => clean(v).replace(/^[−–]/, "-"))
    .superRefine((v, ctx) => {
      if (v === "") return;
      if (!/^-?\d+(\.\d+)?$/.test(v)) {
        ctx.addIssue({
          code: "custom",
          message: `${label}は数値（半角・全角の数字、カンマ、小数点を使えます）で入力してください。`,
        });
        return;
      }
      if ((v.split(".")[1] ?? "").length > VALUE_DECIMALS_MAX) {
        ctx.addIssue({ code: "custom", message: `${label}の小数は${VALUE_DECIMALS_MAX}桁までで入力してください。` });
        return;
      }
      if (Math.abs(Number(v)) >= VALUE_ABS_MAX) ctx.addIssue({ code: "custom", message: `${label}が大きすぎます。` });
    })
    .transform((v) => (v === "" ? null : canonicalDecimal(v)));
}

/** A participant count: empty -> null, else a non-negative integer (全角 and commas accepted). */
export function countField(label: string) {
  return z
    .string()
    .default("")
    .transform((v) => clean(v))
    .superRefine((v, ctx) => {
      if (v === "") return;
      if (!/^\d+$/.test(v)) ctx.addIssue({ code: "custom", message: `${label}は0以上の整数で入力してください。` });
      else if (Number(v) > COUNT_MAX) ctx.addIssue({ code: "custom", message: `${label}が大きすぎます。` });
    })
    .transform((v) => (v === "" ? null : Number(v)));
}

const PERSONAL_DATA_PATTERNS: readonly RegExp[] = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/, // e-mail address
  /(?<![\d-])0\d{1,4}-\d{1,4}-\d{3,4}(?![\d-])/, // telephone number with hyphens
  /(?<!\d)0[5789]0\d{8}(?!\d)/, // mobile number without hyphens
  /(?<!\d)0\d{9}(?!\d)/, // landline number without hyphens
  /〒\s*\d{3}-?\d{4}/, // postal code
  /(?<![\d-])\d{3}-\d{4}(?![\d-])/, // postal code without 〒
  /\d+丁目\d+(?:番地?|-)\d*/, // street address
  /\d+番地/,
];

/** Does a text contain something that looks like personal data? (A net for obvious cases; the hint asks for the rest.) */
export function looksLikePersonalData(text: string): boolean {
  const normalized = text.normalize("NFKC").replace(/[‐－―−]/g, "-");
  return PERSONAL_DATA_PATTERNS.some((p) => p.test(normalized));
}

function aggregateText(label: string, max: number) {
  return z
    .string()
    .default("")
    .transform((v) => v.replace(/\r\n/g, "\n").trim())
    .pipe(
      z
        .string()
        .max(max, { error: `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。` })
        .refine((v) => !looksLikePersonalData(v), { error: PERSONAL_DATA_REFUSED }),
    );
}

// ---- KPIs -------------------------------------------------------------------------------------------------------------

const kpiFields = {
  indicatorCode: z
    .string()
    .default("")
    .refine((v) => v === "" || (INDICATOR_CODES as readonly string[]).includes(v), {
      error: "指標の一覧から選んでください。",
    })
    .transform((v) => (v === "" ? null : v)),
  name: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .pipe(z.string().max(KPI_NAME_MAX, { error: `指標名は${KPI_NAME_MAX}文字以内で入力してください。` })),
  definition: z
    .string()
    .default("")
    .transform((v) => v.replace(/\r\n/g, "\n").trim())
    .pipe(
      z.string().max(KPI_DEFINITION_MAX, {
        error: `定義は${KPI_DEFINITION_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
      }),
    ),
  unit: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .pipe(z.string().max(KPI_UNIT_MAX, { error: `単位は${KPI_UNIT_MAX}文字以内で入力してください。` })),
  baseline: decimalField("基準値"),
  target: decimalField("目標値"),
  direction: z.enum(KPI_DIRECTIONS, { error: "目指す方向を選んでください。" }),
  frequency: z.enum(KPI_FREQUENCIES, { error: "報告の頻度を選んでください。" }),
};

const nameRequired = <T extends { name: string; indicatorCode: string | null }>(v: T, ctx: z.RefinementCtx) => {
  if (!v.name && !v.indicatorCode)
    ctx.addIssue({ code: "custom", path: ["name"], message: "指標名を入力するか、指標の一覧から選んでください。" });
};

export const AddKpiSchema = z
  .object({ intent: z.literal("addKpi"), ...kpiFields })
  .strict()
  .superRefine(nameRequired);

export const UpdateKpiSchema = z
  .object({ intent: z.literal("updateKpi"), kpiId: z.uuid({ error: "指標が見つかりません。" }), ...kpiFields })
  .strict()
  .superRefine(nameRequired);

export const RemoveKpiSchema = z
  .object({ intent: z.literal("removeKpi"), kpiId: z.uuid({ error: "指標が見つかりません。" }) })
  .strict();
export const ImportKpisSchema = z.object({ intent: z.literal("importKpis") }).strict();

export type KpiInput = Omit<z.infer<typeof AddKpiSchema>, "intent">;

// ---- Reports ----------------------------------------------------------------------------------------------------------

export const CreateReportSchema = z
  .object({
    intent: z.literal("createReport"),
    period: z
      .string({ error: "報告する期間を選んでください。" })
      .regex(/^(monthly|quarterly):\d{4}-\d{2}-\d{2}$/, { error: "報告する期間を選んでください。" })
      .transform((v) => {
        const [frequency, start] = v.split(":") as ["monthly" | "quarterly", string];
        return { frequency, start };
      }),
  })
  .strict();

export const valueKey = (kpiId: string) => `value-${kpiId}`;
export const noteKey = (kpiId: string) => `note-${kpiId}`;

/** The report form for these KPIs: a value and a note per KPI, the participant counts and the narrative. */
export function reportFormSchema(kpiIds: readonly string[]) {
  const perKpi: Record<string, z.ZodType> = {};
  for (const id of kpiIds) {
    perKpi[valueKey(id)] = decimalField("値");
    perKpi[noteKey(id)] = aggregateText("補足", VALUE_NOTE_MAX);
  }
  return z
    .object({
      intent: z.enum(["save", "submit"], { error: "操作の内容が正しくありません。" }),
      participantsTotal: countField("参加者数（延べ）"),
      participantsNew: countField("新規参加者数"),
      participants75Plus: countField("75歳以上の参加者数"),
      narrative: aggregateText("実施状況", NARRATIVE_MAX),
      ...perKpi,
    })
    .strict()
    .superRefine((v, ctx) => {
      const count = (x: unknown) => (typeof x === "number" ? x : null);
      const total = count(v.participantsTotal);
      const fresh = count(v.participantsNew);
      const older = count(v.participants75Plus);
      if (total !== null && fresh !== null && fresh > total) {
        ctx.addIssue({
          code: "custom",
          path: ["participantsNew"],
          message: "新規参加者数は参加者数（延べ）以下で入力してください。",
        });
      }
      if (total !== null && older !== null && older > total) {
        ctx.addIssue({
          code: "custom",
          path: ["participants75Plus"],
          message: "75歳以上の参加者数は参加者数（延べ）以下で入力してください。",
        });
      }
      for (const id of kpiIds) {
        const note = (v as Record<string, unknown>)[noteKey(id)];
        if (typeof note === "string" && note !== "" && (v as Record<string, unknown>)[valueKey(id)] === null) {
          ctx.addIssue({ code: "custom", path: [valueKey(id)], message: "補足を書いた指標には値も入力してください。" });
        }
      }
      if (v.intent === "submit" && !v.narrative) {
        ctx.addIssue({ code: "custom", path: ["narrative"], message: "提出するには実施状況を入力してください。" });
      }
    });
}

export interface ReportInput {
  participantsTotal: number | null;
  participantsNew: number | null;
  participants75Plus: number | null;
  narrative: string;
  /** Per KPI id: the value (null = not measured this period) and a note. */
  values: Record<string, { value: string | null; note: string }>;
}

/** The parsed form as the command's input. */
export function toReportInput(data: Record<string, unknown>, kpiIds: readonly string[]): ReportInput {
  const values: ReportInput["values"] = {};
  for (const id of kpiIds)
    values[id] = { value: (data[valueKey(id)] as string | null) ?? null, note: (data[noteKey(id)] as string) ?? "" };
  return {
    participantsTotal: data.participantsTotal as number | null,
    participantsNew: data.participantsNew as number | null,
    participants75Plus: data.participants75Plus as number | null,
    narrative: data.narrative as string,
    values,
  };
}

export const RETURN_COMMENT_REQUIRED = "差し戻す理由を入力してください。報告した側に伝わります。";

export const ReviewReportSchema = z
  .object({
    intent: z.literal("review"),
    decision: z.enum(["approve", "return"], { error: "承認するか差し戻すかを選んでください。" }),
    comment: z
      .string()
      .default("")
      .transform((v) => v.replace(/\r\n/g, "\n").trim())
      .pipe(
        z.string().max(REVIEW_COMMENT_MAX, {
          error: `コメントは${REVIEW_COMMENT_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
        }),
      ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === "return" && !v.comment)
      ctx.addIssue({ code: "custom", path: ["comment"], message: RETURN_COMMENT_REQUIRED });
  });

export const RemovePhotoSchema = z
  .object({ intent: z.literal("removePhoto"), photoId: z.uuid({ error: "写真が見つかりません。" }) })
  .strict();

export const PhotoCaptionSchema = aggregateText("説明", PHOTO_CAPTION_MAX);

/** A value as people read it: 「1,234.5」. */
export function formatValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toLocaleString("ja-JP", { maximumFractionDigits: VALUE_DECIMALS_MAX });
}
