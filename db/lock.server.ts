import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {
  constructor(public readonly dataDir: string) {
    super(
      `データフォルダ ${dataDir} は別のプロセスが使用中です。同じフォルダを二つのプロセスで開くと書き込みが失われるため起動を中止しました。` +
        `\nThe data folder ${dataDir} is in use by another process; refusing to start (two processes on one PGlite folder lose writes). ` +
        `Stop the other process, use another DATA_DIR, or set DATABASE_URL to run several processes on PostgreSQL.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** Holds an exclusive lock on the data folder for the life of this process. Returns the release function. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, ".lock"),
      stale: 15_000,
      update: 5_000,
      realpath: false,
      onCompromised: (error) => {
        console.error(`[db] lost the lock on ${dataDir}: ${error.message}. Stopping to protect the data.`);
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dataDir);
    throw error;
  }
}
