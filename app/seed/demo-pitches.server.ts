// Demo pitches for a fresh installation, drawn from the situations in the source documents (seeds 001-003): 美唄市
// 茶志内地区, 江差町, 様似町, かすみがうら市, 東大和市, 池田市 (unverified: drafts only), plus fictional but plausible
// pitches of municipalities in other prefectures. Figures beyond the seeds are illustrative. Called by seedDemoData
// inside its transaction. Relative imports on purpose (see factories.server.ts).
import type { Transaction } from "kysely";
import type { DB, PitchStatus } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import type { IndicatorCode, TargetStateCode, ThemeCode } from "~/domain/pitches/catalog.data";
import { createOrganization } from "./factories.server";
import { createPitch } from "./pitch-factory.server";
import demoPitchContent from "./content/demo-pitches.json";

const DAY = 24 * 60 * 60 * 1000;
const JST_OFFSET = 9 * 60 * 60 * 1000;

/** 17:00 Asia/Tokyo on the day `days` after `now` (in Tokyo): the usual time of a proposal deadline. */
export function tokyoDeadline(now: Date, days: number): Date {
  const tokyoDate = new Date(now.getTime() + JST_OFFSET + days * DAY).toISOString().slice(0, 10);
  return new Date(`${tokyoDate}T17:00:00+09:00`);
}

/** The fiscal year (April-March) `now` falls in, by its starting calendar year, in Tokyo time. */
export function fiscalYearOf(now: Date): number {
  const tokyo = new Date(now.getTime() + JST_OFFSET);
  return tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
}

/** Municipalities with demo pitches that have no demo account: verified organisations without users. */
export const EXTRA_DEMO_MUNICIPALITIES = [
  { prefecture: "岡山県", name: "真庭市" },
  { prefecture: "広島県", name: "三次市" },
  { prefecture: "沖縄県", name: "うるま市" },
  { prefecture: "長野県", name: "飯田市" },
  { prefecture: "福岡県", name: "八女市" },
] as const;

export interface DemoPitch {
  municipality: string;
  status: PitchStatus;
  /** Deadline relative to the seeding time, in days (negative: already past). */
  deadlineInDays: number;
  /** Published this many days before the seeding time. */
  publishedDaysAgo?: number;
  /** Pilot: "next" = the whole next fiscal year; "late" = July of the next fiscal year to its end. */
  pilot?: "next" | "late";
  title: string;
  summary: string;
  vision: string;
  currentSituation: string;
  population: number;
  agingRatePercent: string;
  certificationRatePercent: string;
  problem: string;
  problemEvidence: string;
  targetPeople: string;
  targetStates: TargetStateCode[];
  themes: ThemeCode[];
  layer: "layer1" | "layer2";
  areaName?: string;
  triedSoFar: string;
  partnerWanted: string;
  solutionWanted: string;
  resourcesOffered: string;
  budgetCeilingYen: number;
  indicators: IndicatorCode[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

type MunicipalityFacts = Pick<DemoPitch, "population" | "agingRatePercent" | "certificationRatePercent">;
type DemoDraft = Partial<DemoPitch> & { municipality: string; title: string };

const ratesText = (m: MunicipalityFacts) =>
  `人口${m.population.toLocaleString("ja-JP")}人、高齢化率${m.agingRatePercent}%、要介護（要支援）認定率${m.certificationRatePercent}%。`;

/**
 * The content lives in content/demo-pitches.json: each municipality's population and rates once, and each pitch's text,
 * where "{rates}" stands for the municipality's figures in words.
 */
const content = demoPitchContent as unknown as {
  municipalityFacts: Record<string, MunicipalityFacts>;
  pitches: Omit<DemoPitch, keyof MunicipalityFacts>[];
  drafts: Omit<DemoDraft, keyof MunicipalityFacts>[];
};

function withFacts<T extends { municipality: string; currentSituation?: string }>(pitch: T): T & MunicipalityFacts {
  const facts = content.municipalityFacts[pitch.municipality];
  if (!facts) throw new Error(`Demo data: no figures for ${pitch.municipality}`);
  const currentSituation = pitch.currentSituation?.replace("{rates}", ratesText(facts));
  return { ...pitch, ...facts, ...(currentSituation === undefined ? {} : { currentSituation }) };
}

export const DEMO_PITCHES: readonly DemoPitch[] = content.pitches.map(withFacts);

/** Drafts: 池田市 is unverified and cannot publish; 飯田市 is preparing one more. Drafts may be incomplete. */
export const DEMO_DRAFTS: readonly DemoDraft[] = content.drafts.map(withFacts);

/** A demo pitch's text and figures as pitch columns; what a draft leaves out stays empty. */
function pitchContent(p: DemoDraft) {
  return {
    title: p.title,
    summary: p.summary ?? "",
    vision: p.vision ?? "",
    current_situation: p.currentSituation ?? "",
    population: p.population ?? null,
    aging_rate_percent: p.agingRatePercent ?? null,
    certification_rate_percent: p.certificationRatePercent ?? null,
    problem: p.problem ?? "",
    problem_evidence: p.problemEvidence ?? "",
    target_people: p.targetPeople ?? "",
    target_states: p.targetStates ?? [],
    themes: p.themes ?? [],
    layer: p.layer ?? null,
    area_name: p.areaName ?? "",
    tried_so_far: p.triedSoFar ?? "",
    partner_wanted: p.partnerWanted ?? "",
    solution_wanted: p.solutionWanted ?? "",
    resources_offered: p.resourcesOffered ?? "",
    budget_ceiling_yen: p.budgetCeilingYen ?? null,
    indicators: p.indicators ?? [],
    contact_name: p.contactName ?? "",
    contact_email: p.contactEmail ?? "",
    contact_phone: p.contactPhone ?? "",
  };
}

export interface DemoPitchSeedResult {
  published: number;
  drafts: number;
  other: number;
}

/**
 * Creates the extra municipality organisations and every demo pitch. `organizations` maps the names of the demo
 * municipalities already created by seedDemoData to their id and the user who writes their pitches.
 */
export async function seedDemoPitches(
  trx: Transaction<DB>,
  options: {
    organizations: Map<string, { id: string; authorId: string | null }>;
    verifiedBy: string | null;
    now?: Date;
  },
): Promise<DemoPitchSeedResult> {
  const now = options.now ?? new Date();
  const organizations = new Map(options.organizations);
  for (const extra of EXTRA_DEMO_MUNICIPALITIES) {
    const row = await trx
      .selectFrom("municipality as m")
      .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
      .select("m.code")
      .where("p.name", "=", extra.prefecture)
      .where("m.name", "=", extra.name)
      .executeTakeFirst();
    if (!row)
      throw new Error(`Demo data: municipality ${extra.prefecture}${extra.name} is missing from the reference data`);
    const organization = await createOrganization(trx, {
      kind: "municipality",
      name: extra.name,
      municipalityCode: row.code,
      verificationStatus: "verified",
      verifiedBy: options.verifiedBy,
    });
    await recordAudit(trx, {
      actor: null,
      organizationId: organization.id,
      action: "demo.seed",
      entityType: "organization",
      entityId: organization.id,
      changes: {
        kind: "municipality",
        name: organization.name,
        municipality_code: row.code,
        verification_status: "verified",
        members: [],
      },
    });
    organizations.set(extra.name, { id: organization.id, authorId: null });
  }

  const fiscalYear = fiscalYearOf(now);
  const pilotDates = (pilot: DemoPitch["pilot"]) =>
    pilot === "late"
      ? { pilot_start_on: `${fiscalYear + 1}-07-01`, pilot_end_on: `${fiscalYear + 2}-03-31` }
      : { pilot_start_on: `${fiscalYear + 1}-04-01`, pilot_end_on: `${fiscalYear + 2}-03-31` };
  const ownerOf = (name: string) => {
    const owner = organizations.get(name);
    if (!owner) throw new Error(`Demo data: no organisation for ${name}`);
    return owner;
  };

  const result: DemoPitchSeedResult = { published: 0, drafts: 0, other: 0 };
  for (const p of DEMO_PITCHES) {
    const owner = ownerOf(p.municipality);
    const deadline = tokyoDeadline(now, p.deadlineInDays);
    const publishedAt = new Date(now.getTime() - (p.publishedDaysAgo ?? 7) * DAY);
    await createPitch(trx, {
      organizationId: owner.id,
      status: p.status,
      createdBy: owner.authorId,
      now: publishedAt,
      ...pitchContent(p),
      ...pilotDates(p.pilot),
      proposal_deadline: deadline,
      published_at: publishedAt,
      closed_at: p.status === "published" ? null : deadline,
      created_at: new Date(publishedAt.getTime() - 3 * DAY),
      updated_at: p.status === "published" ? publishedAt : deadline,
    });
    if (p.status === "published") result.published++;
    else result.other++;
  }

  for (const d of DEMO_DRAFTS) {
    const owner = ownerOf(d.municipality);
    await createPitch(trx, {
      organizationId: owner.id,
      status: "draft",
      createdBy: owner.authorId,
      now,
      ...pitchContent(d),
      pilot_start_on: null,
      pilot_end_on: null,
      proposal_deadline: null,
    });
    result.drafts++;
  }
  return result;
}
