// Commands of the proposing company: create a draft, save it, submit, revise, withdraw. Each loads the proposal
// scoped to the actor's organisation FOR UPDATE (another company's id is the same 404 as a missing one), checks the
// pitch's deadline and the proposal's state, and writes the change, its audit row, the pitch owner's notifications
// and one outbox e-mail in ONE transaction.
import { isUuid } from "~/lib/uuid";
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB, Pitch, Proposal } from "@db/schema";
import { type MemberActor, can, assertCan } from "~/auth/permissions";
import { changedFields, recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import type { NotificationKind } from "~/domain/notifications/notification-kinds.data";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { isOpenForProposals } from "~/domain/pitches/pitch.rules";
import { db, inTransaction } from "~/lib/db.server";
import { siteUrl } from "~/lib/site-url.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import { ATTESTATION_REQUIRED, changeRefusal, DEADLINE_PASSED, NOT_OPEN, submissionProblems } from "./proposal.rules";
import { PROPOSAL_CONTENT_FIELDS, proposalRevisionContent } from "./proposal-revision.rules";
import type { ProposalDraftContent } from "./proposals.schema";

export const proposalNotFound = () => new AppError("not_found", "提案が見つかりません。");
export const SUBMIT_NEEDS_VERIFICATION =
  "組織の確認が済むまで提案は提出できません。下書きとして保存し、運営事務局の確認をお待ちください。";
export const ACTIVE_PROPOSAL_EXISTS = "この課題にはすでに貴社の提案があります。既存の提案を開いて編集してください。";

/** Field problems of a submission, shown beside the fields (the form keeps what was typed). */
export class ProposalFieldsError extends AppError {
  constructor(fieldErrors: Record<string, string>) {
    super("bad_request", "入力内容を確認してください。", { fieldErrors });
  }
}

function requireAuthor(actor: MemberActor) {
  assertCan(actor, { action: "proposal.author", organizationId: actor.membership.organizationId });
}

function requireSubmitter(actor: MemberActor) {
  if (!can(actor, { action: "proposal.submit" })) {
    throw new AppError("forbidden", SUBMIT_NEEDS_VERIFICATION);
  }
}

/** The company's own proposal, locked, with its pitch and whether a decision exists. */
export async function lockOwnProposal(trx: Transaction<DB>, actor: MemberActor, proposalId: string) {
  if (!isUuid(proposalId)) throw proposalNotFound();
  const proposal = await trx
    .selectFrom("proposal")
    .selectAll()
    .where("id", "=", proposalId)
    .where("organization_id", "=", actor.membership.organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!proposal) throw proposalNotFound();
  const pitch = await trx.selectFrom("pitch").selectAll().where("id", "=", proposal.pitch_id).executeTakeFirstOrThrow();
  const decision = await trx
    .selectFrom("proposal_decision")
    .select("proposal_id")
    .where("proposal_id", "=", proposal.id)
    .executeTakeFirst();
  return { proposal, pitch, hasDecision: decision !== undefined };
}

async function lockChangeable(trx: Transaction<DB>, actor: MemberActor, proposalId: string, now: Date) {
  const locked = await lockOwnProposal(trx, actor, proposalId);
  const refusal = changeRefusal(locked.proposal, locked.pitch, { hasDecision: locked.hasDecision, now });
  if (refusal) throw new AppError("conflict", refusal);
  return locked;
}

function contentColumns(content: ProposalDraftContent) {
  return {
    ...content,
    kpis: JSON.stringify(content.kpis),
    cost_items: JSON.stringify(content.cost_items),
  };
}

/** jsonb returns object keys in its own order and int8 as strings: compare in one canonical shape. */
function canonical(
  content: Pick<Proposal, "kpis" | "cost_items" | "total_cost_yen" | "requested_funding_yen"> | ProposalDraftContent,
) {
  const yen = (v: string | number | null) => (v === null ? null : Number(v));
  return {
    kpis: content.kpis.map((k) => ({ indicatorCode: k.indicatorCode, name: k.name, target: k.target, unit: k.unit })),
    cost_items: content.cost_items.map((c) => ({ label: c.label, amountYen: c.amountYen })),
    total_cost_yen: yen(content.total_cost_yen),
    requested_funding_yen: yen(content.requested_funding_yen),
  };
}

function contentChanges(before: Proposal, content: ProposalDraftContent) {
  return changedFields<Record<string, unknown>>(
    { ...before, ...canonical(before) },
    { ...content, ...canonical(content) },
    PROPOSAL_CONTENT_FIELDS,
  );
}

/**
 * Starts a draft answering the pitch's current revision, or returns the company's existing active proposal for that
 * pitch. The partial unique index (one active proposal per company per pitch) is the arbiter: a concurrent second
 * request loses there and is sent to the winner's proposal.
 */
export async function createProposalDraft(
  actor: MemberActor,
  pitchId: string,
  now = new Date(),
): Promise<{ proposalId: string; created: boolean }> {
  requireAuthor(actor);
  assertCan(actor, { action: "proposal.create" });
  if (!isUuid(pitchId)) throw new AppError("not_found", "ピッチが見つかりません。");
  try {
    return await inTransaction(async (trx) => {
      const pitch = await trx
        .selectFrom("pitch")
        .select(["id", "organization_id", "status", "proposal_deadline", "revision_number", "title"])
        .where("id", "=", pitchId)
        .where("status", "in", ["published", "closed", "matched", "not_matched"])
        .executeTakeFirst();
      if (!pitch) throw new AppError("not_found", "ピッチが見つかりません。");
      if (!isOpenForProposals(pitch, now))
        throw new AppError("conflict", pitch.status === "published" ? DEADLINE_PASSED : NOT_OPEN);
      const id = randomUUID();
      await trx
        .insertInto("proposal")
        .values({
          id,
          pitch_id: pitch.id,
          organization_id: actor.membership.organizationId,
          pitch_organization_id: pitch.organization_id,
          pitch_revision_number: Math.max(1, pitch.revision_number),
          status: "draft",
          title: `${pitch.title}への提案`.slice(0, 200),
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId: actor.membership.organizationId,
        action: "proposal.create",
        entityType: "proposal",
        entityId: id,
        changes: { pitch_id: pitch.id, pitch_revision_number: pitch.revision_number },
      });
      return { proposalId: id, created: true };
    });
  } catch (error) {
    if (!isUniqueViolation(error, "proposal_one_active_uq")) throw error;
    const existing = await findActiveProposalId(actor.membership.organizationId, pitchId);
    if (!existing) throw new AppError("conflict", ACTIVE_PROPOSAL_EXISTS, { cause: error });
    return { proposalId: existing, created: false };
  }
}

/** The organisation's active (not withdrawn) proposal for the pitch, if any. */
export async function findActiveProposalId(organizationId: string, pitchId: string): Promise<string | null> {
  if (!isUuid(pitchId)) return null;
  const row = await db()
    .selectFrom("proposal")
    .select("id")
    .where("pitch_id", "=", pitchId)
    .where("organization_id", "=", organizationId)
    .where("status", "<>", "withdrawn")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Saves a draft: shapes only (an incomplete draft is fine). A submitted proposal changes only by a revision. */
export async function saveProposalDraft(
  actor: MemberActor,
  proposalId: string,
  content: ProposalDraftContent,
  now = new Date(),
): Promise<void> {
  requireAuthor(actor);
  await inTransaction(async (trx) => {
    const { proposal } = await lockChangeable(trx, actor, proposalId, now);
    if (proposal.status !== "draft")
      throw new AppError("conflict", "提出済みの提案は「再提出する」で変更してください。");
    const changes = contentChanges(proposal, content);
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable("proposal")
      .set({ ...contentColumns(content), updated_at: now })
      .where("id", "=", proposal.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: proposal.organization_id,
      action: "proposal.update",
      entityType: "proposal",
      entityId: proposal.id,
      changes,
    });
  });
}

async function writeSubmission(
  trx: Transaction<DB>,
  actor: MemberActor,
  locked: { proposal: Proposal; pitch: Pitch },
  content: ProposalDraftContent,
  now: Date,
  kind: "submit" | "revise",
) {
  const { proposal, pitch } = locked;
  const number = proposal.revision_number + 1;
  const changes = contentChanges(proposal, content);
  const updated = await trx
    .updateTable("proposal")
    .set({
      ...contentColumns(content),
      status: "submitted",
      revision_number: number,
      pitch_revision_number: Math.max(1, pitch.revision_number),
      eligibility_attested_at: now,
      eligibility_attested_by: actor.userId,
      submitted_at: kind === "submit" ? now : proposal.submitted_at,
      updated_at: now,
    })
    .where("id", "=", proposal.id)
    .where("status", "=", proposal.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError("conflict");
  await trx
    .insertInto("proposal_revision")
    .values({
      id: randomUUID(),
      proposal_id: proposal.id,
      number,
      pitch_revision_number: updated.pitch_revision_number,
      content: JSON.stringify(proposalRevisionContent(updated)),
      created_by: actor.userId,
      created_at: now,
    })
    .execute();
  await recordAudit(trx, {
    actor,
    organizationId: proposal.organization_id,
    action: kind === "submit" ? "proposal.submit" : "proposal.revise",
    entityType: "proposal",
    entityId: proposal.id,
    changes: {
      ...changes,
      revision_number: { from: proposal.revision_number, to: number },
      eligibility_attested: true,
    },
  });
  await notifyPitchOwner(trx, actor, updated, pitch, kind === "submit" ? "proposal_submitted" : "proposal_revised");
  return updated;
}

function checkSubmission(content: ProposalDraftContent, pitch: Pitch, attested: boolean) {
  const problems = submissionProblems(content, pitch);
  if (!attested) problems.attestation = ATTESTATION_REQUIRED;
  if (Object.keys(problems).length > 0) throw new ProposalFieldsError(problems);
}

/** Which proposals each kind of submission applies to, and why it is refused for the others. */
const SUBMISSION_FROM = {
  submit: { status: "draft", refused: "この提案はすでに提出されています。変更は「再提出する」から行ってください。" },
  revise: { status: "submitted", refused: "提出前の提案は「提出する」から提出してください。" },
} as const;

async function submitAs(
  kind: keyof typeof SUBMISSION_FROM,
  actor: MemberActor,
  proposalId: string,
  content: ProposalDraftContent,
  options: { attested: boolean },
  now: Date,
) {
  requireAuthor(actor);
  requireSubmitter(actor);
  return inTransaction(async (trx) => {
    const locked = await lockChangeable(trx, actor, proposalId, now);
    if (locked.proposal.status !== SUBMISSION_FROM[kind].status)
      throw new AppError("conflict", SUBMISSION_FROM[kind].refused);
    checkSubmission(content, locked.pitch, options.attested);
    return writeSubmission(trx, actor, locked, content, now, kind);
  });
}

/** Submits a draft: verified companies only, strict requirements, the attestation, revision 1. */
export function submitProposal(
  actor: MemberActor,
  proposalId: string,
  content: ProposalDraftContent,
  options: { attested: boolean },
  now = new Date(),
) {
  return submitAs("submit", actor, proposalId, content, options, now);
}

/** Revises a submitted proposal: the same requirements as a submission; a new revision snapshot. */
export function reviseProposal(
  actor: MemberActor,
  proposalId: string,
  content: ProposalDraftContent,
  options: { attested: boolean },
  now = new Date(),
) {
  return submitAs("revise", actor, proposalId, content, options, now);
}

/** Withdraws a draft or a submitted proposal (with an optional reason); it becomes read-only. */
export async function withdrawProposal(actor: MemberActor, proposalId: string, reason: string, now = new Date()) {
  requireAuthor(actor);
  return inTransaction(async (trx) => {
    const locked = await lockChangeable(trx, actor, proposalId, now);
    const { proposal, pitch } = locked;
    const updated = await trx
      .updateTable("proposal")
      .set({ status: "withdrawn", withdrawn_at: now, withdrawal_reason: reason, updated_at: now })
      .where("id", "=", proposal.id)
      .where("status", "=", proposal.status)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError("conflict");
    await recordAudit(trx, {
      actor,
      organizationId: proposal.organization_id,
      action: "proposal.withdraw",
      entityType: "proposal",
      entityId: proposal.id,
      changes: { status: { from: proposal.status, to: "withdrawn" }, withdrawal_reason: reason },
    });
    // A draft was never seen by the municipality: nobody to tell.
    if (proposal.status === "submitted") await notifyPitchOwner(trx, actor, updated, pitch, "proposal_withdrawn");
    return updated;
  });
}

const kindWording: Record<
  "proposal_submitted" | "proposal_revised" | "proposal_withdrawn",
  { title: string; verb: string }
> = {
  proposal_submitted: { title: "新しい提案が届きました", verb: "提案を提出しました" },
  proposal_revised: { title: "提案が再提出されました", verb: "提案を再提出しました" },
  proposal_withdrawn: { title: "提案が取り下げられました", verb: "提案を取り下げました" },
};

/**
 * Tells the pitch owner: an in-app notification to every member of the owning municipality, and ONE e-mail to the
 * pitch's contact address (the person named as the pitch's contact), or, when the pitch has none, to each admin.
 */
async function notifyPitchOwner(
  trx: Transaction<DB>,
  actor: MemberActor,
  proposal: Proposal,
  pitch: Pitch,
  kind: Extract<NotificationKind, "proposal_submitted" | "proposal_revised" | "proposal_withdrawn">,
) {
  const linkPath = `/municipality/pitches/${pitch.id}/proposals/${proposal.id}`;
  const wording = kindWording[kind];
  const company = actor.membership.organizationName;
  const body = `${company}が「${pitch.title}」への${wording.verb}（第${proposal.revision_number}版）。`;
  const members = await trx
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["app_user.id", "app_user.email", "membership.role"])
    .where("membership.organization_id", "=", pitch.organization_id)
    .execute();
  for (const member of members) {
    await createNotification(trx, {
      userId: member.id,
      kind,
      title: `${wording.title}: ${pitch.title}`,
      body,
      linkPath,
    });
  }
  const recipients = pitch.contact_email
    ? [pitch.contact_email]
    : members.filter((m) => m.role === "admin").map((m) => m.email);
  for (const to of recipients) {
    await queueEmail(trx, {
      to,
      subject: `【ガバメントピッチ】${wording.title}（${pitch.title}）`,
      body: [
        body,
        "",
        `提案を見る: ${siteUrl()}${linkPath}`,
        "",
        "提案の内容は、貴団体と提案企業だけが閲覧できます。",
      ].join("\n"),
    });
  }
}
