import { seedDemoChain } from "~/seed/demo-chain.server";
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
    // Only the process that created the accounts (under the seed's advisory lock) goes on to the pilots.
    if (result.created) {
      console.log(formatDemoAccounts(result));
      await seedDemoChainLogged();
    }
  }
  if (config.JOB_WORKER === "on") startJobWorker();
  return { engine: handle.engine };
}

/**
 * The demo pilots, budgets, reports and case study, through the commands (each its own transaction, after the accounts
 * committed). A failure leaves the demo accounts usable: it is logged and the server starts anyway.
 */
async function seedDemoChainLogged(): Promise<void> {
  const started = Date.now();
  try {
    const { pilots } = await seedDemoChain();
    console.log(
      `[demo] 実証のデモデータ ${pilots.length} 件を作成しました / demo pilots created in ${Date.now() - started} ms`,
    );
  } catch (error) {
    console.error("[demo] 実証のデモデータを作成できませんでした / demo pilots could not be created:", error);
  }
}

export async function stopServer(): Promise<void> {
  stopJobWorker();
  await closeDatabase();
}
