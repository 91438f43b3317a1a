import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getIdentity, safeRedirectPath } from "~/auth/guards.server";
import { FormAlert, TextField } from "~/components/form-field";
import { NoticeFromUrl } from "~/components/notices";
import { SignInSchema } from "~/domain/accounts/accounts.schema";
import { authenticate } from "~/domain/accounts/accounts.commands.server";
import { parseForm } from "~/lib/forms";
import { appErrorToFormFailure, appUrl, formFailure, handle, type FormFailure } from "~/web/http.server";
import { clientIp } from "~/lib/rate-limit.server";
import { afterPassword } from "~/web/actions/sign-in.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "ログイン | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const identity = await getIdentity(request);
  if (identity) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/dashboard"));
  return json({});
});

export const action = /* @__PURE__ */ handle(async ({ request, context }: ActionFunctionArgs) => {
  const formData = await readForm(request);
  const parsed = parseForm(SignInSchema, formData);
  if (!parsed.ok) return formFailure(parsed);
  let userId: string;
  try {
    userId = await authenticate(parsed.data.email, parsed.data.password, {
      ip: clientIp(context),
      appUrl: appUrl(request),
    });
  } catch (error) {
    return appErrorToFormFailure(error, { email: parsed.data.email, redirectTo: parsed.data.redirectTo ?? "" });
  }
  return afterPassword(request, context, userId, parsed.data.redirectTo);
});

export default function Login() {
  const result = useActionData<FormFailure>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const values = result?.values ?? {};
  return (
    <div className="narrow">
      <h1>ログイン</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? params.get("redirectTo") ?? ""} />
        <TextField
          name="email"
          label="メールアドレス"
          type="email"
          autoComplete="email"
          required
          defaultValue={values.email}
          error={result?.fieldErrors.email}
        />
        <TextField
          name="password"
          label="パスワード"
          type="password"
          autoComplete="current-password"
          required
          error={result?.fieldErrors.password}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "確認しています…" : "ログイン"}
          </button>
          <Link to="/forgot-password">パスワードをお忘れの方</Link>
        </div>
      </Form>
      <p>
        アカウントをお持ちでない方は <Link to="/signup">新規登録</Link>
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
