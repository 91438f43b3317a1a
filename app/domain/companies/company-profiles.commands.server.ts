// Company profiles: the admin edits (audited in the same transaction), members read, the public page shows published
// profiles with a track record computed from published accepted decisions, and the logo is checked by its bytes.
import { type MemberActor, assertCan } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { sniffContentType } from "~/domain/pitches/pitch-attachments.files.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { deleteObject, putObject } from "~/lib/storage.server";
import { MAX_LOGO_BYTES, type CompanyProfileInput } from "./company-profile.schema";

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

function requireEditor(actor: MemberActor) {
  assertCan(actor, { action: "companyProfile.edit", organizationId: actor.membership.organizationId });
}

async function lockProfile(trx: Executor, organizationId: string) {
  // Creates the row on first use, then locks it: concurrent saves apply one after the other.
  await trx
    .insertInto("company_profile")
    .values({ organization_id: organizationId, published: false })
    .onConflict((oc) => oc.column("organization_id").doNothing())
    .execute();
  return trx
    .selectFrom("company_profile")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function saveCompanyProfile(actor: MemberActor, input: CompanyProfileInput) {
  requireEditor(actor);
  const organizationId = actor.membership.organizationId;
  return inTransaction(async (trx) => {
    const existed = await trx
      .selectFrom("company_profile")
      .select("organization_id")
      .where("organization_id", "=", organizationId)
      .executeTakeFirst();
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
  if (file.bytes.byteLength === 0)
    throw new AppError("bad_request", "ロゴの画像ファイルを選んでください。", { field: "logo" });
  if (file.bytes.byteLength > MAX_LOGO_BYTES) {
    throw new AppError("bad_request", "ロゴの画像が大きすぎます。2MB以下のファイルを選んでください。", {
      field: "logo",
    });
  }
  const contentType = sniffContentType(file.bytes);
  if (contentType !== "image/png" && contentType !== "image/jpeg") {
    throw new AppError("bad_request", "ロゴにできるのはPNGまたはJPEGの画像だけです。", { field: "logo" });
  }
  const organizationId = actor.membership.organizationId;
  const key = await putObject(file.bytes);
  let previous: string | null = null;
  try {
    await inTransaction(async (trx) => {
      const before = await lockProfile(trx, organizationId);
      previous = before.logo_storage_key;
      await trx
        .updateTable("company_profile")
        .set({
          logo_storage_key: key,
          logo_content_type: contentType,
          updated_by: actor.userId,
          updated_at: new Date(),
        })
        .where("organization_id", "=", organizationId)
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId,
        action: "company_profile.logo_set",
        entityType: "organization",
        entityId: organizationId,
        changes: {
          logo: { from: previous ? "set" : null, to: "set" },
          content_type: contentType,
          size_bytes: file.bytes.byteLength,
        },
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
  const previous = await inTransaction(async (trx) => {
    const before = await trx
      .selectFrom("company_profile")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .forUpdate()
      .executeTakeFirst();
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
