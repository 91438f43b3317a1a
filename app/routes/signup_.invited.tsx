import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getIdentity } from "~/auth/guards.server";
import { FormAlert, TextField } from "~/components/form-field";
import { PASSWORD_MIN_LENGTH } from "~/domain/accounts/accounts.schema";
import { findOpenInvitation } from "~/domain/organizations/invitations.commands.server";
import { handle, type FormFailure } from "~/web/http.server";
import { signUpAndSignIn } from "~/web/actions/sign-up.server";

export const meta: MetaFunction = () => [{ title: "招待からの登録 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  if (await getIdentity(request)) throw redirect("/dashboard");
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const invitation = token ? await findOpenInvitation(token) : undefined;
  return json(
    {
      token,
      invitation: invitation ? { email: invitation.email, organizationName: invitation.organizationName } : null,
    },
    { headers: { "Referrer-Policy": "no-referrer" } },
  );
});

export const action = /* @__PURE__ */ handle((args: ActionFunctionArgs) => signUpAndSignIn(args, "joined"));

export default function InvitedSignUp() {
  const { token, invitation } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  if (!invitation) {
    return (
      <div className="narrow">
        <h1>招待が見つかりません</h1>
        <p>この招待は使用済みか、取り消されたか、有効期限が切れています。</p>
      </div>
    );
  }
  const values = result?.values ?? {};
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="narrow">
      <h1>「{invitation.organizationName}」に参加する</h1>
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <input type="hidden" name="invitationToken" value={token} />
        <TextField
          name="email"
          label="メールアドレス"
          type="email"
          readOnly
          defaultValue={invitation.email}
          error={errors.email}
          hint="招待を受けたメールアドレスで登録します。"
        />
        <TextField
          name="displayName"
          label="氏名"
          autoComplete="name"
          required
          defaultValue={values.displayName}
          error={errors.displayName}
        />
        <TextField
          name="password"
          label="パスワード"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          hint={`${PASSWORD_MIN_LENGTH}文字以上`}
        />
        <div className="actions">
          <button type="submit" className="button">
            登録して参加する
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
