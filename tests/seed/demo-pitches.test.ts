// The demo pitches: enough published pitches across municipalities and prefectures, each complete enough to pass
// the publishing rules of the pitch form; 池田市 (unverified) has drafts only; search tokens and revisions as
// publishing would leave them; a second seed adds nothing.
import { beforeAll, describe, expect, it } from "vitest";
import type { Pitch } from "@db/schema";
import { seedDemoData } from "~/seed/demo-data.server";
import {
  DEMO_DRAFTS,
  DEMO_PITCHES,
  EXTRA_DEMO_MUNICIPALITIES,
  fiscalYearOf,
  tokyoDeadline,
} from "~/seed/demo-pitches.server";
import { INDICATOR_CODES, TARGET_STATE_CODES, THEME_CODES } from "~/domain/pitches/catalog.data";
import { PitchFieldsSchema, publishProblems } from "~/domain/pitches/pitch.schema";
import { db } from "~/lib/db.server";

const seededAt = new Date();

/** A stored pitch back to the strings its form would post (deadline as Asia/Tokyo "YYYY-MM-DDTHH:mm"). */
function formFields(p: Pitch) {
  const tokyo = (d: Date) => new Date(d.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 16);
  const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return PitchFieldsSchema.parse({
    title: p.title,
    summary: p.summary,
    vision: p.vision,
    currentSituation: p.current_situation,
    population: str(p.population),
    agingRatePercent: str(p.aging_rate_percent === null ? null : Number(p.aging_rate_percent)),
    certificationRatePercent: str(p.certification_rate_percent === null ? null : Number(p.certification_rate_percent)),
    problem: p.problem,
    problemEvidence: p.problem_evidence,
    targetPeople: p.target_people,
    targetStates: p.target_states,
    themes: p.themes,
    layer: p.layer ?? "",
    areaName: p.area_name,
    triedSoFar: p.tried_so_far,
    partnerWanted: p.partner_wanted,
    solutionWanted: p.solution_wanted,
    resourcesOffered: p.resources_offered,
    budgetCeilingYen: str(p.budget_ceiling_yen),
    pilotStartOn: str(p.pilot_start_on),
    pilotEndOn: str(p.pilot_end_on),
    indicators: p.indicators,
    proposalDeadline: p.proposal_deadline ? tokyo(p.proposal_deadline) : "",
    contactName: p.contact_name,
    contactEmail: p.contact_email,
    contactPhone: p.contact_phone,
  });
}

const pitchesWithOwners = () =>
  db()
    .selectFrom("pitch")
    .innerJoin("organization as o", "o.id", "pitch.organization_id")
    .innerJoin("municipality as m", "m.code", "pitch.municipality_code")
    .selectAll("pitch")
    .select(["o.name as organization_name", "o.verification_status", "m.name as municipality_name"])
    .execute();

describe("demo pitches", () => {
  beforeAll(async () => {
    const result = await seedDemoData(db());
    expect(result.created).toBe(true);
  });

  it("publishes at least 12 pitches across at least 6 municipalities in at least 4 prefectures", async () => {
    const published = (await pitchesWithOwners()).filter((p) => p.status === "published");
    expect(published.length).toBeGreaterThanOrEqual(12);
    expect(new Set(published.map((p) => p.municipality_code)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(published.map((p) => p.prefecture_code)).size).toBeGreaterThanOrEqual(4);
    expect(published.every((p) => p.verification_status === "verified")).toBe(true);
    // The municipalities of the seed documents, and the extra ones.
    const names = new Set(published.map((p) => p.municipality_name));
    for (const name of [
      "美唄市",
      "江差町",
      "様似町",
      "かすみがうら市",
      "東大和市",
      ...EXTRA_DEMO_MUNICIPALITIES.map((m) => m.name),
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it("passes the publishing rules of the pitch form for every published pitch", async () => {
    const published = (await pitchesWithOwners()).filter((p) => p.status === "published");
    for (const p of published) {
      const fields = formFields(p);
      expect(publishProblems(fields, seededAt), p.title).toEqual({});
      expect(p.title.length).toBeLessThanOrEqual(120);
      expect(p.summary.length).toBeLessThanOrEqual(300);
      expect(p.themes.length).toBeLessThanOrEqual(5);
      expect(p.themes.every((t) => (THEME_CODES as string[]).includes(t))).toBe(true);
      expect(p.target_states.every((t) => (TARGET_STATE_CODES as string[]).includes(t))).toBe(true);
      expect(p.indicators.every((t) => (INDICATOR_CODES as string[]).includes(t))).toBe(true);
      expect(Number(p.budget_ceiling_yen)).toBeGreaterThan(0);
      expect(Number.isInteger(Number(p.budget_ceiling_yen))).toBe(true);
      expect(p.published_at!.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it("uses Japanese text, 茶志内地区 as a 第2層 area, and fiscal-year pilot periods", async () => {
    const all = await pitchesWithOwners();
    const chashinai = all.find((p) => p.area_name === "茶志内地区");
    expect(chashinai).toMatchObject({ municipality_name: "美唄市", layer: "layer2", status: "published" });
    const fy = fiscalYearOf(seededAt);
    for (const p of all.filter((x) => x.status !== "draft")) {
      expect(p.title).toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
      expect(p.pilot_start_on! >= `${fy + 1}-04-01`).toBe(true);
      expect(p.pilot_end_on).toBe(`${fy + 2}-03-31`);
    }
  });

  it("spreads deadlines over the coming weeks and months, with a couple already closed or matched", async () => {
    const all = await pitchesWithOwners();
    const open = all
      .filter((p) => p.status === "published")
      .map((p) => p.proposal_deadline!.getTime() - seededAt.getTime());
    const DAY = 24 * 60 * 60 * 1000;
    expect(Math.min(...open)).toBeGreaterThan(0);
    expect(Math.min(...open)).toBeLessThan(21 * DAY);
    expect(Math.max(...open)).toBeGreaterThan(60 * DAY);
    const past = all.filter((p) => p.status === "closed" || p.status === "matched");
    expect(past.length).toBeGreaterThanOrEqual(2);
    for (const p of past) {
      expect(p.proposal_deadline!.getTime()).toBeLessThan(seededAt.getTime());
      expect(p.closed_at).not.toBeNull();
    }
    // Deadlines are 17:00 in Tokyo.
    expect(tokyoDeadline(new Date("2027-01-15T20:00:00Z"), 1).toISOString()).toBe("2027-01-17T08:00:00.000Z");
  });

  it("gives 池田市 (unverified) only drafts, and has at least 3 drafts", async () => {
    const all = await pitchesWithOwners();
    const ikeda = all.filter((p) => p.municipality_name === "池田市");
    expect(ikeda.length).toBeGreaterThanOrEqual(1);
    expect(ikeda.every((p) => p.status === "draft" && p.verification_status === "unverified")).toBe(true);
    expect(all.filter((p) => p.status === "draft").length).toBeGreaterThanOrEqual(3);
    expect(all.filter((p) => p.verification_status !== "verified").every((p) => p.status === "draft")).toBe(true);
  });

  it("stores search tokens and revision 1 for published pitches, neither for drafts", async () => {
    const all = await pitchesWithOwners();
    const revisions = await db().selectFrom("pitch_revision").select(["pitch_id", "number", "content"]).execute();
    for (const p of all) {
      const own = revisions.filter((r) => r.pitch_id === p.id);
      if (p.status === "draft") {
        expect(p.search_tokens).toEqual([]);
        expect(p.revision_number).toBe(0);
        expect(own).toEqual([]);
      } else {
        expect(p.search_tokens.length).toBeGreaterThan(100);
        expect(p.search_tokens).toEqual(expect.arrayContaining([p.municipality_name.slice(0, 2)]));
        expect(p.revision_number).toBe(1);
        expect(own).toHaveLength(1);
        expect(own[0]).toMatchObject({ number: 1, content: expect.objectContaining({ title: p.title }) });
      }
    }
    // Contacts are never searchable.
    const chashinai = all.find((p) => p.area_name === "茶志内地区")!;
    expect(chashinai.search_tokens).not.toContain("@");
  });

  it("matches the definitions and adds nothing on a second seed", async () => {
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom("pitch")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(before).toBe(DEMO_PITCHES.length + DEMO_DRAFTS.length);
    const revisionsBefore = await db().selectFrom("pitch_revision").select("id").execute();
    const again = await seedDemoData(db());
    expect(again.created).toBe(false);
    expect(await count()).toBe(before);
    expect(await db().selectFrom("pitch_revision").select("id").execute()).toHaveLength(revisionsBefore.length);
  });
});
