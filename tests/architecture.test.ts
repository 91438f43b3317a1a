// The structure, checked from the code's own imports: layers import only the layers below them, areas of the domain
// only the areas before them (architecture.config.js), nothing loops, the domain stays free of Remix and React, and
// browser-safe files import no server module. A new import against the order fails here with the file and line.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  areaOrder,
  domainFileRoles,
  frameworkFreeLayers,
  layers,
  requestOnlyAuthFiles,
  webPackages,
} from "../architecture.config.js";
import { cyclesOf, importGraph, parseImports, ROOT, sourceFiles, type ImportEdge } from "./support/imports";

const edges = importGraph("app", "db");
const internal = edges.filter((e) => !e.external);
const show = (e: ImportEdge) => `${e.from}:${e.line} imports ${e.specifier}`;

function layerOf(file: string): string | null {
  return layers.find((l) => l.paths.some((p) => (p.endsWith("/") ? file.startsWith(p) : file === p)))?.name ?? null;
}

function areaOf(file: string): string | null {
  const m = /^app\/domain\/([^/]+)\//.exec(file);
  return m ? m[1] : null;
}

const rankOf = new Map<string, number>(areaOrder.flatMap((row, rank) => row.map((area) => [area, rank] as const)));

/** Why an edge is against the structure, or null when it is allowed (exported for the self-check below). */
export function violation(e: ImportEdge): string | null {
  const from = layerOf(e.from);
  if (!from) return `${e.from} is in no layer of architecture.config.js`;
  if (e.external) {
    const webPackage = webPackages.some((p) => e.to === p.replace(/\/$/, "") || e.to.startsWith(p));
    if (webPackage && frameworkFreeLayers.includes(from))
      return `${from} must not import ${e.to} (the web framework or React)`;
    if (webPackage && from === "auth" && !requestOnlyAuthFiles.includes(e.from))
      return `only ${requestOnlyAuthFiles.join(", ")} of auth may use ${e.to}`;
    return null;
  }
  const to = layerOf(e.to);
  if (!to) return `${e.to} is in no layer of architecture.config.js`;
  if (from !== to) {
    const may = layers.find((l) => l.name === from)!.may;
    if (!may.includes(to)) return `${from} must not import ${to}`;
    if (from === "domain" && requestOnlyAuthFiles.includes(e.to))
      return `the domain must not import ${e.to} (it answers HTTP)`;
    return null;
  }
  if (from === "domain") {
    const a = areaOf(e.from);
    const b = areaOf(e.to);
    if (!a || !b) return `${!a ? e.from : e.to} is directly in app/domain/: every domain file belongs to an area`;
    if (a === b) return null;
    const ra = rankOf.get(a);
    const rb = rankOf.get(b);
    if (ra === undefined || rb === undefined) return `area ${ra === undefined ? a : b} is not in areaOrder`;
    if (rb === ra) return `${a} and ${b} stand side by side in areaOrder and must not import each other`;
    if (rb > ra)
      return `${a} must not import the later area ${b} (register a handler in app/startup/wiring.server.ts instead)`;
  }
  return null;
}

describe("the layers", () => {
  it("places every source file of app/ and db/ in a layer", () => {
    const unplaced = sourceFiles("app", "db").filter((f) => layerOf(f) === null);
    expect(unplaced).toEqual([]);
  });

  it("lets each layer import only the layers below it, and the domain neither Remix, React nor components", () => {
    expect(edges.map((e) => [show(e), violation(e)]).filter(([, why]) => why !== null)).toEqual([]);
  });

  it("keeps db/ free of app/, and app/lib free of the domain and of auth", () => {
    expect(internal.filter((e) => e.from.startsWith("db/") && e.to.startsWith("app/")).map(show)).toEqual([]);
    expect(
      internal.filter((e) => e.from.startsWith("app/lib/") && /^app\/(domain|auth)\//.test(e.to)).map(show),
    ).toEqual([]);
  });

  it("keeps browser-safe files (no .server in the name) from importing a server module or Node, except for types", () => {
    const serverOnly = (e: ImportEdge) => (e.external ? e.to.startsWith("node:") : /\.server\.tsx?$/.test(e.to));
    // Route modules are split by the compiler (their loaders and actions never reach the browser); the rest is shared.
    const browserSafe = (f: string) => /^app\/(lib|domain|web|components)\//.test(f) && !/\.server\.tsx?$/.test(f);
    const leaks = edges.filter((e) => browserSafe(e.from) && !e.typeOnly && serverOnly(e)).map(show);
    expect(leaks).toEqual([]);
  });
});

describe("the areas of the domain", () => {
  it("lists every folder of app/domain/ in the area order, once", () => {
    const folders = fs
      .readdirSync(path.join(ROOT, "app/domain"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const listed = areaOrder.flat();
    expect([...folders].sort()).toEqual([...listed].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("has no import cycle among the areas", () => {
    const areaEdges = internal
      .filter((e) => areaOf(e.from) && areaOf(e.to) && areaOf(e.from) !== areaOf(e.to))
      .map((e) => [areaOf(e.from)!, areaOf(e.to)!] as [string, string]);
    expect(cyclesOf(areaEdges)).toEqual([]);
  });

  it("has no import cycle among the files of app/ and db/", () => {
    expect(cyclesOf(internal.map((e) => [e.from, e.to] as [string, string]))).toEqual([]);
  });

  it("names every domain file by its role (schema, rules, queries, commands …)", () => {
    const role = new RegExp(
      `^[a-z0-9]+(?:-[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-[a-z0-9]+)*)*\\.(?:${domainFileRoles.map((r) => r.replace(".", "\\.")).join("|")})\\.tsx?$`,
    );
    const misnamed = sourceFiles("app/domain").filter((f) => !role.test(path.posix.basename(f)));
    expect(misnamed).toEqual([]);
  });

  it("gives the money areas a rules file: the state machines of funding, expenditures and payouts", () => {
    for (const area of ["funding", "expenditures", "payouts"]) {
      expect(
        fs.existsSync(path.join(ROOT, `app/domain/${area}/${area}.rules.ts`)),
        `app/domain/${area}/${area}.rules.ts`,
      ).toBe(true);
    }
  });
});

describe("the routes", () => {
  it("give every page an ErrorBoundary, the shared one", () => {
    const pages = sourceFiles("app/routes").filter((f) =>
      /export default/.test(fs.readFileSync(path.join(ROOT, f), "utf8")),
    );
    const without = pages.filter(
      (f) =>
        !fs
          .readFileSync(path.join(ROOT, f), "utf8")
          .includes('export { ErrorPage as ErrorBoundary } from "~/components/error-page";'),
    );
    expect(pages.length).toBeGreaterThan(60);
    expect(without).toEqual([]);
  });

  // The input boundary (app/web/input.server.ts) runs in `handle`: a loader or action outside it would read route
  // parameters and query strings unchecked. The few outside it read no input at all.
  it("run every loader and action through handle, the input boundary", () => {
    const readsNothing = new Set([
      "app/routes/$.tsx loader",
      "app/routes/$.tsx action",
      "app/routes/healthz.ts loader",
      "app/routes/forgot-password.tsx loader",
      "app/routes/logout.tsx loader",
    ]);
    const outside: string[] = [];
    for (const file of sourceFiles("app/routes")) {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(/^export (?:const|async function|function) (loader|action)\b(.*)$/gm)) {
        if (!/=\s*(\/\* @__PURE__ \*\/\s*)?(handle|withErrors)\(/.test(m[2]!) && !readsNothing.has(`${file} ${m[1]}`))
          outside.push(`${file} ${m[1]}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it("read forms only through the input boundary (never request.formData() or request.json() directly)", () => {
    const boundary = new Set(["app/web/input.server.ts", "app/web/uploads.server.ts"]);
    const direct = sourceFiles("app")
      .filter((f) => !boundary.has(f))
      .filter((f) => /\brequest\.(formData|json)\(/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(direct).toEqual([]);
  });
});

describe("the check itself", () => {
  const edge = (from: string, specifier: string, to = specifier, external = false): ImportEdge => ({
    from,
    to,
    specifier,
    external,
    typeOnly: false,
    line: 1,
  });

  it("refuses an import against the area order, a domain file importing Remix, and app/lib importing the domain", () => {
    expect(
      violation(
        edge(
          "app/domain/pitches/pitch.rules.ts",
          "~/domain/funding/funding.rules",
          "app/domain/funding/funding.rules.ts",
        ),
      ),
    ).toMatch(/later area funding/);
    expect(
      violation(
        edge(
          "app/domain/questions/questions.queries.server.ts",
          "~/domain/events/events.rules",
          "app/domain/events/events.rules.ts",
        ),
      ),
    ).toMatch(/side by side/);
    expect(
      violation(edge("app/domain/funding/funding.commands.server.ts", "@remix-run/node", "@remix-run/node", true)),
    ).toMatch(/web framework/);
    expect(
      violation(
        edge("app/domain/funding/funding.commands.server.ts", "~/components/layout", "app/components/layout.tsx"),
      ),
    ).toMatch(/domain must not import components/);
    expect(
      violation(
        edge("app/domain/funding/funding.commands.server.ts", "~/auth/guards.server", "app/auth/guards.server.ts"),
      ),
    ).toMatch(/answers HTTP/);
    expect(
      violation(edge("app/lib/format.ts", "~/domain/funding/funding.rules", "app/domain/funding/funding.rules.ts")),
    ).toMatch(/lib must not import domain/);
    expect(violation(edge("db/schema.ts", "~/lib/format", "app/lib/format.ts"))).toMatch(/db must not import lib/);
  });

  it("allows an import of an earlier area and of the layers below", () => {
    expect(
      violation(
        edge(
          "app/domain/funding/funding.commands.server.ts",
          "~/domain/pilots/pilot.access.server",
          "app/domain/pilots/pilots.access.server.ts",
        ),
      ),
    ).toBeNull();
    expect(
      violation(edge("app/domain/funding/funding.commands.server.ts", "~/lib/errors", "app/lib/errors.ts")),
    ).toBeNull();
    expect(
      violation(edge("app/routes/pilots.$pilotId.funding.tsx", "~/web/intents.server", "app/web/intents.server.ts")),
    ).toBeNull();
  });

  it("finds a cycle", () => {
    expect(
      cyclesOf([
        ["a", "b"],
        ["b", "c"],
        ["c", "a"],
        ["c", "d"],
      ]),
    ).toEqual([["a", "b", "c"]]);
    expect(
      cyclesOf([
        ["a", "b"],
        ["b", "c"],
      ]),
    ).toEqual([]);
  });

  it("reads the kinds of import the code uses, and none written in comments", () => {
    const text = [
      'import { a, type B } from "~/lib/errors";',
      'import type { C } from "@db/schema";',
      "import {",
      "  type D,",
      "  type E,",
      '} from "./funding.schema";',
      'export { f } from "../pilots/pilots.rules";',
      'import "./side-effect";',
      'const pglite = await import("@electric-sql/pglite");',
      '// import { old } from "~/domain/monitoring/counters.queries.server";',
      '/* import { older } from "~/domain/home/home.queries.server"; */',
    ].join("\n");
    const found = parseImports("app/domain/funding/funding.commands.server.ts", text).map((e) => [
      e.specifier,
      e.to,
      e.typeOnly,
      e.external,
    ]);
    expect(found).toEqual([
      ["~/lib/errors", "app/lib/errors.ts", false, false],
      ["@db/schema", "db/schema.ts", true, false],
      ["./funding.schema", "app/domain/funding/funding.schema.ts", true, false],
      ["../pilots/pilots.rules", "app/domain/pilots/pilots.rules", false, false],
      ["./side-effect", "app/domain/funding/side-effect", false, false],
      ["@electric-sql/pglite", "@electric-sql/pglite", false, true],
    ]);
  });
});
