// How much money a pilot has: allocated, scheduled and disbursed, from its allocations. One definition, used by the
// pilot's overview and ledger and by the bureau's monitoring pages, so that every page shows the same figures.
import { sql } from "kysely";
import type { Executor } from "@db/database.server";

export interface PilotMoney {
  allocatedYen: number;
  scheduledYen: number;
  disbursedYen: number;
}

/**
 * A pilot's money, from its allocations out of every budget (any fiscal year): allocated = sum of allocation.amount_yen,
 * scheduled = sum of scheduled_yen, disbursed = sum of disbursed_yen. The pilot's own overview shows the same figures
 * (pilotOverview calls this), and the monitoring counters. One grouped query (allocation_pilot_idx) for any number of pilots.
 */
export async function pilotMoney(ex: Executor, pilotIds: readonly string[]): Promise<Map<string, PilotMoney>> {
  const money = new Map<string, PilotMoney>(
    pilotIds.map((id) => [id, { allocatedYen: 0, scheduledYen: 0, disbursedYen: 0 }]),
  );
  if (pilotIds.length === 0) return money;
  const rows = await ex
    .selectFrom("allocation")
    .select([
      "pilot_id",
      sql<string>`sum(amount_yen)`.as("allocated"),
      sql<string>`sum(scheduled_yen)`.as("scheduled"),
      sql<string>`sum(disbursed_yen)`.as("disbursed"),
    ])
    .where("pilot_id", "in", [...pilotIds])
    .groupBy("pilot_id")
    .execute();
  for (const r of rows)
    money.set(r.pilot_id, {
      allocatedYen: Number(r.allocated),
      scheduledYen: Number(r.scheduled),
      disbursedYen: Number(r.disbursed),
    });
  return money;
}
