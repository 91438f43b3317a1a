// Proposal authoring by companies through its routes: draft -> submit -> revise -> withdraw, the deadline, the budget
// ceiling, one active proposal per company and pitch, strict forms, confidentiality of the editor and of attachments,
// and the notifications, e-mail and audit rows written with each change.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pitch, AppUser } from "@db/schema";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { createProposal } from "~/seed/proposal-factory.server";
import { DEADLINE_PASSED, DECIDED, WITHDRAWN_READ_ONLY, ATTESTATION_REQUIRED } from "~/domain/proposals/proposal.rules";
import { db } from "~/lib/db.server";
import { setStorageRootForTests } from "~/lib/storage.server";
import * as downloadRoute from "~/routes/proposals.$proposalId.attachments.$attachmentId";
import * as editRoute from "~/routes/company_.proposals.$proposalId";
import * as listRoute from "~/routes/company_.proposals._index";
import * as newRoute from "~/routes/company_.proposals.new";
import * as pitchRoute from "~/routes/pitches.$pitchId";
import { countRows, rowCounts, rowsAsText } from "../support/db";
import { BASE_URL, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const NONEXISTENT = "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

let uploads: string;
let owner: CreatedMember;
let ownerMember: AppUser;
let otherMunicipality: CreatedMember;
let company: CreatedMember;
let otherCompany: CreatedMember;
let unverifiedCompany: CreatedMember;
let bureau: CreatedMember;
let operator: CreatedMember;

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "proposal-uploads-"));
  setStorageRootForTests(uploads);
  owner = await createMember(db(), { kind: "municipality" });
  ownerMember = await createUser(db());
  await addMember(db(), { organizationId: owner.organization.id, userId: ownerMember.id, role: "member" });
  otherMunicipality = await createMember(db(), { kind: "municipality" });
  company = await createMember(db(), { kind: "company" });
  otherCompany = await createMember(db(), { kind: "company" });
  unverifiedCompany = await createMember(db(), { kind: "company", verificationStatus: "unverified" });
  bureau = await createMember(db(), { kind: "bureau" });
  operator = await createMember(db(), { kind: "operator" });
});

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

const cookieOf = (member: CreatedMember | null) => (member ? signedInCookie(member.user.id) : Promise.resolve(null));

function openPitch(overrides: Partial<Parameters<typeof createPitch>[1]> = {}): Promise<Pitch> {
  return createPitch(db(), { organizationId: owner.organization.id, budget_ceiling_yen: 4_000_000, ...overrides });
}

/** A complete proposal form, as the editor posts it (two KPI rows and three cost rows, one of them empty). */
function completeForm(intent: string, overrides: Record<string, string | string[]> = {}): URLSearchParams {
  const fields: Record<string, string | string[]> = {
    intent,
    title: "通いの場と移動支援の一体運営",
    understanding: "外出の機会が減り、通いの場も減っていると理解しています。",
    approach: "乗合送迎と居場所づくりを組み合わせます。",
    residentParticipation: "住民ボランティアが運営委員会に参加します。",
    implementationPlan: "準備3か月、試行6か月、振り返り3か月。",
    schedule: "4月準備、7月試行開始、翌1月振り返り",
    team: "責任者1名、コーディネーター2名",
    kpiIndicator: ["gathering_places", ""],
    kpiName: ["", "送迎の利用者数"],
    kpiTarget: ["5", "40"],
    kpiUnit: ["か所", "人"],
    costLabel: ["人件費", "車両費", ""],
    costAmount: ["１，８００，０００", "1,200,000円", ""],
    requestedFundingYen: "３００００００",
    coFundingExplanation: "",
    companyContribution: "システム開発費は当社が負担します。",
    referencesText: "他自治体で1件",
    ...overrides,
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.set(key, value);
  }
  return params;
}

async function createDraft(
  member: CreatedMember | null,
  pitchId: string,
  fields: Record<string, string> = { intent: "create" },
) {
  const url = `/company/proposals/new?pitch=${pitchId}`;
  return run(newRoute.action, postRequest(url, fields, { cookie: await cookieOf(member) }));
}

async function newDraftId(member: CreatedMember, pitchId: string): Promise<string> {
  const result = await createDraft(member, pitchId);
  expect(result.status).toBe(302);
  const match = /^\/company\/proposals\/([0-9a-f-]{36})\?notice=proposal-created$/.exec(result.location ?? "");
  expect(match, result.location ?? "").not.toBeNull();
  return match![1]!;
}

async function edit(
  member: CreatedMember | null,
  proposalId: string,
  fields: URLSearchParams | Record<string, string>,
) {
  return run(
    editRoute.action,
    postRequest(`/company/proposals/${proposalId}`, fields, { cookie: await cookieOf(member) }),
    {
      params: { proposalId },
    },
  );
}

async function editorPage(member: CreatedMember | null, proposalId: string) {
  return run(editRoute.loader, getRequest(`/company/proposals/${proposalId}`, { cookie: await cookieOf(member) }), {
    params: { proposalId },
  });
}

async function upload(member: CreatedMember, proposalId: string, file: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.set("intent", "uploadAttachment");
  form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: "application/pdf" }));
  const request = new Request(new URL(`/company/proposals/${proposalId}`, BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await signedInCookie(member.user.id) },
    body: form,
  });
  return run(editRoute.action, request, { params: { proposalId } });
}

async function download(proposalId: string, attachmentId: string, userId: string | null) {
  const cookie = userId ? await signedInCookie(userId) : null;
  return run(downloadRoute.loader, getRequest(`/proposals/${proposalId}/attachments/${attachmentId}`, { cookie }), {
    params: { proposalId, attachmentId },
  });
}

/** Row counts of every writable table, less the sessions each signed-in request of these tests opens. */
async function writes() {
  return { ...(await rowCounts()), user_session: 0 };
}

const proposalRow = (id: string) =>
  db().selectFrom("proposal").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("the happy path: draft -> submit -> revise -> withdraw", () => {
  it("creates, saves, submits, revises and withdraws, telling the pitch owner each time", async () => {
    const pitch = await openPitch();
    const id = await newDraftId(company, pitch.id);
    const draft = await proposalRow(id);
    expect(draft).toMatchObject({
      status: "draft",
      organization_id: company.organization.id,
      pitch_organization_id: owner.organization.id,
      pitch_revision_number: 1,
      revision_number: 0,
    });

    // Save: 全角 digits, commas and 円 are read as integer yen; the total is computed on the server.
    const saved = await edit(company, id, completeForm("save"));
    expect(saved).toMatchObject({ status: 302, location: `/company/proposals/${id}?notice=proposal-saved` });
    const afterSave = await proposalRow(id);
    expect(afterSave.status).toBe("draft");
    expect(Number(afterSave.total_cost_yen)).toBe(3_000_000);
    expect(Number(afterSave.requested_funding_yen)).toBe(3_000_000);
    expect(afterSave.cost_items).toEqual([
      { label: "人件費", amountYen: 1_800_000 },
      { label: "車両費", amountYen: 1_200_000 },
    ]);
    expect(afterSave.kpis).toEqual([
      { indicatorCode: "gathering_places", name: "通いの場の箇所数", target: "5", unit: "か所" },
      { indicatorCode: null, name: "送迎の利用者数", target: "40", unit: "人" },
    ]);
    expect(await countRows("notification", (q) => q.where("link_path", "like", `%${id}`))).toBe(0);

    // Submitting without the attestation is refused; nothing is written.
    const before = await writes();
    const unattested = await edit(company, id, completeForm("submit"));
    expect(unattested.status).toBe(400);
    expect(unattested.body.fieldErrors.attestation).toBe(ATTESTATION_REQUIRED);
    expect(await writes()).toEqual(before);

    const submitted = await edit(company, id, completeForm("submit", { attestation: "on" }));
    expect(submitted).toMatchObject({ status: 302, location: `/company/proposals/${id}?notice=proposal-submitted` });
    const afterSubmit = await proposalRow(id);
    expect(afterSubmit).toMatchObject({
      status: "submitted",
      revision_number: 1,
      eligibility_attested_by: company.user.id,
    });
    expect(afterSubmit.submitted_at).not.toBeNull();
    const revision1 = await db()
      .selectFrom("proposal_revision")
      .selectAll()
      .where("proposal_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(revision1).toMatchObject({ number: 1, pitch_revision_number: 1 });
    expect(revision1.content).toMatchObject({ title: "通いの場と移動支援の一体運営", total_cost_yen: "3000000" });
    const link = `/municipality/pitches/${pitch.id}/proposals/${id}`;
    const submittedNotes = await db()
      .selectFrom("notification")
      .selectAll()
      .where("link_path", "=", link)
      .where("kind", "=", "proposal_submitted")
      .execute();
    expect(submittedNotes.map((n) => n.user_id).sort()).toEqual([owner.user.id, ownerMember.id].sort());
    expect(submittedNotes[0]!.title).toMatch(JAPANESE);
    const mails = await db().selectFrom("email_outbox").selectAll().where("body_text", "like", `%${link}%`).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to_address).toBe(pitch.contact_email);
    expect(
      await countRows("audit_log", (q) => q.where("entity_id", "=", id).where("action", "=", "proposal.submit")),
    ).toBe(1);

    // The editor now links the negotiation thread; a submitted proposal cannot be "saved", only revised.
    const page = await editorPage(company, id);
    expect(page.status).toBe(200);
    expect(page.body.proposal).toMatchObject({ status: "submitted", revisionNumber: 1 });
    const saveAfterSubmit = await edit(company, id, completeForm("save"));
    expect(saveAfterSubmit.status).toBe(400);

    const revised = await edit(
      company,
      id,
      completeForm("revise", { attestation: "on", title: "通いの場と移動支援（改訂）" }),
    );
    expect(revised).toMatchObject({ status: 302, location: `/company/proposals/${id}?notice=proposal-revised` });
    expect(await proposalRow(id)).toMatchObject({
      status: "submitted",
      revision_number: 2,
      title: "通いの場と移動支援（改訂）",
    });
    expect(await countRows("proposal_revision", (q) => q.where("proposal_id", "=", id))).toBe(2);
    expect(
      await countRows("notification", (q) => q.where("link_path", "=", link).where("kind", "=", "proposal_revised")),
    ).toBe(2);
    expect(
      await countRows("audit_log", (q) => q.where("entity_id", "=", id).where("action", "=", "proposal.revise")),
    ).toBe(1);

    const withdrawn = await edit(company, id, { intent: "withdraw", reason: "体制が整わなくなったため" });
    expect(withdrawn).toMatchObject({ status: 302, location: `/company/proposals/${id}?notice=proposal-withdrawn` });
    expect(await proposalRow(id)).toMatchObject({ status: "withdrawn", withdrawal_reason: "体制が整わなくなったため" });
    expect(
      await countRows("notification", (q) => q.where("link_path", "=", link).where("kind", "=", "proposal_withdrawn")),
    ).toBe(2);
    expect(await countRows("email_outbox", (q) => q.where("body_text", "like", `%${link}%`))).toBe(3);

    // A withdrawn proposal is read-only: every action is refused with a message and nothing is written.
    const frozen = await writes();
    for (const fields of [
      completeForm("revise", { attestation: "on" }),
      completeForm("save"),
      new URLSearchParams({ intent: "withdraw" }),
    ]) {
      const refused = await edit(company, id, fields);
      expect(refused.status).toBe(400);
      expect(refused.body.formError).toBe(WITHDRAWN_READ_ONLY);
    }
    expect((await upload(company, id, { name: "追加.pdf", bytes: PDF })).body.formError).toBe(WITHDRAWN_READ_ONLY);
    expect(await writes()).toEqual(frozen);

    // After withdrawing, the company may start a new proposal for the same pitch.
    const again = await newDraftId(company, pitch.id);
    expect(again).not.toBe(id);
  });

  it("lists the company's own proposals only, with an empty state for a company without any", async () => {
    const pitch = await openPitch();
    const mine = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
    const theirs = await createProposal(db(), { pitchId: pitch.id, organizationId: otherCompany.organization.id });
    const list = await run(listRoute.loader, getRequest("/company/proposals", { cookie: await cookieOf(company) }));
    expect(list.status).toBe(200);
    const ids = list.body.proposals.map((p: { id: string }) => p.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(list.body.total).toBe(ids.length);
    const empty = await run(
      listRoute.loader,
      getRequest("/company/proposals", { cookie: await cookieOf(unverifiedCompany) }),
    );
    expect(empty.body).toMatchObject({ proposals: [], total: 0 });
  });

  it("offers 「この課題に提案する」 on an open pitch, then 「提案を開く」; visitors get a login link", async () => {
    const pitch = await openPitch();
    const before = await run(
      pitchRoute.loader,
      getRequest(`/pitches/${pitch.id}`, { cookie: await cookieOf(otherCompany) }),
      { params: { pitchId: pitch.id } },
    );
    expect(before.body.viewer).toMatchObject({ canPropose: true, ownProposalId: null });
    const id = await newDraftId(otherCompany, pitch.id);
    const after = await run(
      pitchRoute.loader,
      getRequest(`/pitches/${pitch.id}`, { cookie: await cookieOf(otherCompany) }),
      { params: { pitchId: pitch.id } },
    );
    expect(after.body.viewer).toMatchObject({ ownProposalId: id });
    const anonymous = await run(pitchRoute.loader, getRequest(`/pitches/${pitch.id}`), {
      params: { pitchId: pitch.id },
    });
    expect(anonymous.body.viewer).toMatchObject({ signedIn: false, canPropose: false, ownProposalId: null });
    const municipality = await run(
      pitchRoute.loader,
      getRequest(`/pitches/${pitch.id}`, { cookie: await cookieOf(owner) }),
      { params: { pitchId: pitch.id } },
    );
    expect(municipality.body.viewer).toMatchObject({ canPropose: false, ownProposalId: null });
  });
});

describe("rules", () => {
  it("refuses submission, revision and withdrawal after the deadline, with a Japanese message and nothing written", async () => {
    const pitch = await openPitch();
    const draftId = await newDraftId(company, pitch.id);
    await edit(company, draftId, completeForm("save"));
    const other = await openPitch();
    const submitted = await createProposal(db(), {
      pitchId: other.id,
      organizationId: company.organization.id,
      createdBy: company.user.id,
    });
    const past = new Date(Date.now() - 60_000);
    await db().updateTable("pitch").set({ proposal_deadline: past }).where("id", "in", [pitch.id, other.id]).execute();
    const before = await writes();
    const draftRow = await rowsAsText("proposal");
    for (const [id, fields] of [
      [draftId, completeForm("submit", { attestation: "on" })],
      [draftId, completeForm("save")],
      [submitted.id, completeForm("revise", { attestation: "on" })],
      [submitted.id, new URLSearchParams({ intent: "withdraw" })],
    ] as const) {
      const refused = await edit(company, id, fields);
      expect(refused.status).toBe(400);
      expect(refused.body.formError).toBe(DEADLINE_PASSED);
      expect(refused.body.formError).toMatch(JAPANESE);
    }
    expect(await writes()).toEqual(before);
    expect(await rowsAsText("proposal")).toEqual(draftRow);
    // No new draft either.
    const late = await createDraft(otherCompany, pitch.id);
    expect(late.status).toBe(400);
    expect(late.body.formError).toBe(DEADLINE_PASSED);
    expect(await writes()).toEqual(before);
  });

  it("reads the deadline as an instant: one minute before it (Asia/Tokyo or not) is still open", async () => {
    const pitch = await openPitch({ proposal_deadline: new Date(Date.now() + 60_000) });
    const id = await newDraftId(company, pitch.id);
    const submitted = await edit(company, id, completeForm("submit", { attestation: "on" }));
    expect(submitted.status).toBe(302);
  });

  it("needs a co-funding explanation above the budget ceiling, keeping what was typed; and funding within the total", async () => {
    const pitch = await openPitch({ budget_ceiling_yen: 2_000_000 });
    const id = await newDraftId(company, pitch.id);
    const before = await writes();
    const rows = await rowsAsText("proposal");
    const above = await edit(
      company,
      id,
      completeForm("submit", { attestation: "on", requestedFundingYen: "2,500,000" }),
    );
    expect(above.status).toBe(400);
    expect(above.body.fieldErrors.coFundingExplanation).toMatch(/予算上限/);
    expect(above.body.values).toMatchObject({
      requestedFundingYen: "2,500,000",
      title: "通いの場と移動支援の一体運営",
      costLabel: ["人件費", "車両費", ""],
    });
    expect(await writes()).toEqual(before);
    expect(await rowsAsText("proposal")).toEqual(rows);

    const overTotal = await edit(
      company,
      id,
      completeForm("submit", {
        attestation: "on",
        requestedFundingYen: "3000001",
        coFundingExplanation: "差額は当社負担",
      }),
    );
    expect(overTotal.status).toBe(400);
    expect(overTotal.body.fieldErrors.requestedFundingYen).toMatch(/費用の合計/);

    for (const bad of ["-1", "1.5", "百万"]) {
      const refused = await edit(company, id, completeForm("save", { requestedFundingYen: bad }));
      expect(refused.status, bad).toBe(400);
      expect(refused.body.fieldErrors.requestedFundingYen).toMatch(/整数/);
    }
    const negativeCost = await edit(company, id, completeForm("save", { costAmount: ["-100", "1", ""] }));
    expect(negativeCost.body.fieldErrors.costItems).toMatch(/1行目/);
    expect(await rowsAsText("proposal")).toEqual(rows);

    const explained = await edit(
      company,
      id,
      completeForm("submit", {
        attestation: "on",
        requestedFundingYen: "2,500,000",
        coFundingExplanation: "上限を超える50万円は当社が負担します。",
      }),
    );
    expect(explained.status).toBe(302);
    expect(Number((await proposalRow(id)).requested_funding_yen)).toBe(2_500_000);
  });

  it("records nothing when a draft is saved unchanged (jsonb key order and int8 strings are not changes)", async () => {
    const pitch = await openPitch();
    const id = await newDraftId(company, pitch.id);
    expect((await edit(company, id, completeForm("save"))).status).toBe(302);
    const before = await writes();
    expect((await edit(company, id, completeForm("save"))).status).toBe(302);
    expect(await writes()).toEqual(before);
  });

  it("requires the sections of a complete proposal to submit, but saves an incomplete draft", async () => {
    const pitch = await openPitch();
    const id = await newDraftId(company, pitch.id);
    const sparse = {
      understanding: "",
      kpiIndicator: [],
      kpiName: [],
      kpiTarget: [],
      kpiUnit: [],
      costLabel: [],
      costAmount: [],
      requestedFundingYen: "",
    };
    expect((await edit(company, id, completeForm("save", sparse))).status).toBe(302);
    const refused = await edit(company, id, completeForm("submit", { ...sparse, attestation: "on" }));
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fieldErrors).sort()).toEqual([
      "costItems",
      "kpis",
      "requestedFundingYen",
      "understanding",
    ]);
    expect((await proposalRow(id)).status).toBe("draft");
  });

  it("keeps one active proposal per company and pitch: a second creation opens the first", async () => {
    const pitch = await openPitch();
    const first = await newDraftId(company, pitch.id);
    const before = await writes();
    const second = await createDraft(company, pitch.id);
    expect(second).toMatchObject({ status: 302, location: `/company/proposals/${first}?notice=proposal-existing` });
    expect(await writes()).toEqual(before);
    // The partial unique index is the arbiter, even for concurrent requests.
    const pitch2 = await openPitch();
    const results = await Promise.all([createDraft(otherCompany, pitch2.id), createDraft(otherCompany, pitch2.id)]);
    expect(results.map((r) => r.status)).toEqual([302, 302]);
    expect(new Set(results.map((r) => r.location!.split("?")[0])).size).toBe(1);
    expect(
      await countRows("proposal", (q) =>
        q.where("pitch_id", "=", pitch2.id).where("organization_id", "=", otherCompany.organization.id),
      ),
    ).toBe(1);
    // The GET page also sends the company to its existing proposal.
    const page = await run(
      newRoute.loader,
      getRequest(`/company/proposals/new?pitch=${pitch.id}`, { cookie: await cookieOf(company) }),
    );
    expect(page).toMatchObject({ status: 302, location: `/company/proposals/${first}` });
  });

  it("refuses new proposals to pitches that are not open, and unknown pitches are 404", async () => {
    const closed = await openPitch({ status: "closed" });
    expect((await createDraft(company, closed.id)).status).toBe(400);
    const draft = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    expect((await createDraft(company, draft.id)).status).toBe(404);
    expect((await createDraft(company, NONEXISTENT)).status).toBe(404);
  });

  it("lets an unverified company save a draft but not submit it", async () => {
    const pitch = await openPitch();
    const id = await newDraftId(unverifiedCompany, pitch.id);
    expect((await edit(unverifiedCompany, id, completeForm("save"))).status).toBe(302);
    const before = await writes();
    const refused = await edit(unverifiedCompany, id, completeForm("submit", { attestation: "on" }));
    expect(refused.status).toBe(403);
    expect(refused.body.formError).toMatch(/確認/);
    expect(await writes()).toEqual(before);
  });

  it("freezes a proposal with a decision, and shows the company only a published decision", async () => {
    const pitch = await openPitch();
    const proposal = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
    await db()
      .insertInto("proposal_decision")
      .values({
        proposal_id: proposal.id,
        pitch_id: pitch.id,
        outcome: "declined",
        reason: "予算の範囲を超えるため",
        decided_by: owner.user.id,
        decided_at: new Date(),
      })
      .execute();
    expect((await editorPage(company, proposal.id)).body.decision).toBeNull();
    const before = await writes();
    for (const fields of [completeForm("revise", { attestation: "on" }), new URLSearchParams({ intent: "withdraw" })]) {
      const refused = await edit(company, proposal.id, fields);
      expect(refused.status).toBe(400);
      expect(refused.body.formError).toBe(DECIDED);
    }
    expect(await writes()).toEqual(before);
    await db()
      .updateTable("proposal_decision")
      .set({ published_at: new Date(), published_by: owner.user.id })
      .where("proposal_id", "=", proposal.id)
      .execute();
    expect((await editorPage(company, proposal.id)).body.decision).toMatchObject({
      outcome: "declined",
      reason: "予算の範囲を超えるため",
    });
  });

  it("notes when the pitch has been revised since the proposal was written", async () => {
    const pitch = await openPitch();
    const proposal = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
    await db().updateTable("pitch").set({ revision_number: 2 }).where("id", "=", pitch.id).execute();
    const page = await editorPage(company, proposal.id);
    expect(page.body.pitch.revisionNumber).toBe(2);
    expect(page.body.proposal.pitchRevisionNumber).toBe(1);
    // Revising answers the current revision of the pitch.
    expect((await edit(company, proposal.id, completeForm("revise", { attestation: "on" }))).status).toBe(302);
    expect((await proposalRow(proposal.id)).pitch_revision_number).toBe(2);
  });
});

describe("strict forms", () => {
  it("refuses extra fields (status, organizationId ...) on every intent, and writes nothing", async () => {
    const pitch = await openPitch();
    const id = await newDraftId(company, pitch.id);
    const before = await writes();
    const rows = await rowsAsText("proposal");
    for (const fields of [
      completeForm("save", { status: "submitted" }),
      completeForm("submit", { attestation: "on", organizationId: otherCompany.organization.id }),
      completeForm("save", { totalCostYen: "1" }),
      new URLSearchParams({ intent: "withdraw", status: "draft" }),
      new URLSearchParams({
        intent: "deleteAttachment",
        attachmentId: NONEXISTENT,
        organizationId: otherCompany.organization.id,
      }),
      new URLSearchParams({ intent: "publish" }),
      new URLSearchParams([...completeForm("save").entries(), ["title", "二つ目のタイトル"]]),
    ]) {
      const refused = await edit(company, id, fields);
      expect(refused.status, fields.toString()).toBe(400);
      expect(refused.body.formError).toMatch(JAPANESE);
    }
    const extra = await createDraft(company, pitch.id, {
      intent: "create",
      organizationId: otherCompany.organization.id,
    });
    expect(extra.status).toBe(400);
    expect(await writes()).toEqual(before);
    expect(await rowsAsText("proposal")).toEqual(rows);
  });
});

describe("confidentiality", () => {
  it("answers 403 or 404 on the editor and every action to anyone but the proposing company", async () => {
    const pitch = await openPitch();
    const proposal = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
    const before = await writes();
    const rows = await rowsAsText("proposal");
    const expectations: [CreatedMember | null, number][] = [
      [otherCompany, 404],
      [otherMunicipality, 403],
      [owner, 403],
      [bureau, 403],
      [operator, 403],
    ];
    for (const [member, status] of expectations) {
      expect((await editorPage(member, proposal.id)).status).toBe(status);
      for (const fields of [
        completeForm("save"),
        completeForm("revise", { attestation: "on" }),
        new URLSearchParams({ intent: "withdraw" }),
        new URLSearchParams({ intent: "deleteAttachment", attachmentId: NONEXISTENT }),
      ]) {
        expect((await edit(member, proposal.id, fields)).status).toBe(status);
      }
    }
    // A swapped id is the same 404 as one that does not exist.
    const swapped = await editorPage(otherCompany, proposal.id);
    const missing = await editorPage(otherCompany, NONEXISTENT);
    expect(swapped.body).toBe(missing.body);
    const anonymous = await editorPage(null, proposal.id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    expect((await edit(null, proposal.id, { intent: "withdraw" })).location).toMatch(/^\/login/);
    expect(await writes()).toEqual(before);
    expect(await rowsAsText("proposal")).toEqual(rows);
  });

  it("authorises attachment downloads at every request: company and pitch owner yes, operators audited, others 404", async () => {
    const pitch = await openPitch();
    const id = await newDraftId(company, pitch.id);
    const uploaded = await upload(company, id, { name: "提案書.pdf", bytes: PDF });
    expect(uploaded).toMatchObject({
      status: 302,
      location: `/company/proposals/${id}?notice=proposal-attachment-added`,
    });
    const refused = await upload(company, id, { name: "virus.pdf", bytes: EXE });
    expect(refused.status).toBe(400);
    expect(refused.body.fieldErrors.file).toMatch(/PDF/);
    const attachment = await db()
      .selectFrom("proposal_attachment")
      .selectAll()
      .where("proposal_id", "=", id)
      .executeTakeFirstOrThrow();

    const own = await download(id, attachment.id, company.user.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(own.headers.get("X-Content-Type-Options")).toBe("nosniff");
    // A draft is the company's alone: the pitch owner does not see it yet.
    expect((await download(id, attachment.id, owner.user.id)).status).toBe(404);

    await edit(company, id, completeForm("submit", { attestation: "on" }));
    expect((await download(id, attachment.id, owner.user.id)).status).toBe(200);
    expect((await download(id, attachment.id, ownerMember.id)).status).toBe(200);
    for (const userId of [otherCompany.user.id, otherMunicipality.user.id, bureau.user.id, null]) {
      const denied = await download(id, attachment.id, userId);
      expect(denied.status, String(userId)).toBe(404);
    }
    // A swapped pair (this attachment under another proposal) is 404 too, even for the company.
    const another = await createProposal(db(), {
      pitchId: (await openPitch()).id,
      organizationId: company.organization.id,
    });
    expect((await download(another.id, attachment.id, company.user.id)).status).toBe(404);

    const audits = () =>
      countRows("audit_log", (q) =>
        q.where("entity_id", "=", id).where("action", "=", "proposal.attachment_moderation_download"),
      );
    expect(await audits()).toBe(0);
    const moderated = await download(id, attachment.id, operator.user.id);
    expect(moderated.status).toBe(200);
    expect(await audits()).toBe(1);
    const row = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_id", "=", id)
      .where("action", "=", "proposal.attachment_moderation_download")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_user_id: operator.user.id, organization_id: company.organization.id });

    // Another company cannot delete it (404), the company can (with an audit row).
    expect((await edit(otherCompany, id, { intent: "deleteAttachment", attachmentId: attachment.id })).status).toBe(
      404,
    );
    const removed = await edit(company, id, { intent: "deleteAttachment", attachmentId: attachment.id });
    expect(removed.status).toBe(302);
    expect(await countRows("proposal_attachment", (q) => q.where("proposal_id", "=", id))).toBe(0);
    expect(
      await countRows("audit_log", (q) =>
        q.where("entity_id", "=", id).where("action", "=", "proposal.attachment_remove"),
      ),
    ).toBe(1);
  });

  it("serves a thread message's attachment through the same gate", async () => {
    const pitch = await openPitch();
    const proposal = await createProposal(db(), { pitchId: pitch.id, organizationId: company.organization.id });
    const messageId = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    await db()
      .insertInto("proposal_message")
      .values({
        id: messageId,
        proposal_id: proposal.id,
        organization_id: owner.organization.id,
        sender_id: owner.user.id,
        body: "資料を送ります",
      })
      .execute();
    const { putObject } = await import("~/lib/storage.server");
    const attachmentId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    await db()
      .insertInto("proposal_attachment")
      .values({
        id: attachmentId,
        proposal_id: proposal.id,
        message_id: messageId,
        organization_id: owner.organization.id,
        original_name: "資料.pdf",
        content_type: "application/pdf",
        size_bytes: PDF.byteLength,
        storage_key: await putObject(PDF),
      })
      .execute();
    expect((await download(proposal.id, attachmentId, company.user.id)).status).toBe(200);
    expect((await download(proposal.id, attachmentId, owner.user.id)).status).toBe(200);
    expect((await download(proposal.id, attachmentId, otherCompany.user.id)).status).toBe(404);
  });
});
