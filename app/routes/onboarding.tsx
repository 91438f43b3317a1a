import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { withNotice } from "~/web/notices";
import { OrganizationFields } from "~/components/organization-fields";
import { CreateOrganizationSchema } from "~/domain/organizations/organizations.schema";
import { createOrganization } from "~/domain/organizations/organizations.commands.server";
import { listBureaus, listPrefectures } from "~/domain/reference/reference.queries.server";
import { formValues, parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "組織の登録 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  if (actor.membership) throw redirect("/dashboard");
  const [prefectures, bureaus] = await Promise.all([listPrefectures(), listBureaus()]);
  return json({ prefectures, bureaus });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  requirePermission(actor, { action: "organization.create" });
  const formData = await readForm(request);
  const parsed = parseForm(CreateOrganizationSchema, formData);
  if (!parsed.ok) return formFailure(parsed);
  try {
    await createOrganization(actor.userId, parsed.data);
  } catch (error) {
    return appErrorToFormFailure(error, formValues(formData));
  }
  return redirect(withNotice("/dashboard", "welcome"));
});

export default function Onboarding() {
  const options = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  return (
    <div className="narrow">
      <h1>組織の登録</h1>
      <p>
        ご利用には組織への所属が必要です。新しく組織を登録するか、既に登録済みの組織の管理者から招待を受けてください。
      </p>
      <FormAlert message={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <OrganizationFields options={options} values={result?.values ?? {}} errors={result?.fieldErrors ?? {}} />
        <div className="actions">
          <button type="submit" className="button">
            組織を登録する
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
