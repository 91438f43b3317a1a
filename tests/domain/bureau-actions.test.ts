// The bureau's home as an action centre: entries to its own events to review and its draft events to publish (by the
// event's date), and in its jurisdiction only, pilots to follow up (an outcome report past its deadline, an agreement
// not concluded after 30 days). Another bureau's events and pilots outside the prefectures never appear.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createKpi, signPilot } from "~/seed/outcome-factory.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import { listBureauActions } from "~/domain/home/bureau-actions.queries.server";
import { monitoringViewerOf } from "~/domain/monitoring/monitoring.access.server";
import { db } from "~/lib/db.server";
import { actorOf } from "../support/actors";

const NOW = new Date("2026-11-20T10:00:00+09:00");
const DAY = 24 * 60 * 60 * 1000;
let hokkaido: CreatedMember, kanto: CreatedMember, bibai: CreatedMember, tsukuba: CreatedMember;

async function matchIn(municipality: CreatedMember, now: Date): Promise<Match> {
  const company = await createMember(db(), { kind: "company" });
  const pitch = await createPitch(db(), { organizationId: municipality.organization.id, status: "matched", now });
  const proposal = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id, now });
  return { municipality, company, pitch, proposal };
}

/** A running pilot with a quarterly KPI and no report for 7〜9月 (due 14 days after, so late on NOW). */
async function latePilot(municipality: CreatedMember) {
  const m = await createPilot(db(), await matchIn(municipality, new Date("2026-04-01T10:00:00+09:00")));
  const pilot = await signPilot(
    db(),
    m.pilot,
    { periodStart: "2026-04-01", periodEnd: "2027-03-31" },
    new Date("2026-04-01T10:00:00+09:00"),
  );
  await createKpi(db(), pilot.id, { frequency: "quarterly" });
  return pilot;
}

async function event(bureau: CreatedMember, title: string, status: "draft" | "published", startsAt: Date) {
  const id = crypto.randomUUID();
  await db()
    .insertInto("pitch_event")
    .values({
      id,
      organization_id: bureau.organization.id,
      bureau_id: bureau.organization.bureau_id!,
      title,
      starts_at: startsAt,
      format: "online",
      application_starts_at: new Date(startsAt.getTime() - 30 * DAY),
      application_ends_at: new Date(startsAt.getTime() - 7 * DAY),
      status,
    })
    .execute();
  return id;
}

async function entry(eventId: string, municipality: CreatedMember, status: "submitted" | "approved") {
  const pitch = await createPitch(db(), { organizationId: municipality.organization.id });
  await db()
    .insertInto("pitch_event_entry")
    .values({
      id: crypto.randomUUID(),
      event_id: eventId,
      pitch_id: pitch.id,
      organization_id: municipality.organization.id,
      status,
    })
    .execute();
}

async function actionsOf(bureau: CreatedMember) {
  const actor = actorOf(bureau);
  const viewer = await monitoringViewerOf(db(), actor);
  return listBureauActions(db(), actor, viewer.prefectureCodes, NOW);
}

beforeAll(async () => {
  hokkaido = await createMember(db(), { kind: "bureau", bureauId: "meti-hokkaido" });
  kanto = await createMember(db(), { kind: "bureau", bureauId: "meti-kanto" });
  bibai = await createMember(db(), { kind: "municipality", municipalityCode: "012157" });
  tsukuba = await createMember(db(), { kind: "municipality", municipalityCode: "082201" });
});

describe("listBureauActions", () => {
  it("lists what waits for the bureau by date, and only its own events and its own prefectures' pilots", async () => {
    const soon = await event(hokkaido, "冬のガバメントピッチ", "published", new Date(NOW.getTime() + 10 * DAY));
    await entry(soon, bibai, "submitted");
    await entry(soon, bibai, "submitted");
    await entry(soon, bibai, "approved");
    const later = await event(hokkaido, "春のガバメントピッチ（準備中）", "draft", new Date(NOW.getTime() + 60 * DAY));
    await event(hokkaido, "終わった下書き", "draft", new Date(NOW.getTime() - 5 * DAY));
    const kantoEvent = await event(kanto, "関東のピッチ", "published", new Date(NOW.getTime() + 3 * DAY));
    await entry(kantoEvent, tsukuba, "submitted");

    const late = await latePilot(bibai);
    const stalled = await createPilot(
      db(),
      await matchIn(bibai, new Date(NOW.getTime() - 40 * DAY)),
      new Date(NOW.getTime() - 40 * DAY),
    );
    await createPilot(db(), await matchIn(bibai, new Date(NOW.getTime() - 5 * DAY)), new Date(NOW.getTime() - 5 * DAY));
    const elsewhere = await latePilot(tsukuba);

    const mine = await actionsOf(hokkaido);
    expect(mine.map((a) => [a.kind, a.href])).toEqual([
      ["reviewEntries", `/bureau/events/${soon}`],
      ["publishEvent", `/bureau/events/${later}`],
      // Without a date of their own, the one waiting longest first (the agreement since 10/11, the report since 10/14).
      ["followStalledAgreement", `/bureau/monitoring/pilots/${stalled.pilot.id}`],
      ["followLateReport", `/bureau/monitoring/pilots/${late.id}`],
    ]);
    expect(mine[0]).toMatchObject({ text: "ピッチイベントへの参加申込（2件）を確認してください", dueLabel: "開催" });
    expect(mine[3]!.text).toContain("令和8年度 第2四半期（7〜9月）");
    expect(mine[3]!.subject).toBe(`${bibai.organization.name}「${late.title}」`);

    const theirs = await actionsOf(kanto);
    expect(theirs.map((a) => [a.kind, a.href])).toEqual([
      ["reviewEntries", `/bureau/events/${kantoEvent}`],
      ["followLateReport", `/bureau/monitoring/pilots/${elsewhere.id}`],
    ]);
    // Without a jurisdiction to see (an unverified bureau), only its own events count.
    expect(await listBureauActions(db(), actorOf(hokkaido), null, NOW)).toHaveLength(2);
  });
});
