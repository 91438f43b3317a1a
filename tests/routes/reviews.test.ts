// Review of proposals by the pitch's municipality: default rubric, reviewers scoring independently, the comparison
// with weighted totals, private notes seen by their author alone, shortlist, decisions recorded privately and
// published at once (notifications, e-mails, pitch status), the selection record (page and CSV), and denials.
import { beforeAll, describe, expect, it } from "vitest";
import type { Pitch, Proposal, AppUser } from "@db/schema";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { db } from "~/lib/db.server";
import { getOwnerProposal } from "~/domain/reviews/reviews.queries.server";
import { DECLINE_REASON_TEMPLATES } from "~/domain/reviews/rubric.data";
import { findProposalForActor } from "~/domain/proposals/proposals.access.server";
import * as proposalsRoute from "~/routes/municipality_.pitches.$pitchId.proposals._index";
import * as proposalRoute from "~/routes/municipality_.pitches.$pitchId.proposals.$proposalId";
import * as reviewRoute from "~/routes/municipality_.pitches.$pitchId.review";
import * as decisionsRoute from "~/routes/municipality_.pitches.$pitchId.decisions";
import * as recordRoute from "~/routes/municipality_.pitches.$pitchId.selection-record";
import * as csvRoute from "~/routes/municipality_.pitches.$pitchId.selection-record[.csv]";
import * as pitchRoute from "~/routes/municipality_.pitches.$pitchId._index";
import { countRows, lastEmailTo } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const DAY = 24 * 60 * 60 * 1000;
const SECRET_NOTE = "非公開メモ：この企業の代表とは旧知";
let owner: CreatedMember, otherMunicipality: CreatedMember, bureau: CreatedMember;
let reviewer1: AppUser, reviewer2: AppUser;
let companyA: CreatedMember, companyB: CreatedMember, companyC: CreatedMember, companyD: CreatedMember;
let closed: Pitch, second: Pitch, open: Pitch, foreign: Pitch;
let pA: Proposal,
  pB: Proposal,
  pC: Proposal,
  pWithdrawn: Proposal,
  pDraft: Proposal,
  pSecond: Proposal,
  pOpen: Proposal,
  pForeign: Proposal;
const cookies: Record<string, string | null> = {};

beforeAll(async () => {
  owner = await createMember(db(), { kind: "municipality", displayName: "審査 管理者" });
  reviewer1 = await createUser(db(), { displayName: "審査 一郎" });
  reviewer2 = await createUser(db(), { displayName: "審査 二郎" });
  await addMember(db(), { organizationId: owner.organization.id, userId: reviewer1.id, role: "member" });
  await addMember(db(), { organizationId: owner.organization.id, userId: reviewer2.id, role: "member" });
  otherMunicipality = await createMember(db(), { kind: "municipality" });
  bureau = await createMember(db(), { kind: "bureau" });
  companyA = await createMember(db(), { kind: "company", organizationName: "株式会社エー" });
  companyB = await createMember(db(), { kind: "company", organizationName: "株式会社ビー" });
  companyC = await createMember(db(), { kind: "company", organizationName: "株式会社シー" });
  companyD = await createMember(db(), { kind: "company", organizationName: "株式会社ディー" });
  closed = await createPitch(db(), {
    organizationId: owner.organization.id,
    status: "closed",
    title: "移動支援の実証",
    proposal_deadline: new Date(Date.now() - DAY),
  });
  second = await createPitch(db(), {
    organizationId: owner.organization.id,
    status: "closed",
    title: "見守りの実証",
    proposal_deadline: new Date(Date.now() - DAY),
  });
  open = await createPitch(db(), {
    organizationId: owner.organization.id,
    title: "募集中のピッチ",
    proposal_deadline: new Date(Date.now() + 10 * DAY),
  });
  foreign = await createPitch(db(), {
    organizationId: otherMunicipality.organization.id,
    status: "closed",
    proposal_deadline: new Date(Date.now() - DAY),
  });
  pA = await createProposal(db(), {
    pitchId: closed.id,
    organizationId: companyA.organization.id,
    requested_funding_yen: 2_000_000,
  });
  pB = await createProposal(db(), { pitchId: closed.id, organizationId: companyB.organization.id });
  pC = await createProposal(db(), { pitchId: closed.id, organizationId: companyC.organization.id });
  pWithdrawn = await createProposal(db(), {
    pitchId: closed.id,
    organizationId: companyD.organization.id,
    status: "withdrawn",
  });
  pDraft = await createProposal(db(), {
    pitchId: closed.id,
    organizationId: companyD.organization.id,
    status: "draft",
  });
  pSecond = await createProposal(db(), { pitchId: second.id, organizationId: companyA.organization.id });
  pOpen = await createProposal(db(), { pitchId: open.id, organizationId: companyA.organization.id });
  pForeign = await createProposal(db(), { pitchId: foreign.id, organizationId: companyB.organization.id });
  cookies.owner = await signedInCookie(owner.user.id);
  cookies.reviewer1 = await signedInCookie(reviewer1.id);
  cookies.reviewer2 = await signedInCookie(reviewer2.id);
  cookies.otherMunicipality = await signedInCookie(otherMunicipality.user.id);
  cookies.company = await signedInCookie(companyA.user.id);
  cookies.bureau = await signedInCookie(bureau.user.id);
  cookies.anonymous = null;
});

const base = (pitch: Pitch) => `/municipality/pitches/${pitch.id}`;

function get(route: { loader: any }, path: string, who: string, params: Record<string, string>) {
  return run(route.loader, getRequest(path, { cookie: cookies[who] }), { params });
}
function post(
  route: { action: any },
  path: string,
  who: string,
  params: Record<string, string>,
  fields: Record<string, string> | URLSearchParams,
) {
  return run(route.action, postRequest(path, fields, { cookie: cookies[who] }), { params });
}

const review = (who: string, fields: Record<string, string>, pitch: Pitch = closed) =>
  post(reviewRoute, `${base(pitch)}/review`, who, { pitchId: pitch.id }, fields);
const onProposal = (who: string, proposal: Proposal, fields: Record<string, string>, pitch: Pitch = closed) =>
  post(
    proposalRoute,
    `${base(pitch)}/proposals/${proposal.id}`,
    who,
    { pitchId: pitch.id, proposalId: proposal.id },
    fields,
  );
const proposalPage = (who: string, proposal: Proposal, pitch: Pitch = closed) =>
  get(proposalRoute, `${base(pitch)}/proposals/${proposal.id}`, who, { pitchId: pitch.id, proposalId: proposal.id });
const bulk = (
  who: string,
  intent: string,
  ids: string[],
  extra: Record<string, string> = {},
  pitch: Pitch = closed,
) => {
  const body = new URLSearchParams({ intent, ...extra });
  for (const id of ids) body.append("proposalIds", id);
  return post(proposalsRoute, `${base(pitch)}/proposals`, who, { pitchId: pitch.id }, body);
};

async function criteriaOf(pitch: Pitch) {
  return db().selectFrom("review_criterion").selectAll().where("pitch_id", "=", pitch.id).orderBy("position").execute();
}

function scoreFields(criteria: { id: string }[], scores: number[], extra: Record<string, string> = {}) {
  return {
    intent: "submitReview",
    ...Object.fromEntries(criteria.map((c, i) => [`score.${c.id}`, String(scores[i])])),
    ...extra,
  };
}

describe("criteria and reviewers", () => {
  it("the review page shows the default rubric without storing it on a GET", async () => {
    const result = await get(reviewRoute, `${base(closed)}/review`, "owner", { pitchId: closed.id });
    expect(result.status).toBe(200);
    expect(result.body.isDefault).toBe(true);
    expect(result.body.criteria.map((c: any) => [c.name, c.weight, c.share])).toEqual([
      ["課題の理解", 20, 20],
      ["解決策の有効性", 25, 25],
      ["住民・地域の参画", 20, 20],
      ["実現可能性・体制", 20, 20],
      ["費用の妥当性", 15, 15],
    ]);
    expect(await countRows("review_criterion")).toBe(0);
  });

  it("assigning a reviewer stores the default rubric, notifies the reviewer and queues an e-mail (audited)", async () => {
    const result = await review("owner", { intent: "assign", userId: reviewer1.id });
    expect(result).toMatchObject({ status: 302, location: `${base(closed)}/review?notice=reviewer-assigned` });
    expect((await criteriaOf(closed)).map((c) => c.weight)).toEqual([20, 25, 20, 20, 15]);
    const notification = await db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", reviewer1.id)
      .executeTakeFirstOrThrow();
    expect(notification).toMatchObject({ kind: "review_assigned", link_path: `${base(closed)}/proposals` });
    expect((await lastEmailTo(reviewer1.email))?.body_text).toContain(`${base(closed)}/proposals`);
    expect(await countRows("audit_log", (qb: any) => qb.where("action", "=", "review.assign"))).toBe(1);
    expect((await review("owner", { intent: "assign", userId: reviewer2.id })).status).toBe(302);
  });

  it("a reviewer must be a member of the municipality; a member who is not an admin may not assign", async () => {
    const stranger = await review("owner", { intent: "assign", userId: otherMunicipality.user.id });
    expect(stranger.status).toBe(400);
    expect(stranger.body.fieldErrors.userId).toMatch(JAPANESE);
    expect((await review("reviewer1", { intent: "assign", userId: reviewer1.id })).status).toBe(403);
  });

  it("criteria are edited (weights 1-100, names required) while nobody has scored", async () => {
    const bad = await review("owner", {
      intent: "criteria",
      count: "2",
      "name.0": "",
      "weight.0": "10",
      "name.1": "効果",
      "weight.1": "101",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors["name.0"]).toMatch(JAPANESE);
    expect(bad.body.fieldErrors["weight.1"]).toMatch(JAPANESE);
    expect(bad.body.values["name.1"]).toBe("効果");
    const fields: Record<string, string> = { intent: "criteria", count: "5" };
    (await criteriaOf(closed)).forEach((c, i) =>
      Object.assign(fields, {
        [`name.${i}`]: c.name,
        [`description.${i}`]: c.description,
        [`weight.${i}`]: String(c.weight),
      }),
    );
    expect((await review("owner", fields)).status).toBe(302);
    expect((await review("reviewer1", fields)).status).toBe(403);
  });

  it("strict forms: an extra field is refused", async () => {
    const result = await review("owner", { intent: "assign", userId: reviewer1.id, role: "admin" });
    expect(result.status).toBe(400);
    expect(result.body.formError).toMatch(JAPANESE);
    const extra = await onProposal("owner", pA, { intent: "shortlist", shortlisted: "true", note: "x" });
    expect(extra.status).toBe(400);
  });
});

describe("independent scoring and the comparison", () => {
  it("an admin who is not assigned may not score", async () => {
    const criteria = await criteriaOf(closed);
    expect((await onProposal("owner", pA, scoreFields(criteria, [3, 3, 3, 3, 3]))).status).toBe(403);
  });

  it("submitting needs every score; the form keeps what was typed", async () => {
    const criteria = await criteriaOf(closed);
    const result = await onProposal("reviewer1", pA, {
      intent: "submitReview",
      [`score.${criteria[0]!.id}`]: "4",
      comment: "途中",
    });
    expect(result.status).toBe(400);
    expect(result.body.formError ?? Object.values(result.body.fieldErrors)[0]).toMatch(JAPANESE);
    expect(result.body.values.comment).toBe("途中");
    const badScore = await onProposal("reviewer1", pA, scoreFields(criteria, [6, 5, 3, 4, 2]));
    expect(badScore.status).toBe(400);
  });

  it("two reviewers score independently; others' scores appear once mine is submitted; private notes stay private", async () => {
    const criteria = await criteriaOf(closed);
    const first = await onProposal(
      "reviewer1",
      pA,
      scoreFields(criteria, [4, 5, 3, 4, 2], {
        comment: "具体的で良い",
        privateNote: SECRET_NOTE,
        [`comment.${criteria[4]!.id}`]: "内訳がやや粗い",
      }),
    );
    expect(first).toMatchObject({ status: 302 });
    // Reviewer 2 has not submitted yet: nothing of reviewer 1 is shown.
    const before = await proposalPage("reviewer2", pA);
    expect(before.status).toBe(200);
    expect(before.body.reviews.others).toEqual([]);
    expect(JSON.stringify(before.body)).not.toContain("具体的で良い");
    expect(
      (
        await onProposal(
          "reviewer2",
          pA,
          scoreFields(criteria, [3, 4, 4, 5, 3], { comment: "住民参加が弱い", privateNote: "二郎のメモ" }),
        )
      ).status,
    ).toBe(302);
    const after = await proposalPage("reviewer2", pA);
    expect(after.body.reviews.others).toHaveLength(1);
    expect(after.body.reviews.others[0]).toMatchObject({
      reviewerName: "審査 一郎",
      comment: "具体的で良い",
      scoreComments: { [criteria[4]!.id]: "内訳がやや粗い" },
    });
    expect(after.body.reviews.mine.privateNote).toBe("二郎のメモ");
    expect(JSON.stringify(after.body)).not.toContain(SECRET_NOTE);
    const mine = await proposalPage("reviewer1", pA);
    expect(mine.body.reviews.mine.privateNote).toBe(SECRET_NOTE);
    expect(mine.body.myTotal).toBe(75);
    expect(JSON.stringify(mine.body)).not.toContain("二郎のメモ");
    const admin = await proposalPage("owner", pA);
    expect(JSON.stringify(admin.body)).not.toContain(SECRET_NOTE);
    expect(JSON.stringify(admin.body)).not.toContain("二郎のメモ");
    expect(admin.body.reviews.mine).toBeNull();
    // The audit log never copies a private note.
    const audit = await db().selectFrom("audit_log").select("changes").where("action", "=", "review.submit").execute();
    expect(JSON.stringify(audit)).not.toContain(SECRET_NOTE);
  });

  it("the list shows the weighted averages and sorts by total: (75 + 77) / 2 = 76", async () => {
    const criteria = await criteriaOf(closed);
    expect((await onProposal("reviewer1", pB, scoreFields(criteria, [2, 2, 2, 2, 2]))).status).toBe(302);
    const result = await get(proposalsRoute, `${base(closed)}/proposals`, "reviewer1", { pitchId: closed.id });
    expect(result.status).toBe(200);
    const rows = result.body.proposals as any[];
    expect(rows.map((p) => p.id).sort()).toEqual([pA.id, pB.id, pC.id, pWithdrawn.id].sort());
    expect(rows.find((p) => p.id === pDraft.id)).toBeUndefined();
    const a = rows.find((p) => p.id === pA.id);
    expect(a).toMatchObject({
      companyName: "株式会社エー",
      requestedFundingYen: 2_000_000,
      reviewCount: 2,
      total: 76,
      myReview: "submitted",
    });
    expect(a.averages[criteria[0]!.id]).toBe(3.5);
    expect(rows.find((p) => p.id === pB.id)).toMatchObject({ total: 40, reviewCount: 1 });
    expect(rows.find((p) => p.id === pC.id)).toMatchObject({ total: null, reviewCount: 0, myReview: "none" });
    expect(rows.find((p) => p.id === pWithdrawn.id)).toMatchObject({ status: "withdrawn" });
    expect(JSON.stringify(result.body)).not.toContain(SECRET_NOTE);

    // Reviewer 2 has not reviewed B yet: B's averages stay hidden from them (independent scoring), not A's.
    const second = (await get(proposalsRoute, `${base(closed)}/proposals`, "reviewer2", { pitchId: closed.id })).body
      .proposals as any[];
    expect(second.find((p) => p.id === pB.id)).toMatchObject({ total: null, averages: {}, myReview: "none" });
    expect(second.find((p) => p.id === pA.id)).toMatchObject({ total: 76 });
    // The admin, who does not score, sees every figure.
    const admin = (await get(proposalsRoute, `${base(closed)}/proposals`, "owner", { pitchId: closed.id })).body
      .proposals as any[];
    expect(admin.find((p) => p.id === pB.id)).toMatchObject({ total: 40 });
  });

  it("criteria cannot change once a score exists", async () => {
    const result = await review("owner", { intent: "criteria", count: "1", "name.0": "新しい項目", "weight.0": "10" });
    expect(result.status).toBe(400);
    expect(result.body.formError).toContain("評価が始まっているため");
    expect(await criteriaOf(closed)).toHaveLength(5);
  });
});

describe("shortlist and decisions", () => {
  it("bulk shortlist and the toggle on the proposal page, for admins only", async () => {
    expect(await bulk("owner", "bulkShortlist", [pA.id, pB.id])).toMatchObject({ status: 302 });
    const rows = await db()
      .selectFrom("proposal")
      .select(["id", "shortlisted_at"])
      .where("id", "in", [pA.id, pB.id])
      .execute();
    expect(rows.every((r) => r.shortlisted_at !== null)).toBe(true);
    expect((await onProposal("owner", pB, { intent: "shortlist", shortlisted: "false" })).status).toBe(302);
    expect(
      (await db().selectFrom("proposal").select("shortlisted_at").where("id", "=", pB.id).executeTakeFirstOrThrow())
        .shortlisted_at,
    ).toBeNull();
    expect((await bulk("reviewer1", "bulkShortlist", [pC.id])).status).toBe(403);
    expect((await bulk("owner", "bulkShortlist", [])).status).toBe(400);
  });

  it("decisions wait for the deadline", async () => {
    const result = await onProposal("owner", pOpen, { intent: "decide", outcome: "accepted", reason: "良い" }, open);
    expect(result.status).toBe(400);
    expect(result.body.formError).toContain("締切");
  });

  it("accept with a reason, recorded privately; a second acceptance is refused unless multiple matches are allowed", async () => {
    const noReason = await onProposal("owner", pA, { intent: "decide", outcome: "accepted", reason: " " });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fieldErrors.reason).toMatch(JAPANESE);
    expect(
      (
        await onProposal("owner", pA, {
          intent: "decide",
          outcome: "accepted",
          reason: "評価が最も高く、住民参加の計画が具体的",
        })
      ).status,
    ).toBe(302);
    const decision = await db()
      .selectFrom("proposal_decision")
      .selectAll()
      .where("proposal_id", "=", pA.id)
      .executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ outcome: "accepted", published_at: null, decided_by: owner.user.id });
    const second = await onProposal("owner", pB, { intent: "decide", outcome: "accepted", reason: "こちらも" });
    expect(second.status).toBe(400);
    expect(second.body.formError).toContain("複数の提案を採択できる");
    expect((await onProposal("reviewer1", pB, { intent: "decide", outcome: "declined", reason: "x" })).status).toBe(
      403,
    );
    // Allowed once the setting is on, then undone (declined) and the setting turned off again.
    expect((await review("owner", { intent: "multiple", allowsMultipleMatches: "on" })).status).toBe(302);
    expect((await onProposal("owner", pB, { intent: "decide", outcome: "accepted", reason: "こちらも" })).status).toBe(
      302,
    );
    expect((await review("owner", { intent: "multiple" })).status).toBe(400);
    expect(
      (await onProposal("owner", pB, { intent: "decide", outcome: "declined", reason: "予算の都合" })).status,
    ).toBe(302);
    expect((await review("owner", { intent: "multiple" })).status).toBe(302);
    expect(
      (
        await db()
          .selectFrom("pitch")
          .select("allows_multiple_matches")
          .where("id", "=", closed.id)
          .executeTakeFirstOrThrow()
      ).allows_multiple_matches,
    ).toBe(false);
  });

  it("companies never see scores or unpublished decisions: the gate gives them their company side, the owner queries 404", async () => {
    const actor = {
      userId: companyA.user.id,
      email: companyA.user.email,
      displayName: companyA.user.display_name,
      secondFactorVerified: true,
      membership: {
        organizationId: companyA.organization.id,
        organizationName: companyA.organization.name,
        kind: "company" as const,
        role: "admin" as const,
        verificationStatus: "verified" as const,
      },
    };
    expect((await findProposalForActor(db(), actor, pA.id))?.side).toBe("company");
    await expect(getOwnerProposal(db(), actor, closed.id, pA.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await proposalPage("company", pA)).status).toBe(403);
  });

  it("「一括で不採択」 declines the selected proposals with the template text (edited)", async () => {
    const reason = `${DECLINE_REASON_TEMPLATES[0].text}（追記）`;
    const empty = await bulk("owner", "bulkDecline", [pC.id], { template: "other_selected", reason: "" });
    expect(empty.status).toBe(400);
    expect(
      (await bulk("owner", "bulkDecline", [pC.id, pWithdrawn.id], { template: "other_selected", reason })).status,
    ).toBe(400);
    expect(await countRows("proposal_decision", (qb: any) => qb.where("proposal_id", "=", pC.id))).toBe(0);
    expect((await bulk("owner", "bulkDecline", [pC.id], { template: "other_selected", reason })).status).toBe(302);
    const row = await db()
      .selectFrom("proposal_decision")
      .selectAll()
      .where("proposal_id", "=", pC.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: "declined", reason, published_at: null });
    const list = await get(proposalsRoute, `${base(closed)}/proposals`, "owner", { pitchId: closed.id });
    expect(list.body).toMatchObject({ bulkDeclineOffered: true });
  });

  it("publishing sets published_at, notifies each company's members with an e-mail and moves the closed pitch to matched", async () => {
    expect(
      (
        await post(
          decisionsRoute,
          `${base(closed)}/decisions`,
          "reviewer1",
          { pitchId: closed.id },
          { intent: "publish" },
        )
      ).status,
    ).toBe(403);
    const result = await post(
      decisionsRoute,
      `${base(closed)}/decisions`,
      "owner",
      { pitchId: closed.id },
      { intent: "publish" },
    );
    expect(result).toMatchObject({ status: 302, location: `${base(closed)}/decisions?notice=decisions-published` });
    const decisions = await db()
      .selectFrom("proposal_decision")
      .selectAll()
      .where("pitch_id", "=", closed.id)
      .execute();
    expect(decisions).toHaveLength(3);
    expect(decisions.every((d) => d.published_at !== null && d.published_by === owner.user.id)).toBe(true);
    const notification = await db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", companyA.user.id)
      .where("kind", "=", "decision_published")
      .executeTakeFirstOrThrow();
    expect(notification.link_path).toBe(`/company/proposals/${pA.id}`);
    expect((await lastEmailTo(companyC.user.email))?.body_text).toContain("不採択");
    expect((await lastEmailTo(companyA.user.email))?.body_text).toContain(`/company/proposals/${pA.id}`);
    expect(
      (await db().selectFrom("pitch").select("status").where("id", "=", closed.id).executeTakeFirstOrThrow()).status,
    ).toBe("matched");
    // Published decisions are final.
    const change = await onProposal("owner", pC, { intent: "decide", outcome: "accepted", reason: "やはり" });
    expect(change.status).toBe(400);
    // Nothing is left to decline: the proposals page no longer offers 「一括で不採択」, and a forged post is refused.
    const list = await get(proposalsRoute, `${base(closed)}/proposals`, "owner", { pitchId: closed.id });
    expect(list.body).toMatchObject({ bulkDeclineOffered: false });
    const forged = await bulk("owner", "bulkDecline", [pC.id], { template: "other_selected", reason: "再度" });
    expect(forged.status).toBe(400);
  });

  it("all declined -> not_matched", async () => {
    expect(
      (await onProposal("owner", pSecond, { intent: "decide", outcome: "declined", reason: "基準に達しない" }, second))
        .status,
    ).toBe(302);
    expect(
      (await post(decisionsRoute, `${base(second)}/decisions`, "owner", { pitchId: second.id }, { intent: "publish" }))
        .status,
    ).toBe(302);
    expect(
      (await db().selectFrom("pitch").select("status").where("id", "=", second.id).executeTakeFirstOrThrow()).status,
    ).toBe("not_matched");
  });

  it("the decisions page and the pitch page count them", async () => {
    const page = await get(decisionsRoute, `${base(closed)}/decisions`, "reviewer1", { pitchId: closed.id });
    expect(page.status).toBe(200);
    expect(page.body.decisions).toHaveLength(3);
    expect(page.body.counts).toMatchObject({ submitted: 3, withdrawn: 1, decided: 3, unpublished: 0, accepted: 1 });
    const pitchPage = await get(pitchRoute, base(closed), "owner", { pitchId: closed.id });
    expect(pitchPage.body.proposals).toMatchObject({ submitted: 3, shortlisted: 1, decided: 3 });
  });
});

describe("the selection record", () => {
  it("the page lists criteria, reviewers, scores per reviewer, totals and decisions, never private notes", async () => {
    const result = await get(recordRoute, `${base(closed)}/selection-record`, "reviewer2", { pitchId: closed.id });
    expect(result.status).toBe(200);
    const record = result.body.record;
    expect(record.criteria.map((c: any) => c.weight)).toEqual([20, 25, 20, 20, 15]);
    expect(record.reviewers.map((r: any) => r.name)).toEqual(["審査 一郎", "審査 二郎"]);
    expect(record.proposals[0]).toMatchObject({
      id: pA.id,
      total: 76,
      shortlisted: true,
      decision: { outcome: "accepted" },
    });
    expect(record.proposals[0].reviews.map((r: any) => r.total).sort()).toEqual([75, 77]);
    expect(record.publishedAt).not.toBeNull();
    expect(JSON.stringify(result.body)).not.toContain(SECRET_NOTE);
  });

  it("the CSV is UTF-8 with a BOM and holds the figures", async () => {
    // The raw bytes (Response.text() would drop the BOM).
    const response = (await csvRoute.loader({
      request: getRequest(`${base(closed)}/selection-record.csv`, { cookie: cookies.owner }),
      params: { pitchId: closed.id },
      context: {},
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("課題の理解（重み20）");
    expect(text).toContain("株式会社エー");
    const lines = text.split("\r\n");
    const averageA = lines.find((l) => l.startsWith(pA.id) && l.includes(",平均,"))!;
    expect(averageA).toContain(",3.5,4.5,3.5,4.5,2.5,76,,採択,");
    expect(
      lines.some(
        (l) =>
          l.startsWith(pA.id) &&
          l.includes(",審査 一郎,4,5,3,4,2,75,具体的で良い / 費用の妥当性: 内訳がやや粗い,採択,"),
      ),
    ).toBe(true);
    expect(text).not.toContain(SECRET_NOTE);
  });
});

describe("denials", () => {
  const pages = (): { name: string; route: any; path: string; params: Record<string, string>; action: boolean }[] => [
    {
      name: "proposals",
      route: proposalsRoute,
      path: `${base(closed)}/proposals`,
      params: { pitchId: closed.id },
      action: true,
    },
    {
      name: "proposal",
      route: proposalRoute,
      path: `${base(closed)}/proposals/${pA.id}`,
      params: { pitchId: closed.id, proposalId: pA.id },
      action: true,
    },
    {
      name: "review",
      route: reviewRoute,
      path: `${base(closed)}/review`,
      params: { pitchId: closed.id },
      action: true,
    },
    {
      name: "decisions",
      route: decisionsRoute,
      path: `${base(closed)}/decisions`,
      params: { pitchId: closed.id },
      action: true,
    },
    {
      name: "record",
      route: recordRoute,
      path: `${base(closed)}/selection-record`,
      params: { pitchId: closed.id },
      action: false,
    },
    {
      name: "csv",
      route: csvRoute,
      path: `${base(closed)}/selection-record.csv`,
      params: { pitchId: closed.id },
      action: false,
    },
  ];

  it("another municipality gets 404; a company and a bureau 403; anonymous is sent to log in — on every page and action", async () => {
    const expected: Record<string, number> = { otherMunicipality: 404, company: 403, bureau: 403, anonymous: 302 };
    for (const page of pages()) {
      for (const [who, status] of Object.entries(expected)) {
        const loaded = await get(page.route as any, page.path, who, page.params);
        expect([page.name, who, loaded.status]).toEqual([page.name, who, status]);
        if (status === 302) expect(loaded.location).toContain("/login");
        if (page.action) {
          const posted = await post(page.route as any, page.path, who, page.params, { intent: "publish" });
          expect([page.name, who, posted.status]).toEqual([page.name, who, status]);
        }
      }
    }
  });

  it("swapped ids answer 404: another municipality's pitch, a proposal of another pitch, a draft, a foreign proposal", async () => {
    expect((await get(proposalsRoute, `${base(foreign)}/proposals`, "owner", { pitchId: foreign.id })).status).toBe(
      404,
    );
    expect(
      (await get(csvRoute, `${base(foreign)}/selection-record.csv`, "owner", { pitchId: foreign.id })).status,
    ).toBe(404);
    expect((await proposalPage("owner", pSecond, closed)).status).toBe(404);
    expect((await proposalPage("owner", pDraft, closed)).status).toBe(404);
    expect((await proposalPage("owner", pForeign, closed)).status).toBe(404);
    expect((await onProposal("owner", pSecond, { intent: "shortlist", shortlisted: "true" }, closed)).status).toBe(404);
    expect((await bulk("owner", "bulkShortlist", [pForeign.id])).status).toBe(404);
    expect(
      (
        await post(
          decisionsRoute,
          `${base(foreign)}/decisions`,
          "owner",
          { pitchId: foreign.id },
          { intent: "publish" },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await db()
          .selectFrom("proposal")
          .select("shortlisted_at")
          .where("id", "=", pForeign.id)
          .executeTakeFirstOrThrow()
      ).shortlisted_at,
    ).toBeNull();
  });
});
