// No error details in any response, whatever NODE_ENV says (issue 15): a loader that fails on a database error answers
// a Japanese page (or JSON) with a reference id, and the log has the details under the same id. The requests go
// through Remix's own request handler with our entry (entry.server.tsx: handleRequest, handleError), our root and its
// ErrorBoundary, in the mode server.js gives it; the failing routes are test routes that run a query the database refuses.
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import * as entry from "~/entry.server";
import { resetEnvForTests } from "~/lib/env.server";
import { db } from "~/lib/db.server";
import * as root from "~/root";
import { handle } from "~/web/http.server";
import { allowConsoleError } from "../support/console";
import { BASE_URL } from "../support/http";

const DB_MESSAGE = /relation "no_such_table_for_the_test" does not exist|no_such_table_for_the_test/;
const STACK = /\bat [\w$.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+/;
const failingQuery = () => sql`select * from no_such_table_for_the_test`.execute(db());

function Page() {
  return null;
}

/** Routes under the real root: a page whose loader is wrapped by handle, one that is not, and an API resource. */
const modules = {
  "routes/handled": {
    loader: handle(async () => {
      await failingQuery();
      return null;
    }),
    default: Page,
  },
  "routes/unhandled": {
    loader: async () => {
      await failingQuery();
      return null;
    },
    default: Page,
  },
  "routes/render": {
    loader: async () => null,
    default: function Broken(): never {
      throw new Error('relation "no_such_table_for_the_test" does not exist (thrown while rendering)');
    },
  },
  "routes/api": {
    loader: handle(async () => {
      await failingQuery();
      return null;
    }),
  },
};

function build(): ServerBuild {
  const routeEntry = (id: string, routePath: string, module: Record<string, unknown>) => ({
    id,
    parentId: "root",
    path: routePath,
    module,
  });
  const manifestEntry = (id: string, routePath: string | undefined, parentId?: string) => ({
    id,
    parentId,
    path: routePath,
    module: `/build/${id}.js`,
    imports: [],
    hasAction: false,
    hasLoader: true,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: id === "root",
  });
  return {
    mode: "production",
    entry: { module: entry },
    routes: {
      root: { id: "root", path: "", module: root },
      "routes/handled": routeEntry("routes/handled", "handled", modules["routes/handled"]),
      "routes/unhandled": routeEntry("routes/unhandled", "unhandled", modules["routes/unhandled"]),
      "routes/render": routeEntry("routes/render", "render", modules["routes/render"]),
      "routes/api": routeEntry("routes/api", "api", modules["routes/api"]),
    },
    assets: {
      version: "test",
      url: "/build/manifest-test.js",
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: {
        root: manifestEntry("root", ""),
        "routes/handled": manifestEntry("routes/handled", "handled", "root"),
        "routes/unhandled": manifestEntry("routes/unhandled", "unhandled", "root"),
        "routes/render": manifestEntry("routes/render", "render", "root"),
        "routes/api": manifestEntry("routes/api", "api", "root"),
      },
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {},
    basename: "/",
    isSpaMode: false,
  } as unknown as ServerBuild;
}

/** The mode server.js passes to Remix: read from server.js itself, so that the test breaks if it changes. */
function serverMode(): string {
  const text = fs.readFileSync(path.resolve(__dirname, "../../server.js"), "utf8");
  const m = /createRequestHandler\(\{[\s\S]*?mode:\s*"(\w+)"/.exec(text);
  if (!m) throw new Error("server.js does not pass a fixed mode to createRequestHandler");
  return m[1]!;
}

const savedNodeEnv = process.env.NODE_ENV;
afterEach(() => {
  if (savedNodeEnv === undefined) Reflect.deleteProperty(process.env, "NODE_ENV");
  else process.env.NODE_ENV = savedNodeEnv;
  resetEnvForTests();
});

describe("a 500 says nothing of its cause, in every mode", () => {
  it("server.js runs Remix in production mode whatever NODE_ENV says", () => {
    expect(serverMode()).toBe("production");
  });

  for (const nodeEnv of [undefined, "development", "production"] as const) {
    it(`NODE_ENV=${nodeEnv ?? "(unset)"}: a Japanese message and a reference id; the details only in the log`, async () => {
      if (nodeEnv === undefined) Reflect.deleteProperty(process.env, "NODE_ENV");
      else process.env.NODE_ENV = nodeEnv;
      resetEnvForTests();
      const logged = allowConsoleError(/no_such_table_for_the_test/);
      const handler = createRequestHandler(build(), serverMode());

      for (const page of ["/handled", "/unhandled", "/render", "/api", "/handled?_data=routes%2Fhandled"]) {
        const before = logged().length;
        const response = await handler(new Request(new URL(page, BASE_URL)), {});
        const body = await response.text();
        expect(response.status, page).toBe(500);
        expect(body, page).not.toMatch(DB_MESSAGE);
        expect(body, page).not.toMatch(STACK);
        // (What Remix puts in the page's data for an error outside `handle` is its sanitised "Unexpected Server Error".)
        // The reference id in the response is the one logged with the details.
        const fresh = logged().slice(before);
        expect(fresh.length, page).toBeGreaterThan(0);
        const line = fresh.map((args) => args.map(String).join(" ")).join("\n");
        const id = /\[app\] error ([0-9A-F]{12})/.exec(line)?.[1];
        expect(id, `${page}: ${line}`).toBeDefined();
        expect(line).toMatch(DB_MESSAGE);
        expect(body, page).toContain(id!);
        if (page === "/api" || page.includes("_data")) {
          expect(JSON.parse(body)).toMatchObject({ error: { code: "internal_error", referenceId: id } });
        } else {
          expect(response.headers.get("Content-Type")).toMatch(/text\/html/);
          expect(body).toContain("エラーが発生しました");
          expect(body).toContain("参照番号");
        }
      }
    });
  }
});
