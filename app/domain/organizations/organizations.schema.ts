import { z } from "zod";
import { isValidCorporateNumber } from "@db/reference/check-digits";

export const ORGANIZATION_KINDS = ["company", "municipality", "bureau"] as const;

export const organizationKindLabels = {
  company: "企業・団体",
  municipality: "自治体（市区町村）",
  bureau: "地方経済産業局・地方厚生局",
  operator: "運営事務局",
} as const;

/** NFKC turns full-width digits into ASCII; hyphens and spaces are dropped. */
export function normalizeCorporateNumber(value: string): string {
  return value.normalize("NFKC").replace(/[\s\-‐‑–—ー]/g, "");
}

export const CorporateNumberSchema = z
  .string({ error: "法人番号を入力してください。" })
  .transform(normalizeCorporateNumber)
  .pipe(
    z
      .string()
      .min(1, "法人番号を入力してください。")
      .regex(/^\d{13}$/, "法人番号は13桁の数字で入力してください。")
      .refine(
        isValidCorporateNumber,
        "法人番号のチェックディジット（先頭の1桁）が一致しません。番号をご確認ください。",
      ),
  );

export const CompanyNameSchema = z
  .string({ error: "法人名を入力してください。" })
  .trim()
  .min(1, "法人名を入力してください。")
  .max(100, "法人名は100文字以内で入力してください。");

export const PrefectureCodeSchema = z.coerce
  .number({ error: "都道府県を選択してください。" })
  .int("都道府県を選択してください。")
  .min(1, "都道府県を選択してください。")
  .max(47, "都道府県を選択してください。");

export const MunicipalityNameSchema = z
  .string({ error: "市区町村名を入力してください。" })
  .transform((v) => v.normalize("NFKC").replace(/\s/g, ""))
  .pipe(z.string().min(1, "市区町村名を入力してください。").max(30, "市区町村名が長すぎます。"));

export const BureauIdSchema = z
  .string({ error: "所属する局を選択してください。" })
  .regex(/^(meti|mhlw)-[a-z-]+$/, "所属する局を選択してください。");

/** Organisation fields of the sign-up and onboarding forms; which are required depends on the kind. */
export const OrganizationFieldsSchema = z.object({
  organizationKind: z.enum(ORGANIZATION_KINDS, { error: "登録する組織の種類を選択してください。" }),
  companyName: z.string().optional(),
  corporateNumber: z.string().optional(),
  prefectureCode: z.string().optional(),
  municipalityName: z.string().optional(),
  bureauId: z.string().optional(),
});

export type OrganizationInput =
  | { kind: "company"; name: string; corporateNumber: string }
  | { kind: "municipality"; prefectureCode: number; municipalityName: string }
  | { kind: "bureau"; bureauId: string };

/** Checks the fields the chosen kind needs and adds field errors for the rest. */
export function toOrganizationInput(
  fields: z.infer<typeof OrganizationFieldsSchema>,
  ctx: z.RefinementCtx,
): OrganizationInput | undefined {
  const check = <T>(schema: z.ZodType<T>, field: keyof typeof fields): T | undefined => {
    const result = schema.safeParse(fields[field] ?? "");
    if (result.success) return result.data;
    ctx.addIssue({
      code: "custom",
      path: [field],
      message: result.error.issues[0]?.message ?? "入力内容をご確認ください。",
    });
    return undefined;
  };
  switch (fields.organizationKind) {
    case "company": {
      const name = check(CompanyNameSchema, "companyName");
      const corporateNumber = check(CorporateNumberSchema, "corporateNumber");
      return name && corporateNumber ? { kind: "company", name, corporateNumber } : undefined;
    }
    case "municipality": {
      const prefectureCode = check(PrefectureCodeSchema, "prefectureCode");
      const municipalityName = check(MunicipalityNameSchema, "municipalityName");
      return prefectureCode && municipalityName
        ? { kind: "municipality", prefectureCode, municipalityName }
        : undefined;
    }
    case "bureau": {
      const bureauId = check(BureauIdSchema, "bureauId");
      return bureauId ? { kind: "bureau", bureauId } : undefined;
    }
  }
}

export const CreateOrganizationSchema = OrganizationFieldsSchema.strict().transform((fields, ctx) => {
  const organization = toOrganizationInput(fields, ctx);
  return organization ?? z.NEVER;
});

export const InviteMemberSchema = z.strictObject({
  intent: z.literal("invite"),
  email: z
    .string({ error: "メールアドレスを入力してください。" })
    .trim()
    .min(1, "メールアドレスを入力してください。")
    .pipe(z.email({ error: "メールアドレスの形式が正しくありません（例: name@example.jp）。" }))
    .transform((v) => v.toLowerCase()),
  role: z.enum(["admin", "member"], { error: "権限を選択してください。" }),
});

export const MemberActionSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("changeRole"), userId: z.string().uuid(), role: z.enum(["admin", "member"]) }),
  z.strictObject({ intent: z.literal("remove"), userId: z.string().uuid() }),
  z.strictObject({ intent: z.literal("revokeInvitation"), invitationId: z.string().uuid() }),
]);

export const VerifyOrganizationSchema = z.strictObject({
  organizationId: z.string().uuid(),
  decision: z.enum(["verified", "rejected", "unverified"]),
  note: z.string().trim().max(500, "メモは500文字以内で入力してください。").optional(),
});

export const verificationLabels = { verified: "確認済み", unverified: "未確認", rejected: "確認できません" } as const;
export const roleLabels = { admin: "管理者", member: "メンバー" } as const;
