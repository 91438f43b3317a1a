// Pilot agreements (実証協定): versions drafted by either party, signed by a verified admin of each. A version is edited
// in place while nobody has signed it; the first signature locks it (a database trigger then refuses any UPDATE or
// DELETE), and further changes go into a new version. When both parties have signed the same version the pilot runs
// on it (pilot.signed_version_id); an amendment is a new version that both sign again, until then the pilot keeps
// running on the version signed before.
//
// Every command locks the pilot row (SELECT ... FOR UPDATE) first, so that saves, new versions and signatures of one
// pilot happen one after another: two parties signing at the same moment both succeed and the pilot starts once.
import { isUuid } from "~/lib/uuid";
import type { AgreementSide, PilotAgreementVersion } from "@db/schema";
import { type MemberActor, type Permission, can, refusalMessage } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { createHook } from "~/lib/hooks";
import { readAgreementContent, type AgreementContent } from "./agreement-content.schema";
import { changedAgreementFields } from "./agreement-diff.rules";
import { lockedVersionMessage, signingProblems } from "./agreement.rules";
import type { AgreementEditInput, NewAgreementVersionInput, SignAgreementInput } from "./agreement.schema";
import { notifyMembers } from "~/domain/organizations/notify-members.commands.server";

/**
 * Run when both parties have signed a version, inside the signing transaction: a later area that derives data from
 * a concluded agreement registers here (the outcomes area imports the KPIs of the first signed agreement).
 */
export const agreementConcluded =
  createHook<[trx: Executor, event: { pilotId: string; versionId: string; now: Date }]>("agreement concluded");

const iso = (value: Date | string) => new Date(value).toISOString();

interface LockedPilot {
  id: string;
  title: string;
  municipality_id: string;
  company_id: string;
  status: string;
  signed_version_id: string | null;
  side: AgreementSide;
  organizationId: string;
  otherOrganizationId: string;
}

/**
 * The pilot, locked for this transaction, if the actor belongs to one of its parties and may do `action` for it.
 * Operators read pilots for support but never change them; anyone else gets "not found", like an id that does not exist.
 */
async function lockPilot(
  trx: Executor,
  actor: MemberActor,
  pilotId: string,
  action: Extract<Permission["action"], "agreement.edit" | "agreement.sign">,
): Promise<LockedPilot> {
  if (can(actor, { action: "pilot.monitor" }))
    throw new AppError("forbidden", "運営者は協定書を閲覧できますが、変更や署名はできません。");
  const organizationId = actor.membership.organizationId;
  const notFound = new AppError("not_found", "実証が見つかりません。");
  if (!isUuid(pilotId)) throw notFound;
  const pilot = await trx
    .selectFrom("pilot")
    .select(["id", "title", "municipality_id", "company_id", "status", "signed_version_id"])
    .where("id", "=", pilotId)
    .where((eb) => eb.or([eb("municipality_id", "=", organizationId), eb("company_id", "=", organizationId)]))
    .forUpdate()
    .executeTakeFirst();
  if (!pilot || !can(actor, { action: "pilot.view", organizationId })) throw notFound;
  const kind = actor.membership.kind;
  const side: AgreementSide | null =
    pilot.municipality_id === organizationId && kind === "municipality"
      ? "municipality"
      : pilot.company_id === organizationId && kind === "company"
        ? "company"
        : null;
  if (!side) throw notFound;
  if (!can(actor, { action, organizationId })) {
    throw new AppError(
      "forbidden",
      refusalMessage(actor, { action, organizationId }) ??
        (action === "agreement.sign"
          ? "協定書に署名できるのは、確認済みの組織の管理者です。"
          : "この協定書を編集する権限がありません。"),
    );
  }
  if (pilot.status === "completed" || pilot.status === "terminated")
    throw new AppError("conflict", "終了した実証の協定書は変更できません。");
  return {
    ...pilot,
    side,
    organizationId,
    otherOrganizationId: side === "municipality" ? pilot.company_id : pilot.municipality_id,
  };
}

async function latestVersion(
  trx: Executor,
  pilotId: string,
): Promise<PilotAgreementVersion & { signature_count: number }> {
  const row = await trx
    .selectFrom("pilot_agreement_version as v")
    .selectAll("v")
    .select((eb) =>
      eb
        .selectFrom("pilot_agreement_signature as s")
        .whereRef("s.version_id", "=", "v.id")
        .select((e) => e.fn.countAll<string>().as("n"))
        .as("signature_count"),
    )
    .where("v.pilot_id", "=", pilotId)
    .orderBy("v.version_number", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new AppError("conflict", "協定書の版がありません。運営事務局にお問い合わせください。");
  return { ...row, signature_count: Number(row.signature_count ?? 0) };
}

function staleVersion(latest: { version_number: number }) {
  return new AppError(
    "conflict",
    `この版は最新ではありません（最新は第${latest.version_number}版です）。ページを再読み込みして最新の版を確認してください。`,
  );
}

const agreementPath = (pilotId: string) => `/pilots/${pilotId}/agreement`;

/**
 * Saves the latest version while nobody has signed it. Refused when the version was signed (locked) in the meantime,
 * when a newer version exists, or when someone saved it after the form was loaded (`expectedUpdatedAt`), so that a
 * stale form never overwrites a newer save.
 */
export async function saveAgreementDraft(
  actor: MemberActor,
  pilotId: string,
  input: Omit<AgreementEditInput, "intent">,
  now = new Date(),
): Promise<{ changed: boolean; versionNumber: number }> {
  return inTransaction(async (trx) => {
    const pilot = await lockPilot(trx, actor, pilotId, "agreement.edit");
    const latest = await latestVersion(trx, pilot.id);
    if (latest.id !== input.versionId) {
      const edited = await trx
        .selectFrom("pilot_agreement_version")
        .select(["version_number", "locked_at"])
        .where("id", "=", input.versionId)
        .where("pilot_id", "=", pilot.id)
        .executeTakeFirst();
      if (edited?.locked_at) throw new AppError("conflict", lockedVersionMessage(edited.version_number));
      throw staleVersion(latest);
    }
    if (latest.locked_at !== null || latest.signature_count > 0)
      throw new AppError("conflict", lockedVersionMessage(latest.version_number));
    if (iso(latest.updated_at) !== input.expectedUpdatedAt) {
      throw new AppError(
        "conflict",
        "このページを開いた後に、別の方が協定書を保存しました。入力内容を控えてからページを再読み込みし、最新の内容に反映してください。",
      );
    }
    const before = readAgreementContent(latest.content);
    const fields = changedAgreementFields(before, input.content);
    if (fields.length === 0 && latest.change_note === input.changeNote)
      return { changed: false, versionNumber: latest.version_number };
    await trx
      .updateTable("pilot_agreement_version")
      .set({
        content: JSON.stringify(input.content),
        change_note: input.changeNote,
        updated_by: actor.userId,
        updated_at: now,
      })
      .where("id", "=", latest.id)
      .where("locked_at", "is", null)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "agreement.save",
      entityType: "pilot_agreement_version",
      entityId: latest.id,
      changes: {
        pilot_id: pilot.id,
        version: latest.version_number,
        fields,
        ...(latest.change_note !== input.changeNote
          ? { change_note: { from: latest.change_note, to: input.changeNote } }
          : {}),
      },
    });
    await notifyMembers(trx, [pilot.otherOrganizationId], {
      exceptUserId: actor.userId,
      linkLabel: "協定書を開く",
      kind: "agreement_changed",
      title: `実証「${pilot.title}」の協定書が更新されました`,
      body: `${actor.membership.organizationName}が協定書 第${latest.version_number}版を編集しました。変更内容を確認してください。`,
      linkPath: agreementPath(pilot.id),
      email: false,
      coalesce: true,
    });
    return { changed: true, versionNumber: latest.version_number };
  });
}

/**
 * Starts a new version from the latest one: a copy, or `content` when the user's edit of a version that was signed in
 * the meantime is carried over. Refused when the form was for an older version (someone made a newer one already).
 */
export async function createAgreementVersion(
  actor: MemberActor,
  pilotId: string,
  input: Pick<NewAgreementVersionInput, "versionId" | "changeNote"> & { content?: AgreementContent },
  now = new Date(),
): Promise<{ versionNumber: number; versionId: string }> {
  return inTransaction(async (trx) => {
    const pilot = await lockPilot(trx, actor, pilotId, "agreement.edit");
    const latest = await latestVersion(trx, pilot.id);
    if (latest.id !== input.versionId) {
      throw new AppError(
        "conflict",
        `すでに第${latest.version_number}版が作成されています。ページを再読み込みして、最新の版を編集してください。`,
      );
    }
    const before = readAgreementContent(latest.content);
    const content = input.content ?? before;
    const number = latest.version_number + 1;
    const inserted = await trx
      .insertInto("pilot_agreement_version")
      .values({
        pilot_id: pilot.id,
        version_number: number,
        content: JSON.stringify(content),
        change_note: input.changeNote,
        created_by: actor.userId,
        updated_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "agreement.new_version",
      entityType: "pilot_agreement_version",
      entityId: inserted.id,
      changes: {
        pilot_id: pilot.id,
        version: number,
        from_version: latest.version_number,
        change_note: input.changeNote,
        fields: changedAgreementFields(before, content),
      },
    });
    await notifyMembers(trx, [pilot.otherOrganizationId], {
      exceptUserId: actor.userId,
      linkLabel: "協定書を開く",
      kind: "agreement_changed",
      title: `実証「${pilot.title}」の協定書 第${number}版が作成されました`,
      body: `${actor.membership.organizationName}が協定書の第${number}版を作成しました（変更の説明: ${input.changeNote}）。内容を確認してください。${
        pilot.signed_version_id ? "双方が新しい版に署名するまで、実証は署名済みの版に基づいて続きます。" : ""
      }`,
      linkPath: agreementPath(pilot.id),
      email: true,
    });
    return { versionNumber: number, versionId: inserted.id };
  });
}

export interface SignResult {
  versionNumber: number;
  /** Both parties have now signed this version (the pilot runs on it). */
  completed: boolean;
  alreadySigned: boolean;
}

/**
 * Signs the latest version for the actor's organisation, exactly as the signer saw it (`expectedUpdatedAt`). The first
 * signature locks the version; the second (the other party, same version) makes it the pilot's signed version and
 * starts the pilot. Signing twice for the same party changes nothing.
 */
export async function signAgreementVersion(
  actor: MemberActor,
  pilotId: string,
  input: Omit<SignAgreementInput, "intent">,
  now = new Date(),
): Promise<SignResult> {
  return inTransaction(async (trx) => {
    const pilot = await lockPilot(trx, actor, pilotId, "agreement.sign");
    const latest = await latestVersion(trx, pilot.id);
    if (latest.id !== input.versionId) {
      throw new AppError(
        "conflict",
        `署名できるのは最新の版（第${latest.version_number}版）だけです。最新の版の内容を確認してから署名してください。`,
      );
    }
    const signatures = await trx
      .selectFrom("pilot_agreement_signature")
      .select(["side"])
      .where("version_id", "=", latest.id)
      .execute();
    if (signatures.some((s) => s.side === pilot.side)) {
      return {
        versionNumber: latest.version_number,
        completed: pilot.signed_version_id === latest.id,
        alreadySigned: true,
      };
    }
    if (iso(latest.updated_at) !== input.expectedUpdatedAt) {
      throw new AppError(
        "conflict",
        "このページを開いた後に協定書の内容が変更されました。最新の内容を確認してから署名してください。",
      );
    }
    const content = readAgreementContent(latest.content);
    const problems = signingProblems(content);
    if (problems.length > 0) {
      throw new AppError(
        "conflict",
        `署名の前に、次の項目を入力してください: ${problems
          .slice(0, 5)
          .map((p) => p.message.replace(/。$/, ""))
          .join("／")}${problems.length > 5 ? ` ほか${problems.length - 5}件` : ""}。`,
      );
    }
    await trx
      .insertInto("pilot_agreement_signature")
      .values({
        version_id: latest.id,
        pilot_id: pilot.id,
        side: pilot.side,
        organization_id: pilot.organizationId,
        signed_by: actor.userId,
        signer_name: actor.displayName,
        signed_at: now,
      })
      .execute();
    if (latest.locked_at === null) {
      await trx
        .updateTable("pilot_agreement_version")
        .set({ locked_at: now })
        .where("id", "=", latest.id)
        .where("locked_at", "is", null)
        .execute();
    }
    const completed = signatures.length > 0;
    if (completed) {
      await trx
        .updateTable("pilot")
        .set((eb) => ({
          signed_version_id: latest.id,
          status: pilot.status === "agreement" ? "running" : (pilot.status as "running"),
          started_at: eb.fn.coalesce("started_at", eb.val(now)),
          updated_at: now,
        }))
        .where("id", "=", pilot.id)
        .execute();
      // Whatever later areas derive from a concluded agreement (the outcomes area imports its KPIs), in this transaction.
      await agreementConcluded.run(trx, { pilotId: pilot.id, versionId: latest.id, now });
    }
    await recordAudit(trx, {
      actor,
      organizationId: pilot.municipality_id,
      action: "agreement.sign",
      entityType: "pilot_agreement_version",
      entityId: latest.id,
      changes: {
        pilot_id: pilot.id,
        version: latest.version_number,
        side: pilot.side,
        signer_name: actor.displayName,
        ...(completed
          ? {
              signed_version: { from: pilot.signed_version_id, to: latest.id },
              status: { from: pilot.status, to: pilot.status === "agreement" ? "running" : pilot.status },
            }
          : {}),
      },
    });
    const who = `${actor.membership.organizationName}（${actor.displayName}）`;
    if (completed) {
      await notifyMembers(trx, [pilot.municipality_id, pilot.company_id], {
        exceptUserId: actor.userId,
        linkLabel: "協定書を開く",
        kind: "agreement_signed",
        title: `実証「${pilot.title}」の協定書 第${latest.version_number}版が締結されました`,
        body: `${who}が署名し、双方の署名がそろいました。${pilot.signed_version_id ? "以後、実証はこの版に基づいて行います。" : "実証を開始できます。"}`,
        linkPath: agreementPath(pilot.id),
        email: true,
      });
    } else {
      await notifyMembers(trx, [pilot.otherOrganizationId], {
        exceptUserId: actor.userId,
        linkLabel: "協定書を開く",
        kind: "agreement_signed",
        title: `実証「${pilot.title}」の協定書 第${latest.version_number}版に署名がありました`,
        body: `${who}が協定書 第${latest.version_number}版に署名しました。内容を確認し、貴組織の管理者が署名してください。この版は以後変更できません。`,
        linkPath: agreementPath(pilot.id),
        email: true,
      });
    }
    return { versionNumber: latest.version_number, completed, alreadySigned: false };
  });
}
