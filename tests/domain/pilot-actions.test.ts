// The pilot work on the homes: each party sees what waits for it (and only its own pilots), late reports first.
import { describe, expect, it } from "vitest";
import { listPilotActions } from "~/domain/home/pilot-actions.queries.server";
import { db } from "~/lib/db.server";
import { createMember } from "~/seed/factories.server";
import { createMatch, createPilot } from "~/seed/pilot-factory.server";
import { actorOf } from "../support/actors";
import { createRunningPilot } from "../support/outcomes";

const kinds = async (actor: Parameters<typeof listPilotActions>[1], now?: Date) =>
  (await listPilotActions(db(), actor, now)).map((a) => a.kind);

describe("listPilotActions", () => {
  it("offers the municipality to start the pilot of an accepted, announced proposal; the company waits", async () => {
    const m = await createMatch(db());
    const actions = await listPilotActions(db(), actorOf(m.municipality));
    expect(actions).toEqual([
      expect.objectContaining({
        kind: "start",
        proposalId: m.proposal.id,
        href: `/municipality/pitches/${m.pitch.id}/proposals/${m.proposal.id}#start-pilot`,
      }),
    ]);
    expect(await kinds(actorOf(m.company))).toEqual([]);
  });

  it("asks both parties to finish the agreement, then only the one that has not signed", async () => {
    const m = await createPilot(db());
    expect(await kinds(actorOf(m.municipality))).toEqual(["agreement"]);
    expect(await kinds(actorOf(m.company))).toEqual(["agreement"]);
    const version = await db()
      .selectFrom("pilot_agreement_version")
      .select("id")
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("pilot_agreement_signature")
      .values({
        version_id: version.id,
        pilot_id: m.pilot.id,
        side: "municipality",
        organization_id: m.municipality.organization.id,
        signed_by: m.municipality.user.id,
        signer_name: "市長",
      })
      .execute();
    expect(await kinds(actorOf(m.municipality))).toEqual([]);
    const company = await listPilotActions(db(), actorOf(m.company));
    expect(company).toEqual([expect.objectContaining({ kind: "sign", href: `/pilots/${m.pilot.id}/agreement` })]);
  });

  it("asks the municipality to allocate a signed pilot, to approve a submitted report, and both to report when late", async () => {
    const m = await createRunningPilot();
    expect(await kinds(actorOf(m.municipality))).toEqual(["allocate"]);
    await db()
      .insertInto("pilot_kpi")
      .values({ pilot_id: m.pilot.id, position: 0, name: "参加者数", frequency: "quarterly" })
      .execute();
    // Well into the agreement's period (it starts with the pitch's pilot period, next April at the latest), the last
    // ended quarter has no report and its 14 days of grace are over.
    const later = new Date(Date.now() + 500 * 24 * 3600_000);
    expect(await kinds(actorOf(m.municipality), later)).toEqual(["reportLate", "allocate"]);
    expect(await kinds(actorOf(m.company), later)).toEqual(["reportLate"]);

    await db()
      .insertInto("outcome_report")
      .values({
        pilot_id: m.pilot.id,
        period_start: "2026-04-01",
        period_end: "2026-06-30",
        status: "submitted",
        author_side: "company",
        submitted_at: new Date(),
      })
      .execute();
    expect(await kinds(actorOf(m.municipality))).toEqual(["allocate", "approveOutcome"]);
    expect(await kinds(actorOf(m.company))).toEqual([]);

    await db().updateTable("outcome_report").set({ status: "returned" }).where("pilot_id", "=", m.pilot.id).execute();
    expect(await kinds(actorOf(m.company))).toEqual(["fixOutcome"]);
  });

  it("shows nothing of another organisation's pilots", async () => {
    await createRunningPilot();
    const stranger = await createMember(db(), { kind: "municipality" });
    const company = await createMember(db(), { kind: "company" });
    expect(await kinds(actorOf(stranger))).toEqual([]);
    expect(await kinds(actorOf(company))).toEqual([]);
  });
});
