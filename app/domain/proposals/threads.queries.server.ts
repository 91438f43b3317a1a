// The negotiation thread of a proposal, read side: a page of messages for either side, and the unread threads of a home page.
import { isUuid } from "~/lib/uuid";
import { sql } from "kysely";
import { type MemberActor, type Actor, can } from "~/auth/permissions";
import type { Executor } from "@db/database.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { findProposalForActor, type ProposalSide } from "./proposals.access.server";

/** Messages per page: page 1 is the newest ones (shown oldest first), page 2 the ones before, and so on. */
export const THREAD_PAGE_SIZE = 50;

export const threadNotFound = () => new AppError("not_found", "提案が見つかりません。");

/** Whether the actor may post in the thread: either side's members while the proposal stands (never an operator). */
export function mayPostIn(
  actor: Actor,
  side: ProposalSide,
  proposal: { status: string; organization_id: string; pitch_organization_id: string },
) {
  if (side === "operator" || proposal.status !== "submitted") return false;
  const organizationId = side === "company" ? proposal.organization_id : proposal.pitch_organization_id;
  return can(actor, { action: "proposal.message", organizationId });
}

export interface ThreadMessage {
  id: string;
  body: string;
  createdAt: string;
  senderName: string;
  organizationName: string;
  fromCompany: boolean;
  mine: boolean;
  attachments: { id: string; name: string; sizeBytes: number }[];
}

export interface ThreadView {
  proposal: { id: string; title: string; status: string; pitchId: string };
  pitchTitle: string;
  companyName: string;
  municipalityName: string;
  side: ProposalSide;
  mayPost: boolean;
  /** A message from the other side newer than the reader's last read. */
  unread: boolean;
  page: number;
  pageSize: number;
  totalMessages: number;
  messages: ThreadMessage[];
}

/** The thread for its two sides (operators read it, audited, and may not post). Reading writes nothing else. */
export async function getThread(actor: Actor | null, proposalId: string, page = 1): Promise<ThreadView> {
  if (!isUuid(proposalId)) throw threadNotFound();
  return inTransaction(async (trx) => {
    const found = await findProposalForActor(trx, actor, proposalId);
    if (!found || !actor) throw threadNotFound();
    const { proposal, side } = found;
    const header = await trx
      .selectFrom("pitch")
      .innerJoin("organization as company", (join) => join.on("company.id", "=", proposal.organization_id))
      .innerJoin("municipality", "municipality.code", "pitch.municipality_code")
      .select(["pitch.title", "company.name as company_name", "municipality.name as municipality_name"])
      .where("pitch.id", "=", proposal.pitch_id)
      .executeTakeFirstOrThrow();
    const total = await trx
      .selectFrom("proposal_message")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("proposal_id", "=", proposal.id)
      .executeTakeFirstOrThrow();
    const totalMessages = Number(total.n);
    const newest = await trx
      .selectFrom("proposal_message as m")
      .innerJoin("organization as o", "o.id", "m.organization_id")
      .leftJoin("app_user as u", "u.id", "m.sender_id")
      .select(["m.id", "m.body", "m.created_at", "m.organization_id", "m.sender_id"])
      .select(["o.name as organization_name", "u.display_name"])
      .where("m.proposal_id", "=", proposal.id)
      .orderBy("m.created_at", "desc")
      .orderBy("m.id", "desc")
      .limit(THREAD_PAGE_SIZE)
      .offset((page - 1) * THREAD_PAGE_SIZE)
      .execute();
    const rows = newest.reverse();
    const files =
      rows.length > 0
        ? await trx
            .selectFrom("proposal_attachment")
            .select(["id", "message_id", "original_name", "size_bytes"])
            .where("proposal_id", "=", proposal.id)
            .where(
              "message_id",
              "in",
              rows.map((r) => r.id),
            )
            .orderBy("created_at")
            .execute()
        : [];
    const read = await trx
      .selectFrom("proposal_thread_read")
      .select("read_at")
      .where("proposal_id", "=", proposal.id)
      .where("user_id", "=", actor.userId)
      .executeTakeFirst();
    const ownOrganization = actor.membership?.organizationId;
    const unread =
      side !== "operator" &&
      newest.some(
        (r) => r.organization_id !== ownOrganization && (!read || r.created_at.getTime() > read.read_at.getTime()),
      );
    return {
      proposal: { id: proposal.id, title: proposal.title, status: proposal.status, pitchId: proposal.pitch_id },
      pitchTitle: header.title,
      companyName: header.company_name,
      municipalityName: header.municipality_name,
      side,
      mayPost: mayPostIn(actor, side, proposal),
      unread,
      page,
      pageSize: THREAD_PAGE_SIZE,
      totalMessages,
      messages: rows.map((r) => ({
        id: r.id,
        body: r.body,
        createdAt: r.created_at.toISOString(),
        senderName: r.display_name ?? "（退会したユーザー）",
        organizationName: r.organization_name,
        fromCompany: r.organization_id === proposal.organization_id,
        mine: r.sender_id === actor.userId,
        attachments: files
          .filter((f) => f.message_id === r.id)
          .map((f) => ({ id: f.id, name: f.original_name, sizeBytes: f.size_bytes })),
      })),
    };
  });
}

export interface UnreadThread {
  proposalId: string;
  proposalTitle: string;
  otherParty: string;
  lastMessageAt: string;
}

/** Threads of the actor's organisation (either side) with messages from the other side the user has not read. */
export async function listUnreadThreads(
  ex: Executor,
  actor: MemberActor,
  limit = 10,
): Promise<{ total: number; items: UnreadThread[] }> {
  const organizationId = actor.membership.organizationId;
  const rows = await ex
    .selectFrom("proposal as p")
    .innerJoin("proposal_message as m", "m.proposal_id", "p.id")
    .leftJoin("proposal_thread_read as r", (join) =>
      join.onRef("r.proposal_id", "=", "p.id").on("r.user_id", "=", actor.userId),
    )
    .innerJoin("organization as company", "company.id", "p.organization_id")
    .innerJoin("organization as owner", "owner.id", "p.pitch_organization_id")
    .select((eb) => [
      "p.id",
      "p.title",
      "p.organization_id",
      "company.name as company_name",
      "owner.name as owner_name",
      eb.fn.max("m.created_at").as("last_at"),
    ])
    .where((eb) =>
      eb.or([eb("p.organization_id", "=", organizationId), eb("p.pitch_organization_id", "=", organizationId)]),
    )
    .where("p.status", "!=", "draft")
    .where("m.organization_id", "!=", organizationId)
    .where((eb) => eb.or([eb("r.read_at", "is", null), eb("m.created_at", ">", eb.ref("r.read_at"))]))
    .groupBy(["p.id", "p.title", "p.organization_id", "company.name", "owner.name"])
    .orderBy(sql`max(m.created_at)`, "desc")
    .execute();
  return {
    total: rows.length,
    items: rows.slice(0, limit).map((r) => ({
      proposalId: r.id,
      proposalTitle: r.title,
      otherParty: r.organization_id === organizationId ? r.owner_name : r.company_name,
      lastMessageAt: new Date(r.last_at as unknown as string).toISOString(),
    })),
  };
}
