// Automatic close at the proposal deadline: exactly the expired published pitches, one audit row each, safe when
// several processes run it at once (meaningful on PostgreSQL, where the calls really overlap).
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createOrganization } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { closeExpiredPitches } from "~/domain/pitches/pitches.jobs.server";
import { runPeriodicTasks } from "~/domain/jobs/jobs.worker.server";
import { db } from "~/lib/db.server";
import { allowConsoleError } from "../support/console";

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
// A fixed clock: 2027-01-15 17:00 Asia/Tokyo.
const NOW = new Date("2027-01-15T17:00:00+09:00");

let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganization(db(), { kind: "municipality" })).id;
});

beforeEach(async () => {
  // Each test starts from its own pitches (revisions cascade). Audit rows are append-only: tests filter by id.
  await db().deleteFrom("pitch").execute();
});

const pitch = (status: "draft" | "published" | "closed" | "matched", deadline: Date | null) =>
  createPitch(db(), { organizationId, status, now: new Date(NOW.getTime() - 30 * DAY), proposal_deadline: deadline });

const statusOf = async (id: string) =>
  db().selectFrom("pitch").select(["status", "closed_at"]).where("id", "=", id).executeTakeFirstOrThrow();

const autoCloseAudits = (ids: string[]) =>
  db()
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", "pitch.auto_close")
    .where("entity_id", "in", ids.length ? ids : ["none"])
    .execute();

describe("closeExpiredPitches", () => {
  it("closes exactly the published pitches whose deadline has passed, and audits each once as the system", async () => {
    const expired = await pitch("published", new Date(NOW.getTime() - DAY));
    const exactlyNow = await pitch("published", NOW);
    const future = await pitch("published", new Date(NOW.getTime() + MINUTE));
    const farFuture = await pitch("published", new Date(NOW.getTime() + 30 * DAY));
    const draftPast = await pitch("draft", new Date(NOW.getTime() - DAY));
    const closedPast = await pitch("closed", new Date(NOW.getTime() - 10 * DAY));
    const matchedPast = await pitch("matched", new Date(NOW.getTime() - 10 * DAY));
    const closedBefore = await statusOf(closedPast.id);

    const closed = await closeExpiredPitches(NOW);
    expect(closed.map((c) => c.id).sort()).toEqual([expired.id, exactlyNow.id].sort());

    for (const p of [expired, exactlyNow]) {
      const row = await statusOf(p.id);
      expect(row.status).toBe("closed");
      expect(row.closed_at?.getTime()).toBe(NOW.getTime());
    }
    expect((await statusOf(future.id)).status).toBe("published");
    expect((await statusOf(farFuture.id)).status).toBe("published");
    expect((await statusOf(draftPast.id)).status).toBe("draft");
    expect(await statusOf(closedPast.id)).toEqual(closedBefore);
    expect((await statusOf(matchedPast.id)).status).toBe("matched");

    const audits = await autoCloseAudits([
      expired.id,
      exactlyNow.id,
      future.id,
      farFuture.id,
      draftPast.id,
      closedPast.id,
      matchedPast.id,
    ]);
    expect(audits.map((a) => a.entity_id).sort()).toEqual([expired.id, exactlyNow.id].sort());
    for (const audit of audits) {
      expect(audit).toMatchObject({
        actor_user_id: null,
        actor_organization_id: null,
        organization_id: organizationId,
        entity_type: "pitch",
      });
      expect(audit.changes).toMatchObject({ status: { from: "published", to: "closed" } });
    }
  });

  it("is idempotent and leaves future deadlines alone until they pass", async () => {
    const soon = await pitch("published", new Date(NOW.getTime() + 5 * MINUTE));
    expect(await closeExpiredPitches(NOW)).toEqual([]);
    expect(await closeExpiredPitches(new Date(NOW.getTime() + 4 * MINUTE))).toEqual([]);
    expect((await statusOf(soon.id)).status).toBe("published");

    const later = new Date(NOW.getTime() + 5 * MINUTE);
    expect((await closeExpiredPitches(later)).map((c) => c.id)).toEqual([soon.id]);
    expect(await closeExpiredPitches(later)).toEqual([]);
    expect(await closeExpiredPitches(new Date(later.getTime() + DAY))).toEqual([]);
    expect(await autoCloseAudits([soon.id])).toHaveLength(1);
  });

  it("closes and audits each pitch once when five calls run concurrently", async () => {
    const expired = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pitch("published", new Date(NOW.getTime() - (i + 1) * MINUTE))),
    );
    const open = await pitch("published", new Date(NOW.getTime() + DAY));

    const results = await Promise.all(Array.from({ length: 5 }, () => closeExpiredPitches(NOW)));
    const closedIds = results.flat().map((c) => c.id);
    expect(closedIds.sort()).toEqual(expired.map((p) => p.id).sort());
    expect(new Set(closedIds).size).toBe(closedIds.length);

    const audits = await autoCloseAudits([...expired.map((p) => p.id), open.id]);
    expect(audits).toHaveLength(expired.length);
    expect(new Set(audits.map((a) => a.entity_id)).size).toBe(expired.length);
    expect((await statusOf(open.id)).status).toBe("published");
  });

  it("compares instants: a deadline entered as 17:00 Tokyo time closes at 08:00 UTC", async () => {
    const deadline = new Date("2027-02-01T17:00:00+09:00");
    const p = await pitch("published", deadline);
    expect(await closeExpiredPitches(new Date("2027-02-01T07:59:59Z"))).toEqual([]);
    expect((await closeExpiredPitches(new Date("2027-02-01T08:00:00Z"))).map((c) => c.id)).toEqual([p.id]);
  });
});

describe("worker periodic tasks", () => {
  it("runs the close at most once a minute per process and logs failures instead of throwing", async () => {
    const p = await pitch("published", new Date(NOW.getTime() - DAY));
    await runPeriodicTasks(NOW, { force: true });
    expect((await statusOf(p.id)).status).toBe("closed");

    const q = await pitch("published", new Date(NOW.getTime() + 10 * 1000));
    // 30 s later: within the minute, skipped even though q has expired.
    await runPeriodicTasks(new Date(NOW.getTime() + 30 * 1000));
    expect((await statusOf(q.id)).status).toBe("published");
    await runPeriodicTasks(new Date(NOW.getTime() + 61 * 1000));
    expect((await statusOf(q.id)).status).toBe("closed");

    // Each periodic task logs its own failure (the reminders run after the close, independently).
    const failures = allowConsoleError(
      /closing expired pitches failed|deadline reminders failed|outcome report reminders failed|agreement ending reminders failed/,
    );
    const spy = vi.spyOn(db(), "transaction").mockImplementation(() => {
      throw new Error("database unavailable");
    });
    try {
      await expect(runPeriodicTasks(new Date(NOW.getTime() + 10 * MINUTE), { force: true })).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(failures()).toHaveLength(4);
  });
});
