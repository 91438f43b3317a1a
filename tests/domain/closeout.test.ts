// The close-out and case-study commands under concurrency (run on PostgreSQL too: PGlite has one connection), and the
// pure prefill of the next cycle.
import { describe, expect, it } from "vitest";
import { addMember, createUser } from "~/seed/factories.server";
import type { Pitch } from "@db/schema";
import { consentToCaseStudy, saveCaseStudy } from "~/domain/outcomes/case-study.commands.server";
import { caseStudyVersion } from "~/domain/outcomes/case-study.queries.server";
import { closePilot } from "~/domain/outcomes/closeout.commands.server";
import { clip, NEXT_CYCLE_TITLE_PREFIX, nextCyclePitchFields } from "~/domain/outcomes/closeout.rules";
import { PILOT_RESULT_LABELS, PILOT_RESULTS } from "~/domain/outcomes/pilot-result.schema";
import { AppError } from "~/lib/errors";
import { db } from "~/lib/db.server";
import { actorOf } from "../support/actors";
import { countRows } from "../support/db";
import { CLOSE_FORM, createCompletedPilot, createRunningPilot } from "../support/outcomes";

const { intent: _intent, ...closeInput } = CLOSE_FORM;

describe("closing concurrently", () => {
  it("gives one close-out when two admins close the same pilot at once; the other gets a conflict with a message", async () => {
    const m = await createRunningPilot();
    const second = await createUser(db());
    await addMember(db(), { organizationId: m.municipality.organization.id, userId: second.id, role: "admin" });
    const results = await Promise.allSettled([
      closePilot(actorOf(m.municipality), m.pilot.id, closeInput),
      closePilot(actorOf(m.municipality, "admin", second), m.pilot.id, { ...closeInput, result: "ended" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(AppError);
    expect((failure.reason as AppError).publicMessage).toBe("この実証はすでに完了しています。");
    expect(await countRows("pilot_closeout", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(1);
    expect(
      await countRows("audit_log", (q) => q.where("action", "=", "pilot.close").where("entity_id", "=", m.pilot.id)),
    ).toBe(1);
  });
});

describe("consenting concurrently", () => {
  it("publishes exactly once when both parties consent at the same moment", async () => {
    const m = await createCompletedPilot();
    const text = { title: "事例", problem: "課題", solution: "解決策", results: "成果" };
    await saveCaseStudy(actorOf(m.company), m.pilot.id, text);
    const version = caseStudyVersion(text);
    const results = await Promise.all([
      consentToCaseStudy(actorOf(m.municipality), m.pilot.id, { version }),
      consentToCaseStudy(actorOf(m.company), m.pilot.id, { version }),
    ]);
    expect(results.filter((r) => r.published)).toHaveLength(1);
    const row = await db()
      .selectFrom("case_study")
      .selectAll()
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    expect(row.published_at).not.toBeNull();
    expect(row.municipality_consent_at).not.toBeNull();
    expect(row.company_consent_at).not.toBeNull();
  });

  it("never publishes a text that changed between a consent and the other party's consent", async () => {
    const m = await createCompletedPilot();
    const text = { title: "事例", problem: "課題", solution: "解決策", results: "成果" };
    await saveCaseStudy(actorOf(m.company), m.pilot.id, text);
    const version = caseStudyVersion(text);
    await consentToCaseStudy(actorOf(m.municipality), m.pilot.id, { version });
    await Promise.allSettled([
      saveCaseStudy(actorOf(m.municipality), m.pilot.id, { ...text, results: "成果（修正）" }),
      consentToCaseStudy(actorOf(m.company), m.pilot.id, { version }),
    ]);
    const row = await db()
      .selectFrom("case_study")
      .selectAll()
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    // Either the consent came first (published with the old text, and the edit was refused) or the edit did (no consents).
    if (row.published_at) expect(row.results).toBe("成果");
    else expect([row.municipality_consent_at, row.company_consent_at]).toEqual([null, null]);
  });
});

describe("nextCyclePitchFields", () => {
  const pitch = {
    title: "買い物に行ける地域をつくる",
    summary: "買い物の不便を解消したい。",
    vision: "誰もが歩いて買い物に行ける町",
    current_situation: "人口1万人、高齢化率42%",
    population: 10000,
    aging_rate_percent: "42.0",
    certification_rate_percent: null,
    problem: "移動手段がない",
    problem_evidence: "地域ケア会議の事例",
    target_people: "75歳以上の独居高齢者",
    target_states: ["prefrail"],
    themes: ["shopping", "mobility"],
    layer: "layer2",
    area_name: "東地区",
    tried_so_far: "乗合タクシーの試行",
    partner_wanted: "小売業者",
    solution_wanted: "移動販売",
    resources_offered: "公民館",
    budget_ceiling_yen: "4000000",
    pilot_start_on: "2026-04-01",
    pilot_end_on: "2027-03-31",
    indicators: ["gathering_places"],
    proposal_deadline: new Date("2026-02-01T00:00:00Z"),
    contact_name: "担当 太郎",
    contact_email: "tanto@example.test",
    contact_phone: "",
  } as unknown as Pitch;
  const reflection = {
    result: "under_consideration" as const,
    what_worked: "う".repeat(3000),
    what_did_not_work: "か".repeat(3000),
    next_step: "次".repeat(5000),
  };

  it("copies the setting, takes the reflection, clears the dates and budget, and stays within the pitch form's limits", () => {
    const fields = nextCyclePitchFields(pitch, "実証A", reflection);
    expect(fields.title).toBe(`${NEXT_CYCLE_TITLE_PREFIX}買い物に行ける地域をつくる`);
    expect(fields).toMatchObject({
      vision: pitch.vision,
      themes: ["shopping", "mobility"],
      layer: "layer2",
      areaName: "東地区",
      agingRatePercent: 42,
      indicators: ["gathering_places"],
    });
    expect(fields).toMatchObject({
      budgetCeilingYen: null,
      pilotStartOn: null,
      pilotEndOn: null,
      proposalDeadline: null,
      problemEvidence: "",
    });
    expect(fields.problem).toHaveLength(4000);
    expect(fields.solutionWanted).toHaveLength(2000);
    expect(fields.solutionWanted.endsWith("…")).toBe(true);
    expect(fields.triedSoFar.length).toBeLessThanOrEqual(4000);
    expect(fields.triedSoFar.startsWith("前回の実証「実証A」の振り返り（結果: 継続検討）")).toBe(true);
  });

  it("does not stack the prefix over cycles", () => {
    const third = nextCyclePitchFields(
      { ...pitch, title: `${NEXT_CYCLE_TITLE_PREFIX}${NEXT_CYCLE_TITLE_PREFIX}買い物` },
      "実証B",
      reflection,
    );
    expect(third.title).toBe(`${NEXT_CYCLE_TITLE_PREFIX}買い物`);
  });

  it("clips to the length the form schemas count, never inside a surrogate pair, marking the cut", () => {
    expect(clip("abc", 3)).toBe("abc");
    expect(clip("abcd", 3)).toBe("ab…");
    expect(clip("😀😀😀😀", 4)).toBe("😀…");
    expect(clip("a😀😀", 4)).toBe("a😀…");
    expect(clip("ab😀😀", 4)).toBe("ab…");
  });

  it("labels every result the database allows", () => {
    expect(PILOT_RESULTS.map((r) => PILOT_RESULT_LABELS[r])).toEqual(["自走", "本格実施", "継続検討", "終了"]);
  });
});
