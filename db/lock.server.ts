import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    holder?: string,
  ) {
    super(
      `データフォルダ ${dataDir} は別のプロセスが使用中です${holder ? `（${holder}）` : ""}。同じフォルダを二つのプロセスで開くと書き込みが失われるため起動を中止しました。` +
        `\nThe data folder ${dataDir} is in use by another process${holder ? ` (${holder})` : ""}; refusing to start (two processes on one PGlite folder lose writes). ` +
        `Stop the other process, use another DATA_DIR, or set DATABASE_URL to run several processes on PostgreSQL.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** What the lock file says about its holder. */
interface Holder {
  pid: number;
  /** Hostname and boot id: a PID means something only on the machine (and the boot) that issued it. */
  host: string;
  boot: string;
  /** The process's start time in clock ticks since boot (Linux): tells a reused PID from the holder. */
  started: string;
  token: string;
  /** The holder answers `npm run backup` (SIGUSR2); other holders (migrate, restore) must not get the signal. */
  servesBackups?: boolean;
}

// A holder on another machine (a folder on shared storage) cannot be asked whether it lives: it refreshes the
// file's mtime, and a file not refreshed for STALE_MS belongs to a dead holder.
const HEARTBEAT_MS = 5_000;
const STALE_MS = 15_000;
// The takeover of a dead holder's lock takes milliseconds; a takeover marker older than this was left by a crash.
const TAKEOVER_STALE_MS = 10_000;

function readFirstLine(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n")[0]!.trim();
  } catch {
    return "";
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). "" off Linux. */
function processStartTime(pid: number): string {
  const stat = readFirstLine(`/proc/${pid}/stat`);
  const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return afterName[19] ?? "";
}

function me(token: string, servesBackups = false): Holder {
  return {
    pid: process.pid,
    host: os.hostname(),
    boot: readFirstLine("/proc/sys/kernel/random/boot_id"),
    started: processStartTime(process.pid),
    token,
    servesBackups,
  };
}

function readHolder(lockPath: string): { holder: Holder | null; mtimeMs: number } | null {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(lockPath, "utf8");
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.token === "string")
      return { holder: parsed as Holder, mtimeMs };
  } catch {
    // A lock file of the earlier format (proper-lockfile) or a half-written one: judged by its age alone.
  }
  return { holder: null, mtimeMs };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when the holder is certainly gone: its PID is dead (or reused) on this machine, or it stopped refreshing. */
function holderIsDead(found: { holder: Holder | null; mtimeMs: number }, now: number): boolean {
  const { holder } = found;
  const self = me("");
  if (holder && holder.host === self.host && holder.boot === self.boot) {
    if (!pidAlive(holder.pid)) return true;
    // The PID lives, but is it the holder? After a crash the PID can be handed to another process.
    return Boolean(holder.started) && processStartTime(holder.pid) !== holder.started;
  }
  // Another machine, another boot of this one, or an unreadable file: only the heartbeat can tell.
  if (holder && holder.host === self.host && holder.boot !== self.boot && self.boot) return true;
  return now - found.mtimeMs > STALE_MS;
}

function describe(holder: Holder | null): string | undefined {
  return holder ? `PID ${holder.pid} @ ${holder.host}` : undefined;
}

/**
 * Removes a dead holder's lock. Only one process at a time may do it (a `mkdir` marker), and it re-reads the lock
 * under the marker: so it can never remove the lock of a process that took it in the meantime. Creating a lock is
 * always exclusive (`wx`), so at most one process ever holds the folder.
 */
function removeDeadLock(lockPath: string, judged: { holder: Holder | null; mtimeMs: number }): void {
  const marker = `${lockPath}.takeover`;
  try {
    fs.mkdirSync(marker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = Date.now() - fs.statSync(marker, { throwIfNoEntry: false })!.mtimeMs;
    if (age > TAKEOVER_STALE_MS) fs.rmSync(marker, { recursive: true, force: true });
    return; // Someone else is taking over: the caller tries again.
  }
  try {
    const again = readHolder(lockPath);
    if (!again) return;
    const same = (again.holder?.token ?? "") === (judged.holder?.token ?? "") && again.mtimeMs === judged.mtimeMs;
    if (same && holderIsDead(again, Date.now())) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.rmSync(marker, { recursive: true, force: true });
  }
}

/**
 * Holds an exclusive lock on the data folder for the life of this process and returns the release function. The
 * lock file names its holder (PID, machine, start time); a holder that died (SIGKILL, OOM killer, power cut) no
 * longer holds it, so a process manager restarting the server at once succeeds (decision record 020).
 */
export async function lockDataDir(
  dataDir: string,
  options: { servesBackups?: boolean } = {},
): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, ".lock");
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const content = JSON.stringify(me(token, options.servesBackups));
  for (let attempt = 0; ; attempt++) {
    try {
      // The lock of the earlier format was a directory (proper-lockfile's mkdir lock), refreshed every 5 s.
      const existing = fs.statSync(lockPath, { throwIfNoEntry: false });
      if (existing?.isDirectory()) {
        if (Date.now() - existing.mtimeMs <= STALE_MS) throw new DataDirLockedError(dataDir);
        fs.rmSync(lockPath, { recursive: true, force: true });
      }
      fs.writeFileSync(lockPath, content, { flag: "wx" });
      break;
    } catch (error) {
      if (error instanceof DataDirLockedError) throw error;
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const found = readHolder(lockPath);
      if (found && !holderIsDead(found, Date.now())) throw new DataDirLockedError(dataDir, describe(found.holder));
      if (attempt >= 20) throw new DataDirLockedError(dataDir);
      if (found) removeDeadLock(lockPath, found);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  // The heartbeat lets a process on another machine see that the holder lives; it also notices a lock file that
  // was removed or replaced under us, and stops the process before two of them write to one folder.
  const heartbeat = setInterval(() => {
    const found = readHolder(lockPath);
    if (found?.holder?.token !== token) {
      console.error(`[db] lost the lock on ${dataDir}. Stopping to protect the data.`);
      process.exit(1);
    }
    const now = new Date();
    fs.utimesSync(lockPath, now, now);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    if (readHolder(lockPath)?.holder?.token === token) fs.rmSync(lockPath, { force: true });
  };
}

/**
 * Who holds the data folder now, or null when nobody alive does. `here`: the holder runs on this machine (it can be
 * sent a signal).
 */
export function lockHolder(
  dataDir: string,
): { pid: number; here: boolean; servesBackups: boolean; description: string } | null {
  const lockPath = path.join(dataDir, ".lock");
  const stat = fs.statSync(lockPath, { throwIfNoEntry: false });
  if (!stat) return null;
  if (stat.isDirectory())
    return Date.now() - stat.mtimeMs <= STALE_MS
      ? { pid: 0, here: false, servesBackups: false, description: "a process of an earlier version" }
      : null;
  const found = readHolder(lockPath);
  if (!found || holderIsDead(found, Date.now())) return null;
  const self = me("");
  const holder = found.holder;
  return {
    pid: holder?.pid ?? 0,
    here: Boolean(holder && holder.host === self.host && holder.boot === self.boot),
    servesBackups: holder?.servesBackups === true,
    description: describe(holder) ?? "an unknown process",
  };
}
