// One browser suite's lifecycle: the built server and Chromium started together, every page's console errors and
// uncaught exceptions failing the test that caused them, demo accounts signed in once and reused, all closed at the end.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { arrived, launchChromium, minorViolations, openPage, visit, type PageProblems } from "./browser";
import { DEMO_PASSWORD, demoEmail, startServer, type RunningServer } from "./server";
import { enterSecondFactor, setUpSecondFactor, type EnrolledFactor } from "./two-factor";

export interface BrowserSuite {
  /** The running server (available inside tests and hooks, after beforeAll). */
  server(): RunningServer;
  newPage(options?: { javaScriptEnabled?: boolean; acceptDialogs?: boolean }): Promise<Page>;
  signIn(page: Page, email: string, password: string, home?: RegExp, heading?: RegExp | string): Promise<void>;
  /**
   * A demo account's page, signed in once and reused by later tests of the suite. Admins and the operator set up a
   * second factor first (demo accounts have none; signing, paying and operating require one), as a visitor would.
   */
  demoPage(local: string): Promise<Page>;
  /** The second factor set up for an e-mail address in this suite (for a later sign-in), if any. */
  factorOf(email: string): EnrolledFactor | undefined;
}

/** Demo accounts whose work needs a second factor: every admin (they sign, pay, fix amounts) and the operator. */
const needsSecondFactor = (local: string) => local === "operator" || local.endsWith("-admin");

/** Call inside a describe block: registers the hooks and returns what the tests use. */
export function browserSuite(label: string, chromiumPath: string): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const opened: { context: BrowserContext; problems: PageProblems }[] = [];
  const signedIn = new Map<string, Page>();
  const factors = new Map<string, EnrolledFactor>();

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
      const factor = factors.get(email);
      if (factor) await enterSecondFactor(page, factor);
      await arrived(page, home, heading);
    },
    async demoPage(local) {
      const existing = signedIn.get(local);
      if (existing) return existing;
      const page = await suite.newPage();
      const email = demoEmail(local);
      if (needsSecondFactor(local) && !factors.has(email)) {
        // The operator's home needs the factor already: land anywhere, set it up, then go home.
        await suite.signIn(page, email, DEMO_PASSWORD, /\/(admin|municipality|bureau|company)$/, /./);
        const home = new URL(page.url()).pathname;
        factors.set(email, await setUpSecondFactor(page));
        await visit(page, home);
      } else {
        await suite.signIn(page, email, DEMO_PASSWORD);
      }
      signedIn.set(local, page);
      return page;
    },
    factorOf(email) {
      return factors.get(email);
    },
  };
  return suite;
}
