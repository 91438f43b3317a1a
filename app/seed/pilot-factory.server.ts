// Matches and pilots for tests and the demo seed. Relative imports: resolved by vitest and the Remix bundle.
import type { Pilot, Pitch, Proposal } from "@db/schema";
import type { Executor } from "@db/database.server";
import { prefillAgreement } from "~/domain/pilots/agreement-prefill.rules";
import { createMember, type CreatedMember } from "./factories.server";
import { createPitch } from "./pitch-factory.server";
import { createProposal } from "./proposal-factory.server";

export interface Match {
  municipality: CreatedMember;
  company: CreatedMember;
  pitch: Pitch;
  proposal: Proposal;
}

/** A municipality and a company (each with an admin), a published pitch and a submitted proposal accepted and announced. */
export async function createMatch(ex: Executor, now = new Date()): Promise<Match> {
  const municipality = await createMember(ex, { kind: "municipality" });
  const company = await createMember(ex, { kind: "company" });
  const pitch = await createPitch(ex, { organizationId: municipality.organization.id, status: "matched", now });
  const proposal = await createProposal(ex, { pitchId: pitch.id, organizationId: company.organization.id, now });
  await ex
    .insertInto("proposal_decision")
    .values({
      proposal_id: proposal.id,
      pitch_id: pitch.id,
      outcome: "accepted",
      reason: "地域の実情に合った提案でした。",
      decided_by: municipality.user.id,
      decided_at: now,
      published_at: now,
      published_by: municipality.user.id,
    })
    .execute();
  return { municipality, company, pitch, proposal };
}

/** A started pilot of `match` (or of a new match) with its first agreement version, as startPilotFromMatch leaves it. */
export async function createPilot(ex: Executor, match?: Match, now = new Date()): Promise<Match & { pilot: Pilot }> {
  const m = match ?? (await createMatch(ex, now));
  const pilot = await ex
    .insertInto("pilot")
    .values({
      proposal_id: m.proposal.id,
      pitch_id: m.pitch.id,
      municipality_id: m.municipality.organization.id,
      company_id: m.company.organization.id,
      title: m.pitch.title,
      created_by: m.municipality.user.id,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const content = prefillAgreement(m.pitch, m.proposal, {
    municipality: m.municipality.organization.name,
    company: m.company.organization.name,
  });
  await ex
    .insertInto("pilot_agreement_version")
    .values({
      pilot_id: pilot.id,
      version_number: 1,
      content: JSON.stringify(content),
      change_note: "採択された提案とピッチから作成",
      created_by: m.municipality.user.id,
      updated_by: m.municipality.user.id,
    })
    .execute();
  return { ...m, pilot };
}
