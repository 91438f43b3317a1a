import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert } from "~/components/form-field";
import { PitchFormFields, PitchSectionIndex, SectionSaveButton } from "~/components/pitch-form";
import { newPitchAction, type PitchFormFailure } from "~/web/actions/pitch-editor.server";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction = () => [{ title: "新しいピッチ | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  return json({ canPublish: can(actor, { action: "pitch.publish" }) });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  return newPitchAction(actor, request);
});

export default function NewPitch() {
  const { canPublish } = useLoaderData<typeof loader>();
  const result = useActionData<PitchFormFailure>();
  const navigation = useNavigation();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/municipality/pitches", label: "課題（ピッチ）" }]} current={"新しいピッチ"} />
      <h1>新しいピッチを作成</h1>
      <p>まず下書きとして保存します。公開前に、企業から見える形をプレビューで確認できます。</p>
      {canPublish ? null : (
        <div className="alert alert--warn" role="status">
          組織の確認が済むまで公開はできませんが、下書きは保存できます。
        </div>
      )}
      <FormAlert message={result?.formError} />
      <PitchSectionIndex values={result?.values ?? {}} errors={result?.fieldErrors ?? {}} />
      <Form method="post" className="stack" noValidate>
        <PitchFormFields
          values={result?.values ?? {}}
          errors={result?.fieldErrors ?? {}}
          sectionEnd={(id) => <SectionSaveButton section={id} busy={navigation.state === "submitting"} />}
        />
        <div className="actions actions--sticky">
          <button
            type="submit"
            name="intent"
            value="save"
            className="button"
            disabled={navigation.state === "submitting"}
          >
            下書きとして保存
          </button>
        </div>
      </Form>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
