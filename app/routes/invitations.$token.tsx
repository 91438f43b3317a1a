import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { getIdentity, requireIdentity } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { withNotice } from "~/web/notices";
import { organizationKindLabels } from "~/domain/organizations/organizations.schema";
import { acceptInvitation, findOpenInvitation } from "~/domain/organizations/invitations.commands.server";
import { appErrorToFormFailure, handle, type FormFailure } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "組織への招待 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const invitation = params.token ? await findOpenInvitation(params.token) : undefined;
  const identity = await getIdentity(request);
  return json(
    {
      invitation: invitation
        ? {
            organizationName: invitation.organizationName,
            kind: invitation.kind,
            email: invitation.email,
            role: invitation.role,
          }
        : null,
      signedInAs: identity?.user.email ?? null,
      hasOrganization: Boolean(identity?.actor.membership),
    },
    { headers: { "Referrer-Policy": "no-referrer" } },
  );
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { user } = await requireIdentity(request);
  try {
    await acceptInvitation({ userId: user.id, email: user.email }, params.token ?? "");
  } catch (error) {
    return appErrorToFormFailure(error, {});
  }
  return redirect(withNotice("/dashboard", "joined"));
});

export default function Invitation() {
  const { invitation, signedInAs, hasOrganization } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const { token } = useParams();
  if (!invitation) {
    return (
      <div className="narrow">
        <h1>招待が見つかりません</h1>
        <p>
          この招待は使用済みか、取り消されたか、有効期限（7日）が切れています。組織の管理者に再度の招待を依頼してください。
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>「{invitation.organizationName}」への招待</h1>
      <section className="card">
        <dl className="facts">
          <dt>組織</dt>
          <dd>
            {invitation.organizationName}（{organizationKindLabels[invitation.kind]}）
          </dd>
          <dt>招待先</dt>
          <dd>{invitation.email}</dd>
          <dt>権限</dt>
          <dd>{invitation.role === "admin" ? "管理者" : "メンバー"}</dd>
        </dl>
      </section>
      <FormAlert message={result?.formError} />
      {signedInAs ? (
        hasOrganization ? (
          <p className="alert alert--warn">既に別の組織に所属しているため、この招待は受けられません。</p>
        ) : signedInAs !== invitation.email ? (
          <p className="alert alert--warn">
            招待は {invitation.email} あてです。現在 {signedInAs}{" "}
            でログインしています。招待先のアカウントでログインしてください。
          </p>
        ) : (
          <Form method="post">
            <button type="submit" className="button">
              参加する
            </button>
          </Form>
        )
      ) : (
        <div className="actions">
          <Link className="button" to={`/signup/invited?token=${encodeURIComponent(token ?? "")}`}>
            アカウントを作成して参加
          </Link>
          <Link
            className="button button--secondary"
            to={`/login?redirectTo=${encodeURIComponent(`/invitations/${token ?? ""}`)}`}
          >
            ログインして参加
          </Link>
        </div>
      )}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
