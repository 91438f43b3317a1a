// Browser helpers for the e2e tests: Chromium via playwright-core, hydration waits, axe-core checks, screenshots.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page, type Response } from "playwright-core";
import { ROOT } from "./server";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const SCREENSHOT_DIR = path.join(ROOT, "tests", ".artifacts", "screenshots");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(executablePath: string): Promise<Browser> {
  // Never --user-data-dir here: launch() throws on it (use launchPersistentContext for a profile).
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** What went wrong inside a page: uncaught exceptions, console errors (CSP refusals, hydration errors…). */
/** Pages opened with JavaScript off (progressive-enhancement checks): no hydration to wait for. */
export const noScriptPages = new WeakSet<Page>();

export interface PageProblems {
  list: string[];
}

/**
 * A fresh browser context (own cookies: one "person") with the app's real CSP in force, Japanese locale and
 * Tokyo time. Page errors and console errors are collected, so a test can assert the page ran cleanly.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    baseURL,
    viewport: DESKTOP,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) noScriptPages.add(page);
  const problems: PageProblems = { list: [] };
  page.on("pageerror", (error) => problems.list.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    // Chrome logs every non-2xx response, including the 403/404 pages the tests ask for on purpose.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.list.push(`console.error on ${page.url()}: ${text}`);
  });
  return { context, page, problems };
}

/** Waits until Remix has hydrated the page (so clicks go through the client router, and JS ran under the CSP). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } };
      const main = document.querySelector("main");
      return (
        w.__remixRouter?.state?.initialized === true &&
        main !== null &&
        Object.keys(main).some((key) => key.startsWith("__reactFiber"))
      );
    },
    undefined,
    { timeout: 20_000 },
  );
  // One frame more, for effects that run right after hydration (e.g. hiding the unused sign-up sections).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

let axeSource: string | undefined;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

/** Rules of lesser impact, by rule id, with the pages they were seen on: reported at the end, not failed. */
export const minorViolations = new Map<string, Set<string>>();

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the current page and throws on any serious or critical violation.
 * The app's CSP only runs nonce'd scripts, so axe goes in through the DevTools protocol (page.evaluate), which the
 * CSP does not govern; addScriptTag would be refused.
 */
export async function checkA11y(page: Page, label = page.url()): Promise<void> {
  if (noScriptPages.has(page)) return checkA11yOfStaticCopy(page, label);
  axeSource ??= fs.readFileSync(path.join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
  const hasAxe = await page.evaluate(() => "axe" in window);
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags): Promise<AxeViolation[]> => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: any[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n: { target: unknown[]; failureSummary?: string }) => ({
        target: n.target.map(String),
        summary: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300),
      })),
    }));
  }, AXE_TAGS);
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of violations.filter((v) => !blocking.includes(v))) {
    const pages = minorViolations.get(`${v.id} (${v.impact})`) ?? new Set<string>();
    pages.add(label);
    minorViolations.set(`${v.id} (${v.impact})`, pages);
  }
  if (blocking.length > 0) {
    const report = blocking
      .map(
        (v) =>
          `- ${v.id} [${v.impact}] ${v.help}\n` +
          v.nodes
            .slice(0, 8)
            .map((n) => `    ${n.target.join(" ")}  — ${n.summary}`)
            .join("\n"),
      )
      .join("\n");
    throw new Error(`Accessibility violations (axe-core, serious/critical) on ${label}:\n${report}`);
  }
}

/**
 * With JavaScript off, axe cannot run in the page itself (timers never fire), so it checks a copy: the page's
 * current HTML, scripts removed, served at the same URL to a JavaScript-enabled page (same stylesheet, same layout).
 */
async function checkA11yOfStaticCopy(page: Page, label: string): Promise<void> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const url = page.url();
  const browser = page.context().browser();
  if (!browser) throw new Error("checkA11y: the page has no browser");
  const helper = await browser.newContext({ viewport: page.viewportSize() ?? DESKTOP, locale: "ja-JP" });
  try {
    const copy = await helper.newPage();
    await copy.route(
      (u) => u.href === url,
      (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
    );
    await copy.goto(url);
    await checkA11y(copy, `${label} (JavaScript off)`);
  } finally {
    await helper.close();
  }
}

/** Navigates, checks the status, waits for hydration and runs the accessibility check. */
export async function visit(page: Page, url: string, expectedStatus = 200): Promise<Response> {
  const response = await page.goto(url);
  if (!response) throw new Error(`No response for ${url}`);
  if (response.status() !== expectedStatus) {
    const body = (
      await page
        .locator("body")
        .innerText()
        .catch(() => "")
    ).slice(0, 500);
    throw new Error(`GET ${url} answered ${response.status()} (expected ${expectedStatus}) at ${page.url()}:\n${body}`);
  }
  if (!noScriptPages.has(page)) await waitForHydration(page);
  await checkA11y(page);
  return response;
}

/**
 * After a form post or a link (client-side navigation with JS, a full page load without): waits for the URL, for
 * the router to settle and for the expected h1, then runs the accessibility check.
 */
export async function arrived(page: Page, url: RegExp | string, heading: RegExp | string): Promise<void> {
  await page.waitForURL(url);
  if (!noScriptPages.has(page)) {
    await page.waitForFunction(() => {
      const w = window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } };
      return w.__remixRouter?.state.navigation.state === "idle";
    });
  }
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await checkA11y(page);
}

/** Full-page screenshots at desktop (1280) and phone (390) width into tests/.artifacts/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}
