import { json } from "@remix-run/node";
import { sql } from "kysely";
import { databaseEngine, db } from "~/lib/db.server";

/** Liveness with a real database round trip: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  let timer: NodeJS.Timeout | undefined;
  try {
    const engine = databaseEngine();
    await Promise.race([
      sql`select 1`.execute(db()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database timeout")), 3000);
      }),
    ]);
    return json({ ok: true, db: engine === "pglite" ? "pglite" : "postgres" }, { headers });
  } catch {
    return json({ ok: false, error: "database unavailable" }, { status: 503, headers });
  } finally {
    clearTimeout(timer);
  }
}
