// Backups: `npm run backup` / `npm run restore` of the embedded database (made by the running holder of the folder,
// or alone when none runs), and the README's pg_dump / pg_restore for PostgreSQL. Each restores and compares the
// row count of every table. Real PGlite folders on disk, a real PostgreSQL database, the real CLI commands.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  backupDataDir,
  countRowsOfEveryTable,
  readManifest,
  restoreBackup,
  serveBackupRequests,
  writeBackup,
} from "@db/backup.server";
import { openPglite, openPostgres, pgliteDirectory, type DatabaseHandle } from "@db/database.server";
import { migrations } from "@db/migrations/index";
import { adminQuery } from "../support/postgres-admin";
import { DataDirLockedError, lockDataDir } from "@db/lock.server";
import { migrateToLatest } from "@db/migrate.server";
import { loadReferenceData } from "@db/reference/load-reference-data.server";
import { databaseEngine, db, useDatabaseForTests } from "~/lib/db.server";
import { seedDemoData } from "~/seed/demo-data.server";
import { createMember } from "~/seed/factories.server";
import { currentDatabaseHandle } from "../support/db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const folders: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `govpitch-backup-${label}-`));
  folders.push(dir);
  return dir;
}

let base: string;

// One DATA_DIR with a migrated PGlite holding the demo accounts and organisations and one uploaded file; each test
// works on a copy of it (copied while closed).
beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "govpitch-backup-base-"));
  const snapshot = inject("pgliteSnapshot");
  const handle = await openPglite({
    dataDir: pgliteDirectory(base),
    loadDataDir: snapshot ? new Blob([fs.readFileSync(snapshot)]) : undefined,
  });
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  const original = currentDatabaseHandle();
  useDatabaseForTests(handle);
  try {
    await seedDemoData(handle.db);
    await createMember(handle.db, { kind: "company" });
  } finally {
    useDatabaseForTests(original);
    await handle.close();
  }
  fs.mkdirSync(path.join(base, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(base, "uploads", "a-random-key"), "%PDF-1.4 an upload");
}, 120_000);

afterAll(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

async function populatedDataDir(): Promise<{ dataDir: string; handle: DatabaseHandle }> {
  const dataDir = tempDir("source");
  fs.cpSync(base, dataDir, { recursive: true });
  return { dataDir, handle: await openPglite({ dataDir: pgliteDirectory(dataDir) }) };
}

async function countsOfFolder(dataDir: string): Promise<Record<string, number>> {
  const handle = await openPglite({ dataDir: pgliteDirectory(dataDir) });
  try {
    return await countRowsOfEveryTable(handle.db);
  } finally {
    await handle.close();
  }
}

describe("embedded database backup and restore", () => {
  it("restores a backup with the row count of every table and the uploads, keeping the replaced data aside", async () => {
    const { dataDir, handle } = await populatedDataDir();
    const source = await countRowsOfEveryTable(handle.db);
    expect(Object.keys(source).length).toBeGreaterThan(50);
    expect(source.app_user).toBeGreaterThan(5);
    expect(source.municipality).toBeGreaterThan(1_900);

    const target = path.join(tempDir("target"), "backup");
    const manifest = await writeBackup(handle, { target, uploadsDir: path.join(dataDir, "uploads") });
    await handle.close();
    expect(manifest.rowCounts).toEqual(source);
    // The backup records the migrations it was taken at: all of them, the newest last.
    expect(manifest.migrations.at(-1)).toBe(Object.keys(migrations).sort().at(-1));
    expect(fs.existsSync(`${target}.partial`)).toBe(false);

    // Into an empty DATA_DIR.
    const fresh = tempDir("fresh");
    await restoreBackup(target, fresh);
    expect(await countsOfFolder(fresh)).toEqual(source);
    expect(fs.readFileSync(path.join(fresh, "uploads", "a-random-key"), "utf8")).toBe("%PDF-1.4 an upload");

    // Over a DATA_DIR with other data: replaced, and the replaced folders kept.
    const other = tempDir("other");
    const otherHandle = await openPglite({ dataDir: pgliteDirectory(other) });
    await migrateToLatest(otherHandle.db);
    await otherHandle.close();
    const { keptAs } = await restoreBackup(target, other);
    expect(keptAs).toHaveLength(1);
    expect(path.basename(keptAs[0]!)).toMatch(/^pglite\.before-restore-/);
    expect(await countsOfFolder(other)).toEqual(source);
  }, 120_000);

  it("refuses to restore while a process holds the folder, and refuses a backup whose data does not match its manifest", async () => {
    const { dataDir, handle } = await populatedDataDir();
    const target = path.join(tempDir("target"), "backup");
    await writeBackup(handle, { target, uploadsDir: path.join(dataDir, "uploads") });
    await handle.close();

    const release = await lockDataDir(dataDir);
    await expect(restoreBackup(target, dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();

    const manifest = readManifest(target);
    manifest.rowCounts.app_user! += 1;
    fs.writeFileSync(path.join(target, "manifest.json"), JSON.stringify(manifest));
    const before = await countsOfFolder(dataDir);
    await expect(restoreBackup(target, dataDir)).rejects.toThrow(/differs from the manifest in: app_user/);
    expect(await countsOfFolder(dataDir)).toEqual(before);
    expect(fs.readdirSync(dataDir).filter((n) => n.startsWith("pglite."))).toEqual([]);
  }, 120_000);

  it("is made by the holder of the folder when one runs (asked by a signal), consistent while writes go on", async () => {
    const { dataDir, handle } = await populatedDataDir();
    // This test process plays the server: it holds the folder, serves backup requests and keeps writing.
    const release = await lockDataDir(dataDir, { servesBackups: true });
    const serving = serveBackupRequests(() => handle, dataDir);
    cleanups.push(async () => {
      serving.stop();
      await release();
    });
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await handle.db.transaction().execute(async (trx) => {
          await createMember(trx, { kind: "company" });
        });
        written++;
        // Requests arrive as I/O events; a loop of PGlite queries alone would never let the signal in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const target = path.join(tempDir("target"), "backup");
    const { manifest, by } = await backupDataDir(dataDir, target, { timeoutMs: 60_000 });
    writing = false;
    await writer;
    expect(by).toBe("server");
    expect(written).toBeGreaterThan(0);
    // A member is an organisation, a user and a membership written in one transaction: the backup holds whole ones.
    const live = await countRowsOfEveryTable(handle.db);
    expect(manifest.rowCounts.organization! - manifest.rowCounts.membership!).toBe(
      live.organization! - live.membership!,
    );
    expect(manifest.rowCounts.app_user!).toBeLessThanOrEqual(live.app_user!);
    await handle.close();
    serving.stop();
    await release();

    const restored = tempDir("restored");
    await restoreBackup(target, restored);
    expect(await countsOfFolder(restored)).toEqual(manifest.rowCounts);
  }, 120_000);

  it("runs as `npm run backup` / `npm run restore` with no server running", async () => {
    const { dataDir, handle } = await populatedDataDir();
    const source = await countRowsOfEveryTable(handle.db);
    await handle.close();
    const target = path.join(tempDir("target"), "backup");
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" };
    const backup = spawnSync("npx", ["tsx", "db/cli/backup.ts", target], { cwd: ROOT, env, encoding: "utf8" });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("by this process");

    const restoredDir = tempDir("cli-restored");
    const restore = spawnSync("npx", ["tsx", "db/cli/restore.ts", target], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: restoredDir },
      encoding: "utf8",
    });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("match");
    expect(await countsOfFolder(restoredDir)).toEqual(source);

    const onPostgres = spawnSync("npx", ["tsx", "db/cli/backup.ts"], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" },
      encoding: "utf8",
    });
    expect(onPostgres.status).toBe(2);
    expect(onPostgres.stderr).toContain("pg_dump");
  }, 120_000);
});

describe("PostgreSQL backup (README: pg_dump -Fc, pg_restore)", () => {
  it("round-trips the test database with the row count of every table", async () => {
    if (databaseEngine() !== "postgres") {
      // On the embedded engine the app's own database has no pg_dump; the embedded path is tested above.
      expect(currentDatabaseHandle().engine).toBe("pglite");
      return;
    }
    await createMember(db(), { kind: "company" });
    const template = new URL(inject("postgresTemplate"));
    const { rows } = await (
      await import("kysely")
    ).sql<{ name: string }>`select current_database() as name`.execute(db());
    const sourceUrl = new URL(template);
    sourceUrl.pathname = `/${rows[0]!.name}`;
    const restoredName = `restore_${randomUUID().replace(/-/g, "")}`;
    const restoredUrl = new URL(template);
    restoredUrl.pathname = `/${restoredName}`;
    const dumpFile = path.join(tempDir("pg"), "govpitch.dump");
    execFileSync("pg_dump", ["-Fc", "--no-owner", "-f", dumpFile, sourceUrl.toString()]);
    await adminQuery(template, `create database "${restoredName}"`);
    cleanups.push(() => adminQuery(template, `drop database if exists "${restoredName}" with (force)`));
    execFileSync("pg_restore", ["--no-owner", "--exit-on-error", "-d", restoredUrl.toString(), dumpFile]);

    const restored = await openPostgres(restoredUrl.toString(), { max: 2 });
    try {
      expect(await countRowsOfEveryTable(restored.db)).toEqual(await countRowsOfEveryTable(db()));
    } finally {
      await restored.close();
    }
  }, 120_000);
});
