// Whether Stripe Connect can be offered: only when both secrets are configured, and only to a company whose connected
// account can receive payouts.
import type { Executor } from "@db/database.server";

export async function payoutAccountReady(ex: Executor, companyId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("stripe_account")
    .select("payouts_enabled")
    .where("organization_id", "=", companyId)
    .executeTakeFirst();
  return row?.payouts_enabled === true;
}
