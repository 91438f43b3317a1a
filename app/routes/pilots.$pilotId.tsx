import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { PILOT_STATUS_LABELS } from "~/domain/pilots/pilots.schema";
import { pilotParties } from "~/domain/pilots/pilots.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { requirePilotViewer } from "~/web/pilot-guards.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pilot.title ?? "実証"} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { access } = await requirePilotViewer(request, params);
  const { pilot, side } = access;
  const parties = await pilotParties(db(), pilot);
  return json({
    side,
    pilot: {
      id: pilot.id,
      title: pilot.title,
      status: pilot.status,
      signed: pilot.signed_version_id !== null,
      proposalId: pilot.proposal_id,
      pitchId: pilot.pitch_id,
    },
    parties,
  });
});

const tabs = [
  { to: "", label: "概要", end: true },
  { to: "agreement", label: "協定書", end: false },
  { to: "funding", label: "資金・支払", end: false },
  { to: "expenditures", label: "支出報告", end: false },
  { to: "outcomes", label: "成果報告", end: false },
  { to: "closeout", label: "完了・振り返り", end: false },
  { to: "case-study", label: "事例公開", end: false },
] as const;

export default function PilotLayout() {
  const { pilot, parties, side } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/pilots", label: "実証" }]} current={pilot.title} />
      <h1>{pilot.title}</h1>
      <p className="muted">
        {parties.municipalityName} × {parties.companyName}
        <span className="badge">{PILOT_STATUS_LABELS[pilot.status]}</span>
        {side === "operator" ? <span className="badge">運営者として閲覧中（記録されます）</span> : null}
      </p>
      <nav aria-label="実証のページ" className="tabs">
        <ul>
          {tabs.map((t) => (
            <li key={t.to}>
              <NavLink to={t.to ? `/pilots/${pilot.id}/${t.to}` : `/pilots/${pilot.id}`} end={t.end}>
                {t.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
