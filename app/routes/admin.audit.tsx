import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { AuditTable } from "~/components/audit-table";
import { AuditQuerySchema } from "~/domain/audit/audit.schema";
import { listAuditEntries } from "~/domain/audit/audit.queries.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "全体の操作履歴 | 運営管理" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireMemberWith(request, { action: "operator.viewAllAudit" });
  const query = AuditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await listAuditEntries({ before: query.success ? query.data.before : undefined }));
});

export default function AdminAudit() {
  const { rows, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>全体の操作履歴</h1>
      <AuditTable rows={rows} nextBefore={nextBefore} showOrganization />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
