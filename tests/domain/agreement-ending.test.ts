// Reminders before a signed agreement's period ends: 30 and 7 days before its last day (Tokyo), both parties'
// members once each; nothing before, nothing after the end, nothing twice, nothing for a pilot not running.
import { describe, expect, it } from "vitest";
import { signPilot } from "~/seed/outcome-factory.server";
import { createPilot } from "~/seed/pilot-factory.server";
import {
  daysUntil,
  endingLinkPath,
  reminderFor,
  sendAgreementEndingReminders,
} from "~/domain/pilots/agreement-ending.jobs.server";
import { db } from "~/lib/db.server";

const at = (tokyo: string) => new Date(`${tokyo}+09:00`);

describe("daysUntil and reminderFor", () => {
  it.each([
    ["2027-03-31", "2027-03-31T23:30:00", 0, 7],
    ["2027-03-31", "2027-03-24T00:10:00", 7, 7],
    ["2027-03-31", "2027-03-23T12:00:00", 8, 30],
    ["2027-03-31", "2027-03-01T09:00:00", 30, 30],
    ["2027-03-31", "2027-02-28T09:00:00", 31, null],
    ["2027-03-31", "2027-04-01T00:00:00", -1, null],
  ] as const)("%s at %s: %s days, reminder %s", (end, now, days, reminder) => {
    expect(daysUntil(end, at(now))).toBe(days);
    expect(reminderFor(days)).toBe(reminder);
  });
});

describe("sendAgreementEndingReminders", () => {
  it("tells both parties once 30 days before and once 7 days before the end, and never after it", async () => {
    const m = await createPilot(db());
    const pilot = await signPilot(db(), m.pilot, { periodStart: "2026-04-01", periodEnd: "2027-03-31" });
    const draft = await createPilot(db()); // agreement not signed: nothing to remind
    const sentTo = async (days: number) =>
      (
        await db()
          .selectFrom("notification")
          .select("user_id")
          .where("kind", "=", "agreement_ending")
          .where("link_path", "=", endingLinkPath(pilot.id, days))
          .execute()
      )
        .map((n) => n.user_id)
        .sort();
    const parties = [m.municipality.user.id, m.company.user.id].sort();

    expect(await sendAgreementEndingReminders(at("2027-02-15T09:00:00"))).toBe(0);
    expect(await sendAgreementEndingReminders(at("2027-03-05T09:00:00"))).toBe(1);
    expect(await sentTo(30)).toEqual(parties);
    expect(await sendAgreementEndingReminders(at("2027-03-06T09:00:00"))).toBe(0);
    expect(await sendAgreementEndingReminders(at("2027-03-25T09:00:00"))).toBe(1);
    expect(await sentTo(7)).toEqual(parties);
    expect(await sendAgreementEndingReminders(at("2027-03-31T09:00:00"))).toBe(0);
    expect(await sendAgreementEndingReminders(at("2027-04-02T09:00:00"))).toBe(0);
    const mail = await db()
      .selectFrom("email_outbox")
      .select("subject")
      .where("to_address", "=", m.company.user.email)
      .where("subject", "like", "%実証期間の終了まで7日%")
      .execute();
    expect(mail).toHaveLength(1);
    expect(
      await db()
        .selectFrom("notification")
        .select("id")
        .where("link_path", "like", `/pilots/${draft.pilot.id}%`)
        .execute(),
    ).toHaveLength(0);
  });
});
