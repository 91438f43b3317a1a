// The figures beside the navigation's entries, read on every signed-in page: unread notifications and, per role, what
// waits in the entry's area (questions to answer, reports to approve or to correct, draft proposals, event entries to
// review, organisations to verify). One statement (scalar subqueries, each capped and scoped by the actor's own
// organisation), so the header costs one round trip whatever the role. The homes list the same work item by item.
import { sql, type RawBuilder } from "kysely";
import type { Executor } from "@db/database.server";
import type { OrganizationKind } from "@db/schema";
import { UNREAD_COUNT_CAP } from "~/domain/notifications/notifications.queries.server";

export const NAV_COUNT_CAP = 100;

export interface NavCounts {
  unread: number;
  /** Navigation path → how many things wait there (only those above zero). */
  byPath: Record<string, number>;
}

const capped = (rows: RawBuilder<unknown>) => sql<string>`(select count(*) from (${rows} limit ${NAV_COUNT_CAP}) c)`;

function countsFor(kind: OrganizationKind, org: string): Record<string, RawBuilder<string>> {
  switch (kind) {
    case "municipality":
      return {
        "/municipality/questions": capped(sql`
          select 1 from pitch_question q join pitch p on p.id = q.pitch_id
          where p.organization_id = ${org} and q.answered_at is null`),
        "/pilots": capped(sql`
          select 1 from outcome_report r join pilot on pilot.id = r.pilot_id
          where pilot.municipality_id = ${org} and r.status = 'submitted'
          union all
          select 1 from expenditure_report r join pilot on pilot.id = r.pilot_id
          where pilot.municipality_id = ${org} and r.status = 'submitted'`),
      };
    case "company":
      return {
        "/company/proposals": capped(sql`
          select 1 from proposal pr join pitch p on p.id = pr.pitch_id
          where pr.organization_id = ${org} and pr.status = 'draft'
            and p.status = 'published' and (p.proposal_deadline is null or p.proposal_deadline > now())`),
        "/pilots": capped(sql`
          select 1 from outcome_report r join pilot on pilot.id = r.pilot_id
          where pilot.company_id = ${org} and r.status = 'returned' and r.author_side = 'company'
          union all
          select 1 from expenditure_report r where r.company_id = ${org} and r.status = 'returned'`),
      };
    case "bureau":
      return {
        "/bureau/events": capped(sql`
          select 1 from pitch_event_entry x join pitch_event e on e.id = x.event_id
          where e.organization_id = ${org} and e.status <> 'cancelled' and x.status = 'submitted'`),
      };
    case "operator":
      return {
        "/admin/organizations": capped(sql`
          select 1 from organization where verification_status = 'unverified' and kind <> 'operator'`),
      };
  }
}

/** Unread notifications of the user and the counts of the organisation's navigation, in one statement. */
export async function navCounts(
  ex: Executor,
  actor: { userId: string; membership: { organizationId: string; kind: OrganizationKind } | null },
): Promise<NavCounts> {
  const counts = actor.membership ? countsFor(actor.membership.kind, actor.membership.organizationId) : {};
  const paths = Object.keys(counts);
  const columns = [
    sql`(select count(*) from (
      select 1 from notification where user_id = ${actor.userId} and read_at is null limit ${UNREAD_COUNT_CAP}
    ) u) as unread`,
    ...paths.map((path, i) => sql`${counts[path]} as ${sql.ref(`c${i}`)}`),
  ];
  const result = await sql<Record<string, string>>`select ${sql.join(columns)}`.execute(ex);
  const row = result.rows[0] ?? {};
  const byPath: Record<string, number> = {};
  paths.forEach((path, i) => {
    const n = Number(row[`c${i}`] ?? 0);
    if (n > 0) byPath[path] = n;
  });
  return { unread: Number(row.unread ?? 0), byPath };
}
