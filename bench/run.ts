// `npm run bench`: serves the production build on an embedded database with demo data and measures the main pages
// with autocannon. Each target is a p99 latency under 10 concurrent connections on one embedded (single-connection)
// database, on an otherwise idle 2-core machine; the run fails when one is missed.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, waitForHealth } from "./server";

interface Target {
  name: string;
  path: string;
  signedIn?: boolean;
  p99Ms: number;
}

const targets: Target[] = [
  { name: "health check (database round trip)", path: "/healthz", p99Ms: 100 },
  { name: "home page", path: "/", p99Ms: 250 },
  { name: "sign-up page (reference data)", path: "/signup", p99Ms: 300 },
  { name: "municipalities of a prefecture (JSON)", path: "/api/municipalities?prefecture=1", p99Ms: 200 },
  { name: "municipality dashboard (signed in)", path: "/municipality", signedIn: true, p99Ms: 400 },
  { name: "organisation audit log (signed in)", path: "/org/audit", signedIn: true, p99Ms: 400 },
];

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "bibai-admin@demo.example.jp", password: "demo-pass-2026" }),
  });
  const cookie = response.headers.get("set-cookie");
  if (!cookie) throw new Error(`sign-in failed with status ${response.status}`);
  return cookie.split(";")[0];
}

async function main() {
  const root = path.resolve(import.meta.dirname, "..");
  if (!process.env.BENCH_SKIP_BUILD) {
    const build = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("build failed");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "govpitch-bench-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    DEMO_DATA: "1",
  };
  delete env.DATABASE_URL;
  const server = spawn("node", ["server.js"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  let failed = 0;
  try {
    await waitForHealth(base, 60_000);
    const cookie = await signIn(base);
    console.log(`\n${CONNECTIONS} connections, ${DURATION_SECONDS} s per page, PGlite, production build\n`);
    for (const target of targets) {
      const result = await autocannon({
        url: `${base}${target.path}`,
        connections: CONNECTIONS,
        duration: DURATION_SECONDS,
        headers: target.signedIn ? { cookie } : {},
      });
      const ok = result.latency.p99 <= target.p99Ms && result.non2xx === 0 && result.errors === 0;
      if (!ok) failed++;
      console.log(
        `${ok ? "ok  " : "FAIL"} ${target.name.padEnd(42)} ${String(Math.round(result.requests.average)).padStart(6)} req/s  ` +
          `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms (target ≤ ${target.p99Ms} ms)  non-2xx ${result.non2xx}`,
      );
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) {
    console.error(`\n${failed} target(s) missed.`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
