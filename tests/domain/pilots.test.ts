// Starting a pilot from a match: only the verified admin of the pitch's municipality, only for an accepted proposal
// whose result was announced; the first agreement version is drafted from the pitch and the proposal; the company is
// told; starting twice (or twice at once) gives the same pilot. Other organisations cannot see that the proposal exists.
import { describe, expect, it } from "vitest";
import { addMember, createMember, createUser } from "~/seed/factories.server";
import { createMatch } from "~/seed/pilot-factory.server";
import { readAgreementContent } from "~/domain/pilots/agreement-content.schema";
import { findPilotForActor } from "~/domain/pilots/pilots.access.server";
import { startPilotFromMatch } from "~/domain/pilots/pilots.commands.server";
import { listPilotsForActor } from "~/domain/pilots/pilots.queries.server";
import { db } from "~/lib/db.server";
import { actorOf } from "../support/actors";
import { countRows } from "../support/db";

describe("startPilotFromMatch", () => {
  it("starts the pilot with a prefilled first agreement version, audited, and tells the company", async () => {
    const match = await createMatch(db());
    const { pilotId, created } = await startPilotFromMatch(actorOf(match.municipality), match.proposal.id);
    expect(created).toBe(true);
    const pilot = await db().selectFrom("pilot").selectAll().where("id", "=", pilotId).executeTakeFirstOrThrow();
    expect(pilot).toMatchObject({
      proposal_id: match.proposal.id,
      municipality_id: match.municipality.organization.id,
      company_id: match.company.organization.id,
      status: "agreement",
    });
    const version = await db()
      .selectFrom("pilot_agreement_version")
      .selectAll()
      .where("pilot_id", "=", pilotId)
      .executeTakeFirstOrThrow();
    expect(version.version_number).toBe(1);
    expect(version.locked_at).toBeNull();
    const content = readAgreementContent(version.content);
    expect(content.scope).toContain(match.proposal.approach);
    expect(content.area).toBe(match.pitch.area_name);
    expect(content.fundingAmountYen).toBe(Number(match.proposal.requested_funding_yen));
    expect(content.kpis.map((k) => k.name)).toEqual(["通いの場の箇所数"]);
    expect(content.personalData.holder).toBe(match.company.organization.name);
    expect(
      await countRows("audit_log", (q) => q.where("action", "=", "pilot.start").where("entity_id", "=", pilotId)),
    ).toBe(1);
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", match.company.user.id).where("kind", "=", "pilot_started"),
      ),
    ).toBe(1);
    expect(await countRows("email_outbox", (q) => q.where("to_address", "=", match.company.user.email))).toBe(1);
  });

  it("returns the same pilot when started twice, even at the same time", async () => {
    const match = await createMatch(db());
    const results = await Promise.all(
      [1, 2, 3].map(() => startPilotFromMatch(actorOf(match.municipality), match.proposal.id)),
    );
    expect(new Set(results.map((r) => r.pilotId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countRows("pilot", (q) => q.where("proposal_id", "=", match.proposal.id))).toBe(1);
  });

  it("refuses a proposal that was declined, or whose result is not announced yet", async () => {
    const declined = await createMatch(db());
    await db()
      .updateTable("proposal_decision")
      .set({ outcome: "declined" })
      .where("proposal_id", "=", declined.proposal.id)
      .execute();
    await expect(startPilotFromMatch(actorOf(declined.municipality), declined.proposal.id)).rejects.toMatchObject({
      code: "conflict",
      publicMessage: "採択した提案についてのみ実証を開始できます。",
    });
    const unannounced = await createMatch(db());
    await db()
      .updateTable("proposal_decision")
      .set({ published_at: null })
      .where("proposal_id", "=", unannounced.proposal.id)
      .execute();
    await expect(startPilotFromMatch(actorOf(unannounced.municipality), unannounced.proposal.id)).rejects.toMatchObject(
      { code: "conflict" },
    );
    expect(
      await countRows("pilot", (q) => q.where("proposal_id", "in", [declined.proposal.id, unannounced.proposal.id])),
    ).toBe(0);
  });

  it("is for the municipality's verified admin only; to another organisation the proposal does not exist", async () => {
    const match = await createMatch(db());
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: match.municipality.organization.id, userId: colleague.id, role: "member" });
    await expect(
      startPilotFromMatch(actorOf(match.municipality, "member", colleague), match.proposal.id),
    ).rejects.toMatchObject({ code: "forbidden" });
    const other = await createMember(db(), { kind: "municipality" });
    await expect(startPilotFromMatch(actorOf(other), match.proposal.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(startPilotFromMatch(actorOf(match.company), match.proposal.id)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await countRows("pilot", (q) => q.where("proposal_id", "=", match.proposal.id))).toBe(0);
  });
});

describe("pilot access and lists", () => {
  it("lets each party read its pilot and lists it on both sides; others get null", async () => {
    const match = await createMatch(db());
    const { pilotId } = await startPilotFromMatch(actorOf(match.municipality), match.proposal.id);
    expect((await findPilotForActor(db(), actorOf(match.municipality), pilotId))?.side).toBe("municipality");
    expect((await findPilotForActor(db(), actorOf(match.company), pilotId))?.side).toBe("company");
    const stranger = await createMember(db(), { kind: "company" });
    expect(await findPilotForActor(db(), actorOf(stranger), pilotId)).toBeNull();
    const bureau = await createMember(db(), { kind: "bureau" });
    expect(await findPilotForActor(db(), actorOf(bureau), pilotId)).toBeNull();
    expect(await findPilotForActor(db(), actorOf(match.company), "not-a-uuid")).toBeNull();
    const operator = await createMember(db(), { kind: "operator" });
    expect((await findPilotForActor(db(), actorOf(operator), pilotId))?.side).toBe("operator");
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "pilot.support_view").where("entity_id", "=", pilotId),
      ),
    ).toBe(1);
    expect((await listPilotsForActor(actorOf(match.company))).items.map((p) => p.id)).toEqual([pilotId]);
    expect((await listPilotsForActor(actorOf(match.municipality))).items.map((p) => p.id)).toEqual([pilotId]);
    expect((await listPilotsForActor(actorOf(stranger))).items).toEqual([]);
  });
});
