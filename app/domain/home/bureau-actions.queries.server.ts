// What waits for a bureau officer, in order of deadline: entries to its pitch events to review, its draft events to
// publish before they take place, and, in its jurisdiction, the pilots that need following up (an outcome report past
// its deadline, an agreement not concluded after 30 days). Each item links to the page where it is handled. Events are
// the bureau's own (by organisation); pilots are those of municipalities in the prefectures its viewer may see.
import type { Executor } from "@db/database.server";
import type { MemberActor } from "~/auth/permissions";
import { periodLabel } from "~/domain/outcomes/periods.rules";
import { dueOutcomeReports, runningPilotsQuery } from "./pilot-actions.queries.server";

export type BureauActionKind = "reviewEntries" | "publishEvent" | "followLateReport" | "followStalledAgreement";

export interface BureauAction {
  kind: BureauActionKind;
  text: string;
  subject: string;
  href: string;
  dueAt: string | null;
  dueLabel?: string;
  since: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** An agreement still unsigned this long after the pilot began is worth a call from the bureau. */
export const STALLED_AGREEMENT_DAYS = 30;
const LIMIT = 50;

export async function listBureauActions(
  ex: Executor,
  actor: MemberActor,
  prefectureCodes: readonly number[] | "all" | null,
  now = new Date(),
): Promise<BureauAction[]> {
  const organizationId = actor.membership.organizationId;
  const iso = (d: Date | string) => new Date(d).toISOString();
  // "all" (an operator's view) is not offered here: a bureau's home follows its own prefectures only.
  const codes = Array.isArray(prefectureCodes) && prefectureCodes.length > 0 ? prefectureCodes : null;
  const inJurisdiction = (list: readonly number[]) =>
    ex
      .selectFrom("organization")
      .innerJoin("municipality", "municipality.code", "organization.municipality_code")
      .select("organization.id")
      .where("municipality.prefecture_code", "in", list);

  const [entries, drafts, running, stalled] = await Promise.all([
    ex
      .selectFrom("pitch_event as e")
      .innerJoin("pitch_event_entry as x", "x.event_id", "e.id")
      .select(["e.id", "e.title", "e.starts_at"])
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.min("x.submitted_at").as("first")])
      .where("e.organization_id", "=", organizationId)
      .where("e.status", "!=", "cancelled")
      .where("x.status", "=", "submitted")
      .groupBy(["e.id", "e.title", "e.starts_at"])
      .limit(LIMIT)
      .execute(),
    ex
      .selectFrom("pitch_event")
      .select(["id", "title", "starts_at", "created_at"])
      .where("organization_id", "=", organizationId)
      .where("status", "=", "draft")
      .where("starts_at", ">", now)
      .limit(LIMIT)
      .execute(),
    codes
      ? runningPilotsQuery(ex).where("pilot.municipality_id", "in", inJurisdiction(codes)).limit(500).execute()
      : Promise.resolve([]),
    codes
      ? ex
          .selectFrom("pilot")
          .innerJoin("organization as m", "m.id", "pilot.municipality_id")
          .select(["pilot.id", "pilot.title", "pilot.created_at", "m.name as municipality_name"])
          .where("pilot.municipality_id", "in", inJurisdiction(codes))
          .where("pilot.status", "=", "agreement")
          .where("pilot.created_at", "<", new Date(now.getTime() - STALLED_AGREEMENT_DAYS * DAY_MS))
          .orderBy("pilot.created_at")
          .limit(LIMIT)
          .execute()
      : Promise.resolve([]),
  ]);

  const actions: BureauAction[] = [];
  for (const e of entries)
    actions.push({
      kind: "reviewEntries",
      text: `ピッチイベントへの参加申込（${Number(e.n)}件）を確認してください`,
      subject: e.title,
      href: `/bureau/events/${e.id}`,
      dueAt: iso(e.starts_at),
      dueLabel: "開催",
      since: iso(e.first ?? e.starts_at),
    });
  for (const e of drafts)
    actions.push({
      kind: "publishEvent",
      text: "下書きのピッチイベントを公開してください",
      subject: e.title,
      href: `/bureau/events/${e.id}`,
      dueAt: iso(e.starts_at),
      dueLabel: "開催",
      since: iso(e.created_at),
    });
  for (const due of await dueOutcomeReports(ex, running, now)) {
    if (!due.late) continue;
    actions.push({
      kind: "followLateReport",
      text: `成果報告（${periodLabel(due.period)}）が期限を過ぎても提出されていません。状況を確認してください`,
      subject: `${due.pilot.municipality_name ?? ""}「${due.pilot.title}」`,
      href: `/bureau/monitoring/pilots/${due.pilot.id}`,
      dueAt: null,
      since: due.dueAt,
    });
  }
  for (const p of stalled)
    actions.push({
      kind: "followStalledAgreement",
      text: `協定書が${STALLED_AGREEMENT_DAYS}日以上締結されていません。状況を確認してください`,
      subject: `${p.municipality_name}「${p.title}」`,
      href: `/bureau/monitoring/pilots/${p.id}`,
      dueAt: null,
      since: iso(p.created_at),
    });
  return actions.sort((a, b) => (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999") || a.since.localeCompare(b.since));
}
