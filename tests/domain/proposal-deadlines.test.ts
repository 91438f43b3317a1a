// Deadline reminders: drafts to pitches closing within 3 days remind their company's members once per proposal;
// a passed deadline tells the owner's members how many proposals arrived, once per pitch. Re-runs notify nobody twice.
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { runPeriodicTasks } from "~/domain/jobs/jobs.worker.server";
import { sendDeadlineReminders } from "~/domain/proposals/proposal-deadlines.jobs.server";
import { db } from "~/lib/db.server";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date("2027-03-10T09:00:00+09:00");

let company: CreatedMember;
let colleagueId: string;
let otherCompany: CreatedMember;
let owner: CreatedMember;

const notificationsOf = (kind: string) =>
  db().selectFrom("notification").selectAll().where("kind", "=", kind).orderBy("user_id").execute();

beforeAll(async () => {
  company = await createMember(db(), { kind: "company" });
  const colleague = await createUser(db());
  await addMember(db(), { organizationId: company.organization.id, userId: colleague.id });
  colleagueId = colleague.id;
  otherCompany = await createMember(db(), { kind: "company" });
  owner = await createMember(db(), { kind: "municipality" });
});

describe("deadline reminders", () => {
  it("reminds draft authors once when the deadline is within 3 days, and tells the owner once that it passed", async () => {
    const created = new Date(NOW.getTime() - 30 * DAY);
    const soon = await createPitch(db(), {
      organizationId: owner.organization.id,
      now: created,
      proposal_deadline: new Date(NOW.getTime() + 2 * DAY),
    });
    const later = await createPitch(db(), {
      organizationId: owner.organization.id,
      now: created,
      proposal_deadline: new Date(NOW.getTime() + 5 * DAY),
    });
    const passed = await createPitch(db(), {
      organizationId: owner.organization.id,
      now: created,
      proposal_deadline: new Date(NOW.getTime() - HOUR),
    });
    const draft = await createProposal(db(), {
      pitchId: soon.id,
      organizationId: company.organization.id,
      status: "draft",
      now: created,
    });
    // Submitted proposals and drafts to later pitches get no reminder.
    await createProposal(db(), { pitchId: soon.id, organizationId: otherCompany.organization.id, now: created });
    await createProposal(db(), {
      pitchId: later.id,
      organizationId: company.organization.id,
      status: "draft",
      now: created,
    });
    await createProposal(db(), { pitchId: passed.id, organizationId: company.organization.id, now: created });
    await createProposal(db(), { pitchId: passed.id, organizationId: otherCompany.organization.id, now: created });
    await createProposal(db(), {
      pitchId: passed.id,
      organizationId: otherCompany.organization.id,
      status: "withdrawn",
      now: created,
    });

    expect(await sendDeadlineReminders(NOW)).toEqual({ soon: 2, passed: 1 });
    const reminders = await notificationsOf("proposal_deadline_soon");
    expect(reminders.map((n) => n.user_id).sort()).toEqual([company.user.id, colleagueId].sort());
    for (const n of reminders) {
      expect(n.link_path).toBe(`/company/proposals/${draft.id}`);
      expect(n.title).toContain(soon.title);
      expect(n.body).toMatch(/締切は2027\/03\/12 09:00/);
    }
    const passedNotes = await notificationsOf("pitch_deadline_passed");
    expect(passedNotes).toHaveLength(1);
    expect(passedNotes[0]).toMatchObject({
      user_id: owner.user.id,
      link_path: `/municipality/pitches/${passed.id}/proposals`,
    });
    expect(passedNotes[0]!.body).toContain("2件の提案");

    // Run again (and through the worker's periodic tasks, which also auto-close the passed pitch): nobody twice.
    expect(await sendDeadlineReminders(new Date(NOW.getTime() + HOUR))).toEqual({ soon: 0, passed: 0 });
    await runPeriodicTasks(new Date(NOW.getTime() + 2 * HOUR), { force: true });
    expect(await notificationsOf("proposal_deadline_soon")).toHaveLength(2);
    expect(await notificationsOf("pitch_deadline_passed")).toHaveLength(1);

    // Once the soon pitch's deadline passes too, its owner hears about it, once.
    const after = new Date(NOW.getTime() + 3 * DAY);
    expect((await sendDeadlineReminders(after)).passed).toBe(1);
    expect((await sendDeadlineReminders(after)).passed).toBe(0);
    expect(await notificationsOf("pitch_deadline_passed")).toHaveLength(2);
  });
});
