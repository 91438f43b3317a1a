// console.error during a test fails it, unless the test says which message it expects. Installed for every test
// file by the setup file tests/support/fail-on-console-error.ts (both projects of vitest.config.ts).
import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

let spy: MockInstance<typeof console.error> | undefined;
let allowed: RegExp[] = [];

/** Registers the hooks (once per file, from the setup file): an unexpected console.error fails the test. */
export function failOnConsoleError() {
  beforeEach(() => {
    allowed = [];
    spy = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    const calls = spy?.mock.calls ?? [];
    spy?.mockRestore();
    spy = undefined;
    const unexpected = calls.filter((args) => {
      const text = args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" ");
      return !allowed.some((pattern) => pattern.test(text));
    });
    if (unexpected.length > 0) {
      const shown = unexpected.map((args) => args.map(String).join(" ")).join("\n---\n");
      throw new Error(`console.error was called during the test:\n${shown}`);
    }
  });
}

/** Allows console.error calls matching `pattern` in the current test; returns the matching calls so far. */
export function allowConsoleError(pattern: RegExp) {
  allowed.push(pattern);
  return () => (spy?.mock.calls ?? []).filter((args) => pattern.test(args.map(String).join(" ")));
}
