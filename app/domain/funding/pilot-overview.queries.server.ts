// The figures on a pilot's overview: where the agreement stands and how much money has moved. Three indexed reads.
// The money is pilotMoney, so the bureau's monitoring pages show the same figures.
import type { Executor } from "@db/database.server";
import { pilotMoney } from "./pilot-money.queries.server";

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
    pilotMoney(ex, [pilotId]),
  ]);
  return {
    latestVersion: latest
      ? {
          number: latest.version_number,
          locked: latest.locked_at !== null,
          updatedAt: new Date(latest.updated_at).toISOString(),
        }
      : null,
    signatures: signatures.map((s) => ({
      side: s.side,
      signerName: s.signer_name,
      signedAt: new Date(s.signed_at).toISOString(),
      versionNumber: s.version_number,
    })),
    money: money.get(pilotId)!,
  };
}
