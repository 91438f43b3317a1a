// The guard of the monitoring pages: a signed-in member whom the monitoring area lets look (a verified bureau or an
// operator); anonymous users are sent to sign in, users without an organisation to onboarding, the rest get 403.
import { requireMember } from "~/auth/guards.server";
import type { MemberActor } from "~/auth/permissions";
import { monitoringViewerOf, type MonitoringViewer } from "~/domain/monitoring/monitoring.access.server";
import { db } from "~/lib/db.server";

export async function requireMonitoringViewer(
  request: Request,
): Promise<{ actor: MemberActor; viewer: MonitoringViewer }> {
  const actor = await requireMember(request);
  return { actor, viewer: await monitoringViewerOf(db(), actor) };
}
