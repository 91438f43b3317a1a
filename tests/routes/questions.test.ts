// Public Q&A on pitches: companies ask on open pitches, the owning municipality answers; answers are public
// without the asker's identity, unanswered questions are seen by the asker and the owner only. Audit rows and
// e-mails in the same transaction; throttling per user; closed pitches refuse questions.
import { beforeAll, describe, expect, it } from "vitest";
import type { Pitch } from "@db/schema";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { limits } from "~/lib/rate-limit.server";
import { db } from "~/lib/db.server";
import * as municipalityQuestionsRoute from "~/routes/municipality_.questions";
import * as pitchRoute from "~/routes/pitches.$pitchId";
import { countRows, lastEmailTo } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const DAY = 24 * 60 * 60 * 1000;
let owner: CreatedMember, otherMunicipality: CreatedMember, asker: CreatedMember, otherCompany: CreatedMember;
let open: Pitch, closed: Pitch, expired: Pitch, draft: Pitch;
const cookies: Record<string, string | null> = {};

beforeAll(async () => {
  owner = await createMember(db(), { kind: "municipality", displayName: "自治体 担当" });
  otherMunicipality = await createMember(db(), { kind: "municipality" });
  asker = await createMember(db(), {
    kind: "company",
    displayName: "質問 花子",
    organizationName: "株式会社しつもん商事",
  });
  otherCompany = await createMember(db(), { kind: "company" });
  open = await createPitch(db(), { organizationId: owner.organization.id, title: "買い物支援の公開ピッチ" });
  closed = await createPitch(db(), {
    organizationId: owner.organization.id,
    status: "closed",
    proposal_deadline: new Date(Date.now() - DAY),
  });
  expired = await createPitch(db(), {
    organizationId: owner.organization.id,
    proposal_deadline: new Date(Date.now() - DAY),
  });
  draft = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
  cookies.anonymous = null;
  cookies.owner = await signedInCookie(owner.user.id);
  cookies.otherMunicipality = await signedInCookie(otherMunicipality.user.id);
  cookies.asker = await signedInCookie(asker.user.id);
  cookies.otherCompany = await signedInCookie(otherCompany.user.id);
});

function ask(pitch: Pitch, cookie: string | null, question: string) {
  return run(pitchRoute.action, postRequest(`/pitches/${pitch.id}`, { intent: "ask", question }, { cookie }), {
    params: { pitchId: pitch.id },
  });
}

function answerOnPage(pitch: Pitch, cookie: string | null, questionId: string, answer: string) {
  return run(
    pitchRoute.action,
    postRequest(`/pitches/${pitch.id}`, { intent: "answer", questionId, answer }, { cookie }),
    {
      params: { pitchId: pitch.id },
    },
  );
}

function answerInWorkspace(cookie: string | null, fields: Record<string, string>) {
  return run(municipalityQuestionsRoute.action, postRequest("/municipality/questions", fields, { cookie }));
}

async function pageAs(viewer: string, pitch: Pitch = open) {
  const result = await run(pitchRoute.loader, getRequest(`/pitches/${pitch.id}`, { cookie: cookies[viewer] }), {
    params: { pitchId: pitch.id },
  });
  expect(result.status).toBe(200);
  return result.body as {
    questions: { id: string; question: string; answer: string | null; askedByYou: boolean }[];
    viewer: any;
  };
}

function expectNoIdentity(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of [
    asker.user.id,
    asker.user.email,
    asker.user.display_name,
    asker.organization.id,
    asker.organization.name,
  ]) {
    expect(text).not.toContain(secret);
  }
}

describe("asking and answering", () => {
  let questionId: string;

  it("a company member asks on an open pitch: the question, an audit row and an e-mail to the municipality", async () => {
    const result = await ask(open, cookies.asker!, "  実証の対象地区は決まっていますか？  ");
    expect(result).toMatchObject({ status: 302, location: `/pitches/${open.id}?notice=question-asked#questions` });
    const row = await db()
      .selectFrom("pitch_question")
      .selectAll()
      .where("pitch_id", "=", open.id)
      .executeTakeFirstOrThrow();
    questionId = row.id;
    expect(row).toMatchObject({
      question: "実証の対象地区は決まっていますか？",
      asker_user_id: asker.user.id,
      asker_organization_id: asker.organization.id,
      answer: null,
      answered_at: null,
    });
    const audit = await db().selectFrom("audit_log").selectAll().where("entity_id", "=", row.id).execute();
    expect(audit.map((a) => [a.action, a.organization_id, a.actor_user_id])).toEqual([
      ["question.ask", owner.organization.id, asker.user.id],
    ]);
    const mail = await lastEmailTo(owner.user.email);
    expect(mail?.subject).toContain("質問が届きました");
    expect(mail?.body_text).toContain("実証の対象地区は決まっていますか？");
    expectNoIdentity(mail);
  });

  it("before the answer: only the asker and the owning municipality see it", async () => {
    expect((await pageAs("anonymous")).questions).toEqual([]);
    expect((await pageAs("otherCompany")).questions).toEqual([]);
    expect((await pageAs("otherMunicipality")).questions).toEqual([]);
    const mine = await pageAs("asker");
    expect(mine.questions).toMatchObject([{ id: questionId, answer: null, askedByYou: true }]);
    const ownerView = await pageAs("owner");
    expect(ownerView.questions).toMatchObject([{ id: questionId, answer: null, askedByYou: false }]);
    expect(ownerView.viewer.isOwner).toBe(true);
    for (const viewer of ["asker", "owner"])
      expectNoIdentity((await pageAs(viewer)).questions.map(({ askedByYou: _, ...q }) => q));
    const workspace = await run(
      municipalityQuestionsRoute.loader,
      getRequest("/municipality/questions", { cookie: cookies.owner }),
    );
    expect(workspace.body.questions.map((q: { id: string }) => q.id)).toEqual([questionId]);
    expectNoIdentity(workspace.body);
    const elsewhere = await run(
      municipalityQuestionsRoute.loader,
      getRequest("/municipality/questions", { cookie: cookies.otherMunicipality }),
    );
    expect(elsewhere.body.questions).toEqual([]);
  });

  it("another municipality cannot answer: 403 on the pitch page, 404 (like an unknown id) in its workspace", async () => {
    const audit = await countRows("audit_log");
    expect((await answerOnPage(open, cookies.otherMunicipality, questionId, "横取り")).status).toBe(403);
    expect((await answerOnPage(open, cookies.otherCompany, questionId, "横取り")).status).toBe(403);
    const swapped = await answerInWorkspace(cookies.otherMunicipality, {
      intent: "answer",
      questionId,
      answer: "横取り",
    });
    const unknown = await answerInWorkspace(cookies.otherMunicipality, {
      intent: "answer",
      questionId: crypto.randomUUID(),
      answer: "横取り",
    });
    expect(swapped).toMatchObject({ status: 404, thrown: true });
    expect(swapped.body).toBe(unknown.body);
    expect((await answerInWorkspace(cookies.asker, { intent: "answer", questionId, answer: "横取り" })).status).toBe(
      403,
    );
    expect(await countRows("audit_log")).toBe(audit);
    const row = await db()
      .selectFrom("pitch_question")
      .select(["answer"])
      .where("id", "=", questionId)
      .executeTakeFirstOrThrow();
    expect(row.answer).toBeNull();
  });

  it("extra fields are refused", async () => {
    const result = await answerInWorkspace(cookies.owner, {
      intent: "answer",
      questionId,
      answer: "回答",
      answered_by: asker.user.id,
    });
    expect(result.status).toBe(400);
    expect(result.body.formError).toMatch(JAPANESE);
    const smuggled = await run(
      pitchRoute.action,
      postRequest(
        `/pitches/${open.id}`,
        { intent: "ask", question: "質問", asker_organization_id: otherCompany.organization.id },
        { cookie: cookies.asker },
      ),
      { params: { pitchId: open.id } },
    );
    expect(smuggled.status).toBe(400);
    expect(await countRows("pitch_question")).toBe(1);
  });

  it("the owner answers: public to everyone, without who asked; the asker gets an e-mail; audit row", async () => {
    const result = await answerInWorkspace(cookies.owner, {
      intent: "answer",
      questionId,
      answer: "市内の2地区を想定しています。",
    });
    expect(result).toMatchObject({ status: 302, location: "/municipality/questions?notice=question-answered" });
    for (const viewer of ["anonymous", "otherCompany", "otherMunicipality", "asker", "owner"]) {
      const page = await pageAs(viewer);
      expect(page.questions, viewer).toMatchObject([
        { id: questionId, question: "実証の対象地区は決まっていますか？", answer: "市内の2地区を想定しています。" },
      ]);
      expect(page.questions[0]!.askedByYou, viewer).toBe(viewer === "asker");
      expect(Object.keys(page.questions[0]!).sort()).toEqual([
        "answer",
        "answeredAt",
        "askedAt",
        "askedByYou",
        "id",
        "question",
      ]);
      expectNoIdentity(page.questions.map(({ askedByYou: _, ...q }) => q));
    }
    const mail = await lastEmailTo(asker.user.email);
    expect(mail?.subject).toContain("回答がありました");
    expect(mail?.body_text).toContain(`/pitches/${open.id}#questions`);
    const audit = await db()
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("entity_id", "=", questionId)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "question.ask", actor_user_id: asker.user.id },
      { action: "question.answer", actor_user_id: owner.user.id },
    ]);
  });

  it("a question is answered once", async () => {
    const again = await answerOnPage(open, cookies.owner, questionId, "別の回答");
    expect(again.status).toBe(400);
    expect(again.body.fieldErrors.answer).toMatch(/すでに回答/);
    const row = await db()
      .selectFrom("pitch_question")
      .select("answer")
      .where("id", "=", questionId)
      .executeTakeFirstOrThrow();
    expect(row.answer).toBe("市内の2地区を想定しています。");
  });

  it("the owner answers on the public page too", async () => {
    await ask(open, cookies.otherCompany, "予算に人件費は含められますか？");
    const q = await db()
      .selectFrom("pitch_question")
      .select("id")
      .where("question", "=", "予算に人件費は含められますか？")
      .executeTakeFirstOrThrow();
    expect((await pageAs("asker")).questions.map((x) => x.id)).toEqual([questionId]);
    const result = await answerOnPage(open, cookies.owner, q.id, "含められます。");
    expect(result).toMatchObject({ status: 302, location: `/pitches/${open.id}?notice=question-answered#questions` });
    expect((await pageAs("anonymous")).questions).toHaveLength(2);
  });
});

describe("who may ask, and when", () => {
  it("anonymous visitors are sent to sign in; municipalities and bureaus may not ask", async () => {
    const before = await countRows("pitch_question");
    expect((await ask(open, null, "質問です")).location).toBe(
      `/login?redirectTo=${encodeURIComponent(`/pitches/${open.id}`)}`,
    );
    expect((await ask(open, cookies.owner, "質問です")).status).toBe(403);
    expect((await ask(open, cookies.otherMunicipality, "質問です")).status).toBe(403);
    const bureau = await createMember(db(), { kind: "bureau" });
    expect((await ask(open, await signedInCookie(bureau.user.id), "質問です")).status).toBe(403);
    expect(await countRows("pitch_question")).toBe(before);
  });

  it("a closed pitch, or one past its deadline, refuses questions with a Japanese message; a draft is 404", async () => {
    const before = await countRows("pitch_question");
    for (const pitch of [closed, expired]) {
      const result = await ask(pitch, cookies.otherCompany, "締切後の質問");
      expect(result.status).toBe(400);
      expect(result.body.fieldErrors.question).toMatch(/受付を終了/);
      expect((await pageAs("otherCompany", pitch)).viewer.canAsk).toBe(false);
    }
    expect((await ask(draft, cookies.otherCompany, "下書きへの質問")).status).toBe(404);
    expect(await countRows("pitch_question")).toBe(before);
  });

  it("an empty question is refused beside the field", async () => {
    const result = await ask(open, cookies.otherCompany, "   ");
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.question).toMatch(/質問を入力/);
  });

  it("questions are throttled per user, with a Japanese message (429)", async () => {
    const company = await createMember(db(), { kind: "company" });
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: company.organization.id, userId: colleague.id, role: "member" });
    const cookie = await signedInCookie(company.user.id);
    for (let i = 0; i < limits.questionPerUser.max; i++)
      expect((await ask(open, cookie, `連続質問 ${i}`)).status).toBe(302);
    const before = await countRows("pitch_question");
    const limited = await ask(open, cookie, "もう一問");
    expect(limited.status).toBe(429);
    expect(limited.body.fieldErrors.question).toMatch(/多すぎます/);
    expect(await countRows("pitch_question")).toBe(before);
    // Another user (even of the same company) is not affected.
    expect((await ask(open, await signedInCookie(colleague.id), "同僚の質問")).status).toBe(302);
  });
});
