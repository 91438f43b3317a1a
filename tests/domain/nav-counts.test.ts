// The figures beside the navigation: per role, what waits in each entry's area, scoped by the actor's organisation,
// capped, and only above zero; read through the root loader that every page runs.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createMember } from "~/seed/factories.server";
import { createOutcomeReport } from "~/seed/outcome-factory.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createPilot, type Match } from "~/seed/pilot-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { navCounts } from "~/domain/home/nav-counts.queries.server";
import { db } from "~/lib/db.server";
import * as root from "~/root";
import { getRequest, run, signedInCookie } from "../support/http";

const who = (m: Match["municipality"]) => ({
  userId: m.user.id,
  membership: { organizationId: m.organization.id, kind: m.organization.kind },
});

let m: Match & { pilot: { id: string } };

beforeAll(async () => {
  m = await createPilot(db());
  // Two questions on the municipality's pitch, one answered.
  for (const answered of [false, true])
    await db()
      .insertInto("pitch_question")
      .values({
        id: crypto.randomUUID(),
        pitch_id: m.pitch.id,
        asker_organization_id: m.company.organization.id,
        question: "対象地区はどこですか。",
        answer: answered ? "市内全域です。" : null,
        answered_at: answered ? new Date() : null,
      })
      .execute();
  await createOutcomeReport(db(), m.pilot.id, {
    periodStart: "2026-04-01",
    periodEnd: "2026-06-30",
    status: "submitted",
  });
  await createOutcomeReport(db(), m.pilot.id, {
    periodStart: "2026-07-01",
    periodEnd: "2026-09-30",
    status: "returned",
  });
  // A draft proposal of the company to a pitch still open.
  const open = await createPitch(db(), {
    organizationId: (await createMember(db(), { kind: "municipality" })).organization.id,
  });
  await createProposal(db(), { pitchId: open.id, organizationId: m.company.organization.id, status: "draft" });
});

describe("navCounts", () => {
  it("counts what waits in each entry's area for the actor's own organisation only", async () => {
    expect((await navCounts(db(), who(m.municipality))).byPath).toEqual({ "/municipality/questions": 1, "/pilots": 1 });
    expect((await navCounts(db(), who(m.company))).byPath).toEqual({ "/company/proposals": 1, "/pilots": 1 });
    const stranger = await createMember(db(), { kind: "municipality" });
    expect(await navCounts(db(), who(stranger))).toEqual({ unread: 0, byPath: {} });
    const bureau = await createMember(db(), { kind: "bureau", bureauId: "meti-kanto" });
    expect((await navCounts(db(), who(bureau))).byPath).toEqual({});
  });

  it("reaches the header through the root loader", async () => {
    const page = await run(root.loader, getRequest("/", { cookie: await signedInCookie(m.municipality.user.id) }));
    expect(page.body.viewer).toMatchObject({ navCounts: { "/municipality/questions": 1, "/pilots": 1 } });
  });
});
