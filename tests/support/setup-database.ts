import fs from "node:fs";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openPglite, openPostgres, type DatabaseHandle } from "@db/database.server";
import { useDatabaseForTests } from "~/lib/db.server";
import { wireAreas } from "~/startup/wiring.server";

// The areas' job handlers, periodic tasks and hooks, as the server registers them at start-up.
wireAreas();

// Every test file gets its own database, copied from the migrated snapshot built by global-setup.
let handle: DatabaseHandle | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const template = inject("postgresTemplate");
  if (template) {
    const name = `test_${randomUUID().replace(/-/g, "")}`;
    const templateName = new URL(template).pathname.slice(1);
    const admin = new URL(template);
    admin.pathname = "/postgres";
    await adminQuery(admin.toString(), `create database "${name}" template "${templateName}"`);
    const url = new URL(template);
    url.pathname = `/${name}`;
    handle = await openPostgres(url.toString(), { max: 20 });
    dropDatabase = () => adminQuery(admin.toString(), `drop database if exists "${name}" with (force)`);
  } else {
    const snapshot = fs.readFileSync(inject("pgliteSnapshot"));
    handle = await openPglite({ loadDataDir: new Blob([snapshot]) });
  }
  useDatabaseForTests(handle);
});

afterAll(async () => {
  useDatabaseForTests(undefined);
  await handle?.close();
  await dropDatabase?.();
});

async function adminQuery(url: string, sql: string) {
  // CREATE DATABASE ... TEMPLATE fails while another session uses the template; files start in parallel.
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
      return;
    } catch (error) {
      if (attempt < 20 && /being accessed by other users/.test(String(error))) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw error;
    } finally {
      await client.end();
    }
  }
}
