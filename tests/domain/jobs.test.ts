// The job queue: enqueue, claim, complete, retries with backoff, stale jobs, exactly-once claiming, and the
// send_email handler with and without an SMTP server.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMember } from "~/seed/factories.server";
import {
  claimJobs,
  completeJob,
  enqueueJob,
  failJob,
  retryDelayMs,
  retryFailedJob,
  RUNNING_JOB_TIMEOUT_MS,
} from "~/domain/jobs/jobs.commands.server";
import { runDueJobs } from "~/domain/jobs/jobs.worker.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { db } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { resetMailerForTests } from "~/lib/mailer.server";
import * as adminJobsRoute from "~/routes/admin.jobs";
import { getRequest, run, signedInCookie } from "../support/http";

const jobRow = (id: string) => db().selectFrom("job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const emailRow = (id: string) =>
  db().selectFrom("email_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

beforeEach(async () => {
  // Each test sees only its own jobs.
  await db().deleteFrom("job").execute();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("queue", () => {
  it("enqueues, claims once and completes", async () => {
    const id = await enqueueJob(db(), "test.noop", { answer: 42 });
    expect(await jobRow(id)).toMatchObject({
      kind: "test.noop",
      status: "pending",
      attempts: 0,
      max_attempts: 8,
      payload: { answer: 42 },
    });

    const [claimed, ...rest] = await claimJobs(db(), "worker-a", 10);
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({ id, status: "running", attempts: 1, locked_by: "worker-a" });
    expect(await claimJobs(db(), "worker-b", 10)).toEqual([]);

    await completeJob(db(), claimed!);
    const done = await jobRow(id);
    expect(done).toMatchObject({ status: "done", locked_at: null, last_error: null });
    expect(done.finished_at).toBeInstanceOf(Date);
    expect(await claimJobs(db(), "worker-b", 10)).toEqual([]);
  });

  it("does not run a job before its run_at", async () => {
    const now = Date.now();
    const id = await enqueueJob(db(), "test.later", {}, { runAt: new Date(now + 60 * 60 * 1000) });
    expect(await claimJobs(db(), "w", 10, new Date(now + 59 * 60 * 1000))).toEqual([]);
    expect((await claimJobs(db(), "w", 10, new Date(now + 60 * 60 * 1000 + 1))).map((j) => j.id)).toEqual([id]);
  });

  it("retries a failing job with exponential backoff, then marks it failed with the last error", async () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(30)).toBe(60 * 60 * 1000);

    const T0 = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    let calls = 0;
    const handlers = {
      "test.flaky": async () => {
        calls++;
        throw new Error(`temporary failure #${calls}`);
      },
    };
    const id = await enqueueJob(db(), "test.flaky", {}, { maxAttempts: 3 });

    expect(await runDueJobs({ handlers })).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "temporary failure #1",
      locked_at: null,
      finished_at: null,
    });
    expect(row.run_at.getTime()).toBe(T0 + 30_000);

    vi.setSystemTime(T0 + 29_000);
    expect(await runDueJobs({ handlers })).toBe(0);
    vi.setSystemTime(T0 + 30_000);
    expect(await runDueJobs({ handlers })).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "pending", attempts: 2, last_error: "temporary failure #2" });
    expect(row.run_at.getTime()).toBe(T0 + 30_000 + 60_000);

    vi.setSystemTime(T0 + 90_000);
    expect(await runDueJobs({ handlers })).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 3, last_error: "temporary failure #3", locked_at: null });
    expect(row.finished_at?.getTime()).toBe(T0 + 90_000);

    vi.setSystemTime(T0 + 24 * 60 * 60 * 1000);
    expect(await runDueJobs({ handlers })).toBe(0);
    expect(calls).toBe(3);

    // An operator may put it back in the queue; then it runs again.
    expect(await retryFailedJob(db(), id)).toBe(true);
    expect(await retryFailedJob(db(), id)).toBe(false);
    expect(await runDueJobs({ handlers: { "test.flaky": async () => {} } })).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: "done", attempts: 1, last_error: null });
  });

  it("fails a job of an unknown kind visibly, with the reason, on the operators' jobs page", async () => {
    const id = await enqueueJob(db(), "no.such.kind", {}, { maxAttempts: 1 });
    expect(await runDueJobs()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: "failed", last_error: 'no handler for job kind "no.such.kind"' });

    const { user } = await createMember(db(), { kind: "operator" });
    const page = await run(
      adminJobsRoute.loader,
      getRequest("/admin/jobs?status=failed", { cookie: await signedInCookie(user.id) }),
    );
    expect(page.status).toBe(200);
    expect(page.body.byStatus.failed).toBe(1);
    expect(page.body.rows).toEqual([
      expect.objectContaining({
        id,
        kind: "no.such.kind",
        status: "failed",
        last_error: 'no handler for job kind "no.such.kind"',
      }),
    ]);
  });

  it("reclaims a job left running by a dead worker, and ignores that worker if it comes back", async () => {
    const id = await enqueueJob(db(), "test.stale", {});
    const T = new Date(Date.now() + 1000);
    const [dead] = await claimJobs(db(), "dead-worker", 1, T);
    expect(dead?.id).toBe(id);
    expect(await claimJobs(db(), "live-worker", 1, new Date(T.getTime() + RUNNING_JOB_TIMEOUT_MS - 1000))).toEqual([]);

    const [live] = await claimJobs(db(), "live-worker", 1, new Date(T.getTime() + RUNNING_JOB_TIMEOUT_MS + 1000));
    expect(live).toMatchObject({ id, status: "running", attempts: 2, locked_by: "live-worker" });

    // The dead worker wakes up: its completion or failure must not touch the job it no longer holds.
    await completeJob(db(), dead!);
    await failJob(db(), dead!, new Error("late"));
    expect(await jobRow(id)).toMatchObject({ status: "running", locked_by: "live-worker", last_error: null });
    await completeJob(db(), live!);
    expect(await jobRow(id)).toMatchObject({ status: "done" });
  });

  it("lets 20 concurrent claimers claim each of 10 jobs exactly once", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) ids.add(await enqueueJob(db(), "test.race", { i }));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claimJobs(db(), `racer-${i}`, i % 2 === 0 ? 1 : 3)),
    );
    const claimed = results.flat().map((j) => j.id);
    expect(claimed.length).toBe(new Set(claimed).size); // no job twice
    for (const id of claimed) expect(ids.has(id)).toBe(true);
    // Whatever was left (a claimer may have found everything locked) is claimed by a final sweep, once.
    const sweep = (await claimJobs(db(), "sweeper", 100)).map((j) => j.id);
    expect([...claimed, ...sweep].sort()).toEqual([...ids].sort());
    const rows = await db().selectFrom("job").select(["status", "attempts"]).where("kind", "=", "test.race").execute();
    expect(rows.every((r) => r.status === "running" && r.attempts === 1)).toBe(true);
    expect(claimed.length).toBeGreaterThan(0);
  });
});

describe("send_email handler", () => {
  const savedSmtpUrl = process.env.SMTP_URL;

  function useSmtpUrl(url: string | undefined) {
    if (url === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = url;
    resetEnvForTests();
    resetMailerForTests();
  }

  afterEach(() => {
    useSmtpUrl(savedSmtpUrl);
  });

  it("marks the e-mail not_sent when no SMTP server is configured, and completes the job", async () => {
    useSmtpUrl(undefined);
    const emailId = await queueEmail(db(), { to: "nobody@example.jp", subject: "【テスト】送信なし", body: "本文" });
    expect(await runDueJobs()).toBe(1);
    const email = await emailRow(emailId);
    expect(email).toMatchObject({ status: "not_sent", sent_at: null });
    expect(email.last_error).toMatch(/SMTP_URL/);
    const job = await db().selectFrom("job").selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: "send_email", status: "done", payload: { emailId } });
  });

  it("sends through SMTP and marks the e-mail sent; a refused recipient is retried", async () => {
    const received: { from: string; to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("refused")) callback(new Error("mailbox unavailable"));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.server.address() as AddressInfo).port;
      useSmtpUrl(`smtp://127.0.0.1:${port}`);
      const subject = "【ガバメントピッチ・マッチング】パスワード再設定のご案内";
      const emailId = await queueEmail(db(), { to: "someone@example.jp", subject, body: "再設定のリンクです。" });
      expect(await runDueJobs()).toBe(1);

      expect(received).toHaveLength(1);
      expect(received[0]!.to).toEqual(["someone@example.jp"]);
      expect(received[0]!.from).toBe("no-reply@localhost");
      expect(decodedHeader(received[0]!.raw, "Subject")).toBe(subject);
      const email = await emailRow(emailId);
      expect(email).toMatchObject({ status: "sent", last_error: null });
      expect(email.sent_at).toBeInstanceOf(Date);
      expect((await db().selectFrom("job").select("status").executeTakeFirstOrThrow()).status).toBe("done");

      // Sending it again does not send twice.
      await db().deleteFrom("job").execute();
      // run_at from this process's clock: the database's now() has microseconds and can be a hair later than Date.now().
      await db()
        .insertInto("job")
        .values({ kind: "send_email", payload: JSON.stringify({ emailId }), status: "pending", run_at: new Date() })
        .execute();
      expect(await runDueJobs()).toBe(1);
      expect(received).toHaveLength(1);

      await db().deleteFrom("job").execute();
      const refusedId = await queueEmail(db(), { to: "refused@example.jp", subject: "【テスト】拒否", body: "本文" });
      expect(await runDueJobs()).toBe(1);
      expect(await emailRow(refusedId)).toMatchObject({ status: "failed" });
      const job = await db().selectFrom("job").selectAll().executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: "pending", attempts: 1 });
      expect(job.last_error).toMatch(/mailbox unavailable/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** A header of a raw message, unfolded, with RFC 2047 encoded words decoded. */
function decodedHeader(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) throw new Error(`no ${name} header in:\n${head}`);
  const value = line.slice(name.length + 1).trim();
  return value
    .replace(/\?=\s+=\?/g, "?==?") // whitespace between adjacent encoded words is not part of the text
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}
