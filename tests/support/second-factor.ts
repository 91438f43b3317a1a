// A second factor for test users: a confirmed TOTP key enrolled straight in the database (sealed with the app's key,
// as set-up stores it), and the code an authenticator app would show for it.
import { db } from "~/lib/db.server";
import { seal } from "~/lib/secret-box.server";
import { timeStep, totpAt } from "~/lib/totp.server";

/** The one test key (20 bytes): every enrolled test user shares it, so a test can compute codes without reading it. */
export const TEST_TOTP_KEY = new Uint8Array(Array.from({ length: 20 }, (_, i) => (i * 37 + 11) % 256));

/** Enrols the user's second factor (confirmed, no step used yet) unless they already have one. */
export async function enrolSecondFactor(userId: string, key: Uint8Array = TEST_TOTP_KEY): Promise<void> {
  await db()
    .insertInto("user_second_factor")
    .values({
      user_id: userId,
      secret_sealed: seal(Buffer.from(key).toString("base64url")),
      confirmed_at: new Date(),
    })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
}

/** The code of `key` for the current 30-second step (`offset` steps later or earlier). */
export function totpNow(key: Uint8Array = TEST_TOTP_KEY, offset = 0): string {
  return totpAt(key, timeStep() + offset);
}
