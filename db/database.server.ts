import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { DB } from "./schema";

export type Engine = "pglite" | "postgres";
export type Database = Kysely<DB>;
/** What queries and commands take first: the database or a transaction the caller owns. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface DatabaseHandle {
  db: Database;
  engine: Engine;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball, for test snapshots. */
  dump?(): Promise<Blob>;
}

// timestamptz arrives as Date on both engines; int8 and numeric stay strings (exact) and are converted where a
// number is wanted. A date (no time of day) stays "YYYY-MM-DD": as a JS Date it would shift with the time zone.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value: string) => value);

export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server must not crash the process: the next query reconnects.
  pool.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "postgres", close: () => db.destroy() };
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
  });
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "pglite",
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
    dump: () => pglite.dumpDataDir("none"),
  };
}

export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, "pglite");
}
