// Case studies of completed pilots (issue 6): either party drafts the public text (title, problem, solution, results;
// prefilled from the pitch, the proposal and the close-out); each party's verified admin consents to that exact text;
// the second consent publishes it. Changing the text after a consent withdraws both consents (the text someone agreed
// to is never changed under them). Either party's verified admin may withdraw a published case. The public pages read
// only published cases, with the pilot's KPIs and their latest approved values; no personal data.
import type { Pilot } from "@db/schema";
import type { MemberActor } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { findPilotForParty, type AccessiblePilot, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { type CaseStudyText } from "./case-study.schema";
import { notifyMembers } from "~/domain/organizations/notify-members.commands.server";
import {
  type Party,
  TEXT_FIELDS,
  caseStudyState,
  caseStudyVersion,
  mayConsentToCaseStudy,
} from "./case-study.queries.server";

async function requireParty(
  trx: Executor,
  actor: MemberActor,
  pilotId: string,
): Promise<AccessiblePilot & { side: Party }> {
  const access = await findPilotForParty(trx, actor, pilotId);
  if (!access) throw pilotNotFound();
  if (access.side === "operator") throw new AppError("forbidden", "運営者は実証の内容を閲覧のみできます。");
  if (access.pilot.status !== "completed")
    throw new AppError("conflict", "事例は、完了した実証についてだけ作成・公開できます。");
  return access as AccessiblePilot & { side: Party };
}

function requireConsenter(actor: MemberActor, access: AccessiblePilot) {
  if (!mayConsentToCaseStudy(actor, access))
    throw new AppError("forbidden", "事例の公開への同意と取り下げは、各組織の確認済みの管理者が行います。");
}

const lockCaseStudy = (trx: Executor, pilotId: string) =>
  trx.selectFrom("case_study").selectAll().where("pilot_id", "=", pilotId).forUpdate().executeTakeFirst();

const otherParty = (side: Party): Party => (side === "municipality" ? "company" : "municipality");
const partyOrganization = (pilot: Pilot, side: Party) =>
  side === "municipality" ? pilot.municipality_id : pilot.company_id;
const partyName = { municipality: "自治体", company: "企業" } as const;

function tellOtherParty(trx: Executor, access: AccessiblePilot & { side: Party }, title: string, body: string) {
  return notifyMembers(trx, partyOrganization(access.pilot, otherParty(access.side)), {
    kind: "case_study",
    title,
    body,
    linkPath: `/pilots/${access.pilot.id}/case-study`,
    linkLabel: "事例公開のページを開く",
  });
}

// ---------------------------------------------------------------------------------------------------------- reads

/**
 * Saves the text. A published case cannot be edited (withdraw it first). When the text changes after a consent, both
 * consents are withdrawn in the same transaction and the other party is told.
 */
export async function saveCaseStudy(
  actor: MemberActor,
  pilotId: string,
  input: CaseStudyText,
  now = new Date(),
): Promise<{ changed: boolean; consentsReset: boolean }> {
  return inTransaction(async (trx) => {
    const access = await requireParty(trx, actor, pilotId);
    const { pilot } = access;
    const row = await lockCaseStudy(trx, pilot.id);
    if (caseStudyState(row ?? null) === "published") {
      throw new AppError("conflict", "公開中の事例は編集できません。変更するには、先に公開を取り下げてください。");
    }
    const next = { title: input.title, problem: input.problem, solution: input.solution, results: input.results };
    const changes = changedFields<Record<string, unknown>>(row ?? {}, next, [...TEXT_FIELDS]);
    if (row && Object.keys(changes).length === 0) return { changed: false, consentsReset: false };
    const consentsReset = !!row && (row.municipality_consent_at !== null || row.company_consent_at !== null);
    const consentReset = {
      municipality_consent_at: null,
      municipality_consent_by: null,
      company_consent_at: null,
      company_consent_by: null,
    };
    if (row) {
      await trx
        .updateTable("case_study")
        .set({ ...next, ...consentReset, updated_by: actor.userId, updated_at: now })
        .where("pilot_id", "=", pilot.id)
        .execute();
    } else {
      await trx
        .insertInto("case_study")
        .values({ pilot_id: pilot.id, ...next, updated_by: actor.userId, created_at: now, updated_at: now })
        .execute();
    }
    await recordAudit(trx, {
      actor,
      organizationId: partyOrganization(pilot, access.side),
      action: row ? "case_study.update" : "case_study.create",
      entityType: "case_study",
      entityId: pilot.id,
      changes: { ...changes, ...(consentsReset ? { consents_reset: true } : {}) },
    });
    if (consentsReset) {
      await tellOtherParty(
        trx,
        access,
        `事例「${input.title}」の本文が変更されました`,
        `${actor.membership.organizationName}が事例の本文を変更したため、公開への同意はいったん取り消されました。内容を確認し、公開してよければあらためて同意してください。`,
      );
    }
    return { changed: true, consentsReset };
  });
}

/** The party's consent to the text of `version`; the second party's consent publishes the case. */
export async function consentToCaseStudy(
  actor: MemberActor,
  pilotId: string,
  input: { version: string },
  now = new Date(),
): Promise<{ published: boolean }> {
  return inTransaction(async (trx) => {
    const access = await requireParty(trx, actor, pilotId);
    requireConsenter(actor, access);
    const { pilot, side } = access;
    const row = await lockCaseStudy(trx, pilot.id);
    if (!row) throw new AppError("conflict", "先に事例の本文を保存してください。");
    const state = caseStudyState(row);
    if (state === "published") throw new AppError("conflict", "この事例はすでに公開されています。");
    if (caseStudyVersion(row) !== input.version) {
      throw new AppError(
        "conflict",
        "事例の本文が変更されています。最新の内容を確認してから、もう一度同意してください。",
      );
    }
    const own = side === "municipality" ? row.municipality_consent_at : row.company_consent_at;
    if (own) return { published: false };
    const other = side === "municipality" ? row.company_consent_at : row.municipality_consent_at;
    const consent =
      side === "municipality"
        ? { municipality_consent_at: now, municipality_consent_by: actor.userId }
        : { company_consent_at: now, company_consent_by: actor.userId };
    const publish = other !== null;
    await trx
      .updateTable("case_study")
      .set({ ...consent, ...(publish ? { published_at: now, withdrawn_at: null } : {}), updated_at: now })
      .where("pilot_id", "=", pilot.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: partyOrganization(pilot, side),
      action: "case_study.consent",
      entityType: "case_study",
      entityId: pilot.id,
      changes: { side, version: input.version, ...(publish ? { published_at: now.toISOString() } : {}) },
    });
    if (publish) {
      await tellOtherParty(
        trx,
        access,
        `事例「${row.title}」を公開しました`,
        "双方の同意がそろったため、事例を公開しました。誰でも閲覧できる「実証の事例」のページに掲載されています。",
      );
    } else {
      await tellOtherParty(
        trx,
        access,
        `事例「${row.title}」の公開に${partyName[side]}が同意しました`,
        `${actor.membership.organizationName}が事例の公開に同意しました。内容を確認し、貴組織の管理者が同意すると公開されます。`,
      );
    }
    return { published: publish };
  });
}

/** Takes back the party's own consent before publication. */
export async function revokeCaseStudyConsent(actor: MemberActor, pilotId: string, now = new Date()): Promise<void> {
  await inTransaction(async (trx) => {
    const access = await requireParty(trx, actor, pilotId);
    requireConsenter(actor, access);
    const { pilot, side } = access;
    const row = await lockCaseStudy(trx, pilot.id);
    if (!row) throw new AppError("conflict", "先に事例の本文を保存してください。");
    if (caseStudyState(row) === "published")
      throw new AppError("conflict", "公開中の事例は、「公開を取り下げる」で取り下げてください。");
    const own = side === "municipality" ? row.municipality_consent_at : row.company_consent_at;
    if (!own) throw new AppError("conflict", "まだ公開に同意していません。");
    await trx
      .updateTable("case_study")
      .set({
        ...(side === "municipality"
          ? { municipality_consent_at: null, municipality_consent_by: null }
          : { company_consent_at: null, company_consent_by: null }),
        updated_at: now,
      })
      .where("pilot_id", "=", pilot.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: partyOrganization(pilot, side),
      action: "case_study.revoke_consent",
      entityType: "case_study",
      entityId: pilot.id,
      changes: { side },
    });
  });
}

/** Withdraws a published case (either party): the public page is gone; publishing again needs both consents again. */
export async function withdrawCaseStudy(actor: MemberActor, pilotId: string, now = new Date()): Promise<void> {
  await inTransaction(async (trx) => {
    const access = await requireParty(trx, actor, pilotId);
    requireConsenter(actor, access);
    const { pilot, side } = access;
    const row = await lockCaseStudy(trx, pilot.id);
    if (!row || caseStudyState(row) !== "published") throw new AppError("conflict", "公開中の事例はありません。");
    await trx
      .updateTable("case_study")
      .set({
        published_at: null,
        withdrawn_at: now,
        municipality_consent_at: null,
        municipality_consent_by: null,
        company_consent_at: null,
        company_consent_by: null,
        updated_at: now,
      })
      .where("pilot_id", "=", pilot.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: partyOrganization(pilot, side),
      action: "case_study.withdraw",
      entityType: "case_study",
      entityId: pilot.id,
      changes: { side },
    });
    await tellOtherParty(
      trx,
      access,
      `事例「${row.title}」の公開が取り下げられました`,
      `${actor.membership.organizationName}が事例の公開を取り下げました。公開ページは表示されなくなりました。`,
    );
  });
}

// ------------------------------------------------------------------------------------------------------ public reads
