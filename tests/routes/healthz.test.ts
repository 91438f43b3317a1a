// /healthz answers with a real database round trip; when the database is down, pages give 503 (never 500) and
// the app recovers by itself when it returns.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DatabaseHandle } from "@db/database.server";
import { createMember } from "~/seed/factories.server";
import { databaseEngine, useDatabaseForTests, db } from "~/lib/db.server";
import * as root from "~/root";
import * as apiMunicipalities from "~/routes/api.municipalities";
import * as healthz from "~/routes/healthz";
import * as login from "~/routes/login";
import * as orgIndex from "~/routes/org._index";
import * as signup from "~/routes/signup";
import { allowConsoleError } from "../support/console";
import { currentDatabaseHandle } from "../support/db";
import { getRequest, postRequest, run, signedInCookie, type RouteResult } from "../support/http";

let original: DatabaseHandle;
let cookie: string;

beforeAll(async () => {
  original = currentDatabaseHandle();
  const { user } = await createMember(db(), { kind: "company" });
  cookie = await signedInCookie(user.id);
});

afterEach(() => {
  // Whatever a test did, the next one starts with the real database.
  useDatabaseForTests(original);
});

/** Runs `fn` while the app's database is a PostgreSQL that refuses connections. */
async function withDatabaseDown(fn: () => Promise<void>) {
  const unreachable = await openPostgres("postgres://postgres@127.0.0.1:1/none", { max: 2 });
  useDatabaseForTests(unreachable);
  try {
    await fn();
  } finally {
    useDatabaseForTests(original);
    await unreachable.close();
  }
}

function expectUnavailable(result: RouteResult, label: string) {
  expect(result.status, label).toBe(503);
  expect(result.body, label).toMatch(/ただいまサービスを利用できません/);
}

describe("/healthz", () => {
  it("answers 200 with the engine when the database answers", async () => {
    const result = await run(healthz.loader, getRequest("/healthz"));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ok: true, db: databaseEngine() });
    expect(["pglite", "postgres"]).toContain(result.body.db);
    expect(result.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers 503 when the database is unreachable, and 200 again once it is back", async () => {
    await withDatabaseDown(async () => {
      const result = await run(healthz.loader, getRequest("/healthz"));
      expect(result).toMatchObject({ status: 503, body: { ok: false } });
      expect(JSON.stringify(result.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres:/);
      expect(result.headers.get("Cache-Control")).toBe("no-store");
    });
    expect((await run(healthz.loader, getRequest("/healthz"))).status).toBe(200);
  });

  it("answers 503 when no database is open at all", async () => {
    useDatabaseForTests(undefined);
    expect((await run(healthz.loader, getRequest("/healthz"))).status).toBe(503);
  });
});

describe("pages while the database is down", () => {
  it("give 503, not 500, and recover when it returns", async () => {
    const logged = allowConsoleError(/\[db\] unavailable/);
    await withDatabaseDown(async () => {
      expectUnavailable(await run(root.loader, getRequest("/org", { cookie })), "root (signed in)");
      expectUnavailable(await run(orgIndex.loader, getRequest("/org", { cookie })), "org");
      expectUnavailable(
        await run(apiMunicipalities.loader, getRequest("/api/municipalities?prefecture=13")),
        "api.municipalities",
      );
      expectUnavailable(await run(signup.loader, getRequest("/signup")), "signup");
      expectUnavailable(
        await run(login.action, postRequest("/login", { email: "someone@example.jp", password: "some-password" })),
        "login action",
      );
      // A visitor without a session needs no database for the layout.
      expect((await run(root.loader, getRequest("/"))).status).toBe(200);
    });
    expect(logged().length).toBeGreaterThanOrEqual(5);
    // Nothing to restart: the same requests work again.
    expect((await run(root.loader, getRequest("/org", { cookie }))).status).toBe(200);
    expect((await run(orgIndex.loader, getRequest("/org", { cookie }))).status).toBe(200);
    expect((await run(apiMunicipalities.loader, getRequest("/api/municipalities?prefecture=13"))).status).toBe(200);
  });

  it("give 503 when the database is not open", async () => {
    allowConsoleError(/\[db\] unavailable/);
    useDatabaseForTests(undefined);
    expectUnavailable(await run(root.loader, getRequest("/org", { cookie })), "root");
    expectUnavailable(await run(signup.loader, getRequest("/signup")), "signup");
  });
});
