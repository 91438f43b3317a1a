import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "@db/database.server";
import { migrateToLatest } from "@db/migrate.server";
import { loadReferenceData } from "@db/reference/load-reference-data.server";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

/**
 * Builds one migrated database with reference data. Each test file then starts from a copy of it:
 * PGlite loads a snapshot of it in memory; PostgreSQL clones it with CREATE DATABASE ... TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    console.log(`[tests] database engine: PostgreSQL (${redact(url)})`);
    const templateName = new URL(url).pathname.slice(1);
    await recreateDatabase(url, templateName);
    const handle = await openPostgres(url, { max: 2 });
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db);
    await handle.close();
    project.provide("postgresTemplate", url);
    project.provide("pgliteSnapshot", "");
    return;
  }
  console.log("[tests] database engine: PGlite (embedded, a fresh in-memory copy per test file)");
  const handle = await openPglite({});
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  const snapshotPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "govpitch-tests-")), "snapshot.tar.gz");
  const dump = await handle.dump!();
  fs.writeFileSync(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("pgliteSnapshot", snapshotPath);
  project.provide("postgresTemplate", "");
  return () => fs.rmSync(path.dirname(snapshotPath), { recursive: true, force: true });
}

async function recreateDatabase(url: string, name: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    // Rebuilt on every run: a template left by another checkout (other migrations) must never leak into this one.
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`drop database if exists ${quoted} with (force)`);
    await client.query(`create database ${quoted}`);
  } finally {
    await client.end();
  }
}

function redact(url: string) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
