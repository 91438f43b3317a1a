// The demo pitch events: one past and one upcoming event of 北海道経済産業局, 美唄市・江差町・様似町 invited, some entries
// approved (and shown on the public page), one awaiting review; a second seed adds nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "~/seed/demo-data.server";
import { getPublicEvent, listPublicEvents } from "~/domain/events/events.queries.server";
import { db } from "~/lib/db.server";

beforeAll(async () => {
  await seedDemoData(db());
});

describe("demo pitch events", () => {
  it("has one past and one upcoming published event of 北海道経済産業局 with the three municipalities invited", async () => {
    const events = await db()
      .selectFrom("pitch_event")
      .innerJoin("organization", "organization.id", "pitch_event.organization_id")
      .select([
        "pitch_event.id",
        "pitch_event.starts_at",
        "pitch_event.status",
        "pitch_event.bureau_id",
        "organization.name",
      ])
      .execute();
    expect(events).toHaveLength(2);
    expect(
      events.every((e) => e.status === "published" && e.bureau_id === "meti-hokkaido" && e.name === "北海道経済産業局"),
    ).toBe(true);
    const { upcoming, past } = await listPublicEvents(db());
    expect(upcoming).toHaveLength(1);
    expect(past).toHaveLength(1);
    for (const event of events) {
      const invited = await db()
        .selectFrom("pitch_event_invitation")
        .innerJoin("organization", "organization.id", "pitch_event_invitation.organization_id")
        .select("organization.name")
        .where("event_id", "=", event.id)
        .execute();
      expect(invited.map((i) => i.name).sort()).toEqual(["様似町", "江差町", "美唄市"].sort());
    }
  });

  it("shows approved entries (linked published pitches) on the public pages, and keeps one awaiting review", async () => {
    const { upcoming, past } = await listPublicEvents(db());
    const pastPage = await getPublicEvent(db(), past[0]!.id, null);
    expect(pastPage!.entries.length).toBeGreaterThanOrEqual(3);
    expect(pastPage!.entries.every((e) => e.pitchId !== null)).toBe(true);
    const upcomingPage = await getPublicEvent(db(), upcoming[0]!.id, null);
    expect(upcomingPage!.entries.length).toBeGreaterThanOrEqual(2);
    const pending = await db().selectFrom("pitch_event_entry").select("id").where("status", "=", "submitted").execute();
    expect(pending).toHaveLength(1);
  });

  it("a second seed adds no events", async () => {
    await seedDemoData(db());
    const row = await db()
      .selectFrom("pitch_event")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBe(2);
  });
});
