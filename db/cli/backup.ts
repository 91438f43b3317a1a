// `npm run backup [folder]`: a consistent backup of the embedded database and uploads (decision record 020), made by
// the running server if one holds DATA_DIR, else by this process. PostgreSQL: pg_dump (README).
import path from "node:path";
import { backupDataDir } from "../backup.server";

async function main() {
  if (process.env.DATABASE_URL) {
    console.error(
      "DATABASE_URL is set: back up PostgreSQL with pg_dump (README, Backups), and DATA_DIR/uploads with a file copy.",
    );
    process.exit(2);
  }
  const dataDir = path.resolve(process.env.DATA_DIR || "./data");
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  const target = path.resolve(process.argv[2] || path.join("backups", `govpitch-${stamp}`));
  const { manifest, by } = await backupDataDir(dataDir, target);
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    `Backup written to ${target} by ${by}: ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows, ` +
      `migration ${manifest.migrations.at(-1) ?? "none"}.`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
