// HTTP-level checks against the real built server (`node server.js`): no browser needed, so these always run.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail, spawnServer, startServer, type RunningServer } from "./support/server";

let dev: RunningServer;
let prod: RunningServer;

beforeAll(async () => {
  // Two boots of a fresh data folder (~6-10 s each) run side by side.
  const [devResult, prodResult] = await Promise.allSettled([
    startServer({ label: "http-dev" }),
    startServer({ label: "http-prod", env: { NODE_ENV: "production", DEMO_DATA: "1" } }),
  ]);
  if (devResult.status === "fulfilled") dev = devResult.value;
  if (prodResult.status === "fulfilled") prod = prodResult.value;
  const failure = [devResult, prodResult].find((r) => r.status === "rejected") as PromiseRejectedResult | undefined;
  if (failure) {
    await Promise.all([dev?.stop(), prod?.stop()]);
    throw failure.reason;
  }
});

afterAll(async () => {
  await Promise.all([dev?.stop(), prod?.stop()]);
});

interface Cookie {
  name: string;
  value: string;
  /** Lower-cased attribute names, e.g. "httponly", "samesite=lax", "secure", "path=/". */
  attributes: string[];
}

function parseSetCookie(header: string): Cookie {
  const [pair, ...attributes] = header.split(";").map((part) => part.trim());
  const index = pair!.indexOf("=");
  return {
    name: pair!.slice(0, index),
    value: pair!.slice(index + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

function cookiesOf(response: Response): Cookie[] {
  return response.headers.getSetCookie().map(parseSetCookie);
}

function sessionCookieOf(response: Response, name: string): Cookie {
  const cookie = cookiesOf(response).find((c) => c.name === name);
  if (!cookie) throw new Error(`No ${name} cookie in: ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie;
}

async function signIn(server: RunningServer, email: string, password: string, cookie?: string): Promise<Response> {
  return fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

async function signInAndGetCookie(server: RunningServer, email: string, cookieName: string, previous?: string) {
  const response = await signIn(server, email, DEMO_PASSWORD, previous);
  expect(response.status, await bodyIfNotRedirect(response)).toBe(302);
  expect(response.headers.get("location")).toBe("/dashboard");
  return sessionCookieOf(response, cookieName);
}

async function bodyIfNotRedirect(response: Response) {
  return response.status >= 300 && response.status < 400 ? "" : (await response.clone().text()).slice(0, 500);
}

function get(server: RunningServer, pathname: string, cookie?: string) {
  return fetch(`${server.url}${pathname}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

describe("development server (PGlite in a fresh DATA_DIR)", () => {
  it("GET /healthz answers 200 with the database engine", async () => {
    const response = await get(dev, "/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ ok: true, db: "pglite" });
  });

  it("sends security headers with every HTML page (CSP with a per-request script nonce)", async () => {
    const first = await get(dev, "/login");
    const second = await get(dev, "/login");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/text\/html/);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // The nonce is fresh per response and is the one on the page's inline scripts.
    expect(second.headers.get("content-security-policy")).not.toContain(nonce!);
    const html = await first.text();
    expect(html).toContain(`nonce="${nonce}"`);
    const inlineScripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const tag of inlineScripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("strict-transport-security")).toBeNull(); // HSTS only in production
    expect(first.headers.get("x-powered-by")).toBeNull();
  });

  it("refuses a POST without an Origin header or from a foreign origin (403), and accepts its own origin", async () => {
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const body = new URLSearchParams({ email: demoEmail("operator"), password: DEMO_PASSWORD }).toString();

    const missing = await fetch(`${dev.url}/login`, { method: "POST", redirect: "manual", headers: form, body });
    expect(missing.status).toBe(403);
    expect(missing.headers.getSetCookie()).toEqual([]);

    const foreign = await fetch(`${dev.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { ...form, Origin: "https://evil.example" },
      body,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    expect(await foreign.text()).toContain("Origin");

    // Same host, other port: still another origin.
    const otherPort = await fetch(`${dev.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { ...form, Origin: `http://127.0.0.1:${dev.port + 1}` },
      body,
    });
    expect(otherPort.status).toBe(403);

    const own = await fetch(`${dev.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { ...form, Origin: dev.url },
      body: "email=&password=",
    });
    expect(own.status).not.toBe(403);
    expect(own.status).toBe(400); // the form's own validation answered
  });

  it("sends visitors who are not signed in from a protected page to /login with redirectTo", async () => {
    const response = await get(dev, "/org/members");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/org/members")}`);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie on sign-in (not Secure outside production)", async () => {
    const cookie = await signInAndGetCookie(dev, demoEmail("healthcare-lab-admin"), "session");
    expect(cookie.value.length).toBeGreaterThanOrEqual(20);
    expect(cookie.attributes).toContain("httponly");
    expect(cookie.attributes).toContain("samesite=lax");
    expect(cookie.attributes).toContain("path=/");
    expect(cookie.attributes).not.toContain("secure");
    // A browser-session cookie: nothing keeps the token on disk after the browser closes.
    expect(cookie.attributes.some((a: string) => a.startsWith("max-age") || a.startsWith("expires"))).toBe(false);
  });

  it("never keeps a session cookie the browser had before signing in (session fixation)", async () => {
    const planted = "plantedbyanattacker0123456789";
    const bogus = await signInAndGetCookie(dev, demoEmail("healthcare-lab-admin"), "session", `session=${planted}`);
    expect(bogus.value).not.toBe(planted);

    // A real, older session sent along with a new sign-in is replaced and ended.
    const older = await signInAndGetCookie(dev, demoEmail("mirai-mobility-admin"), "session");
    expect((await get(dev, "/org", `session=${older.value}`)).status).toBe(200);
    const newer = await signInAndGetCookie(dev, demoEmail("mirai-mobility-admin"), "session", `session=${older.value}`);
    expect(newer.value).not.toBe(older.value);
    expect((await get(dev, "/org", `session=${newer.value}`)).status).toBe(200);
    const replaced = await get(dev, "/org", `session=${older.value}`);
    expect(replaced.status).toBe(302);
    expect(replaced.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("issues a new cookie on every sign-in, and a signed-out cookie no longer authenticates", async () => {
    const first = await signInAndGetCookie(dev, demoEmail("bibai-admin"), "session");
    const second = await signInAndGetCookie(dev, demoEmail("bibai-admin"), "session");
    expect(second.value).not.toBe(first.value);

    const before = await get(dev, "/org", `session=${first.value}`);
    expect(before.status).toBe(200);
    expect(await before.text()).toContain("美唄市");

    const signOut = await fetch(`${dev.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: dev.url, Cookie: `session=${first.value}` },
    });
    expect(signOut.status).toBe(302);
    expect(signOut.headers.get("location")).toBe("/login?notice=signed-out");
    const blank = sessionCookieOf(signOut, "session");
    expect(blank.value).toBe("");

    const after = await get(dev, "/org", `session=${first.value}`);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/org")}`);
    // Signing out one browser leaves the user's other session alone.
    expect((await get(dev, "/org", `session=${second.value}`)).status).toBe(200);
  });

  it("answers an unknown URL with a Japanese 404 page", async () => {
    const response = await get(dev, "/kore-wa-nai/page");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('lang="ja"');
    expect(html).toContain("ページが見つかりません");
  });

  it("refuses to start a second process on the same DATA_DIR, and the first keeps serving", async () => {
    const second = await spawnServer({ dataDir: dev.dataDir });
    const exit = await Promise.race([
      second.exited,
      new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000)),
    ]);
    if (exit === "timeout") second.child.kill("SIGKILL");
    expect(exit, second.output()).not.toBe("timeout");
    expect(exit, second.output()).not.toBe(0);
    expect(typeof exit).toBe("number");
    expect(second.output()).toContain("別のプロセスが使用中");
    expect(second.output()).not.toContain("[server] ready");

    const health = await get(dev, "/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, db: "pglite" });
    expect(fs.existsSync(path.join(dev.dataDir, ".lock"))).toBe(true);
  });
});

describe("production server (NODE_ENV=production, DEMO_DATA=1)", () => {
  it("sends HSTS", async () => {
    const response = await get(prod, "/login");
    expect(response.status).toBe(200);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("uses a Secure __Host-session cookie", async () => {
    const cookie = await signInAndGetCookie(prod, demoEmail("operator"), "__Host-session");
    expect(cookie.attributes).toContain("secure");
    expect(cookie.attributes).toContain("httponly");
    expect(cookie.attributes).toContain("samesite=lax");
    expect(cookie.attributes).toContain("path=/");
    expect(cookie.attributes.some((a) => a.startsWith("domain="))).toBe(false); // required by the __Host- prefix
    // The plain name is not accepted in production. (/account: the operator's own pages need a second factor too.)
    const plain = await get(prod, "/account", `session=${cookie.value}`);
    expect(plain.status).toBe(302);
    expect((await get(prod, "/account", `__Host-session=${cookie.value}`)).status).toBe(200);
  });

  it("shows a Japanese error page without a stack trace or internals", async () => {
    const response = await get(prod, "/no/such/route");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("ページが見つかりません");
    expect(html).not.toMatch(/\bat [\w.<>]+ \(/); // "at fn (file:line:col)"
    expect(html).not.toMatch(/\.(js|ts|tsx):\d+:\d+/);
    expect(html).not.toMatch(/node_modules|\/build\/index\.js|"stack"/);
  });
});

// Issue 15: hostile input through the whole stack (Express, Remix, the input boundary) answers 4xx, never 500, and no
// response carries a stack trace or a database message, in development mode as in production.
describe("hostile input over HTTP, both servers", () => {
  const STACK = /\bat [\w$.<>]+ \(|node_modules|URIError|TypeError|\.js:\d+/;

  async function expectCalm(response: Response, what: string) {
    const body = await response.text();
    expect(response.status, what).toBeLessThan(500);
    expect(body, what).not.toMatch(STACK);
  }

  it("answers malformed URLs, NUL bytes, bad ids and bodies that are not forms with 4xx and no details", async () => {
    for (const server of [dev, prod]) {
      for (const url of [
        "/pitches?q=%00",
        "/api/v1/pitches?q=%00",
        "/api/v1/pitches.csv?q=%00",
        "/pitches/%E0%A4%A",
        "/pitches/%00",
        "/company/proposals/not-a-uuid",
        "/build/%E0%A4%A.js",
        `/pitches?q=${"x".repeat(8000)}`,
      ])
        await expectCalm(await fetch(`${server.url}${url}`, { redirect: "manual" }), `${server.url} GET ${url}`);
      for (const [type, body] of [
        ["text/plain", "email=a@example.test"],
        ["application/json", '{"email":"a@example.test"}'],
        ["multipart/form-data; boundary=x", "--x\r\nbroken"],
        ["application/x-www-form-urlencoded", "email=a%00@example.test&password=x"],
      ])
        for (const route of ["/login", "/signup", "/forgot-password"])
          await expectCalm(
            await fetch(`${server.url}${route}`, {
              method: "POST",
              redirect: "manual",
              headers: { "Content-Type": type!, Origin: server.url },
              body,
            }),
            `${server.url} POST ${route} ${type}`,
          );
    }
  });
});
