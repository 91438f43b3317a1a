import { createHash } from "node:crypto";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import { db } from "~/lib/db.server";

/** The session token is only ever in the cookie; the database keeps its SHA-256. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** lucia v3 adapter over Kysely. Every call resolves db() at call time, so tests can swap databases. */
export const kyselySessionAdapter: Adapter = {
  async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await db()
      .selectFrom("user_session")
      .innerJoin("app_user", "app_user.id", "user_session.user_id")
      .select([
        "user_session.user_id",
        "user_session.expires_at",
        "user_session.created_at",
        "user_session.second_factor",
      ])
      .select(["app_user.email", "app_user.display_name"])
      .where("user_session.id", "=", hashSessionToken(sessionId))
      .executeTakeFirst();
    if (!row) return [null, null];
    return [
      {
        id: sessionId,
        userId: row.user_id,
        expiresAt: row.expires_at,
        attributes: { created_at: row.created_at, second_factor: row.second_factor },
      },
      { id: row.user_id, attributes: { email: row.email, display_name: row.display_name } },
    ];
  },
  async getUserSessions(userId) {
    // Ids here are hashes: they identify rows, they are not tokens that could be used as cookies.
    const rows = await db()
      .selectFrom("user_session")
      .select(["id", "user_id", "expires_at", "created_at", "second_factor"])
      .where("user_id", "=", userId)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      expiresAt: r.expires_at,
      attributes: { created_at: r.created_at, second_factor: r.second_factor },
    }));
  },
  async setSession(session) {
    await db()
      .insertInto("user_session")
      .values({
        id: hashSessionToken(session.id),
        user_id: session.userId,
        expires_at: session.expiresAt,
        created_at: session.attributes.created_at,
        second_factor: session.attributes.second_factor,
      })
      .execute();
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await db()
      .updateTable("user_session")
      .set({ expires_at: expiresAt })
      .where("id", "=", hashSessionToken(sessionId))
      .execute();
  },
  async deleteSession(sessionId) {
    await db().deleteFrom("user_session").where("id", "=", hashSessionToken(sessionId)).execute();
  },
  async deleteUserSessions(userId) {
    await db().deleteFrom("user_session").where("user_id", "=", userId).execute();
  },
  async deleteExpiredSessions() {
    await db().deleteFrom("user_session").where("expires_at", "<=", new Date()).execute();
  },
};
