import {
  openPglite,
  openPostgres,
  pgliteDirectory,
  type Database,
  type DatabaseHandle,
  type Engine,
} from "@db/database.server";
import { serveBackupRequests } from "@db/backup.server";
import { lockDataDir } from "@db/lock.server";
import { migrateToLatest } from "@db/migrate.server";
import { loadReferenceData } from "@db/reference/load-reference-data.server";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "@db/schema";
import { dataDir, env } from "./env.server";

// Kept on globalThis so that a dev rebuild reuses the open database instead of opening the folder twice.
interface DatabaseState {
  handle?: DatabaseHandle;
  opening?: Promise<DatabaseHandle>;
  releaseLock?: () => Promise<void>;
  backups?: { stop(): void; serveWaiting(): void };
}
const state: DatabaseState = ((globalThis as { __appDatabase?: DatabaseState }).__appDatabase ??= {});

async function open(): Promise<DatabaseHandle> {
  const config = env();
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, { max: config.DB_POOL_MAX });
  const dir = dataDir();
  // `npm run backup` signals the folder's holder (SIGUSR2), whose default action would end the process: the handler
  // is in place before the lock file says this process serves backups.
  state.backups ??= serveBackupRequests(() => state.handle, dir);
  state.releaseLock = await lockDataDir(dir, { servesBackups: true });
  return openPglite({ dataDir: pgliteDirectory(dir) });
}

/** Opens the database, applies migrations and loads reference data. Called once before the server listens. */
export async function prepareDatabase(): Promise<DatabaseHandle> {
  if (state.handle) return state.handle;
  state.opening ??= (async () => {
    const handle = await open();
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
    state.handle = handle;
    state.backups?.serveWaiting();
    return handle;
  })();
  try {
    return await state.opening;
  } finally {
    state.opening = undefined;
  }
}

export function db(): Database {
  if (!state.handle) throw new Error("The database is not open: prepareDatabase() must run before serving requests.");
  return state.handle.db;
}

/** Runs `work` in one transaction of the database (every command's writes and their audit row commit together). */
export function inTransaction<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db().transaction().execute(work);
}

/**
 * Runs `work` in one transaction holding a transaction-scoped advisory lock on `key`: two processes running the same
 * periodic task wait for each other instead of sending the same reminders twice.
 */
export function inLockedTransaction<T>(
  database: Kysely<DB>,
  key: number,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return database.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
    return work(trx);
  });
}

export function databaseEngine(): Engine {
  if (!state.handle) throw new Error("The database is not open.");
  return state.handle.engine;
}

/** Tests install their own isolated database. */
export function useDatabaseForTests(handle: DatabaseHandle | undefined) {
  state.handle = handle;
}

export async function closeDatabase() {
  const handle = state.handle;
  state.handle = undefined;
  await handle?.close();
  await state.releaseLock?.();
  state.releaseLock = undefined;
  state.backups?.stop();
  state.backups = undefined;
}
