// One statement on the `postgres` database of the server `url` points at (create or drop a test database), on a
// client of its own: CREATE/DROP DATABASE cannot run inside the database they name, nor in a transaction.
import pg from "pg";

export async function adminQuery(url: URL | string, text: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
