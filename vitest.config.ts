import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "~": path.resolve(import.meta.dirname, "app"),
  "@db": path.resolve(import.meta.dirname, "db"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/**/*.test.{ts,tsx}"],
          exclude: ["tests/e2e/**", "node_modules/**"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts", "tests/support/setup-database.ts"],
          environment: "node",
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/support/global-setup.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          environment: "node",
          // Each file starts its own server(s) and a browser: one file at a time, after the unit project
          // (groupOrder 1 > the default 0), so servers and Chromium never compete with the unit workers.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          // A server boot of a fresh data folder takes ~6-10 s; a browser scenario signs in several roles.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A failed e2e test is never retried: a flaky end-to-end test is a bug to fix, not to hide.
          retry: 0,
        },
      },
    ],
  },
});
