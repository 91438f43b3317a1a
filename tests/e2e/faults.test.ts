// Faults that lose nothing, against the real built server (`node server.js`): killed with SIGKILL in a burst of
// budget changes it restarts at once on the same data (PGlite: the folder's lock died with its holder) and every
// acknowledged change is there, nothing half-written, the ledgers balanced; `npm run backup` while it runs and
// `npm run restore` give the same rows; with PostgreSQL behind a TCP proxy that we cut and restore, pages answer 503
// in Japanese while it is gone and 200 again when it is back, without a restart.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { type EnrolledFactor, nextCode } from "./support/two-factor";
import { adminQuery } from "../support/postgres-admin";
import { countRowsOfEveryTable } from "@db/backup.server";
import { openPglite, openPostgres, pgliteDirectory, type Database } from "@db/database.server";
import { DEMO_PASSWORD, demoEmail, freePort, ROOT, sleep, spawnServer, type ServerProcess } from "./support/server";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `govpitch-faults-${label}-`));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function started(proc: ServerProcess, timeoutMs = 90_000): Promise<ServerProcess> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = await Promise.race([proc.exited, sleep(200).then(() => null)]);
    if (exit !== null) throw new Error(`The server exited (${exit}) before it was ready:\n${proc.output()}`);
    try {
      const response = await fetch(`${proc.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server was not ready in time:\n${proc.output()}`);
  }
}

async function start(options: { dataDir: string; port?: number; env?: Record<string, string> }) {
  const proc = await spawnServer(options);
  cleanups.push(async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill("SIGKILL");
      await proc.exited;
    }
  });
  return proc;
}

/** Each demo account's second factor, once enrolled (a restarted server on the same data keeps it). */
const factors = new Map<string, EnrolledFactor>();

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !/=$/.test(c));

/**
 * Signs in as a person would: the password, then the code when a second factor is set up; without one, sets it up
 * (budgets are public money: their changes need a session verified by a second factor).
 */
async function signIn(server: ServerProcess, local: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: demoEmail(local), password: DEMO_PASSWORD }).toString(),
  });
  expect(response.status).toBe(302);
  let cookie = cookiesOf(response).join("; ");
  const factor = factors.get(local);
  if (response.headers.get("location")?.startsWith("/login/two-factor")) {
    expect(factor, `${local} has a second factor from an earlier sign-in`).toBeDefined();
    const verified = await post(server, "/login/two-factor", cookie, { code: await nextCode(factor!), redirectTo: "" });
    expect(verified.status, await verified.clone().text()).toBe(302);
    cookie = cookiesOf(verified).find((c) => c.startsWith("session=")) ?? cookie;
    return cookie;
  }
  expect((await post(server, "/account/two-factor", cookie, { intent: "start" })).status).toBe(302);
  const setup = await (await fetch(`${server.url}/account/two-factor`, { headers: { Cookie: cookie } })).text();
  const shown = /data-testid="totp-key"[^>]*>([^<]+)</.exec(setup)![1]!;
  const enrolled: EnrolledFactor = {
    key: decodeBase32IgnorePadding(shown.replace(/\s/g, "")),
    lastStep: 0,
    recoveryCodes: [],
  };
  const confirmed = await post(server, "/account/two-factor", cookie, {
    intent: "confirm",
    code: await nextCode(enrolled),
  });
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  factors.set(local, enrolled);
  return cookie.split("; ").find((c) => c.startsWith("session="))!;
}

function post(server: ServerProcess, pathname: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Creates a budget for a far fiscal year and returns its id (from the budgets page). */
async function newBudget(server: ServerProcess, cookie: string, fiscalYear: number): Promise<string> {
  const created = await post(server, "/municipality/budgets", cookie, {
    intent: "create",
    fiscalYear: String(fiscalYear),
    amountYen: "1000000",
    note: "",
  });
  expect(created.status, await created.clone().text()).toBe(302);
  const page = await (await fetch(`${server.url}/municipality/budgets`, { headers: { Cookie: cookie } })).text();
  const ids = [...page.matchAll(/name="budgetId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
  expect(ids.length).toBeGreaterThan(0);
  return ids[0]!;
}

interface Burst {
  sent: Set<number>;
  acknowledged: number[];
  stop(): Promise<void>;
}

/** Parallel writers, each changing the amount of its budget to a new value; a 302 to the notice is the ack. */
function burst(server: ServerProcess, cookie: string, budgetIds: string[]): Burst {
  const sent = new Set<number>();
  const acknowledged: number[] = [];
  let running = true;
  const writers = budgetIds.map(async (budgetId, w) => {
    for (let i = 1; running; i++) {
      const amount = 100_000_000_000 + w * 1_000_000 + i;
      sent.add(amount);
      try {
        const response = await post(server, "/municipality/budgets", cookie, {
          intent: "update",
          budgetId,
          amountYen: String(amount),
          note: "",
        });
        if (response.status === 302 && /notice=budget-updated/.test(response.headers.get("location") ?? ""))
          acknowledged.push(amount);
      } catch {
        return; // the server is gone
      }
    }
  });
  return {
    sent,
    acknowledged,
    stop: async () => {
      running = false;
      await Promise.all(writers);
    },
  };
}

/** What must hold after the crash, read straight from the database. */
async function expectNothingLost(database: Database, budgetIds: string[], writes: Burst) {
  const audited = await database
    .selectFrom("audit_log")
    .select(sql<string>`changes::text`.as("changes"))
    .where("entity_id", "in", budgetIds)
    .execute();
  const auditText = audited.map((r) => r.changes).join("\n");
  const missing = writes.acknowledged.filter((amount) => !auditText.includes(String(amount)));
  expect(missing, "acknowledged changes without their audit row").toEqual([]);
  const budgets = await database
    .selectFrom("budget")
    .select(["id", "amount_yen", "allocated_yen"])
    .where("id", "in", budgetIds)
    .execute();
  for (const budget of budgets) {
    // The amount is one that was sent (never a torn value), at least the budget's last acknowledged one.
    const amount = Number(budget.amount_yen);
    expect(writes.sent.has(amount) || amount === 1_000_000).toBe(true);
  }
  // Every budget's allocated total is what its ledger says (append-only allocation entries).
  const unbalanced = await sql<{ id: string }>`
    select b.id from budget b
    where b.allocated_yen <> coalesce((select sum(e.amount_yen) from ledger_entry e
      where e.budget_id = b.id and e.kind in ('allocation', 'allocation_change')), 0)
      or b.allocated_yen > b.amount_yen`.execute(database);
  expect(unbalanced.rows, "budgets whose ledger does not balance").toEqual([]);
}

async function killAndRestart(server: ServerProcess, env: Record<string, string> = {}) {
  server.child.kill("SIGKILL");
  await server.exited;
  const killedAt = Date.now();
  const restarted = await start({ dataDir: server.dataDir, port: server.port, env });
  const spawnedAfterMs = Date.now() - killedAt;
  await started(restarted);
  expect(spawnedAfterMs).toBeLessThan(1_000);
  expect(restarted.output()).not.toContain("別のプロセスが使用中");
  return restarted;
}

async function stopGracefully(server: ServerProcess) {
  server.child.kill("SIGTERM");
  await server.exited;
}

describe("SIGKILL in a burst of writes, embedded PGlite", () => {
  it("restarts at once on the same folder with every acknowledged change, and backs up and restores while running", async () => {
    const dataDir = tempDir("pglite");
    const first = await started(await start({ dataDir }));
    const cookie = await signIn(first, "bibai-admin");
    const budgetIds = [await newBudget(first, cookie, 2091), await newBudget(first, cookie, 2092)];
    const writes = burst(first, cookie, budgetIds);
    while (writes.acknowledged.length < 40) await sleep(20);
    const restarted = await killAndRestart(first);
    await writes.stop();
    expect(writes.acknowledged.length).toBeGreaterThanOrEqual(40);

    // The restarted server takes writes again, then `npm run backup` while it runs.
    const again = await signIn(restarted, "bibai-admin");
    const more = burst(restarted, again, budgetIds.slice(0, 1));
    while (more.acknowledged.length < 5) await sleep(20);
    await more.stop();
    const allWrites = {
      ...more,
      sent: new Set([...writes.sent, ...more.sent]),
      acknowledged: [...writes.acknowledged, ...more.acknowledged],
    };
    const backupDir = path.join(tempDir("backup"), "backup");
    const backup = spawnSync("npx", ["tsx", "db/cli/backup.ts", backupDir], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(backup.status, backup.stderr + restarted.output()).toBe(0);
    expect(backup.stdout).toContain("by server");
    expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200);
    await stopGracefully(restarted);

    const handle = await openPglite({ dataDir: pgliteDirectory(dataDir) });
    try {
      await expectNothingLost(handle.db, budgetIds, allWrites);
    } finally {
      await handle.close();
    }

    const restoredDir = tempDir("restored");
    const restore = spawnSync("npx", ["tsx", "db/cli/restore.ts", backupDir], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: restoredDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(restore.status, restore.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8"));
    const restored = await openPglite({ dataDir: pgliteDirectory(restoredDir) });
    try {
      expect(await countRowsOfEveryTable(restored.db)).toEqual(manifest.rowCounts);
      await expectNothingLost(restored.db, budgetIds, allWrites);
    } finally {
      await restored.close();
    }
  }, 300_000);
});

// --- PostgreSQL ---------------------------------------------------------------------------------------------------

const postgresBase = new URL(process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");

async function freshPostgresDatabase(name: string): Promise<URL> {
  const run = (text: string) => adminQuery(postgresBase, text);

  await run(`drop database if exists "${name}" with (force)`);
  await run(`create database "${name}"`);
  cleanups.push(() => run(`drop database if exists "${name}" with (force)`));
  const url = new URL(postgresBase);
  url.pathname = `/${name}`;
  return url;
}

/** A TCP proxy to PostgreSQL that the test can cut (every connection dropped, nothing listening) and restore. */
async function cuttableProxy(target: URL) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server!.close(() => resolve());
    });
  await open();
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    server?.close();
  });
  return { port, open, cut };
}

/** Whether a PostgreSQL answers at postgresBase: without one (a laptop running `npm test`), its tests are skipped,
 * but never in CI (CI=true), which starts PostgreSQL before the browser tests. */
async function reachable(url: URL): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const postgresHere = process.env.CI === "true" || (await reachable(postgresBase));

describe.skipIf(!postgresHere)("PostgreSQL", () => {
  it("restarts at once after a SIGKILL in a burst of writes, with every acknowledged change", async () => {
    const url = await freshPostgresDatabase(`${postgresBase.pathname.slice(1) || "govpitch"}_e2e_crash`);
    const env = { DATABASE_URL: url.toString(), DEMO_DATA: "1" };
    const first = await started(await start({ dataDir: tempDir("pg-crash"), env }));
    const cookie = await signIn(first, "esashi-admin");
    const budgetIds = [await newBudget(first, cookie, 2093), await newBudget(first, cookie, 2094)];
    const writes = burst(first, cookie, budgetIds);
    while (writes.acknowledged.length < 40) await sleep(20);
    const restarted = await killAndRestart(first, env);
    await writes.stop();
    const database = await openPostgres(url.toString(), { max: 2 });
    try {
      await expectNothingLost(database.db, budgetIds, writes);
    } finally {
      await database.close();
    }
    await stopGracefully(restarted);
  }, 300_000);

  it("answers 503 in Japanese while the database is unreachable and recovers by itself when it returns", async () => {
    const url = await freshPostgresDatabase(`${postgresBase.pathname.slice(1) || "govpitch"}_e2e_outage`);
    const proxy = await cuttableProxy(url);
    const viaProxy = new URL(url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const server = await started(
      await start({ dataDir: tempDir("pg-outage"), env: { DATABASE_URL: viaProxy.toString(), DEMO_DATA: "1" } }),
    );
    const cookie = await signIn(server, "esashi-admin");
    const page = (p: string) => fetch(`${server.url}${p}`, { redirect: "manual", headers: { Cookie: cookie } });
    expect((await page("/municipality/budgets")).status).toBe(200);

    await proxy.cut();
    for (const pathname of ["/municipality/budgets", "/pitches", "/healthz"]) {
      const response = await page(pathname);
      expect(response.status, pathname).toBe(503);
      const body = await response.text();
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\(.*\.js:\d+/);
      if (pathname !== "/healthz") expect(body).toContain("ただいまサービスを利用できません");
    }
    const write = await post(server, "/municipality/budgets", cookie, {
      intent: "create",
      fiscalYear: "2095",
      amountYen: "1000",
      note: "",
    });
    expect(write.status).toBe(503);
    expect(server.child.exitCode).toBeNull();

    await proxy.open();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await page("/municipality/budgets")).status;
      if (status !== 200) await sleep(200);
    }
    expect(status).toBe(200);
    expect((await page("/healthz")).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    // The write refused during the outage left nothing behind.
    const database = await openPostgres(url.toString(), { max: 1 });
    try {
      const rows = await database.db.selectFrom("budget").select("id").where("fiscal_year", "=", 2095).execute();
      expect(rows).toEqual([]);
    } finally {
      await database.close();
    }
    await stopGracefully(server);
  }, 300_000);
});
