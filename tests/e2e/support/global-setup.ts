import { spawnSync } from "node:child_process";
import fs from "node:fs";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of a working Chromium, or "" when browser tests must skip. */
    chromiumPath: string;
  }
}

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";
const INSTALL_HINT = "install with apt-get install -y chromium fonts-ipafont-gothic";

/**
 * Runs once before the e2e files: builds the app (the tests start the built `node server.js`) and decides whether
 * the browser tests can run. Without Chromium they skip, except in CI (CI=true), where a missing browser fails.
 */
export default function setup(project: TestProject) {
  const root = project.config.root;

  const started = Date.now();
  // NODE_ENV must be production for the build: vitest sets NODE_ENV=test, and a build made under it uses the
  // development JSX runtime (jsxDEV), which a production server (NODE_ENV=production) does not have.
  const build = spawnSync("npx", ["remix", "build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
    timeout: 300_000,
  });
  if (build.status !== 0) {
    process.stdout.write(build.stdout ?? "");
    process.stderr.write(build.stderr ?? "");
    throw new Error(
      `[e2e] "npx remix build" failed (exit ${build.status ?? build.signal ?? build.error?.message}); see the output above.`,
    );
  }
  console.log(`[e2e] app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const chromiumPath = findChromium(process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH);
  if (!chromiumPath.ok) {
    const reason = `${chromiumPath.reason}: browser tests skipped; ${INSTALL_HINT}`;
    if (process.env.CI === "true")
      throw new Error(`[e2e] ${chromiumPath.reason}, and CI=true requires the browser tests (${INSTALL_HINT}).`);
    console.warn(`\n[e2e] ${reason}\n`);
    project.provide("chromiumPath", "");
    return;
  }
  console.log(`[e2e] browser: ${chromiumPath.version} (${chromiumPath.path})`);
  project.provide("chromiumPath", chromiumPath.path);
}

function findChromium(path: string): { ok: true; path: string; version: string } | { ok: false; reason: string } {
  try {
    fs.accessSync(path, fs.constants.X_OK);
  } catch {
    return { ok: false, reason: `Chromium not found at ${path}` };
  }
  const probe = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (probe.status !== 0) {
    return {
      ok: false,
      reason: `Chromium at ${path} does not run (${(probe.stderr || probe.error?.message || "").trim().slice(0, 300)})`,
    };
  }
  return { ok: true, path, version: probe.stdout.trim() };
}
