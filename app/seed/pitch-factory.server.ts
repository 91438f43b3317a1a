// A pitch factory shared by tests and the demo seed. Relative imports: resolved by vitest and the Remix bundle.
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { Pitch, PitchStatus, PitchTable } from "@db/schema";
import type { Executor } from "@db/database.server";
import { pitchSearchTokens } from "~/domain/pitches/pitch-search-tokens.rules";
import { pitchRevisionContent } from "~/domain/pitches/pitch-revision.rules";

export type PitchOverrides = Partial<
  Omit<Insertable<PitchTable>, "id" | "organization_id" | "municipality_code" | "prefecture_code" | "search_tokens">
>;

const DAY = 24 * 60 * 60 * 1000;

/**
 * Creates a pitch of a municipality organisation, complete enough to be published. Published (and later) pitches
 * get revision 1 and search tokens, as publishing would give them.
 */
export async function createPitch(
  ex: Executor,
  options: { organizationId: string; status?: PitchStatus; createdBy?: string | null; now?: Date } & PitchOverrides,
): Promise<Pitch> {
  const { organizationId, status = "published", createdBy = null, now = new Date(), ...overrides } = options;
  const owner = await ex
    .selectFrom("organization")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .innerJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .select(["municipality.code", "municipality.name", "municipality.prefecture_code"])
    .select(["prefecture.name as prefecture_name"])
    .where("organization.id", "=", organizationId)
    .executeTakeFirstOrThrow();
  const values = {
    title: `${owner.name}の地域課題`,
    summary: "高齢者が住み慣れた地域で暮らし続けるための課題です。",
    vision: "誰もが役割と居場所を持ち続けられるまち。",
    current_situation: "高齢化率は上昇を続けています。",
    population: 20000,
    aging_rate_percent: "38.5",
    certification_rate_percent: "18.2",
    problem: "通いの場が減り、外出の機会が少なくなっています。",
    problem_evidence: "地域ケア会議で複数の事例が報告されました。",
    target_people: "一人暮らしの高齢者",
    target_states: ["prefrail", "frail"],
    themes: ["gathering_place", "mobility"],
    layer: "layer1" as const,
    area_name: "",
    tried_so_far: "住民主体のサロンを試行しました。",
    partner_wanted: "地域の事業者と協働できる企業",
    solution_wanted: "移動と居場所を組み合わせた仕組み",
    resources_offered: "公民館、広報紙、生活支援コーディネーター",
    budget_ceiling_yen: 4_000_000,
    pilot_start_on: "2027-04-01",
    pilot_end_on: "2028-03-31",
    indicators: ["gathering_places", "continued_participation"],
    proposal_deadline: new Date(now.getTime() + 30 * DAY),
    contact_name: "担当 太郎",
    contact_email: "contact@example.lg.jp",
    contact_phone: "000-000-0000",
    ...overrides,
  };
  const published = status !== "draft";
  const id = randomUUID();
  const pitch = await ex
    .insertInto("pitch")
    .values({
      ...values,
      id,
      organization_id: organizationId,
      municipality_code: owner.code,
      prefecture_code: owner.prefecture_code,
      status,
      revision_number: published ? 1 : 0,
      published_at: published ? (overrides.published_at ?? now) : null,
      closed_at:
        status === "closed" || status === "matched" || status === "not_matched" ? (overrides.closed_at ?? now) : null,
      created_by: createdBy,
      search_tokens: published
        ? pitchSearchTokens({
            ...values,
            themes: values.themes as string[],
            municipality_name: owner.name,
            prefecture_name: owner.prefecture_name,
          })
        : [],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (published) {
    await ex
      .insertInto("pitch_revision")
      .values({
        id: randomUUID(),
        pitch_id: id,
        number: 1,
        content: JSON.stringify(pitchRevisionContent(pitch)),
        created_by: createdBy,
      })
      .execute();
  }
  return pitch;
}
