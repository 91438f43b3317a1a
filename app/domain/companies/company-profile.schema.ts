// The company profile form: one strict schema at the boundary (browser-safe). Lists come from repeated fields.
import { z } from "zod";
import { THEME_CODES } from "~/domain/pitches/catalog.data";
import { INDUSTRY_CODES } from "./industries.data";

export const PROFILE_SUMMARY_MAX = 2000;
export const PROFILE_PRODUCTS_MAX = 4000;
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

const LIST_FIELDS = ["industries", "prefectureCodes", "themes"] as const;
const SCALAR_FIELDS = [
  "intent",
  "summary",
  "products",
  "websiteUrl",
  "contactName",
  "contactEmail",
  "contactPhone",
  "servesNationwide",
  "published",
] as const;

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。` });

export const CompanyProfileSchema = z
  .object({
    intent: z.literal("save", { error: "操作の内容が正しくありません。" }),
    summary: text(PROFILE_SUMMARY_MAX, "会社の紹介").min(1, { error: "会社の紹介を入力してください。" }),
    industries: z
      .array(z.enum(INDUSTRY_CODES, { error: "業種は一覧から選んでください。" }))
      .min(1, { error: "業種を1つ以上選んでください。" })
      .max(INDUSTRY_CODES.length),
    servesNationwide: z.boolean(),
    prefectureCodes: z.array(
      z.coerce
        .number({ error: "対応地域は一覧から選んでください。" })
        .int({ error: "対応地域は一覧から選んでください。" })
        .min(1, { error: "対応地域は一覧から選んでください。" })
        .max(47, { error: "対応地域は一覧から選んでください。" }),
    ),
    themes: z.array(z.enum(THEME_CODES, { error: "得意なテーマは一覧から選んでください。" })).max(THEME_CODES.length),
    products: text(PROFILE_PRODUCTS_MAX, "製品・サービス"),
    websiteUrl: text(500, "ウェブサイト").refine((v) => v === "" || isHttpUrl(v), {
      error: "ウェブサイトは http:// または https:// で始まるURLを入力してください。",
    }),
    contactName: text(100, "担当者名"),
    contactEmail: text(254, "メールアドレス").refine((v) => v === "" || z.email().safeParse(v).success, {
      error: "メールアドレスの形式が正しくありません。",
    }),
    contactPhone: text(30, "電話番号").refine((v) => v === "" || /^[0-9０-９+()（）\- ー－]{6,30}$/.test(v), {
      error: "電話番号は数字とハイフンで入力してください。",
    }),
    published: z.boolean(),
  })
  .strict();

const REGION_REQUIRED = "対応地域を選ぶか、「全国対応」を選んでください。";

export type CompanyProfileInput = z.infer<typeof CompanyProfileSchema>;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** What the form shows: strings, and lists for the repeated fields. */
export type ProfileFormValues = Record<string, string | string[]>;

export function profileFormValues(formData: FormData): ProfileFormValues {
  const values: ProfileFormValues = {};
  for (const key of new Set(formData.keys())) {
    if ((LIST_FIELDS as readonly string[]).includes(key)) values[key] = formData.getAll(key).map(String);
    else if (typeof formData.get(key) === "string") values[key] = String(formData.get(key));
  }
  return values;
}

export type ProfileParseResult =
  | { ok: true; data: CompanyProfileInput }
  | { ok: false; fieldErrors: Record<string, string>; formError?: string; values: ProfileFormValues };

/** Parses the profile form; an unknown field is refused (strict), a bad value gets a Japanese message beside it. */
export function parseProfileForm(formData: FormData): ProfileParseResult {
  const values = profileFormValues(formData);
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if ((LIST_FIELDS as readonly string[]).includes(key)) object[key] = formData.getAll(key).map(String);
    else if (key === "servesNationwide" || key === "published") object[key] = formData.get(key) === "on";
    else object[key] = formData.get(key);
  }
  for (const key of LIST_FIELDS) object[key] ??= [];
  for (const key of SCALAR_FIELDS) {
    if (key === "servesNationwide" || key === "published") object[key] ??= false;
    else if (key !== "intent") object[key] ??= "";
  }
  const parsed = CompanyProfileSchema.safeParse(object);
  // Checked beside the schema, so that the message shows even when other fields are wrong too.
  const regionMissing = object.servesNationwide !== true && (object.prefectureCodes as string[]).length === 0;
  if (parsed.success && regionMissing) {
    return {
      ok: false,
      fieldErrors: { prefectureCodes: REGION_REQUIRED },
      formError: "入力内容を確認してください。",
      values,
    };
  }
  if (parsed.success) {
    const data = parsed.data;
    return {
      ok: true,
      data: {
        ...data,
        industries: [...new Set(data.industries)],
        themes: [...new Set(data.themes)],
        prefectureCodes: data.servesNationwide ? [] : [...new Set(data.prefectureCodes)].sort((a, b) => a - b),
      },
    };
  }
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      formError = "フォームに受け付けない項目が含まれています。ページを再読み込みしてからやり直してください。";
      continue;
    }
    const field = String(issue.path[0] ?? "");
    if (!field || field === "intent") formError ??= issue.message;
    else fieldErrors[field] ??= issue.message;
  }
  if (regionMissing) fieldErrors.prefectureCodes ??= REGION_REQUIRED;
  return { ok: false, fieldErrors, formError: formError ?? "入力内容を確認してください。", values };
}
