// `npm run restore <folder>`: replaces the embedded database and uploads of DATA_DIR with a backup, after checking
// that the restored copy has the manifest's row count in every table. The server must be stopped (the command takes
// the folder's lock); the replaced folders are kept beside the new ones. PostgreSQL: pg_restore (README).
import path from "node:path";
import { restoreBackup } from "../backup.server";

async function main() {
  if (process.env.DATABASE_URL) {
    console.error("DATABASE_URL is set: restore PostgreSQL with pg_restore (README, Backups).");
    process.exit(2);
  }
  const source = process.argv[2];
  if (!source) {
    console.error("Usage: npm run restore -- <backup folder>");
    process.exit(2);
  }
  const dataDir = path.resolve(process.env.DATA_DIR || "./data");
  const { manifest, keptAs } = await restoreBackup(path.resolve(source), dataDir);
  console.log(
    `Restored ${source} (made ${manifest.createdAt}) into ${dataDir}: row counts of ${Object.keys(manifest.rowCounts).length} tables match.`,
  );
  for (const folder of keptAs) console.log(`The replaced data is kept in ${folder}.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
