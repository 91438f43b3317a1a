// A child process for the lock tests: takes the data folder's lock with the server's own code, says so on stdout,
// and holds it until it is killed.
import { DataDirLockedError, lockDataDir } from "../../../db/lock.server";

const dir = process.argv[2]!;
lockDataDir(dir).then(
  () => {
    process.stdout.write("locked\n");
    setInterval(() => {}, 60_000);
  },
  (error: unknown) => {
    process.stdout.write(error instanceof DataDirLockedError ? "refused\n" : `error ${String(error)}\n`);
    process.exit(2);
  },
);
