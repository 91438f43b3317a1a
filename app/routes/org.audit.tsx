import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { AuditTable } from "~/components/audit-table";
import { AuditQuerySchema } from "~/domain/audit/audit.schema";
import { listAuditEntries } from "~/domain/audit/audit.queries.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "操作履歴 | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const organizationId = actor.membership.organizationId;
  requirePermission(actor, { action: "organization.viewAudit", organizationId });
  const query = AuditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await listAuditEntries({ organizationId, before: query.success ? query.data.before : undefined }));
});

export default function OrganizationAudit() {
  const { rows, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>操作履歴</h1>
      <p className="muted">この組織に関する操作の記録です。記録は変更・削除できません。</p>
      <AuditTable rows={rows} nextBefore={nextBefore} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
