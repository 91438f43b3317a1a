// Company profiles: the admin edits (audited in the same transaction), members read, the public page shows published
// profiles with a track record computed from published accepted decisions, and the logo is checked by its bytes.
import { isUuid } from "~/lib/uuid";
import type { MemberActor } from "~/auth/permissions";
import { can, type Actor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { sniffContentType } from "~/domain/pitches/pitch-attachments.files.server";
import { PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { deleteObject, getObject, putObject } from "~/lib/storage.server";
import { MAX_LOGO_BYTES, type CompanyProfileInput } from "./company-profile.schema";

const companyNotFound = () => new AppError("not_found", "企業が見つかりません。");

const PROFILE_COLUMNS = [
  "summary",
  "industries",
  "serves_nationwide",
  "prefecture_codes",
  "themes",
  "products",
  "website_url",
  "contact_name",
  "contact_email",
  "contact_phone",
  "published",
] as const;

/** The actor's own company and its profile (null before the first save). */
export async function getOwnCompanyProfile(actor: MemberActor) {
  const organization = await db()
    .selectFrom("organization")
    .select(["id", "name", "corporate_number", "kind"])
    .where("id", "=", actor.membership.organizationId)
    .where("kind", "=", "company")
    .executeTakeFirst();
  if (!organization) throw companyNotFound();
  const profile = await db().selectFrom("company_profile").selectAll().where("organization_id", "=", organization.id).executeTakeFirst();
  return { organization, profile: profile ?? null };
}

function requireEditor(actor: MemberActor) {
  if (!can(actor, { action: "companyProfile.edit", organizationId: actor.membership.organizationId })) throw new AppError("forbidden");
}

async function lockProfile(trx: Executor, organizationId: string) {
  // Creates the row on first use, then locks it: concurrent saves apply one after the other.
  await trx
    .insertInto("company_profile")
    .values({ organization_id: organizationId, published: false })
    .onConflict((oc) => oc.column("organization_id").doNothing())
    .execute();
  return trx.selectFrom("company_profile").selectAll().where("organization_id", "=", organizationId).forUpdate().executeTakeFirstOrThrow();
}

export async function saveCompanyProfile(actor: MemberActor, input: CompanyProfileInput) {
  requireEditor(actor);
  const organizationId = actor.membership.organizationId;
  return db().transaction().execute(async (trx) => {
    const existed = await trx.selectFrom("company_profile").select("organization_id").where("organization_id", "=", organizationId).executeTakeFirst();
    const before = await lockProfile(trx, organizationId);
    const after = {
      summary: input.summary,
      industries: input.industries,
      serves_nationwide: input.servesNationwide,
      prefecture_codes: input.prefectureCodes,
      themes: input.themes,
      products: input.products,
      website_url: input.websiteUrl,
      contact_name: input.contactName,
      contact_email: input.contactEmail,
      contact_phone: input.contactPhone,
      published: input.published,
    };
    const saved = await trx
      .updateTable("company_profile")
      .set({ ...after, updated_by: actor.userId, updated_at: new Date() })
      .where("organization_id", "=", organizationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      organizationId,
      action: existed ? "company_profile.update" : "company_profile.create",
      entityType: "organization",
      entityId: organizationId,
      changes: changedFields<Record<string, unknown>>(existed ? before : {}, after, [...PROFILE_COLUMNS]),
    });
    return saved;
  });
}

export async function uploadCompanyLogo(actor: MemberActor, file: { bytes: Uint8Array }) {
  requireEditor(actor);
  if (file.bytes.byteLength === 0) throw new AppError("bad_request", "ロゴの画像ファイルを選んでください。", { field: "logo" });
  if (file.bytes.byteLength > MAX_LOGO_BYTES) {
    throw new AppError("bad_request", "ロゴの画像が大きすぎます。2MB以下のファイルを選んでください。", { field: "logo" });
  }
  const contentType = sniffContentType(file.bytes);
  if (contentType !== "image/png" && contentType !== "image/jpeg") {
    throw new AppError("bad_request", "ロゴにできるのはPNGまたはJPEGの画像だけです。", { field: "logo" });
  }
  const organizationId = actor.membership.organizationId;
  const key = await putObject(file.bytes);
  let previous: string | null = null;
  try {
    await db().transaction().execute(async (trx) => {
      const before = await lockProfile(trx, organizationId);
      previous = before.logo_storage_key;
      await trx
        .updateTable("company_profile")
        .set({ logo_storage_key: key, logo_content_type: contentType, updated_by: actor.userId, updated_at: new Date() })
        .where("organization_id", "=", organizationId)
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId,
        action: "company_profile.logo_set",
        entityType: "organization",
        entityId: organizationId,
        changes: { logo: { from: previous ? "set" : null, to: "set" }, content_type: contentType, size_bytes: file.bytes.byteLength },
      });
    });
  } catch (error) {
    await deleteObject(key);
    throw error;
  }
  if (previous) await deleteObject(previous);
}

export async function removeCompanyLogo(actor: MemberActor) {
  requireEditor(actor);
  const organizationId = actor.membership.organizationId;
  const previous = await db().transaction().execute(async (trx) => {
    const before = await trx.selectFrom("company_profile").selectAll().where("organization_id", "=", organizationId).forUpdate().executeTakeFirst();
    if (!before?.logo_storage_key) throw new AppError("not_found", "ロゴは登録されていません。");
    await trx
      .updateTable("company_profile")
      .set({ logo_storage_key: null, logo_content_type: null, updated_by: actor.userId, updated_at: new Date() })
      .where("organization_id", "=", organizationId)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId,
      action: "company_profile.logo_remove",
      entityType: "organization",
      entityId: organizationId,
      changes: { logo: { from: "set", to: null } },
    });
    return before.logo_storage_key;
  });
  await deleteObject(previous);
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
    .select(["pitch.id as pitchId", "pitch.title as pitchTitle", "m.name as municipalityName", "pref.name as prefectureName", "d.published_at as publishedAt"])
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
  const profile = await db().selectFrom("company_profile").selectAll().where("organization_id", "=", organizationId).executeTakeFirst();
  const own = isOwnMember(actor, organizationId);
  if ((!profile || !profile.published) && !own) throw companyNotFound();
  const prefectures = profile?.prefecture_codes.length
    ? await db().selectFrom("prefecture").select(["code", "name"]).where("code", "in", profile.prefecture_codes).orderBy("code").execute()
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
          contact: showContacts ? { name: profile.contact_name, email: profile.contact_email, phone: profile.contact_phone } : null,
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

