import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TableWrap } from "~/components/table-wrap";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireMemberWith } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { withNotice } from "~/web/notices";
import { Pagination } from "~/components/pagination";
import { VerificationBadge } from "~/components/verification-badge";
import { organizationKindLabels, VerifyOrganizationSchema } from "~/domain/organizations/organizations.schema";
import { listOrganizationsForReview } from "~/domain/organizations/organizations.queries.server";
import { setVerificationStatus } from "~/domain/organizations/verification.commands.server";
import { formValues, parseForm } from "~/lib/forms";
import { appErrorToFormFailure, formFailure, handle, type FormFailure } from "~/web/http.server";
import { pageFrom } from "~/lib/query";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "組織の確認 | 運営管理" }];

const StatusFilter = z.enum(["unverified", "verified", "rejected"]).optional().catch(undefined);

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.verifyOrganizations" });
  const status = StatusFilter.parse(new URL(request.url).searchParams.get("status") ?? undefined);
  return json(await listOrganizationsForReview({ status, page: pageFrom(request) }));
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "operator.verifyOrganizations" });
  const formData = await readForm(request);
  const parsed = parseForm(VerifyOrganizationSchema, formData);
  if (!parsed.ok) return formFailure(parsed);
  try {
    await setVerificationStatus(actor, parsed.data);
  } catch (error) {
    return appErrorToFormFailure(error, formValues(formData));
  }
  const back = new URL(request.url);
  return redirect(
    withNotice(`/admin/organizations${back.search}`.replace(/[?&]notice=[^&]*/, ""), "verification-updated"),
  );
});

const filters = [
  { value: "", label: "すべて" },
  { value: "unverified", label: "未確認" },
  { value: "verified", label: "確認済み" },
  { value: "rejected", label: "確認できません" },
];

export default function AdminOrganizations() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const [params] = useSearchParams();
  const current = params.get("status") ?? "";
  return (
    <>
      <h1>組織の確認</h1>
      <NoticeFromUrl />
      <FormAlert message={result?.formError ?? result?.fieldErrors.note} />
      <nav aria-label="確認状態で絞り込み" className="actions">
        {filters.map((f) => (
          <Link
            key={f.value}
            to={f.value ? `?status=${f.value}` : "?"}
            aria-current={current === f.value ? "page" : undefined}
            className={`button button--small ${current === f.value ? "" : "button--secondary"}`}
          >
            {f.label}
          </Link>
        ))}
      </nav>
      <p>{total}件</p>
      {rows.length === 0 ? (
        <p className="empty">該当する組織はありません。</p>
      ) : (
        <TableWrap label="組織の一覧">
          <table>
            <thead>
              <tr>
                <th scope="col">組織</th>
                <th scope="col">種類</th>
                <th scope="col">識別番号</th>
                <th scope="col">登録日時</th>
                <th scope="col">状態</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((org) => (
                <tr key={org.id}>
                  <td>{org.name}</td>
                  <td>{organizationKindLabels[org.kind]}</td>
                  <td className="small">{org.corporate_number ?? org.municipality_code ?? org.bureau_id ?? "—"}</td>
                  <td>{formatDateTime(org.created_at)}</td>
                  <td>
                    <VerificationBadge status={org.verification_status} />
                  </td>
                  <td>
                    {org.kind === "operator" ? null : (
                      <Form method="post" className="actions">
                        <input type="hidden" name="organizationId" value={org.id} />
                        <label className="small" htmlFor={`note-${org.id}`}>
                          メモ
                        </label>
                        <input
                          id={`note-${org.id}`}
                          type="text"
                          name="note"
                          maxLength={500}
                          style={{ maxWidth: "12rem" }}
                        />
                        {org.verification_status !== "verified" ? (
                          <button type="submit" name="decision" value="verified" className="button button--small">
                            確認済みにする
                          </button>
                        ) : null}
                        {org.verification_status !== "rejected" ? (
                          <button
                            type="submit"
                            name="decision"
                            value="rejected"
                            className="button button--secondary button--small"
                          >
                            確認できない
                          </button>
                        ) : null}
                        {org.verification_status !== "unverified" ? (
                          <button
                            type="submit"
                            name="decision"
                            value="unverified"
                            className="button button--secondary button--small"
                          >
                            未確認に戻す
                          </button>
                        ) : null}
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
