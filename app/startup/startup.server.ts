import { seedDemoData, shouldSeedDemoData, formatDemoAccounts } from "~/seed/demo-data.server";
import { startJobWorker, stopJobWorker } from "~/domain/jobs/jobs.worker.server";
import { closeDatabase, prepareDatabase } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { wireAreas } from "./wiring.server";

/**
 * Everything the server does before it listens: wire the areas' handlers, open (and lock) the database, migrate,
 * load reference data, seed demo data into an empty database, start the job worker. The first visitor never waits for any of it.
 */
export async function prepareServer(): Promise<{ engine: string }> {
  wireAreas();
  const config = env();
  const started = Date.now();
  const handle = await prepareDatabase();
  console.log(
    `[db] ${handle.engine === "pglite" ? `PGlite in ${config.DATA_DIR}` : "PostgreSQL"} ready in ${Date.now() - started} ms`,
  );
  if (shouldSeedDemoData(config)) {
    const result = await seedDemoData(handle.db);
    if (result.created) console.log(formatDemoAccounts(result));
  }
  if (config.JOB_WORKER === "on") startJobWorker();
  return { engine: handle.engine };
}

export async function stopServer(): Promise<void> {
  stopJobWorker();
  await closeDatabase();
}
