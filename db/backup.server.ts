// Backups of the embedded database (decision record 020). A backup is a folder: database.tar.gz (PGlite's own
// dump of its data folder), uploads/ (a copy of DATA_DIR/uploads) and manifest.json (when, which migrations, and the
// row count of every table, which a restore checks before it replaces anything).
//
// Only the process holding the data folder may read it: a copy of the files taken by another process while the
// server writes is not consistent. So a running server makes the backup itself when `npm run backup` asks it to
// (a request file and SIGUSR2); with no server running, the command takes the lock and makes it alone.
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { openPglite, pgliteDirectory, type Database, type DatabaseHandle } from "./database.server";
import { lockDataDir, lockHolder } from "./lock.server";

export interface BackupManifest {
  format: 1;
  createdAt: string;
  engine: "pglite";
  migrations: string[];
  rowCounts: Record<string, number>;
}

export const MANIFEST = "manifest.json";
export const DATABASE_TARBALL = "database.tar.gz";
export const UPLOADS = "uploads";

/** Every table of the public schema (ours and Kysely's migration tables) with its row count, by name. */
export async function countRowsOfEveryTable(db: Database): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(row.rows[0]!.n);
  }
  return counts;
}

async function appliedMigrations(db: Database): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * Writes a backup of `handle` (PGlite) into the folder `target`, which must not exist. The dump and the row counts
 * are taken while this call holds the database's only connection: no transaction is open, none can start, so the
 * copy is the state between two transactions. The folder appears complete or not at all (written as `.partial`).
 */
export async function writeBackup(
  handle: DatabaseHandle,
  options: { target: string; uploadsDir: string },
): Promise<BackupManifest> {
  if (!handle.withExclusiveDump) throw new Error("Only the embedded database (PGlite) is backed up this way.");
  const target = path.resolve(options.target);
  if (fs.existsSync(target)) throw new Error(`The backup folder ${target} exists already.`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    const { result, tarball } = await handle.withExclusiveDump(async (db) => ({
      rowCounts: await countRowsOfEveryTable(db),
      migrations: await appliedMigrations(db),
    }));
    fs.writeFileSync(path.join(partial, DATABASE_TARBALL), Buffer.from(await tarball.arrayBuffer()));
    // Uploads after the dump: a file is written before the row that names it commits and is never changed, so every
    // file the dump names exists by now.
    if (fs.existsSync(options.uploadsDir))
      fs.cpSync(options.uploadsDir, path.join(partial, UPLOADS), { recursive: true });
    const manifest: BackupManifest = { format: 1, createdAt: new Date().toISOString(), engine: "pglite", ...result };
    fs.writeFileSync(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2));
    fs.renameSync(partial, target);
    return manifest;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

export function readManifest(backup: string): BackupManifest {
  const file = path.join(backup, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${backup} is not a backup folder (no ${MANIFEST}).`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as BackupManifest;
  if (manifest.format !== 1 || manifest.engine !== "pglite") throw new Error(`${file}: unknown backup format.`);
  return manifest;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
}

/**
 * Replaces the database (and uploads) of `dataDir` with the backup. Takes the folder's lock, so it refuses while a
 * server runs. The backup is loaded into a new folder and its row counts compared with the manifest before anything
 * is replaced; the replaced folders are kept beside it (`pglite.before-restore-…`), never deleted.
 */
export async function restoreBackup(
  backup: string,
  dataDir: string,
): Promise<{ manifest: BackupManifest; keptAs: string[] }> {
  const manifest = readManifest(backup);
  const release = await lockDataDir(dataDir);
  const when = stamp();
  const incoming = path.join(dataDir, `pglite.restoring-${when}`);
  try {
    const tarball = fs.readFileSync(path.join(backup, DATABASE_TARBALL));
    fs.rmSync(incoming, { recursive: true, force: true });
    const handle = await openPglite({ dataDir: incoming, loadDataDir: new Blob([tarball]) });
    let counts: Record<string, number>;
    try {
      counts = await countRowsOfEveryTable(handle.db);
    } finally {
      await handle.close();
    }
    const differing = Object.keys({ ...counts, ...manifest.rowCounts }).filter(
      (table) => counts[table] !== manifest.rowCounts[table],
    );
    if (differing.length > 0)
      throw new Error(`The restored copy differs from the manifest in: ${differing.join(", ")}`);

    const keptAs: string[] = [];
    const current = pgliteDirectory(dataDir);
    if (fs.existsSync(current)) {
      const aside = path.join(dataDir, `pglite.before-restore-${when}`);
      fs.renameSync(current, aside);
      keptAs.push(aside);
    }
    fs.renameSync(incoming, current);
    const uploads = path.join(dataDir, UPLOADS);
    if (fs.existsSync(uploads)) {
      const aside = path.join(dataDir, `uploads.before-restore-${when}`);
      fs.renameSync(uploads, aside);
      keptAs.push(aside);
    }
    if (fs.existsSync(path.join(backup, UPLOADS))) fs.cpSync(path.join(backup, UPLOADS), uploads, { recursive: true });
    return { manifest, keptAs };
  } finally {
    fs.rmSync(incoming, { recursive: true, force: true });
    await release();
  }
}

// --- A running server makes the backup when asked -------------------------------------------------------------

const requestsDir = (dataDir: string) => path.join(dataDir, "backup-requests");

interface BackupResult {
  ok: boolean;
  error?: string;
  manifest?: BackupManifest;
}

/**
 * Called by the process that holds the folder: on SIGUSR2, makes every backup asked for in
 * DATA_DIR/backup-requests/ and answers each in a result file. One at a time.
 */
export function serveBackupRequests(
  currentHandle: () => DatabaseHandle | undefined,
  dataDir: string,
): { stop(): void; serveWaiting(): void } {
  let running: Promise<void> = Promise.resolve();
  const serve = async () => {
    const handle = currentHandle();
    // Not open yet: the requests wait, and are served once it is (serveWaiting).
    if (!handle) return;
    const dir = requestsDir(dataDir);
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".request.json"))) {
      const file = path.join(dir, name);
      const resultFile = file.replace(/\.request\.json$/, ".result.json");
      let result: BackupResult;
      try {
        const { target } = JSON.parse(fs.readFileSync(file, "utf8")) as { target: string };
        const manifest = await writeBackup(handle, { target, uploadsDir: path.join(dataDir, UPLOADS) });
        console.log(`[backup] ${target}`);
        result = { ok: true, manifest };
      } catch (error) {
        result = { ok: false, error: error instanceof Error ? error.message : String(error) };
        console.error(`[backup] failed: ${result.error}`);
      }
      fs.rmSync(file, { force: true });
      fs.writeFileSync(`${resultFile}.tmp`, JSON.stringify(result));
      fs.renameSync(`${resultFile}.tmp`, resultFile);
    }
  };
  const onSignal = () => {
    running = running.then(serve, serve);
  };
  process.on("SIGUSR2", onSignal);
  return { stop: () => process.off("SIGUSR2", onSignal), serveWaiting: onSignal };
}

/**
 * `npm run backup`: asks the running server to write the backup to `target`, or, with no server holding the folder,
 * takes the lock and writes it alone.
 */
export async function backupDataDir(
  dataDir: string,
  target: string,
  options: { timeoutMs?: number } = {},
): Promise<{ manifest: BackupManifest; by: "server" | "this process" }> {
  const absolute = path.resolve(target);
  if (fs.existsSync(absolute)) throw new Error(`The backup folder ${absolute} exists already.`);
  const holder = lockHolder(dataDir);
  if (!holder) {
    const release = await lockDataDir(dataDir);
    const handle = await openPglite({ dataDir: pgliteDirectory(dataDir) });
    try {
      const manifest = await writeBackup(handle, { target: absolute, uploadsDir: path.join(dataDir, UPLOADS) });
      return { manifest, by: "this process" };
    } finally {
      await handle.close();
      await release();
    }
  }
  if (!holder.here || !holder.servesBackups) {
    if (holder.here)
      throw new Error(`The data folder is busy (${holder.description}: a migration or a restore). Try again later.`);
    throw new Error(`The data folder is held by ${holder.description} on another machine: run npm run backup there.`);
  }
  const dir = requestsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const id = `${Date.now()}-${process.pid}`;
  const requestFile = path.join(dir, `${id}.request.json`);
  const resultFile = path.join(dir, `${id}.result.json`);
  fs.writeFileSync(`${requestFile}.tmp`, JSON.stringify({ target: absolute }));
  fs.renameSync(`${requestFile}.tmp`, requestFile);
  process.kill(holder.pid, "SIGUSR2");
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  while (!fs.existsSync(resultFile)) {
    if (Date.now() > deadline) {
      fs.rmSync(requestFile, { force: true });
      throw new Error(`The server (${holder.description}) did not answer the backup request in time.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as BackupResult;
  fs.rmSync(resultFile, { force: true });
  if (!result.ok || !result.manifest) throw new Error(`The server could not write the backup: ${result.error}`);
  return { manifest: result.manifest, by: "server" };
}
