// The structure of the code, in one place: the layers from the bottom up and the order of the domain's areas.
// tests/architecture.test.ts reads the imports and fails on an edge these lists do not allow; eslint.config.js
// turns the same lists into import rules, so an editor shows the mistake as it is typed.
// Why this order: docs/decisions/016-layers-and-area-order.md.

/**
 * Each layer may import the layers it names (and itself). Paths are from the repository root.
 * @type {{ name: string; paths: string[]; may: string[] }[]}
 */
export const layers = [
  { name: "db", paths: ["db/"], may: [] },
  { name: "lib", paths: ["app/lib/"], may: ["db"] },
  { name: "auth", paths: ["app/auth/"], may: ["db", "lib"] },
  { name: "domain", paths: ["app/domain/"], may: ["db", "lib", "auth"] },
  { name: "web", paths: ["app/web/"], may: ["db", "lib", "auth", "domain"] },
  { name: "components", paths: ["app/components/"], may: ["db", "lib", "domain", "web"] },
  { name: "seed", paths: ["app/seed/"], may: ["db", "lib", "auth", "domain"] },
  { name: "startup", paths: ["app/startup/"], may: ["db", "lib", "auth", "domain", "seed"] },
  {
    name: "routes",
    paths: ["app/routes/", "app/root.tsx", "app/entry.server.tsx", "app/entry.client.tsx", "app/styles/"],
    may: ["db", "lib", "auth", "domain", "web", "components", "startup"],
  },
];

/**
 * The areas of app/domain/, earliest first. An area imports only areas of earlier rows; the areas of one row stand
 * side by side and import none of each other. A later area that must react to an earlier one registers a handler
 * (app/startup/wiring.server.ts) instead of being imported by it.
 */
export const areaOrder = [
  ["audit", "search"],
  ["reference"],
  ["jobs"],
  ["mail", "notifications"],
  ["organizations"],
  ["accounts"],
  ["pitches"],
  ["questions", "events", "saved-searches", "companies", "recommendations"],
  ["proposals"],
  ["reviews"],
  ["pilots"],
  ["funding"],
  ["expenditures"],
  ["payouts"],
  ["outcomes"],
  ["monitoring"],
  ["home"],
  ["admin"],
];

/** Packages tied to the web framework or to React: only the web layer, components, routes and auth's guards use them. */
export const webPackages = ["@remix-run/", "react", "react-dom", "@react-pdf/"];

/** Layers whose files must not import webPackages. */
export const frameworkFreeLayers = ["db", "lib", "domain", "seed", "startup"];

/** Files of app/auth/ that the domain may not import (they answer HTTP: redirects and thrown Responses). */
export const requestOnlyAuthFiles = ["app/auth/guards.server.ts"];

/** The roles a domain file may have, as the last part of its name before .ts (see the decision record). */
export const domainFileRoles = [
  "schema",
  "rules",
  "data",
  "queries.server",
  "commands.server",
  "access.server",
  "jobs.server",
  "worker.server",
  "export.server",
  "files.server",
];
