import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (where server.js and build/ live). */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export const DEMO_PASSWORD = "demo-pass-2026";
export const demoEmail = (local: string) => `${local}@demo.example.jp`;

const READY_TIMEOUT_MS = 60_000;

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
}

export interface RunningServer extends ServerProcess {
  /** SIGTERM, wait for the exit (SIGKILL after 15 s), then remove the temporary data folder. */
  stop(): Promise<void>;
}

/** Environment of a test server: the caller's, without DATABASE_URL (PGlite in its own folder) and test tweaks. */
function serverEnv(port: number, dataDir: string, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "APP_URL",
    "SMTP_URL",
    "DEMO_DATA",
    "TRUST_PROXY",
    "VITEST",
    "VITEST_POOL_ID",
    "VITEST_WORKER_ID",
    "VITEST_MODE",
  ]) {
    delete env[key];
  }
  Object.assign(env, {
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    JOB_WORKER: "on",
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Spawns `node server.js` without waiting for it (for the "second process on the same folder" test, say). */
export async function spawnServer(options: {
  dataDir: string;
  port?: number;
  env?: Record<string, string | undefined>;
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ["server.js"], {
    cwd: ROOT,
    env: serverEnv(port, options.dataDir, options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    child.once("error", (error) => {
      output += `\n[spawn error] ${error.message}\n`;
      resolve("spawn-error");
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, dataDir: options.dataDir, output: () => output, exited };
}

/**
 * Starts the built server on 127.0.0.1 with a free port and a fresh temporary DATA_DIR (PGlite, demo data, job worker
 * on) and waits until GET /healthz answers 200.
 */
export async function startServer(
  options: { env?: Record<string, string | undefined>; label?: string } = {},
): Promise<RunningServer> {
  if (!fs.existsSync(path.join(ROOT, "build", "index.js"))) {
    throw new Error("build/index.js is missing: the e2e global setup runs `npx remix build` first.");
  }
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), `govpitch-e2e-${options.label ?? "server"}-`));
  const proc = await spawnServer({ dataDir, env: options.env });
  const removeDataDir = () => fs.promises.rm(dataDir, { recursive: true, force: true });

  const stop = async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill("SIGTERM");
      const killer = setTimeout(() => proc.child.kill("SIGKILL"), 15_000);
      await proc.exited;
      clearTimeout(killer);
    }
    await removeDataDir();
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  for (;;) {
    const exit = await Promise.race([proc.exited, sleep(250).then(() => null)]);
    if (exit !== null) {
      await removeDataDir();
      throw new Error(`The test server exited (${exit}) before it was ready. Its output:\n${proc.output()}`);
    }
    try {
      const response = await fetch(`${proc.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) break;
      lastProblem = `healthz answered ${response.status}`;
    } catch (error) {
      lastProblem =
        error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The test server was not ready within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}). Its output:\n${proc.output()}`,
      );
    }
  }
  return { ...proc, stop };
}

export function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}
