import { chromium } from "playwright-core";
const BASE = "http://127.0.0.1:3990";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const only = process.argv[2];
async function session(local) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill("#email", `${local}@demo.example.jp`);
  await page.fill("#password", "demo-pass-2026");
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  return { ctx, page };
}
async function firstHref(page, path, pattern) {
  await page.goto(BASE + path);
  const hrefs = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href")));
  return hrefs.find((h) => h && pattern.test(h));
}
async function shoot(page, name, path) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(BASE + path);
    await page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: true });
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    console.log(name, width, "height", h, overflow ? "OVERFLOW" : "");
  }
}
const plan = {
  bibai: async (page) => {
    await shoot(page, "home-municipality-bibai", "/municipality");
    const draft = await firstHref(page, "/municipality/pitches", /^\/municipality\/pitches\/[0-9a-f-]{36}$/);
    await shoot(page, "pitch-editor", draft);
    const pilot = await firstHref(page, "/pilots", /^\/pilots\/[0-9a-f-]{36}$/);
    await shoot(page, "agreement-bibai", pilot + "/agreement");
    await shoot(page, "self-evaluation-bibai", "/municipality/self-evaluation");
  },
  kasumigaura: async (page) => {
    await shoot(page, "home-municipality-kasumigaura", "/municipality");
    const pilot = await firstHref(page, "/pilots", /^\/pilots\/[0-9a-f-]{36}$/);
    await shoot(page, "outcomes-kasumigaura", pilot + "/outcomes");
    const report = await firstHref(page, pilot + "/outcomes", /\/outcomes\/[0-9a-f-]{36}$/);
    if (report) await shoot(page, "report-kasumigaura", report);
    await shoot(page, "self-evaluation-kasumigaura", "/municipality/self-evaluation");
  },
  esashi: async (page) => {
    await shoot(page, "home-municipality-esashi", "/municipality");
    const pilot = await firstHref(page, "/pilots", /^\/pilots\/[0-9a-f-]{36}$/);
    await shoot(page, "funding-esashi", pilot + "/funding");
    await shoot(page, "agreement-esashi", pilot + "/agreement");
  },
  company: async (page) => {
    await shoot(page, "home-company", "/company");
  },
  bureau: async (page) => {
    await shoot(page, "home-bureau", "/bureau");
    const pilot = await firstHref(page, "/bureau", /^\/bureau\/monitoring\/pilots\//);
    if (pilot) await shoot(page, "bureau-pilot", pilot);
  },
  operator: async (page) => {
    await shoot(page, "home-operator", "/admin");
  },
};
const accounts = { bibai: "bibai-admin", kasumigaura: "kasumigaura-admin", esashi: "esashi-admin", company: "healthcare-lab-admin", bureau: "hokkaido-meti-admin", operator: "operator" };
for (const [key, run] of Object.entries(plan)) {
  if (only && only !== key) continue;
  const { ctx, page } = await session(accounts[key]);
  try { await run(page); } catch (e) { console.log(key, "ERROR", e.message); }
  await ctx.close();
}
await browser.close();
