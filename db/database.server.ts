import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, sql, type Transaction } from "kysely";
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
  /**
   * PGlite only: runs `work` on the database's only connection and then dumps the data folder (gzip tarball) while
   * still holding it, so that no transaction is open during the dump and `work` sees exactly what it holds.
   */
  withExclusiveDump?<T>(work: (db: Database) => Promise<T>): Promise<{ result: T; tarball: Blob }>;
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
    withExclusiveDump: (work) =>
      db.connection().execute(async (connection) => {
        // A checkpoint first: the data files then hold every commit, and a restore has little WAL to replay.
        await sql`checkpoint`.execute(connection);
        const result = await work(connection);
        return { result, tarball: await pglite.dumpDataDir("gzip") };
      }),
  };
}

export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, "pglite");
}
