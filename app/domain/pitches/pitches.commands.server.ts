// Writes on pitches: (actor, pitchId, input) -> permission -> the pitch, scoped by the actor's organisation and
// locked (SELECT ... FOR UPDATE) -> lifecycle rule -> one transaction with the audit row.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { Transaction, Updateable } from "kysely";
import type { DB, Pitch, PitchStatus, PitchTable } from "@db/schema";
import { type MemberActor, type Permission, can } from "~/auth/permissions";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { enqueueJob } from "~/domain/jobs/jobs.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { fieldsToColumns, PITCH_COLUMNS } from "./pitch-fields.schema";
import { pitchRevisionContent } from "./pitch-revision.rules";
import { pitchSearchTokens } from "./pitch-search-tokens.rules";
import { CHANGE_NOTE_MAX_LENGTH } from "./pitch-limits.schema";
import { canTransition, transitionTarget, type PitchTransition } from "./pitch.rules";
import { publishProblems, type PitchFields } from "./pitch.schema";

/** Queued when a pitch is published; the saved-searches area handles it (registered at start-up). */
export const MATCH_SAVED_SEARCHES_JOB = "match_saved_searches";

/** Several fields refused at once (publishing a pitch with missing parts): field -> Japanese message. */
export class PitchFieldsError extends AppError {
  constructor(fieldErrors: Record<string, string>) {
    super("bad_request", "入力内容を確認してください。公開に必要な項目が不足しています。", { fieldErrors });
  }
}

export const pitchNotFound = () => new AppError("not_found", "ピッチが見つかりません。");

function ensure(actor: MemberActor, permission: Permission, message?: string) {
  if (!can(actor, permission)) throw new AppError("forbidden", message);
}

const transitionMessages: Record<PitchTransition, string> = {
  publish: "下書きのピッチだけを公開できます。",
  revise: "募集中のピッチだけを改訂できます。",
  close: "募集中のピッチだけを締め切れます。",
  reopen: "募集終了またはマッチングなしのピッチだけを再開できます。",
  markMatched: "募集終了のピッチだけをマッチング成立にできます。",
  markNotMatched: "募集終了のピッチだけをマッチングなしにできます。",
  archive: "下書き・マッチング成立・マッチングなしのピッチだけをアーカイブできます。",
  reconfirm: "募集中のピッチだけを再確認できます。",
};

/** The actor's own pitch, locked for the rest of the transaction; another organisation's id is "not found". */
async function lockOwnPitch(trx: Transaction<DB>, actor: MemberActor, pitchId: string): Promise<Pitch> {
  if (!isUuid(pitchId)) throw pitchNotFound();
  const pitch = await trx
    .selectFrom("pitch")
    .selectAll()
    .where("id", "=", pitchId)
    .where("organization_id", "=", actor.membership.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!pitch) throw pitchNotFound();
  return pitch;
}

function requireTransition(pitch: Pitch, transition: PitchTransition) {
  if (!canTransition(pitch.status, transition)) throw new AppError("conflict", transitionMessages[transition]);
}

async function owner(trx: Transaction<DB>, organizationId: string) {
  const row = await trx
    .selectFrom("organization")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .innerJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .select(["municipality.code", "municipality.name", "municipality.prefecture_code"])
    .select(["prefecture.name as prefecture_name"])
    .where("organization.id", "=", organizationId)
    .executeTakeFirst();
  if (!row) throw new AppError("forbidden", "自治体の組織だけがピッチを作成できます。");
  return row;
}

function strictProblems(fields: PitchFields, now: Date) {
  const problems = publishProblems(fields, now);
  if (Object.keys(problems).length > 0) throw new PitchFieldsError(problems);
}

/** Update guarded by the status it was read in: a concurrent change makes it a conflict, never a double write. */
async function updateFrom(trx: Transaction<DB>, pitch: Pitch, values: Updateable<PitchTable>) {
  const result = await trx
    .updateTable("pitch")
    .set({ ...values, updated_at: new Date() })
    .where("id", "=", pitch.id)
    .where("status", "=", pitch.status)
    .returningAll()
    .executeTakeFirst();
  if (!result) throw new AppError("conflict");
  return result;
}

async function addRevision(trx: Transaction<DB>, actor: MemberActor, pitch: Pitch, changeNote: string) {
  await trx
    .insertInto("pitch_revision")
    .values({
      id: randomUUID(),
      pitch_id: pitch.id,
      number: pitch.revision_number,
      content: JSON.stringify(pitchRevisionContent(pitch)),
      change_note: changeNote,
      created_by: actor.userId,
    })
    .execute();
}

async function tokensFor(
  trx: Transaction<DB>,
  organizationId: string,
  columns: ReturnType<typeof fieldsToColumns> | Pitch,
) {
  const o = await owner(trx, organizationId);
  return pitchSearchTokens({
    ...columns,
    themes: columns.themes,
    municipality_name: o.name,
    prefecture_name: o.prefecture_name,
  });
}

function audit(
  trx: Transaction<DB>,
  actor: MemberActor,
  pitchId: string,
  action: string,
  changes: Record<string, unknown>,
) {
  return recordAudit(trx, {
    actor,
    organizationId: actor.membership.organizationId,
    action,
    entityType: "pitch",
    entityId: pitchId,
    changes,
  });
}

export async function createDraft(actor: MemberActor, fields: PitchFields): Promise<Pitch> {
  return inTransaction((trx) => createDraftIn(trx, actor, fields));
}

/**
 * createDraft inside the caller's transaction, for a command that creates a draft as part of a larger change (the next
 * cycle of a completed pilot records the new draft on its close-out in the same transaction).
 */
export async function createDraftIn(trx: Transaction<DB>, actor: MemberActor, fields: PitchFields): Promise<Pitch> {
  ensure(actor, { action: "pitch.create" }, "自治体の組織だけがピッチを作成できます。");
  const organizationId = actor.membership.organizationId;
  const o = await owner(trx, organizationId);
  const columns = fieldsToColumns(fields);
  const pitch = await trx
    .insertInto("pitch")
    .values({
      ...columns,
      id: randomUUID(),
      organization_id: organizationId,
      municipality_code: o.code,
      prefecture_code: o.prefecture_code,
      status: "draft",
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, actor, pitch.id, "pitch.create", changedFields<Record<string, unknown>>({}, columns, PITCH_COLUMNS));
  return pitch;
}

/** Saves a draft's fields (lenient checks only). A published pitch changes only through revisePitch. */
export async function saveDraft(actor: MemberActor, pitchId: string, fields: PitchFields): Promise<Pitch> {
  ensure(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  return inTransaction(async (trx) => {
    const pitch = await lockOwnPitch(trx, actor, pitchId);
    if (pitch.status !== "draft")
      throw new AppError("conflict", "公開後のピッチは、変更内容の説明を添えて改訂してください。");
    const columns = fieldsToColumns(fields);
    const changes = changedFields<Record<string, unknown>>(pitch, columns, PITCH_COLUMNS);
    if (Object.keys(changes).length === 0) return pitch;
    const updated = await updateFrom(trx, pitch, columns);
    await audit(trx, actor, pitch.id, "pitch.update", changes);
    return updated;
  });
}

/** Publishes a draft with the given fields: verified municipalities only, strict requirements, revision 1. */
export async function publishPitch(
  actor: MemberActor,
  pitchId: string,
  fields: PitchFields,
  now = new Date(),
): Promise<Pitch> {
  ensure(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  ensure(
    actor,
    { action: "pitch.publish" },
    "組織の確認が済むまでピッチは公開できません。運営事務局の確認をお待ちください。",
  );
  return inTransaction(async (trx) => {
    const pitch = await lockOwnPitch(trx, actor, pitchId);
    requireTransition(pitch, "publish");
    strictProblems(fields, now);
    const columns = fieldsToColumns(fields);
    const changes = changedFields<Record<string, unknown>>(pitch, columns, PITCH_COLUMNS);
    const updated = await updateFrom(trx, pitch, {
      ...columns,
      status: transitionTarget.publish,
      revision_number: 1,
      published_at: now,
      reconfirmed_at: null,
      closed_at: null,
      search_tokens: await tokensFor(trx, pitch.organization_id, columns),
    });
    await addRevision(trx, actor, updated, "初回公開");
    await audit(trx, actor, pitch.id, "pitch.publish", {
      ...changes,
      status: { from: pitch.status, to: updated.status },
      revision_number: { from: 0, to: 1 },
    });
    // Saved searches are matched after commit, by the job worker (the job row commits with the publication).
    await enqueueJob(trx, MATCH_SAVED_SEARCHES_JOB, { pitchId: pitch.id });
    return updated;
  });
}

/** A published pitch edited: a new revision with a change note; the strict requirements still apply. */
export async function revisePitch(
  actor: MemberActor,
  pitchId: string,
  input: { fields: PitchFields; changeNote: string },
  now = new Date(),
): Promise<Pitch> {
  ensure(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  ensure(actor, { action: "pitch.publish" }, "組織の確認が済んでいないため、公開中のピッチを改訂できません。");
  const changeNote = input.changeNote.trim();
  if (changeNote.length < 1 || changeNote.length > CHANGE_NOTE_MAX_LENGTH) {
    throw new PitchFieldsError({ changeNote: `変更内容の説明を1〜${CHANGE_NOTE_MAX_LENGTH}文字で入力してください。` });
  }
  return inTransaction(async (trx) => {
    const pitch = await lockOwnPitch(trx, actor, pitchId);
    requireTransition(pitch, "revise");
    strictProblems(input.fields, now);
    const columns = fieldsToColumns(input.fields);
    const changes = changedFields<Record<string, unknown>>(pitch, columns, PITCH_COLUMNS);
    if (Object.keys(changes).length === 0) throw new AppError("bad_request", "変更された項目がありません。");
    const updated = await updateFrom(trx, pitch, {
      ...columns,
      revision_number: pitch.revision_number + 1,
      search_tokens: await tokensFor(trx, pitch.organization_id, columns),
    });
    await addRevision(trx, actor, updated, changeNote);
    await audit(trx, actor, pitch.id, "pitch.revise", {
      ...changes,
      revision_number: { from: pitch.revision_number, to: updated.revision_number },
      change_note: changeNote,
    });
    return updated;
  });
}

const auditActions: Record<PitchTransition, string> = {
  publish: "pitch.publish",
  revise: "pitch.revise",
  close: "pitch.close",
  reopen: "pitch.reopen",
  markMatched: "pitch.mark_matched",
  markNotMatched: "pitch.mark_not_matched",
  archive: "pitch.archive",
  reconfirm: "pitch.reconfirm",
};

/** A status change without new content. */
async function transition(
  actor: MemberActor,
  pitchId: string,
  name: PitchTransition,
  extra: (pitch: Pitch) => Updateable<PitchTable> = () => ({}),
  permissions: Permission[] = [],
): Promise<Pitch> {
  ensure(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  for (const p of permissions) ensure(actor, p);
  return inTransaction(async (trx) => {
    const pitch = await lockOwnPitch(trx, actor, pitchId);
    requireTransition(pitch, name);
    const values = { status: transitionTarget[name] as PitchStatus, ...extra(pitch) };
    const updated = await updateFrom(trx, pitch, values);
    const changes = changedFields<Record<string, unknown>>(
      pitch,
      updated,
      Object.keys(values) as (keyof Pitch & string)[],
    );
    await audit(trx, actor, pitch.id, auditActions[name], changes);
    return updated;
  });
}

export const closePitch = (actor: MemberActor, pitchId: string, now = new Date()) =>
  transition(actor, pitchId, "close", () => ({ closed_at: now }));

export const markMatched = (actor: MemberActor, pitchId: string) => transition(actor, pitchId, "markMatched");
export const markNotMatched = (actor: MemberActor, pitchId: string) => transition(actor, pitchId, "markNotMatched");
export const archivePitch = (actor: MemberActor, pitchId: string) => transition(actor, pitchId, "archive");
export const reconfirmPitch = (actor: MemberActor, pitchId: string, now = new Date()) =>
  transition(actor, pitchId, "reconfirm", () => ({ reconfirmed_at: now }));

/** Opens a closed pitch again; it needs a new deadline in the future, kept as a new revision. */
export async function reopenPitch(
  actor: MemberActor,
  pitchId: string,
  input: { proposalDeadline: Date | null },
  now = new Date(),
) {
  ensure(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  ensure(actor, { action: "pitch.publish" }, "組織の確認が済んでいないため、募集を再開できません。");
  const deadline = input.proposalDeadline;
  if (!deadline || deadline.getTime() <= now.getTime()) {
    throw new PitchFieldsError({ reopenDeadline: "新しい提案の締切を、現在より後の日時で入力してください。" });
  }
  return inTransaction(async (trx) => {
    const pitch = await lockOwnPitch(trx, actor, pitchId);
    requireTransition(pitch, "reopen");
    const updated = await updateFrom(trx, pitch, {
      status: transitionTarget.reopen,
      proposal_deadline: deadline,
      closed_at: null,
      reconfirmed_at: now,
      revision_number: pitch.revision_number + 1,
    });
    await addRevision(trx, actor, updated, "提案の締切を変更して募集を再開しました。");
    await audit(trx, actor, pitch.id, "pitch.reopen", {
      ...changedFields<Record<string, unknown>>(pitch, updated, [
        "status",
        "proposal_deadline",
        "closed_at",
        "revision_number",
      ]),
    });
    return updated;
  });
}

/** Deletes a draft for good (with its attachments); published pitches are archived instead. Returns the storage keys to remove. */
export async function deleteDraft(actor: MemberActor, pitchId: string): Promise<string[]> {
  ensure(actor, { action: "pitch.edit", organizationId: actor.membership.organizationId });
  return inTransaction(async (trx) => {
    const pitch = await lockOwnPitch(trx, actor, pitchId);
    if (pitch.status !== "draft")
      throw new AppError("conflict", "削除できるのは下書きだけです。公開したピッチはアーカイブしてください。");
    const attachments = await trx
      .selectFrom("pitch_attachment")
      .select("storage_key")
      .where("pitch_id", "=", pitch.id)
      .execute();
    await trx.deleteFrom("pitch").where("id", "=", pitch.id).where("status", "=", "draft").execute();
    await audit(trx, actor, pitch.id, "pitch.delete", { title: { from: pitch.title, to: null } });
    return attachments.map((a) => a.storage_key);
  });
}

export { lockOwnPitch };
