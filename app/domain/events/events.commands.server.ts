// Commands on pitch events. Every command runs in one transaction with its audit row and is scoped by the actor's
// organisation: an id of another organisation's event or entry behaves like one that does not exist (404).
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB, PitchEventStatus } from "@db/schema";
import { type MemberActor, can, assertCan } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { canTransitionEntry, entryTransitionTarget, isApplicationOpen, type EntryTransition } from "./events.rules";
import type { EventFieldsInput } from "./events.schema";

function columns(input: EventFieldsInput) {
  return {
    title: input.title,
    description: input.description,
    starts_at: input.startsAt,
    format: input.format,
    location: input.location,
    application_starts_at: input.applicationStartsAt,
    application_ends_at: input.applicationEndsAt,
  };
}

function requireManager(actor: MemberActor) {
  assertCan(actor, { action: "event.manage", organizationId: actor.membership.organizationId });
}

/** The actor's own event, locked for the transaction; anything else is "not found". */
async function ownEvent(trx: Transaction<DB>, actor: MemberActor, eventId: string) {
  const event = await trx
    .selectFrom("pitch_event")
    .selectAll()
    .where("id", "=", eventId)
    .where("organization_id", "=", actor.membership.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!event || !can(actor, { action: "event.manage", organizationId: event.organization_id }))
    throw new AppError("not_found");
  return event;
}

/** A verified bureau creates a draft event for its own jurisdiction. */
export async function createEvent(actor: MemberActor, input: EventFieldsInput, now = new Date()): Promise<string> {
  requireManager(actor);
  return inTransaction(async (trx) => {
    const org = await trx
      .selectFrom("organization")
      .select(["id", "bureau_id"])
      .where("id", "=", actor.membership.organizationId)
      .where("kind", "=", "bureau")
      .executeTakeFirst();
    if (!org?.bureau_id) throw new AppError("forbidden");
    const id = randomUUID();
    await trx
      .insertInto("pitch_event")
      .values({
        id,
        organization_id: org.id,
        bureau_id: org.bureau_id,
        ...columns(input),
        status: "draft",
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: org.id,
      action: "event.create",
      entityType: "pitch_event",
      entityId: id,
      changes: { title: input.title, starts_at: input.startsAt.toISOString(), format: input.format },
    });
    return id;
  });
}

export async function updateEvent(
  actor: MemberActor,
  eventId: string,
  input: EventFieldsInput,
  now = new Date(),
): Promise<void> {
  requireManager(actor);
  await inTransaction(async (trx) => {
    const event = await ownEvent(trx, actor, eventId);
    if (event.status === "cancelled") throw new AppError("conflict", "中止したイベントは編集できません。");
    await trx
      .updateTable("pitch_event")
      .set({ ...columns(input), updated_at: now })
      .where("id", "=", event.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: event.organization_id,
      action: "event.update",
      entityType: "pitch_event",
      entityId: event.id,
      changes: { title: input.title, starts_at: input.startsAt.toISOString() },
    });
  });
}

const statusMoves: Record<"publish" | "cancel", { from: PitchEventStatus[]; to: PitchEventStatus; message: string }> = {
  publish: { from: ["draft"], to: "published", message: "このイベントはすでに公開または中止されています。" },
  cancel: { from: ["draft", "published"], to: "cancelled", message: "このイベントはすでに中止されています。" },
};

export async function changeEventStatus(
  actor: MemberActor,
  eventId: string,
  move: "publish" | "cancel",
  now = new Date(),
): Promise<void> {
  requireManager(actor);
  await inTransaction(async (trx) => {
    const event = await ownEvent(trx, actor, eventId);
    const rule = statusMoves[move];
    if (!rule.from.includes(event.status)) throw new AppError("conflict", rule.message);
    await trx.updateTable("pitch_event").set({ status: rule.to, updated_at: now }).where("id", "=", event.id).execute();
    await recordAudit(trx, {
      actor,
      organizationId: event.organization_id,
      action: `event.${move}`,
      entityType: "pitch_event",
      entityId: event.id,
      changes: { status: { from: event.status, to: rule.to } },
    });
  });
}

/** Invites a municipality organisation of the bureau's jurisdiction; others are refused. */
export async function inviteMunicipality(
  actor: MemberActor,
  eventId: string,
  organizationId: string,
  now = new Date(),
): Promise<void> {
  requireManager(actor);
  await inTransaction(async (trx) => {
    const event = await ownEvent(trx, actor, eventId);
    if (event.status === "cancelled") throw new AppError("conflict", "中止したイベントには招待できません。");
    const target = await trx
      .selectFrom("organization")
      .innerJoin("municipality", "municipality.code", "organization.municipality_code")
      .innerJoin(
        "regional_bureau_prefecture",
        "regional_bureau_prefecture.prefecture_code",
        "municipality.prefecture_code",
      )
      .select(["organization.id", "organization.name"])
      .where("organization.id", "=", organizationId)
      .where("organization.kind", "=", "municipality")
      .where("regional_bureau_prefecture.bureau_id", "=", event.bureau_id)
      .executeTakeFirst();
    if (!target) throw new AppError("bad_request", "管轄区域内の自治体を選んでください。", { field: "organizationId" });
    const inserted = await trx
      .insertInto("pitch_event_invitation")
      .values({
        id: randomUUID(),
        event_id: event.id,
        organization_id: target.id,
        invited_by: actor.userId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(["event_id", "organization_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new AppError("conflict", "この自治体はすでに招待しています。", { field: "organizationId" });
    await recordAudit(trx, {
      actor,
      organizationId: event.organization_id,
      action: "event.invite",
      entityType: "pitch_event_invitation",
      entityId: inserted.id,
      changes: { event_id: event.id, municipality_organization_id: target.id },
    });
  });
}

/** The bureau approves an entry, or asks for changes with a message the municipality sees. */
export async function reviewEntry(
  actor: MemberActor,
  eventId: string,
  entryId: string,
  decision: { transition: "approve" } | { transition: "requestChanges"; message: string },
  now = new Date(),
): Promise<void> {
  requireManager(actor);
  await inTransaction(async (trx) => {
    const event = await ownEvent(trx, actor, eventId);
    const entry = await trx
      .selectFrom("pitch_event_entry")
      .select(["id", "status", "pitch_id", "organization_id"])
      .where("id", "=", entryId)
      .where("event_id", "=", event.id)
      .forUpdate()
      .executeTakeFirst();
    if (!entry) throw new AppError("not_found");
    if (!canTransitionEntry(entry.status, decision.transition)) {
      throw new AppError("conflict", "このピッチは現在この審査操作ができない状態です。画面を更新してください。");
    }
    const to = entryTransitionTarget[decision.transition];
    await trx
      .updateTable("pitch_event_entry")
      .set({
        status: to,
        review_message: decision.transition === "requestChanges" ? decision.message : null,
        reviewed_by: actor.userId,
        reviewed_at: now,
        updated_at: now,
      })
      .where("id", "=", entry.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: event.organization_id,
      action: `event.entry.${decision.transition}`,
      entityType: "pitch_event_entry",
      entityId: entry.id,
      changes: { event_id: event.id, pitch_id: entry.pitch_id, status: { from: entry.status, to } },
    });
  });
}

/** An invited municipality attaches one of its own pitches (draft or published) during the application period. */
export async function enterPitch(actor: MemberActor, eventId: string, pitchId: string, now = new Date()) {
  const organizationId = actor.membership.organizationId;
  assertCan(actor, { action: "event.enter", organizationId });
  return inTransaction(async (trx) => {
    const event = await trx
      .selectFrom("pitch_event")
      .innerJoin("pitch_event_invitation", "pitch_event_invitation.event_id", "pitch_event.id")
      .select(["pitch_event.id", "pitch_event.organization_id", "pitch_event.status"])
      .select(["pitch_event.application_starts_at", "pitch_event.application_ends_at"])
      .where("pitch_event.id", "=", eventId)
      .where("pitch_event_invitation.organization_id", "=", organizationId)
      .where("pitch_event.status", "in", ["published", "cancelled"])
      .executeTakeFirst();
    if (!event) throw new AppError("not_found");
    if (event.status !== "published" || !isApplicationOpen(event, now)) {
      throw new AppError("conflict", "このイベントは現在、ピッチの応募を受け付けていません。", { field: "pitchId" });
    }
    const pitch = await trx
      .selectFrom("pitch")
      .select(["id", "status"])
      .where("id", "=", pitchId)
      .where("organization_id", "=", organizationId)
      .where("status", "in", ["draft", "published"])
      .executeTakeFirst();
    if (!pitch) throw new AppError("not_found");
    const id = randomUUID();
    const inserted = await trx
      .insertInto("pitch_event_entry")
      .values({
        id,
        event_id: event.id,
        pitch_id: pitch.id,
        organization_id: organizationId,
        status: "submitted",
        submitted_by: actor.userId,
        submitted_at: now,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["event_id", "pitch_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted)
      throw new AppError("conflict", "このピッチはすでにこのイベントに登録しています。", { field: "pitchId" });
    await recordAudit(trx, {
      actor,
      organizationId,
      action: "event.entry.submit",
      entityType: "pitch_event_entry",
      entityId: id,
      changes: { event_id: event.id, pitch_id: pitch.id, event_organization_id: event.organization_id },
    });
    return id;
  });
}

/** The municipality resubmits after edits, or withdraws an entry. */
export async function moveOwnEntry(
  actor: MemberActor,
  entryId: string,
  transition: Extract<EntryTransition, "resubmit" | "withdraw">,
  now = new Date(),
): Promise<void> {
  const organizationId = actor.membership.organizationId;
  assertCan(actor, { action: "event.enter", organizationId });
  await inTransaction(async (trx) => {
    const entry = await trx
      .selectFrom("pitch_event_entry")
      .innerJoin("pitch_event", "pitch_event.id", "pitch_event_entry.event_id")
      .select(["pitch_event_entry.id", "pitch_event_entry.status", "pitch_event_entry.pitch_id"])
      .select(["pitch_event.id as event_id", "pitch_event.status as event_status"])
      .where("pitch_event_entry.id", "=", entryId)
      .where("pitch_event_entry.organization_id", "=", organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!entry) throw new AppError("not_found");
    if (entry.event_status === "cancelled") throw new AppError("conflict", "このイベントは中止されました。");
    if (!canTransitionEntry(entry.status, transition)) {
      throw new AppError("conflict", "このピッチは現在この操作ができない状態です。画面を更新してください。");
    }
    const to = entryTransitionTarget[transition];
    await trx
      .updateTable("pitch_event_entry")
      .set({
        status: to,
        ...(transition === "resubmit" ? { submitted_by: actor.userId, submitted_at: now } : {}),
        updated_at: now,
      })
      .where("id", "=", entry.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId,
      action: `event.entry.${transition}`,
      entityType: "pitch_event_entry",
      entityId: entry.id,
      changes: { event_id: entry.event_id, pitch_id: entry.pitch_id, status: { from: entry.status, to } },
    });
  });
}

/** A company user registers interest in a published event, once. */
export async function registerInterest(actor: MemberActor, eventId: string, now = new Date()): Promise<void> {
  assertCan(actor, { action: "event.registerInterest" });
  await inTransaction(async (trx) => {
    const event = await trx
      .selectFrom("pitch_event")
      .select(["id", "organization_id", "status"])
      .where("id", "=", eventId)
      .where("status", "in", ["published", "cancelled"])
      .executeTakeFirst();
    if (!event) throw new AppError("not_found");
    if (event.status !== "published") throw new AppError("conflict", "このイベントは中止されました。");
    const id = randomUUID();
    const inserted = await trx
      .insertInto("pitch_event_interest")
      .values({
        id,
        event_id: event.id,
        user_id: actor.userId,
        organization_id: actor.membership.organizationId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(["event_id", "user_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new AppError("conflict", "このイベントにはすでに参加希望を登録しています。");
    await recordAudit(trx, {
      actor,
      organizationId: event.organization_id,
      action: "event.interest",
      entityType: "pitch_event_interest",
      entityId: id,
      changes: { event_id: event.id, company_organization_id: actor.membership.organizationId },
    });
  });
}
