// The figures on a pilot's overview: where the agreement stands and how much money has moved. Three indexed reads.
import type { Executor } from "~/domain/audit/audit.server";

export async function pilotOverview(ex: Executor, pilotId: string) {
  const [latest, signatures, money] = await Promise.all([
    ex
      .selectFrom("pilot_agreement_version")
      .select(["id", "version_number", "locked_at", "updated_at"])
      .where("pilot_id", "=", pilotId)
      .orderBy("version_number", "desc")
      .limit(1)
      .executeTakeFirst(),
    ex
      .selectFrom("pilot_agreement_signature as s")
      .innerJoin("pilot_agreement_version as v", "v.id", "s.version_id")
      .select(["s.side", "s.signer_name", "s.signed_at", "v.version_number"])
      .where("s.pilot_id", "=", pilotId)
      .orderBy("s.signed_at", "desc")
      .execute(),
    ex
      .selectFrom("allocation")
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<string>("amount_yen"), eb.lit(0)).as("allocated"),
        eb.fn.coalesce(eb.fn.sum<string>("scheduled_yen"), eb.lit(0)).as("scheduled"),
        eb.fn.coalesce(eb.fn.sum<string>("disbursed_yen"), eb.lit(0)).as("disbursed"),
      ])
      .where("pilot_id", "=", pilotId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    latestVersion: latest ? { number: latest.version_number, locked: latest.locked_at !== null, updatedAt: new Date(latest.updated_at).toISOString() } : null,
    signatures: signatures.map((s) => ({ side: s.side, signerName: s.signer_name, signedAt: new Date(s.signed_at).toISOString(), versionNumber: s.version_number })),
    money: { allocatedYen: Number(money.allocated), scheduledYen: Number(money.scheduled), disbursedYen: Number(money.disbursed) },
  };
}
