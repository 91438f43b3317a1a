// Production server: opens and migrates the database before it listens, then serves the Remix build.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { securityMiddleware } from "./server/security.js";
import { trustProxySetting } from "./server/trust-proxy.js";

const root = path.dirname(fileURLToPath(import.meta.url));
const buildPath = path.join(root, "build", "index.js");
const build = await import(pathToFileURL(buildPath).href);

const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || "127.0.0.1";

let trustProxy;
try {
  trustProxy = trustProxySetting(process.env.TRUST_PROXY);
} catch (error) {
  console.error(`\n[server] could not start: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}

try {
  await build.entry.module.prepareServer();
} catch (error) {
  console.error(`\n[server] could not start: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", trustProxy);
app.use(compression());
app.use(securityMiddleware({ production, appUrl: process.env.APP_URL }));
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    // Always Remix's production mode, whatever NODE_ENV says: in any other mode Remix sends an error's message and stack
    // to the browser (in the page's data and in its last-resort 500). The details are in the log, under the reference
    // id the error page shows (app/entry.server.tsx, app/web/http.server.ts).
    mode: "production",
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip }),
  }),
);

// Express's own errors (a URL it cannot decode, a static file it cannot read) would otherwise reach its default handler,
// which prints the stack into the response unless NODE_ENV is production. Ours says nothing but a reference id.
app.use((error, req, res, _next) => {
  const status = Number(error?.status ?? error?.statusCode);
  if (res.headersSent) return res.end();
  res.setHeader("Cache-Control", "no-store");
  if (status >= 400 && status < 500) {
    res
      .status(status)
      .type("text/plain; charset=utf-8")
      .send("リクエストの内容が正しくありません。URLを確認してください。");
    return;
  }
  const referenceId = randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase();
  console.error(`[server] error ${referenceId} ${req.method} ${req.path}:`, error?.stack ?? error);
  res
    .status(500)
    .type("text/plain; charset=utf-8")
    .send(
      `申し訳ありません。サーバーで問題が発生しました。お問い合わせの際は参照番号 ${referenceId} をお伝えください。`,
    );
});

const server = app.listen(port, host, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `${host}:${address.port}` : `${host}:${port}`;
  console.log(`[server] ready on http://${shown}`);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: closing`);
  server.close();
  await build.entry.module.stopServer().catch((e) => console.error(e));
  process.exit(0);
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
