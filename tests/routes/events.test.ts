// Pitch events (ガバメントピッチ rounds): a verified bureau creates an event, invites municipalities of its own
// jurisdiction, reviews the pitches they enter; the public page lists approved entries only; companies register
// interest once. Cross-organisation ids behave like unknown ones; extra fields are refused; audit rows are written.
import { beforeAll, describe, expect, it } from "vitest";
import type { Pitch } from "@db/schema";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { db } from "~/lib/db.server";
import * as bureauEventRoute from "~/routes/bureau_.events.$eventId";
import * as bureauEventsRoute from "~/routes/bureau_.events._index";
import * as newEventRoute from "~/routes/bureau_.events.new";
import * as publicEventRoute from "~/routes/events.$eventId";
import * as publicEventsRoute from "~/routes/events._index";
import * as municipalityEventsRoute from "~/routes/municipality_.events";
import { countRows } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const DAY = 86_400_000;
let bureau: CreatedMember, otherBureau: CreatedMember, unverifiedBureau: CreatedMember;
let bibai: CreatedMember,
  esashi: CreatedMember,
  tokyoTown: CreatedMember,
  company: CreatedMember,
  company2: CreatedMember;
let bibaiPublished: Pitch, bibaiDraft: Pitch, esashiPitch: Pitch, bibaiClosed: Pitch;
const cookies: Record<string, string> = {};

/** "YYYY-MM-DDTHH:mm" in Japan time, `days` from now. */
function tokyo(days: number): string {
  return new Date(Date.now() + days * DAY + 9 * 3600_000).toISOString().slice(0, 16);
}

const eventForm = (overrides: Record<string, string> = {}) => ({
  title: "北海道ガバメントピッチ2026",
  startsAt: tokyo(30),
  format: "venue",
  location: "札幌市中央区 北海道経済産業局 会議室",
  applicationStartsAt: tokyo(-1),
  applicationEndsAt: tokyo(20),
  description: "道内自治体の地域課題を発表します。",
  ...overrides,
});

beforeAll(async () => {
  bureau = await createMember(db(), { kind: "bureau", bureauId: "meti-hokkaido" });
  otherBureau = await createMember(db(), { kind: "bureau", bureauId: "meti-kanto" });
  unverifiedBureau = await createMember(db(), {
    kind: "bureau",
    bureauId: "meti-tohoku",
    verificationStatus: "unverified",
  });
  bibai = await createMember(db(), { kind: "municipality", municipalityCode: "012157" });
  esashi = await createMember(db(), { kind: "municipality", municipalityCode: "013617" });
  tokyoTown = await createMember(db(), { kind: "municipality", municipalityCode: "082309" });
  company = await createMember(db(), { kind: "company" });
  company2 = await createMember(db(), { kind: "company" });
  bibaiPublished = await createPitch(db(), { organizationId: bibai.organization.id, title: "茶志内地区の買い物支援" });
  bibaiDraft = await createPitch(db(), {
    organizationId: bibai.organization.id,
    status: "draft",
    title: "下書きの移動支援",
    contact_phone: "0126-00-0000",
  });
  bibaiClosed = await createPitch(db(), { organizationId: bibai.organization.id, status: "closed" });
  esashiPitch = await createPitch(db(), { organizationId: esashi.organization.id, title: "江差町の外出支援" });
  for (const [name, member] of Object.entries({
    bureau,
    otherBureau,
    unverifiedBureau,
    bibai,
    esashi,
    tokyoTown,
    company,
    company2,
  })) {
    cookies[name] = await signedInCookie(member.user.id);
  }
});

function createEvent(cookie: string, fields: Record<string, string>) {
  return run(newEventRoute.action, postRequest("/bureau/events/new", fields, { cookie }));
}
function bureauPost(cookie: string, eventId: string, fields: Record<string, string>) {
  return run(bureauEventRoute.action, postRequest(`/bureau/events/${eventId}`, fields, { cookie }), {
    params: { eventId },
  });
}
function bureauPage(cookie: string, eventId: string) {
  return run(bureauEventRoute.loader, getRequest(`/bureau/events/${eventId}`, { cookie }), { params: { eventId } });
}
function municipalityPost(cookie: string, fields: Record<string, string>) {
  return run(municipalityEventsRoute.action, postRequest("/municipality/events", fields, { cookie }));
}
function municipalityPage(cookie: string) {
  return run(municipalityEventsRoute.loader, getRequest("/municipality/events", { cookie }));
}
function publicPage(eventId: string, cookie: string | null = null) {
  return run(publicEventRoute.loader, getRequest(`/events/${eventId}`, { cookie }), { params: { eventId } });
}
function interest(eventId: string, cookie: string | null, fields: Record<string, string> = { intent: "interest" }) {
  return run(publicEventRoute.action, postRequest(`/events/${eventId}`, fields, { cookie }), { params: { eventId } });
}
async function auditActions(entityId: string) {
  const rows = await db()
    .selectFrom("audit_log")
    .select(["action", "organization_id", "actor_user_id"])
    .where("entity_id", "=", entityId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

describe("pitch events", () => {
  let eventId: string;
  let entryId: string;
  let draftEntryId: string;

  it("an unverified bureau cannot create events; validation messages are Japanese; extra fields are refused", async () => {
    const before = await countRows("pitch_event");
    expect((await createEvent(cookies.unverifiedBureau!, eventForm())).status).toBe(403);
    expect((await createEvent(cookies.bibai!, eventForm())).status).toBe(403);
    const invalid = await createEvent(cookies.bureau!, eventForm({ title: "", startsAt: "来月" }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.fieldErrors.title).toMatch(JAPANESE);
    expect(invalid.body.fieldErrors.startsAt).toMatch(JAPANESE);
    const period = await createEvent(cookies.bureau!, eventForm({ applicationEndsAt: tokyo(40) }));
    expect(period.status).toBe(400);
    expect(period.body.fieldErrors.applicationEndsAt).toMatch(JAPANESE);
    const smuggled = await createEvent(cookies.bureau!, { ...eventForm(), status: "published" });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.formError).toMatch(JAPANESE);
    expect(await countRows("pitch_event")).toBe(before);
  });

  it("a verified bureau creates a draft event: times entered in Japan time are stored in UTC; audit row", async () => {
    const startsAt = tokyo(30);
    const result = await createEvent(cookies.bureau!, eventForm({ startsAt }));
    expect(result.status).toBe(302);
    eventId = result.location!.split("/").pop()!;
    const row = await db().selectFrom("pitch_event").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organization_id: bureau.organization.id,
      bureau_id: "meti-hokkaido",
      status: "draft",
      format: "venue",
    });
    expect(row.starts_at.toISOString()).toBe(new Date(`${startsAt}:00+09:00`).toISOString());
    expect(await auditActions(eventId)).toEqual(["event.create"]);
    // A draft is not public.
    expect((await publicPage(eventId)).status).toBe(404);
    const list = await run(publicEventsRoute.loader, getRequest("/events"));
    expect([...list.body.upcoming, ...list.body.past].map((e: { id: string }) => e.id)).not.toContain(eventId);
  });

  it("another bureau's ids are 404, like unknown ones", async () => {
    const swapped = await bureauPage(cookies.otherBureau!, eventId);
    const unknown = await bureauPage(cookies.otherBureau!, crypto.randomUUID());
    expect(swapped).toMatchObject({ status: 404, thrown: true });
    expect(swapped.body).toBe(unknown.body);
    expect((await bureauPost(cookies.otherBureau!, eventId, { intent: "publish" })).status).toBe(404);
    expect(
      (await bureauPost(cookies.otherBureau!, eventId, { intent: "invite", organizationId: bibai.organization.id }))
        .status,
    ).toBe(404);
    const list = await run(bureauEventsRoute.loader, getRequest("/bureau/events", { cookie: cookies.otherBureau! }));
    expect(list.body.events).toEqual([]);
  });

  it("the bureau invites municipalities of its jurisdiction only", async () => {
    const page = await bureauPage(cookies.bureau!, eventId);
    const invitable = page.body.invitable.map((m: { id: string }) => m.id);
    expect(invitable).toContain(bibai.organization.id);
    expect(invitable).not.toContain(tokyoTown.organization.id);
    const outside = await bureauPost(cookies.bureau!, eventId, {
      intent: "invite",
      organizationId: tokyoTown.organization.id,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.fieldErrors.organizationId).toMatch(JAPANESE);
    const notMunicipality = await bureauPost(cookies.bureau!, eventId, {
      intent: "invite",
      organizationId: company.organization.id,
    });
    expect(notMunicipality.status).toBe(400);
    for (const m of [bibai, esashi]) {
      expect(
        (await bureauPost(cookies.bureau!, eventId, { intent: "invite", organizationId: m.organization.id })).status,
      ).toBe(302);
    }
    const again = await bureauPost(cookies.bureau!, eventId, {
      intent: "invite",
      organizationId: bibai.organization.id,
    });
    expect(again.status).toBe(400);
    const extra = await bureauPost(cookies.bureau!, eventId, {
      intent: "invite",
      organizationId: esashi.organization.id,
      event_id: crypto.randomUUID(),
    });
    expect(extra.status).toBe(400);
    expect(await countRows("pitch_event_invitation")).toBe(2);
    const audit = await db().selectFrom("audit_log").select("action").where("action", "=", "event.invite").execute();
    expect(audit).toHaveLength(2);
  });

  it("invitations show once the event is published; municipalities attach only their own pitches to events they are invited to", async () => {
    expect((await municipalityPage(cookies.bibai!)).body.events).toEqual([]);
    expect((await bureauPost(cookies.bureau!, eventId, { intent: "publish" })).status).toBe(302);
    expect(await auditActions(eventId)).toEqual(["event.create", "event.publish"]);
    const page = await municipalityPage(cookies.bibai!);
    expect(page.body.events.map((e: { id: string }) => e.id)).toEqual([eventId]);
    expect(page.body.pitches.map((p: { id: string }) => p.id).sort()).toEqual(
      [bibaiPublished.id, bibaiDraft.id].sort(),
    );

    // Not invited: 404. Another municipality's pitch: 404. A closed pitch: 404.
    expect(
      (await municipalityPost(cookies.tokyoTown!, { intent: "enter", eventId, pitchId: bibaiPublished.id })).status,
    ).toBe(404);
    expect(
      (await municipalityPost(cookies.esashi!, { intent: "enter", eventId, pitchId: bibaiPublished.id })).status,
    ).toBe(404);
    expect((await municipalityPost(cookies.bibai!, { intent: "enter", eventId, pitchId: bibaiClosed.id })).status).toBe(
      404,
    );
    expect(
      (await municipalityPost(cookies.company!, { intent: "enter", eventId, pitchId: bibaiPublished.id })).status,
    ).toBe(403);
    const extra = await municipalityPost(cookies.bibai!, {
      intent: "enter",
      eventId,
      pitchId: bibaiPublished.id,
      status: "approved",
    });
    expect(extra.status).toBe(400);
    expect(await countRows("pitch_event_entry")).toBe(0);

    expect(
      (await municipalityPost(cookies.bibai!, { intent: "enter", eventId, pitchId: bibaiPublished.id })).status,
    ).toBe(302);
    expect((await municipalityPost(cookies.bibai!, { intent: "enter", eventId, pitchId: bibaiDraft.id })).status).toBe(
      302,
    );
    expect(
      (await municipalityPost(cookies.esashi!, { intent: "enter", eventId, pitchId: esashiPitch.id })).status,
    ).toBe(302);
    const twice = await municipalityPost(cookies.bibai!, { intent: "enter", eventId, pitchId: bibaiPublished.id });
    expect(twice.status).toBe(400);
    expect(twice.body.fieldErrors.pitchId).toMatch(JAPANESE);
    const entries = await db().selectFrom("pitch_event_entry").selectAll().where("event_id", "=", eventId).execute();
    expect(entries.map((e) => e.status)).toEqual(["submitted", "submitted", "submitted"]);
    entryId = entries.find((e) => e.pitch_id === bibaiPublished.id)!.id;
    draftEntryId = entries.find((e) => e.pitch_id === bibaiDraft.id)!.id;
    expect(await auditActions(entryId)).toEqual(["event.entry.submit"]);
  });

  it("nothing is public before review", async () => {
    const page = await publicPage(eventId);
    expect(page.status).toBe(200);
    expect(page.body.entries).toEqual([]);
  });

  it("review: request changes with a message, the municipality sees it and resubmits, the bureau approves", async () => {
    const empty = await bureauPost(cookies.bureau!, eventId, { intent: "requestChanges", entryId, message: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.fieldErrors.message).toMatch(JAPANESE);
    expect(
      (
        await bureauPost(cookies.bureau!, eventId, {
          intent: "requestChanges",
          entryId,
          message: "対象者の人数を追記してください。",
        })
      ).status,
    ).toBe(302);
    const mine = await municipalityPage(cookies.bibai!);
    const entry = mine.body.events[0].entries.find((e: { id: string }) => e.id === entryId);
    expect(entry).toMatchObject({ status: "changes_requested", reviewMessage: "対象者の人数を追記してください。" });
    // Esashi never sees Bibai's entries, nor its messages.
    const theirs = await municipalityPage(cookies.esashi!);
    expect(JSON.stringify(theirs.body)).not.toContain("対象者の人数を追記");
    // Cannot approve a pitch awaiting changes; another municipality cannot resubmit it.
    expect((await bureauPost(cookies.bureau!, eventId, { intent: "approve", entryId })).status).toBe(400);
    expect((await municipalityPost(cookies.esashi!, { intent: "resubmit", entryId })).status).toBe(404);
    expect((await municipalityPost(cookies.bibai!, { intent: "resubmit", entryId })).status).toBe(302);
    expect((await municipalityPost(cookies.bibai!, { intent: "resubmit", entryId })).status).toBe(400);
    expect((await bureauPost(cookies.bureau!, eventId, { intent: "approve", entryId })).status).toBe(302);
    expect((await bureauPost(cookies.bureau!, eventId, { intent: "approve", entryId: draftEntryId })).status).toBe(302);
    // Another bureau cannot review; an entry of another event is 404.
    expect((await bureauPost(cookies.otherBureau!, eventId, { intent: "approve", entryId })).status).toBe(404);
    expect((await bureauPost(cookies.unverifiedBureau!, eventId, { intent: "approve", entryId })).status).toBe(403);
    expect(await auditActions(entryId)).toEqual([
      "event.entry.submit",
      "event.entry.requestChanges",
      "event.entry.resubmit",
      "event.entry.approve",
    ]);
  });

  it("the public page lists approved entries only; a draft pitch shows no link and none of its private fields", async () => {
    const page = await publicPage(eventId);
    expect(page.status).toBe(200);
    expect(page.body.entries.map((e: { title: string }) => e.title).sort()).toEqual(
      ["下書きの移動支援", "茶志内地区の買い物支援"].sort(),
    );
    const published = page.body.entries.find((e: { title: string }) => e.title === "茶志内地区の買い物支援");
    expect(published.pitchId).toBe(bibaiPublished.id);
    const draft = page.body.entries.find((e: { title: string }) => e.title === "下書きの移動支援");
    expect(draft.pitchId).toBeNull();
    expect(draft.summary).toBeNull();
    expect(JSON.stringify(page.body)).not.toContain(bibaiDraft.id);
    expect(JSON.stringify(page.body)).not.toContain("0126-00-0000");
    expect(JSON.stringify(page.body)).not.toContain("江差町の外出支援");
    const list = await run(publicEventsRoute.loader, getRequest("/events"));
    expect(list.body.upcoming).toMatchObject([{ id: eventId, approvedCount: 2 }]);
  });

  it("companies register interest once; others cannot; the bureau sees the count", async () => {
    expect(await interest(eventId, null)).toMatchObject({ status: 302 });
    expect((await interest(eventId, null)).location).toMatch(/^\/login/);
    expect((await interest(eventId, cookies.bibai!)).status).toBe(403);
    expect((await interest(eventId, cookies.bureau!)).status).toBe(403);
    expect((await interest(eventId, cookies.company!, { intent: "interest", user_id: company2.user.id })).status).toBe(
      400,
    );
    expect((await interest(eventId, cookies.company!)).status).toBe(302);
    const again = await interest(eventId, cookies.company!);
    expect(again.status).toBe(400);
    expect(again.body.formError).toMatch(JAPANESE);
    expect((await interest(eventId, cookies.company2!)).status).toBe(302);
    expect((await interest(crypto.randomUUID(), cookies.company!)).status).toBe(404);
    expect(await countRows("pitch_event_interest")).toBe(2);
    expect((await publicPage(eventId, cookies.company!)).body.interested).toBe(true);
    expect((await bureauPage(cookies.bureau!, eventId)).body.interestCount).toBe(2);
    const list = await run(bureauEventsRoute.loader, getRequest("/bureau/events", { cookie: cookies.bureau! }));
    expect(list.body.events).toMatchObject([{ id: eventId, interests: 2, approved: 2, invitations: 2 }]);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["organization_id"])
      .where("action", "=", "event.interest")
      .execute();
    expect(audit).toEqual([{ organization_id: bureau.organization.id }, { organization_id: bureau.organization.id }]);
  });

  it("entries outside the application period are refused", async () => {
    const closed = await createEvent(
      cookies.bureau!,
      eventForm({ applicationStartsAt: tokyo(-10), applicationEndsAt: tokyo(-5), startsAt: tokyo(-1) }),
    );
    const closedId = closed.location!.split("/").pop()!;
    await bureauPost(cookies.bureau!, closedId, { intent: "invite", organizationId: bibai.organization.id });
    await bureauPost(cookies.bureau!, closedId, { intent: "publish" });
    const late = await municipalityPost(cookies.bibai!, {
      intent: "enter",
      eventId: closedId,
      pitchId: bibaiPublished.id,
    });
    expect(late.status).toBe(400);
    expect(late.body.fieldErrors.pitchId).toMatch(JAPANESE);
    const list = await run(publicEventsRoute.loader, getRequest("/events"));
    expect(list.body.past.map((e: { id: string }) => e.id)).toContain(closedId);
  });

  it("the bureau edits and cancels; a cancelled event refuses interest", async () => {
    const edited = await bureauPost(cookies.bureau!, eventId, {
      intent: "update",
      ...eventForm({
        title: "北海道ガバメントピッチ2026（改）",
        format: "online",
        location: "https://example.test/live",
      }),
    });
    expect(edited.status).toBe(302);
    expect((await publicPage(eventId)).body.event).toMatchObject({
      title: "北海道ガバメントピッチ2026（改）",
      format: "online",
    });
    expect((await bureauPost(cookies.bureau!, eventId, { intent: "cancel" })).status).toBe(302);
    const company3 = await createMember(db(), { kind: "company" });
    expect((await interest(eventId, await signedInCookie(company3.user.id))).status).toBe(400);
    expect((await publicPage(eventId)).body.event.status).toBe("cancelled");
    expect(await auditActions(eventId)).toEqual(["event.create", "event.publish", "event.update", "event.cancel"]);
  });
});
