// Encryption of the few secrets the app must read back later (a one-time link until its e-mail is delivered, a TOTP
// key until the factor is removed). Hashing is not enough for those: the app needs the value itself again. The key is
// never in the database, so a copy of the database (a backup, a read-only SQL session, the operator's pages) does not
// carry usable secrets. See docs/decisions/018-secrets-at-rest.md.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "./env.server";

const VERSION = "v1";
const KEY_FILE = "secret.key";

let cachedKey: Buffer | undefined;

/**
 * SECRET_KEY when it is set (required when several processes share one PostgreSQL database: they must agree);
 * otherwise a random key kept in the data folder next to the embedded database, created on first use with mode 0600.
 * Tests get a random key per process (nothing they encrypt outlives it).
 */
function key(): Buffer {
  if (cachedKey) return cachedKey;
  const configured = env().SECRET_KEY;
  if (configured) {
    cachedKey = createHash("sha256").update(configured, "utf8").digest();
  } else if (env().NODE_ENV === "test") {
    cachedKey = randomBytes(32);
  } else {
    cachedKey = keyFromFile(path.join(dataDir(), KEY_FILE));
  }
  return cachedKey;
}

function keyFromFile(file: string): Buffer {
  try {
    const existing = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
    if (existing.length === 32) return existing;
    throw new Error(`${file} does not hold a 32-byte key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fresh = randomBytes(32);
  try {
    // "wx": two processes starting at once must not each write their own key.
    fs.writeFileSync(file, fresh.toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return keyFromFile(file);
    throw error;
  }
}

/** AES-256-GCM: "v1:" + base64url(iv | tag | ciphertext). A changed byte fails to open rather than decrypting wrong. */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The plaintext of a sealed value, or null when it does not open with this key (another key, tampered, malformed). */
export function open(sealed: string): string | null {
  const [version, data] = sealed.split(":");
  if (version !== VERSION || !data) return null;
  const bytes = Buffer.from(data, "base64url");
  if (bytes.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function resetSecretKeyForTests() {
  cachedKey = undefined;
}
