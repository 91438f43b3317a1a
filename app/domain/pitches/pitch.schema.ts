import { z } from "zod";
import { INDICATOR_CODES, TARGET_STATE_CODES, THEME_CODES } from "./catalog.data";

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault("");

/** "1,000,000" or "１０００万" style input is not guessed at: digits (and commas) only, integer yen. */
const optionalYen = z
  .string()
  .trim()
  .transform((v) => v.normalize("NFKC").replace(/[,，円\s]/g, ""))
  .pipe(
    z.union([
      z.literal("").transform(() => null),
      z
        .string()
        .regex(/^\d{1,12}$/, "金額は円単位の整数で入力してください（例: 4000000）。")
        .transform((v) => Number(v)),
    ]),
  )
  .prefault("");

const optionalInteger = (label: string, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => v.normalize("NFKC").replace(/[,，\s]/g, ""))
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d+$/, `${label}は整数で入力してください。`)
          .transform(Number)
          .refine((n) => n <= max, `${label}が大きすぎます。`),
      ]),
    )
    .prefault("");

const optionalPercent = (label: string) =>
  z
    .string()
    .trim()
    .transform((v) => v.normalize("NFKC").replace(/[%\s]/g, ""))
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d{1,3}(\.\d)?$/, `${label}は小数点以下1桁までの数値で入力してください（例: 38.5）。`)
          .transform(Number)
          .refine((n) => n <= 100, `${label}は100以下で入力してください。`),
      ]),
    )
    .prefault("");

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .pipe(z.union([z.literal("").transform(() => null), z.iso.date({ error: `${label}は日付で入力してください。` })]))
    .prefault("");

/** "YYYY-MM-DDTHH:mm" from a datetime-local input, read as Asia/Tokyo time. */
const optionalTokyoDateTime = (label: string) =>
  z
    .string()
    .trim()
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label}は日時で入力してください。`)
          .transform((v) => new Date(`${v}:00+09:00`))
          .refine((d) => !Number.isNaN(d.getTime()), `${label}は日時で入力してください。`),
      ]),
    )
    .prefault("");

/**
 * The pitch form. Saving a draft checks only shapes and lengths (any field may be empty); publishing adds the
 * requirements of PublishRequirements below.
 */
export const PitchFieldsSchema = z.strictObject({
  title: z.string().trim().min(1, "タイトルを入力してください。").max(120, "タイトルは120文字以内で入力してください。"),
  summary: text(300, "概要"),
  vision: text(4000, "実現したい未来"),
  currentSituation: text(4000, "地域の現状"),
  population: optionalInteger("人口", 50_000_000),
  agingRatePercent: optionalPercent("高齢化率"),
  certificationRatePercent: optionalPercent("認定率"),
  problem: text(4000, "課題"),
  problemEvidence: text(4000, "課題の根拠"),
  targetPeople: text(2000, "対象者"),
  targetStates: z.array(z.enum(TARGET_STATE_CODES, { error: "対象者の状態を選び直してください。" })).default([]),
  themes: z
    .array(z.enum(THEME_CODES, { error: "テーマを選び直してください。" }))
    .max(5, "テーマは5つまで選べます。")
    .default([]),
  layer: z.union([z.literal("").transform(() => null), z.enum(["layer1", "layer2"])]).prefault(""),
  areaName: text(100, "日常生活圏域の名称"),
  triedSoFar: text(4000, "これまでの取組"),
  partnerWanted: text(2000, "求めるパートナー"),
  solutionWanted: text(2000, "求める解決策"),
  resourcesOffered: text(2000, "自治体が提供できる資源"),
  budgetCeilingYen: optionalYen,
  pilotStartOn: optionalDate("実証期間の開始日"),
  pilotEndOn: optionalDate("実証期間の終了日"),
  indicators: z.array(z.enum(INDICATOR_CODES, { error: "評価指標を選び直してください。" })).default([]),
  proposalDeadline: optionalTokyoDateTime("提案の締切"),
  contactName: text(100, "担当者名"),
  contactEmail: z
    .string()
    .trim()
    .pipe(z.union([z.literal(""), z.email({ error: "メールアドレスの形式が正しくありません。" })]))
    .prefault(""),
  contactPhone: text(30, "電話番号"),
});

export type PitchFields = z.output<typeof PitchFieldsSchema>;

export const ARRAY_FIELDS = ["targetStates", "themes", "indicators"] as const;

/** FormData to the object the schema reads: repeated checkbox names become arrays. */
export function pitchFormObject(formData: FormData, fields: readonly string[] = Object.keys(PitchFieldsSchema.shape)) {
  const object: Record<string, string | string[]> = {};
  for (const key of fields) {
    if ((ARRAY_FIELDS as readonly string[]).includes(key)) object[key] = formData.getAll(key).map(String);
    else if (formData.has(key)) object[key] = String(formData.get(key));
  }
  return object;
}

/** The fields publishing always requires (第2層's area name only with that layer): marked in the form. */
export const PUBLISH_REQUIRED_FIELDS = [
  "summary",
  "vision",
  "currentSituation",
  "problem",
  "problemEvidence",
  "targetPeople",
  "targetStates",
  "themes",
  "layer",
  "partnerWanted",
  "solutionWanted",
  "budgetCeilingYen",
  "pilotStartOn",
  "pilotEndOn",
  "indicators",
  "proposalDeadline",
  "contactName",
  "contactEmail",
] as const satisfies readonly (keyof PitchFields)[];

/** What publishing requires beyond the draft checks: field → Japanese message. */
export function publishProblems(fields: PitchFields, now = new Date()): Record<string, string> {
  const problems: Record<string, string> = {};
  const need = (key: keyof PitchFields, ok: boolean, message: string) => {
    if (!ok) problems[key] ??= message;
  };
  need("summary", fields.summary.length >= 10, "概要を10文字以上で入力してください。");
  need("vision", fields.vision.length > 0, "実現したい未来を入力してください。");
  need("currentSituation", fields.currentSituation.length > 0, "地域の現状を入力してください。");
  need("problem", fields.problem.length > 0, "課題を入力してください。");
  need("problemEvidence", fields.problemEvidence.length > 0, "課題の根拠（事例や調査結果）を入力してください。");
  need("targetPeople", fields.targetPeople.length > 0, "対象者を入力してください。");
  need("targetStates", fields.targetStates.length > 0, "対象者の状態を1つ以上選んでください。");
  need("themes", fields.themes.length > 0, "テーマを1つ以上選んでください。");
  need("layer", fields.layer !== null, "第1層か第2層かを選んでください。");
  need(
    "areaName",
    fields.layer !== "layer2" || fields.areaName.length > 0,
    "第2層の場合は日常生活圏域の名称を入力してください。",
  );
  need("partnerWanted", fields.partnerWanted.length > 0, "求めるパートナーを入力してください。");
  need("solutionWanted", fields.solutionWanted.length > 0, "求める解決策を入力してください。");
  need("budgetCeilingYen", fields.budgetCeilingYen !== null, "試行的実施の予算上限（円）を入力してください。");
  need("pilotStartOn", fields.pilotStartOn !== null, "実証期間の開始日を入力してください。");
  need("pilotEndOn", fields.pilotEndOn !== null, "実証期間の終了日を入力してください。");
  if (fields.pilotStartOn && fields.pilotEndOn && fields.pilotEndOn < fields.pilotStartOn) {
    problems.pilotEndOn ??= "実証期間の終了日は開始日以降にしてください。";
  }
  need("indicators", fields.indicators.length > 0, "重視する評価指標を1つ以上選んでください。");
  need("proposalDeadline", fields.proposalDeadline !== null, "提案の締切を入力してください。");
  if (fields.proposalDeadline && fields.proposalDeadline.getTime() <= now.getTime()) {
    problems.proposalDeadline ??= "提案の締切は現在より後の日時にしてください。";
  }
  need("contactName", fields.contactName.length > 0, "担当者名を入力してください。");
  need("contactEmail", fields.contactEmail.length > 0, "連絡先メールアドレスを入力してください。");
  return problems;
}
