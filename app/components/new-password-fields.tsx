import { PASSWORD_MIN_LENGTH } from "~/domain/accounts/accounts.schema";
import { TextField } from "./form-field";

/** The new password and its confirmation, as the password change and the reset pages both ask for them. */
export function NewPasswordFields({ errors }: { errors?: Record<string, string> }) {
  return (
    <>
      <TextField
        name="newPassword"
        label="新しいパスワード"
        type="password"
        autoComplete="new-password"
        required
        error={errors?.newPassword}
        hint={`${PASSWORD_MIN_LENGTH}文字以上`}
      />
      <TextField
        name="confirmPassword"
        label="新しいパスワード（確認）"
        type="password"
        autoComplete="new-password"
        required
        error={errors?.confirmPassword}
      />
    </>
  );
}
