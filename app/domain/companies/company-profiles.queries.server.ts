// Company profiles, read side: the company's own profile, its public page, its logo and its track record (counted from published matches).
import { isUuid } from "~/lib/uuid";
import type { MemberActor, Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { getObject } from "~/lib/storage.server";

/** The actor's own company and its profile (null before the first save). */
export const companyNotFound = () => new AppError("not_found", "企業が見つかりません。");

export async function getOwnCompanyProfile(actor: MemberActor) {
  const organization = await db()
    .selectFrom("organization")
    .select(["id", "name", "corporate_number", "kind"])
    .where("id", "=", actor.membership.organizationId)
    .where("kind", "=", "company")
    .executeTakeFirst();
  if (!organization) throw companyNotFound();
  const profile = await db()
    .selectFrom("company_profile")
    .selectAll()
    .where("organization_id", "=", organization.id)
    .executeTakeFirst();
  return { organization, profile: profile ?? null };
}

function isOwnMember(actor: Actor | null, organizationId: string) {
  return actor?.membership?.organizationId === organizationId;
}

/**
 * Track record, computed (never stored): accepted decisions that the municipality has published, with the pitch
 * title and municipality — public facts once published. Newest first.
 */
export async function companyTrackRecord(ex: Executor, organizationId: string) {
  return ex
    .selectFrom("proposal_decision as d")
    .innerJoin("proposal as p", "p.id", "d.proposal_id")
    .innerJoin("pitch", "pitch.id", "d.pitch_id")
    .innerJoin("municipality as m", "m.code", "pitch.municipality_code")
    .innerJoin("prefecture as pref", "pref.code", "pitch.prefecture_code")
    .select(["pitch.id as pitchId", "pitch.title as pitchTitle", "m.name as municipalityName"])
    .select(["pref.name as prefectureName", "d.published_at as publishedAt"])
    .where("p.organization_id", "=", organizationId)
    .where("d.outcome", "=", "accepted")
    .where("d.published_at", "is not", null)
    .where("pitch.status", "in", [...PUBLIC_STATUSES])
    .orderBy("d.published_at", "desc")
    .orderBy("pitch.id")
    .execute();
}

/**
 * The public page of a company. A missing, unpublished or non-company id is "not found" to everyone but the
 * company's own members (who see a preview). Contacts only for municipality and bureau users.
 */
export async function getPublicCompanyProfile(actor: Actor | null, organizationId: string) {
  if (!isUuid(organizationId)) throw companyNotFound();
  const organization = await db()
    .selectFrom("organization")
    .select(["id", "name", "corporate_number"])
    .where("id", "=", organizationId)
    .where("kind", "=", "company")
    .executeTakeFirst();
  if (!organization) throw companyNotFound();
  const profile = await db()
    .selectFrom("company_profile")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  const own = isOwnMember(actor, organizationId);
  if ((!profile || !profile.published) && !own) throw companyNotFound();
  const prefectures = profile?.prefecture_codes.length
    ? await db()
        .selectFrom("prefecture")
        .select(["code", "name"])
        .where("code", "in", profile.prefecture_codes)
        .orderBy("code")
        .execute()
    : [];
  const trackRecord = await companyTrackRecord(db(), organizationId);
  const kind = actor?.membership?.kind;
  const showContacts = kind === "municipality" || kind === "bureau";
  return {
    organization,
    isOwn: own,
    profile: profile
      ? {
          summary: profile.summary,
          industries: profile.industries,
          servesNationwide: profile.serves_nationwide,
          prefectures: prefectures.map((p) => p.name),
          themes: profile.themes,
          products: profile.products,
          websiteUrl: profile.website_url,
          hasLogo: profile.logo_storage_key !== null,
          published: profile.published,
          updatedAt: profile.updated_at,
          contact: showContacts
            ? { name: profile.contact_name, email: profile.contact_email, phone: profile.contact_phone }
            : null,
        }
      : null,
    trackRecord,
  };
}

/** The logo bytes of a published profile (or of one's own company); everything else is "not found". */
export async function openCompanyLogo(actor: Actor | null, organizationId: string) {
  const missing = () => new AppError("not_found", "ロゴが見つかりません。");
  if (!isUuid(organizationId)) throw missing();
  const row = await db()
    .selectFrom("company_profile")
    .select(["logo_storage_key", "logo_content_type", "published"])
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row?.logo_storage_key || !row.logo_content_type) throw missing();
  if (!row.published && !isOwnMember(actor, organizationId)) throw missing();
  const bytes = await getObject(row.logo_storage_key);
  if (!bytes) throw missing();
  return { contentType: row.logo_content_type, bytes };
}
