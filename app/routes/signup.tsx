import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getIdentity } from "~/auth/guards.server";
import { FormAlert, TextField } from "~/components/form-field";
import { OrganizationFields } from "~/components/organization-fields";
import { PASSWORD_MIN_LENGTH } from "~/domain/accounts/accounts.schema";
import { listBureaus, listPrefectures } from "~/domain/reference/reference.queries.server";
import { handle, type FormFailure } from "~/web/http.server";
import { signUpAndSignIn } from "~/web/actions/sign-up.server";

export const meta: MetaFunction = () => [{ title: "新規登録 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  if (await getIdentity(request)) throw redirect("/dashboard");
  const [prefectures, bureaus] = await Promise.all([listPrefectures(), listBureaus()]);
  return json({ prefectures, bureaus });
});

export const action = /* @__PURE__ */ handle((args: ActionFunctionArgs) => signUpAndSignIn(args, "welcome"));

export default function SignUp() {
  const options = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="narrow">
      <h1>新規登録</h1>
      <p>
        アカウントと所属する組織を登録します。同じ組織の方が既に登録済みの場合は、その組織の管理者に招待を依頼してください。
      </p>
      <FormAlert
        message={
          result?.formError ??
          (Object.keys(errors).length ? "入力内容に誤りがあります。各項目のメッセージをご確認ください。" : null)
        }
      />
      <Form method="post" className="stack" noValidate>
        <fieldset>
          <legend>アカウント</legend>
          <TextField
            name="displayName"
            label="氏名"
            autoComplete="name"
            required
            defaultValue={values.displayName}
            error={errors.displayName}
            hint="所属部署を添えると、組織内で見分けやすくなります（例: 健康福祉課 佐藤）。"
          />
          <TextField
            name="email"
            label="メールアドレス"
            type="email"
            autoComplete="email"
            required
            defaultValue={values.email}
            error={errors.email}
          />
          <TextField
            name="password"
            label="パスワード"
            type="password"
            autoComplete="new-password"
            required
            error={errors.password}
            hint={`${PASSWORD_MIN_LENGTH}文字以上。長めの文章のようなパスワードがおすすめです。`}
          />
        </fieldset>
        <OrganizationFields options={options} values={values} errors={errors} />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "登録しています…" : "登録する"}
          </button>
          <span>
            登録済みの方は <Link to="/login">ログイン</Link>
          </span>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
