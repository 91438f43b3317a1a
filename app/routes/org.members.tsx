import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TableWrap } from "~/components/table-wrap";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { FormAlert, SelectField, TextField } from "~/components/form-field";
import { roleLabels, InviteMemberSchema, MemberActionSchema } from "~/domain/organizations/organizations.schema";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { inviteMember, revokeInvitation } from "~/domain/organizations/invitations.commands.server";
import {
  changeMemberRole,
  listMembers,
  listOpenInvitations,
  removeMember,
} from "~/domain/organizations/members.commands.server";
import { appUrl, handle, type FormFailure } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { intent, intentOf, runIntent, BAD_OPERATION } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "メンバーの管理 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const organizationId = actor.membership.organizationId;
  requirePermission(actor, { action: "organization.manageMembers", organizationId });
  const [members, invitations] = await Promise.all([listMembers(organizationId), listOpenInvitations(organizationId)]);
  return json({ members, invitations, selfId: actor.userId });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "organization.manageMembers", organizationId: actor.membership.organizationId });
  const formData = await readForm(request);
  const path = "/org/members";
  const member = intent({
    schema: MemberActionSchema,
    invalid: BAD_OPERATION,
    run: async (input) => {
      switch (input.intent) {
        case "changeRole":
          return changeMemberRole(actor, input.userId, input.role);
        case "remove":
          return removeMember(actor, input.userId);
        case "revokeInvitation":
          return revokeInvitation(actor, input.invitationId);
      }
    },
    done: {
      path,
      notice: (
        { changeRole: "member-updated", remove: "member-removed", revokeInvitation: "invitation-revoked" } as const
      )[intentOf(formData) as "remove"],
    },
  });
  return runIntent(formData, {
    invite: intent({
      schema: InviteMemberSchema,
      run: (data) => inviteMember(actor, data, appUrl(request)),
      done: { path, notice: "invited" },
    }),
    changeRole: member,
    remove: member,
    revokeInvitation: member,
  });
});

export default function Members() {
  const { members, invitations, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  return (
    <>
      <h1>メンバーの管理</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError} />
      <h2>メンバー（{members.length}名）</h2>
      <TableWrap label="メンバーの一覧">
        <table>
          <thead>
            <tr>
              <th scope="col">氏名</th>
              <th scope="col">メールアドレス</th>
              <th scope="col">権限</th>
              <th scope="col">参加日時</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td>
                  {member.display_name}
                  {member.id === selfId ? "（あなた）" : ""}
                </td>
                <td>{member.email}</td>
                <td>{roleLabels[member.role]}</td>
                <td>{formatDateTime(member.created_at)}</td>
                <td>
                  <div className="actions">
                    <Form method="post">
                      <input type="hidden" name="intent" value="changeRole" />
                      <input type="hidden" name="userId" value={member.id} />
                      <input type="hidden" name="role" value={member.role === "admin" ? "member" : "admin"} />
                      <button type="submit" className="button button--secondary button--small">
                        {member.role === "admin" ? "メンバーにする" : "管理者にする"}
                      </button>
                    </Form>
                    <Form
                      method="post"
                      onSubmit={confirmWith(`${member.display_name} さんを組織から削除します。よろしいですか？`)}
                    >
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={member.id} />
                      <button type="submit" className="button button--danger button--small">
                        削除
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>招待中</h2>
      {invitations.length === 0 ? (
        <p className="empty">招待中の方はいません。</p>
      ) : (
        <TableWrap label="招待中の一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">メールアドレス</th>
                <th scope="col">権限</th>
                <th scope="col">有効期限</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{roleLabels[invitation.role]}</td>
                  <td>{formatDateTime(invitation.expires_at)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revokeInvitation" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="button button--secondary button--small">
                        取り消す
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>メンバーを招待する</h2>
      <Form method="post" className="stack card narrow" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name="email"
          label="招待する方のメールアドレス"
          type="email"
          required
          defaultValue={result?.values.email}
          error={result?.fieldErrors.email}
        />
        <SelectField
          name="role"
          label="権限"
          defaultValue={result?.values.role ?? "member"}
          error={result?.fieldErrors.role}
        >
          <option value="member">メンバー</option>
          <option value="admin">管理者（メンバーの管理ができます）</option>
        </SelectField>
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            招待メールを送る
          </button>
        </div>
      </Form>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
