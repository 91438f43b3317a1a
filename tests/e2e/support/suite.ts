// One browser suite's lifecycle: the built server and Chromium started together, every page's console errors and
// uncaught exceptions failing the test that caused them, demo accounts signed in once and reused, all closed at the end.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { arrived, launchChromium, minorViolations, openPage, visit, type PageProblems } from "./browser";
import { DEMO_PASSWORD, demoEmail, startServer, type RunningServer } from "./server";

export interface BrowserSuite {
  /** The running server (available inside tests and hooks, after beforeAll). */
  server(): RunningServer;
  newPage(options?: { javaScriptEnabled?: boolean; acceptDialogs?: boolean }): Promise<Page>;
  signIn(page: Page, email: string, password: string, home?: RegExp, heading?: RegExp | string): Promise<void>;
  /** A demo account's page, signed in once and reused by later tests of the suite. */
  demoPage(local: string): Promise<Page>;
}

/** Call inside a describe block: registers the hooks and returns what the tests use. */
export function browserSuite(label: string, chromiumPath: string): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const opened: { context: BrowserContext; problems: PageProblems }[] = [];
  const signedIn = new Map<string, Page>();

  beforeAll(async () => {
    const [serverResult, browserResult] = await Promise.allSettled([
      startServer({ label }),
      launchChromium(chromiumPath),
    ]);
    if (serverResult.status === "fulfilled") server = serverResult.value;
    if (browserResult.status === "fulfilled") browser = browserResult.value;
    if (serverResult.status === "rejected" || browserResult.status === "rejected") {
      await Promise.allSettled([server?.stop(), browser?.close()]);
      throw serverResult.status === "rejected" ? serverResult.reason : (browserResult as PromiseRejectedResult).reason;
    }
  });

  afterEach(() => {
    // Any uncaught exception or console error (a CSP refusal, a hydration mismatch) fails the test that caused it.
    const problems = opened.flatMap((o) => o.problems.list.splice(0));
    expect(problems, problems.join("\n")).toEqual([]);
  });

  afterAll(async () => {
    await Promise.allSettled(opened.map((o) => o.context.close()));
    await browser?.close();
    await server?.stop();
    if (minorViolations.size > 0) {
      const lines = [...minorViolations].map(([rule, pages]) => `  ${rule}: ${[...pages].join(", ")}`);
      console.warn(`[e2e] axe-core (${label}): moderate/minor findings (not failing):\n${lines.join("\n")}`);
      minorViolations.clear();
    }
  });

  const suite: BrowserSuite = {
    server() {
      if (!server) throw new Error("the server is not running (beforeAll failed)");
      return server;
    },
    async newPage({ javaScriptEnabled, acceptDialogs = true } = {}) {
      if (!browser) throw new Error("Chromium is not running (beforeAll failed)");
      const { context, page, problems } = await openPage(
        browser,
        suite.server().url,
        javaScriptEnabled === undefined ? {} : { javaScriptEnabled },
      );
      opened.push({ context, problems });
      // Confirmation dialogs before destructive actions: the journeys confirm them.
      if (acceptDialogs) page.on("dialog", (dialog) => void dialog.accept());
      return page;
    },
    async signIn(page, email, password, home = /\/(admin|municipality|bureau|company)$/, heading = /./) {
      await visit(page, "/login");
      await page.locator("#email").fill(email);
      await page.locator("#password").fill(password);
      await page.getByRole("button", { name: "ログイン", exact: true }).click();
      await arrived(page, home, heading);
    },
    async demoPage(local) {
      const existing = signedIn.get(local);
      if (existing) return existing;
      const page = await suite.newPage();
      await suite.signIn(page, demoEmail(local), DEMO_PASSWORD);
      signedIn.set(local, page);
      return page;
    },
  };
  return suite;
}
