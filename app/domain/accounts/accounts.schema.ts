import { z } from "zod";

export const EmailSchema = z
  .string({ error: "メールアドレスを入力してください。" })
  .trim()
  .min(1, "メールアドレスを入力してください。")
  .max(254, "メールアドレスが長すぎます。")
  .pipe(z.email({ error: "メールアドレスの形式が正しくありません（例: name@example.jp）。" }))
  .transform((email) => email.toLowerCase());

export const PASSWORD_MIN_LENGTH = 10;

export const NewPasswordSchema = z
  .string({ error: "パスワードを入力してください。" })
  .min(PASSWORD_MIN_LENGTH, `パスワードは${PASSWORD_MIN_LENGTH}文字以上で入力してください。`)
  .max(128, "パスワードは128文字以内で入力してください。");

export const DisplayNameSchema = z
  .string({ error: "氏名を入力してください。" })
  .trim()
  .min(1, "氏名を入力してください。")
  .max(50, "氏名は50文字以内で入力してください。");

const RedirectToSchema = z.string().max(500).optional();

export const SignInSchema = z.strictObject({
  email: EmailSchema,
  password: z.string({ error: "パスワードを入力してください。" }).min(1, "パスワードを入力してください。").max(128),
  redirectTo: RedirectToSchema,
});

export const ChangePasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, "現在のパスワードを入力してください。").max(128),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string().max(128),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "確認用のパスワードが一致しません。",
  });

export const ForgotPasswordSchema = z.strictObject({ email: EmailSchema });

export const ResetPasswordSchema = z
  .strictObject({ newPassword: NewPasswordSchema, confirmPassword: z.string().max(128) })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "確認用のパスワードが一致しません。",
  });
