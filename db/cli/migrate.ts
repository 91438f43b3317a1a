// `npm run db:migrate`: applies pending migrations and loads reference data, then exits.
import path from "node:path";
import { openPglite, openPostgres, pgliteDirectory } from "../database.server";
import { lockDataDir } from "../lock.server";
import { migrateToLatest } from "../migrate.server";
import { loadReferenceData } from "../reference/load-reference-data.server";

async function main() {
  const url = process.env.DATABASE_URL;
  const dataDir = path.resolve(process.env.DATA_DIR || "./data");
  const release = url ? undefined : await lockDataDir(dataDir);
  const handle = url ? await openPostgres(url, { max: 2 }) : await openPglite({ dataDir: pgliteDirectory(dataDir) });
  try {
    const result = await migrateToLatest(handle.db);
    const applied = result.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
    const reference = await loadReferenceData(handle.db);
    console.log(
      `Reference data: ${reference.prefectures} prefectures, ${reference.municipalities} municipalities, ${reference.bureaus} bureaus.`,
    );
  } finally {
    await handle.close();
    await release?.();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
