// The embedded database folder's lock: one holder at a time, and a holder that dies (SIGKILL, as the OOM killer or
// a power cut would) no longer holds it, so a restart at once succeeds. Real child processes, real files.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "@db/lock.server";

const HOLDER = path.join(import.meta.dirname, "support", "hold-lock.ts");
const children: ChildProcess[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "govpitch-lock-"));
  folders.push(dir);
  return dir;
}

/** Starts a process that takes the lock; resolves with it and its first word ("locked" or "refused"). */
function holder(dir: string): Promise<{ child: ChildProcess; said: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", HOLDER, dir], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve({ child, said: out.trim() });
    });
    child.once("exit", (code) => (out.includes("\n") ? undefined : reject(new Error(`holder exited ${code}: ${out}`))));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

function writeLock(dir: string, holderInfo: Record<string, unknown>, ageMs = 0) {
  const file = path.join(dir, ".lock");
  fs.writeFileSync(file, JSON.stringify({ token: "someone-else", ...holderInfo }));
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
}

const bootId = () => fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();

describe("data folder lock", () => {
  it("refuses a second holder while the first lives, and is free at once after the first is SIGKILLed", async () => {
    const dir = tempDir();
    const first = await holder(dir);
    expect(first.said).toBe("locked");
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(lockDataDir(dir)).rejects.toThrow(/別のプロセスが使用中です/);

    await killed(first.child);
    const started = Date.now();
    const release = await lockDataDir(dir);
    expect(Date.now() - started).toBeLessThan(1_000);
    // Held by this process now: a new holder is refused, and released it is free again.
    expect((await holder(dir)).said).toBe("refused");
    await release();
    expect(fs.existsSync(path.join(dir, ".lock"))).toBe(false);
    const again = await holder(dir);
    expect(again.said).toBe("locked");
  });

  it("lets exactly one of several processes racing for a dead holder's lock take it", async () => {
    const dir = tempDir();
    const dead = await holder(dir);
    await killed(dead.child);
    const results = await Promise.all(Array.from({ length: 4 }, () => holder(dir)));
    expect(results.map((r) => r.said).sort()).toEqual(["locked", "refused", "refused", "refused"]);
  });

  it("takes over a lock whose PID was reused by another process (same PID, another start time)", async () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.pid, host: os.hostname(), boot: bootId(), started: "1" });
    const release = await lockDataDir(dir);
    await release();
  });

  it("takes over the lock of an earlier boot of this machine", async () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.pid, host: os.hostname(), boot: "an-earlier-boot", started: "1" });
    await (
      await lockDataDir(dir)
    )();
  });

  it("trusts the heartbeat for a holder on another machine: fresh is held, 15 s without a refresh is dead", async () => {
    const dir = tempDir();
    writeLock(dir, { pid: 4242, host: "another-machine", boot: "x", started: "1" });
    await expect(lockDataDir(dir)).rejects.toThrow(/PID 4242 @ another-machine/);
    writeLock(dir, { pid: 4242, host: "another-machine", boot: "x", started: "1" }, 20_000);
    await (
      await lockDataDir(dir)
    )();
  });

  it("respects a fresh lock of the earlier format (a directory) and takes over a stale one", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, ".lock"));
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, ".lock"), old, old);
    await (
      await lockDataDir(dir)
    )();
  });
});
