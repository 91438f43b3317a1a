// The negotiation thread of a proposal through its route: both sides post and read; the other side is told in-app and
// by an e-mail without the message; unread threads count and clear once read; nobody else reads or posts, and nothing
// is written for them; drafts and withdrawn proposals take no messages; attachments are checked by their content.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import type { MemberActor } from "~/auth/permissions";
import { listUnreadThreads } from "~/domain/proposals/threads.queries.server";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import * as attachmentRoute from "~/routes/proposals.$proposalId.attachments.$attachmentId";
import * as threadRoute from "~/routes/proposals.$proposalId.thread";
import { lastEmailTo, rowCounts } from "../support/db";
import { BASE_URL, getRequest, postRequest, run, signedInCookie } from "../support/http";

let storage: string;
beforeAll(() => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), "thread-files-"));
  setStorageRootForTests(storage);
});
afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(storage, { recursive: true, force: true });
});

function actorOf(m: CreatedMember): MemberActor {
  return {
    userId: m.user.id,
    email: m.user.email,
    displayName: m.user.display_name,
    secondFactorVerified: true,
    membership: {
      organizationId: m.organization.id,
      organizationName: m.organization.name,
      kind: m.organization.kind,
      role: "admin",
      verificationStatus: "verified",
    },
  };
}

async function setUp() {
  const town = await createMember(db(), { kind: "municipality" });
  const company = await createMember(db(), { kind: "company" });
  const pitch = await createPitch(db(), { organizationId: town.organization.id });
  const proposal = await createProposal(db(), {
    pitchId: pitch.id,
    organizationId: company.organization.id,
    title: "交渉中の提案",
  });
  return { town, company, pitch, proposal };
}

const threadPath = (id: string) => `/proposals/${id}/thread`;

const cookies = new Map<string, string>();
/** One session per member, made once, so that "nothing written" counts are not moved by signing in. */
async function cookieOf(member: CreatedMember | null): Promise<string | null> {
  if (!member) return null;
  const known = cookies.get(member.user.id);
  if (known) return known;
  const cookie = await signedInCookie(member.user.id);
  cookies.set(member.user.id, cookie);
  return cookie;
}

async function post(id: string, member: CreatedMember | null, fields: Record<string, string>) {
  return run(threadRoute.action, postRequest(threadPath(id), fields, { cookie: await cookieOf(member) }), {
    params: { proposalId: id },
  });
}

async function postMultipart(
  id: string,
  member: CreatedMember,
  body: string,
  file: { name: string; bytes: Uint8Array; type: string },
) {
  const form = new FormData();
  form.set("intent", "post");
  form.set("body", body);
  form.set("file", new File([file.bytes.slice().buffer as ArrayBuffer], file.name, { type: file.type }));
  const request = new Request(new URL(threadPath(id), BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: (await cookieOf(member)) ?? "" },
    body: form,
  });
  return run(threadRoute.action, request, { params: { proposalId: id } });
}

async function view(id: string, member: CreatedMember | null) {
  return run(threadRoute.loader, getRequest(threadPath(id), { cookie: await cookieOf(member) }), {
    params: { proposalId: id },
  });
}

describe("proposal thread", () => {
  it("lets both sides post and read, tells the other side without the message, and counts unread threads", async () => {
    const { town, company, proposal } = await setUp();
    const secret = "見積りの内訳は別紙のとおりです（社外秘）。";
    const posted = await post(proposal.id, company, { intent: "post", body: secret });
    expect(posted.status).toBe(302);
    expect(posted.location).toContain(`${threadPath(proposal.id)}?notice=message-sent`);

    const mail = await lastEmailTo(town.user.email);
    expect(mail?.subject).toContain("メッセージが届きました");
    expect(mail?.body_text).toContain(threadPath(proposal.id));
    expect(mail?.body_text).not.toContain("社外秘");
    const notes = await db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", town.user.id)
      .where("kind", "=", "proposal_message")
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.link_path).toBe(threadPath(proposal.id));
    expect(await db().selectFrom("notification").selectAll().where("user_id", "=", company.user.id).execute()).toEqual(
      [],
    );

    expect((await listUnreadThreads(db(), actorOf(town))).total).toBe(1);
    expect((await listUnreadThreads(db(), actorOf(company))).total).toBe(0);

    const seen = await view(proposal.id, town);
    expect(seen.status).toBe(200);
    expect(seen.body.thread.unread).toBe(true);
    expect(seen.body.thread.messages.map((m: { body: string }) => m.body)).toEqual([secret]);
    // Viewing alone writes nothing; the page then posts "read".
    expect((await listUnreadThreads(db(), actorOf(town))).total).toBe(1);
    expect((await post(proposal.id, town, { intent: "read" })).status).toBe(200);
    expect((await listUnreadThreads(db(), actorOf(town))).total).toBe(0);

    expect(
      (await post(proposal.id, town, { intent: "post", body: "内訳を確認しました。来週お打合せできますか。" })).status,
    ).toBe(302);
    expect((await listUnreadThreads(db(), actorOf(company))).items.map((t) => t.otherParty)).toEqual([
      town.organization.name,
    ]);
    const companyView = await view(proposal.id, company);
    expect(
      companyView.body.thread.messages.map((m: { fromCompany: boolean; mine: boolean }) => [m.fromCompany, m.mine]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it("refuses everybody else, writing nothing, and lets an operator read (audited) but not post", async () => {
    const { proposal } = await setUp();
    const otherCompany = await createMember(db(), { kind: "company" });
    const otherTown = await createMember(db(), { kind: "municipality" });
    const bureau = await createMember(db(), { kind: "bureau" });
    const operator = await createMember(db(), { kind: "operator" });
    for (const member of [otherCompany, otherTown, bureau, operator]) await cookieOf(member);
    const before = await rowCounts();
    for (const outsider of [otherCompany, otherTown, bureau]) {
      expect((await view(proposal.id, outsider)).status).toBe(404);
      expect((await post(proposal.id, outsider, { intent: "post", body: "こんにちは" })).status).toBe(404);
      expect((await post(proposal.id, outsider, { intent: "read" })).status).toBe(404);
    }
    expect((await view(proposal.id, null)).location).toContain("/login?redirectTo=");
    expect((await post(proposal.id, null, { intent: "post", body: "こんにちは" })).location).toContain("/login");
    expect((await post(proposal.id, operator, { intent: "post", body: "こんにちは" })).status).toBe(403);
    expect(await rowCounts()).toEqual(before);

    expect((await view(proposal.id, operator)).body.thread.mayPost).toBe(false);
    const audits = await db().selectFrom("audit_log").select("action").where("entity_id", "=", proposal.id).execute();
    expect(audits.map((a) => a.action)).toEqual(["proposal.moderation_view"]);
  });

  it("takes no messages on a draft or a withdrawn proposal, and refuses empty, long or extra fields, keeping the text", async () => {
    const { town, company, pitch } = await setUp();
    const rival = await createMember(db(), { kind: "company" });
    const draft = await createProposal(db(), {
      pitchId: pitch.id,
      organizationId: rival.organization.id,
      status: "draft",
    });
    const withdrawn = await createProposal(db(), {
      pitchId: pitch.id,
      organizationId: company.organization.id,
      status: "withdrawn",
    });
    const active = await createProposal(db(), {
      pitchId: (await createPitch(db(), { organizationId: town.organization.id })).id,
      organizationId: company.organization.id,
    });
    for (const member of [town, company, rival]) await cookieOf(member);
    const before = await rowCounts();
    const onDraft = await post(draft.id, rival, { intent: "post", body: "下書きへのメッセージ" });
    expect(onDraft.status).toBe(400);
    expect(onDraft.body.formError).toContain("提出された提案");
    expect((await post(draft.id, town, { intent: "post", body: "見えない下書き" })).status).toBe(404);
    const onWithdrawn = await post(withdrawn.id, company, { intent: "post", body: "取り下げ後" });
    expect(onWithdrawn.body.formError).toContain("取り下げ");
    const empty = await post(active.id, company, { intent: "post", body: "   " });
    expect(empty.body.fieldErrors.body).toBe("メッセージを入力してください。");
    const long = await post(active.id, company, { intent: "post", body: "あ".repeat(4001) });
    expect(long.body.fieldErrors.body).toContain("4,000文字以内");
    expect(long.body.values.body).toHaveLength(4001);
    const extra = await post(active.id, company, {
      intent: "post",
      body: "こんにちは",
      organizationId: town.organization.id,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.formError).toBeTruthy();
    expect(await rowCounts()).toEqual(before);
  });

  it("pages long threads: page 1 holds the newest 50 (oldest first), page 2 the earlier ones", async () => {
    const { town, company, proposal } = await setUp();
    const start = Date.now() - 60 * 60 * 1000;
    await db()
      .insertInto("proposal_message")
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          id: crypto.randomUUID(),
          proposal_id: proposal.id,
          organization_id: i % 2 === 0 ? company.organization.id : town.organization.id,
          sender_id: i % 2 === 0 ? company.user.id : town.user.id,
          body: `メッセージ${i + 1}`,
          created_at: new Date(start + i * 1000),
        })),
      )
      .execute();
    const first = await view(proposal.id, town);
    expect(first.body.thread.totalMessages).toBe(55);
    const bodies = first.body.thread.messages.map((m: { body: string }) => m.body);
    expect(bodies).toHaveLength(50);
    expect(bodies[0]).toBe("メッセージ6");
    expect(bodies[49]).toBe("メッセージ55");
    const second = await run(
      threadRoute.loader,
      getRequest(`${threadPath(proposal.id)}?page=2`, { cookie: await cookieOf(town) }),
      {
        params: { proposalId: proposal.id },
      },
    );
    expect(second.body.thread.messages.map((m: { body: string }) => m.body)).toEqual([
      "メッセージ1",
      "メッセージ2",
      "メッセージ3",
      "メッセージ4",
      "メッセージ5",
    ]);
  });

  it("keeps an attachment checked by its content and serves it to the other side only", async () => {
    const { town, company, proposal } = await setUp();
    const fake = await postMultipart(proposal.id, company, "資料を添付します。", {
      name: "見積.pdf",
      bytes: new TextEncoder().encode("not a pdf"),
      type: "application/pdf",
    });
    expect(fake.status).toBe(400);
    expect(fake.body.fieldErrors.file).toContain("PDF、PNG、JPEG");
    expect(fake.body.values.body).toBe("資料を添付します。");

    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    expect(
      (
        await postMultipart(proposal.id, company, "見積りです。", {
          name: "見積.pdf",
          bytes: pdf,
          type: "application/pdf",
        })
      ).status,
    ).toBe(302);
    const seen = await view(proposal.id, town);
    const attachment = seen.body.thread.messages[0].attachments[0];
    expect(attachment.name).toBe("見積.pdf");
    const params = { proposalId: proposal.id, attachmentId: attachment.id };
    const url = `/proposals/${proposal.id}/attachments/${attachment.id}`;
    const download = await run(
      attachmentRoute.loader,
      getRequest(url, { cookie: await signedInCookie(town.user.id) }),
      { params },
    );
    expect(download.status).toBe(200);
    const outsider = await createMember(db(), { kind: "municipality" });
    expect(
      (
        await run(attachmentRoute.loader, getRequest(url, { cookie: await signedInCookie(outsider.user.id) }), {
          params,
        })
      ).status,
    ).toBe(404);
  });
});
