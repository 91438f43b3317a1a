import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readForm } from "~/web/input.server";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { readPendingSignIn } from "~/auth/session.server";
import { FormAlert, SecondFactorCodeField } from "~/components/form-field";
import { TwoFactorSignInSchema } from "~/domain/accounts/two-factor.schema";
import { verifySecondFactor } from "~/domain/accounts/two-factor.commands.server";
import { parseForm } from "~/lib/forms";
import { signIn } from "~/web/actions/sign-in.server";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { withNotice } from "~/web/notices";

export const meta: MetaFunction = () => [{ title: "確認コードの入力 | ガバメントピッチ・マッチング" }];

// Only a 'pending' session (password right, code to come) reaches this step; anyone else starts at the password.
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  if (!(await readPendingSignIn(request))) throw redirect(withNotice("/login", "two-factor-expired"));
  return json({});
});

export const action = /* @__PURE__ */ handle(async ({ request, context }: ActionFunctionArgs) => {
  const pending = await readPendingSignIn(request);
  if (!pending) throw redirect(withNotice("/login", "two-factor-expired"));
  const parsed = parseForm(TwoFactorSignInSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed);
  try {
    await verifySecondFactor(pending.id, parsed.data.code);
  } catch (error) {
    return appErrorToFormFailure(error, { redirectTo: parsed.data.redirectTo ?? "" });
  }
  return signIn(request, context, pending.id, "verified", parsed.data.redirectTo);
});

export default function TwoFactorSignIn() {
  const result = useActionData<FormFailure>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <div className="narrow">
      <h1>確認コードの入力</h1>
      <p>認証アプリに表示されている6桁の確認コードを入力してください。</p>
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <input type="hidden" name="redirectTo" value={result?.values.redirectTo ?? params.get("redirectTo") ?? ""} />
        <SecondFactorCodeField
          hint="認証アプリを使えないときは、設定時に控えたリカバリーコード（例: ABCDE-FGHJK）を入力できます。各コードは一度だけ使えます。"
          error={result?.fieldErrors.code}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "確認しています…" : "ログイン"}
          </button>
          <Link to="/login">最初からやり直す</Link>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
