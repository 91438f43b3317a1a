// The case-study forms of a completed pilot (browser-safe): either party drafts the text; each party's verified admin
// consents; it is published when both have consented; a change of the text after a consent withdraws every consent.
import { z } from "zod";

export const CASE_STUDY_LIMITS = { title: 200, problem: 4000, solution: 4000, results: 4000 } as const;

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .trim()
    .min(1, { error: `${label}を入力してください。` })
    .max(max, { error: `${label}は${max.toLocaleString("ja-JP")}文字以内で入力してください。` });

export const CaseStudyTextSchema = z.strictObject({
  intent: z.literal("save"),
  title: requiredText("タイトル", CASE_STUDY_LIMITS.title),
  problem: requiredText("課題", CASE_STUDY_LIMITS.problem),
  solution: requiredText("解決策", CASE_STUDY_LIMITS.solution),
  results: requiredText("成果", CASE_STUDY_LIMITS.results),
});
export type CaseStudyText = Omit<z.infer<typeof CaseStudyTextSchema>, "intent">;

/** The consent names the text it agrees to (a hash of it): a text changed in the meantime is not consented to. */
export const ConsentSchema = z.strictObject({
  intent: z.literal("consent"),
  version: z
    .string({ error: "ページを再読み込みしてから、もう一度同意してください。" })
    .regex(/^[0-9a-f]{64}$/, { error: "ページを再読み込みしてから、もう一度同意してください。" }),
});
export const RevokeConsentSchema = z.strictObject({ intent: z.literal("revokeConsent") });
export const WithdrawCaseStudySchema = z.strictObject({ intent: z.literal("withdraw") });

export type CaseStudyState = "none" | "draft" | "consenting" | "published";

export const CASE_STUDY_STATE_LABELS: Record<CaseStudyState, string> = {
  none: "未作成",
  draft: "下書き（同意なし）",
  consenting: "同意待ち",
  published: "公開中",
};
