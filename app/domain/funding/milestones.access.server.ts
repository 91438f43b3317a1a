import type { Milestone } from "@db/schema";
import type { Executor } from "@db/database.server";
import { AppError } from "~/lib/errors";

/** Locks one milestone of the pilot (FOR UPDATE), so that concurrent transitions of it run one after another. */
export async function lockMilestone(trx: Executor, pilotId: string, milestoneId: string): Promise<Milestone> {
  const row = await trx
    .selectFrom("milestone")
    .selectAll()
    .where("id", "=", milestoneId)
    .where("pilot_id", "=", pilotId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "支払予定が見つかりません。");
  return row;
}
