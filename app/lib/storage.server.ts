// The one place that knows where uploaded files live. Today: files under DATA_DIR/uploads/<random key>.
// Keys are generated here (never from a user's file name), so a name cannot traverse folders or be executed.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { dataDir } from "./env.server";

let rootOverride: string | undefined;

/** Tests keep their uploads in a temporary folder. */
export function setStorageRootForTests(dir: string | undefined) {
  rootOverride = dir;
}

function root(): string {
  return rootOverride ?? path.join(dataDir(), "uploads");
}

const KEY_PATTERN = /^[a-f0-9]{48}$/;

function fileFor(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error("invalid storage key");
  return path.join(root(), key);
}

/** Stores the bytes under a new random key and returns the key. */
export async function putObject(bytes: Uint8Array): Promise<string> {
  const key = randomBytes(24).toString("hex");
  await fs.mkdir(root(), { recursive: true, mode: 0o700 });
  await fs.writeFile(fileFor(key), bytes, { flag: "wx", mode: 0o600 });
  return key;
}

export async function getObject(key: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(fileFor(key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Removes an object; a missing one is not an error. */
export async function deleteObject(key: string): Promise<void> {
  await fs.rm(fileFor(key), { force: true });
}

/**
 * Stores the bytes, then runs `record` (the transaction that points at them) with their key; when recording fails the
 * stored bytes are deleted again, so that no file is kept that no row names.
 */
export async function storeThenRecord<T>(bytes: Uint8Array, record: (key: string) => Promise<T>): Promise<T> {
  const key = await putObject(bytes);
  try {
    return await record(key);
  } catch (error) {
    await deleteObject(key);
    throw error;
  }
}

/** Runs `record` (the transaction that removes a row naming a stored file), then deletes that file. */
export async function recordThenDelete(record: () => Promise<string>): Promise<void> {
  await deleteObject(await record());
}
