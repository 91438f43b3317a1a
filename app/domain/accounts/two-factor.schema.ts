import { z } from "zod";

const RedirectToSchema = z.string().max(500).optional();

/** A six-digit code from the authenticator app, or a recovery code (XXXXX-XXXXX); spaces and hyphens are ignored. */
export const SecondFactorCodeSchema = z
  .string({ error: "確認コードを入力してください。" })
  .trim()
  .min(1, "確認コードを入力してください。")
  .max(32, "確認コードが長すぎます。");

export const TwoFactorSignInSchema = z.strictObject({ code: SecondFactorCodeSchema, redirectTo: RedirectToSchema });

export const TwoFactorSetupSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("start") }),
  z.strictObject({ intent: z.literal("confirm"), code: SecondFactorCodeSchema }),
  z.strictObject({ intent: z.literal("disable"), code: SecondFactorCodeSchema }),
]);
