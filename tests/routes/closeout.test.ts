// The close-out tab of a pilot through its loader and action: only a running pilot, only its municipality's verified
// admin; the four texts and the result are required (Japanese messages beside the fields, the input kept, nothing
// written); closing makes the pilot 'completed' and tells the company; afterwards the 予算化 answer and the 横展開 list
// (never the pilot's own municipality, never twice); 「次のサイクルを始める」 makes one prefilled draft pitch, however
// often it is pressed.
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createMember, createUser } from "~/seed/factories.server";
import { createPilot } from "~/seed/pilot-factory.server";
import { startNextCycle } from "~/domain/outcomes/closeout.commands.server";
import { db } from "~/lib/db.server";
import * as closeoutRoute from "~/routes/pilots.$pilotId.closeout";
import { actorOf } from "../support/actors";
import { countRows, rowCounts } from "../support/db";
import { getRequest, postRequest, run, signedInCookie } from "../support/http";
import { CLOSE_FORM, createCompletedPilot, createRunningPilot, type PilotMatch } from "../support/outcomes";

const cookies = new Map<string, string>();
async function cookieFor(userId: string) {
  if (!cookies.has(userId)) cookies.set(userId, await signedInCookie(userId));
  return cookies.get(userId)!;
}
async function post(m: PilotMatch, userId: string, fields: Record<string, string>) {
  const path = `/pilots/${m.pilot.id}/closeout`;
  return run(closeoutRoute.action, postRequest(path, fields, { cookie: await cookieFor(userId) }), {
    params: { pilotId: m.pilot.id },
  });
}
async function view(m: PilotMatch, userId: string, query = "") {
  const path = `/pilots/${m.pilot.id}/closeout${query}`;
  return run(closeoutRoute.loader, getRequest(path, { cookie: await cookieFor(userId) }), {
    params: { pilotId: m.pilot.id },
  });
}
async function memberOf(m: PilotMatch["municipality"]) {
  const user = await createUser(db());
  await addMember(db(), { organizationId: m.organization.id, userId: user.id, role: "member" });
  return user;
}

describe("closing a pilot", () => {
  let running: PilotMatch;
  beforeAll(async () => {
    running = await createRunningPilot();
    // Sessions first, so that the row counts below compare only what the action writes.
    await cookieFor(running.municipality.user.id);
  });

  it("refuses a pilot that is not running (agreement not signed) and writes nothing", async () => {
    const draft = await createPilot(db());
    const before = await rowCounts();
    const result = await post(draft, draft.municipality.user.id, CLOSE_FORM);
    expect(result.status).toBe(400);
    expect(result.body.formError).toBe("完了にできるのは、協定が締結され実施中の実証だけです。");
    expect(result.body.values).toMatchObject({ finalReport: CLOSE_FORM.finalReport, nextStep: CLOSE_FORM.nextStep });
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
    expect(
      (await db().selectFrom("pilot").select("status").where("id", "=", draft.pilot.id).executeTakeFirstOrThrow())
        .status,
    ).toBe("agreement");
  });

  it("lets only the municipality's verified admin close it: company 403, members 403, strangers 404, operators 403", async () => {
    const m = running;
    const companyMember = await createUser(db());
    await addMember(db(), { organizationId: m.company.organization.id, userId: companyMember.id, role: "member" });
    const municipalityMember = await memberOf(m.municipality);
    const stranger = await createMember(db(), { kind: "municipality" });
    const operator = await createMember(db(), { kind: "operator" });
    for (const id of [m.company.user.id, companyMember.id, municipalityMember.id, stranger.user.id, operator.user.id])
      await cookieFor(id);
    const before = await rowCounts();
    expect((await post(m, m.company.user.id, CLOSE_FORM)).status).toBe(403);
    expect((await post(m, companyMember.id, CLOSE_FORM)).status).toBe(403);
    expect((await post(m, municipalityMember.id, CLOSE_FORM)).status).toBe(403);
    expect((await post(m, stranger.user.id, CLOSE_FORM)).status).toBe(404);
    expect((await post(m, operator.user.id, CLOSE_FORM)).status).toBe(403);
    // The municipality's own admin, while the organisation is not verified: 403 too.
    await db()
      .updateTable("organization")
      .set({ verification_status: "unverified" })
      .where("id", "=", m.municipality.organization.id)
      .execute();
    const unverified = await post(m, m.municipality.user.id, CLOSE_FORM);
    await db()
      .updateTable("organization")
      .set({ verification_status: "verified" })
      .where("id", "=", m.municipality.organization.id)
      .execute();
    expect(unverified.status).toBe(403);
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
    // The company reads the page but is offered no form.
    const companyView = await view(m, m.company.user.id);
    expect(companyView.body).toMatchObject({ status: "running", canClose: false, closeout: null });
  });

  it("requires the result and the four texts, with Japanese messages beside the fields, keeps the input and writes nothing", async () => {
    const m = running;
    const before = await rowCounts();
    const empty = await post(m, m.municipality.user.id, {
      intent: "close",
      finalReport: "  ",
      whatWorked: "",
      whatDidNotWork: "",
      nextStep: "",
    });
    expect(empty.status).toBe(400);
    expect(empty.body.fieldErrors).toEqual({
      result: "実証の結果を選んでください。",
      finalReport: "最終報告を入力してください。",
      whatWorked: "うまくいったことを入力してください。",
      whatDidNotWork: "うまくいかなかったことを入力してください。",
      nextStep: "次の一歩を入力してください。",
    });
    expect(empty.body.formError).toBe("入力内容を確認してください。");

    const partly = await post(m, m.municipality.user.id, {
      ...CLOSE_FORM,
      result: "success",
      whatDidNotWork: "あ".repeat(4001),
    });
    expect(partly.status).toBe(400);
    expect(partly.body.fieldErrors).toEqual({
      result: "実証の結果を選んでください。",
      whatDidNotWork: "うまくいかなかったことは4,000文字以内で入力してください。",
    });
    expect(partly.body.values).toMatchObject({
      finalReport: CLOSE_FORM.finalReport,
      whatWorked: CLOSE_FORM.whatWorked,
      nextStep: CLOSE_FORM.nextStep,
    });
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
    expect(
      (await db().selectFrom("pilot").select("status").where("id", "=", m.pilot.id).executeTakeFirstOrThrow()).status,
    ).toBe("running");
  });

  it("closes it: completed with ended_at, the close-out stored, audited, the company told; a second close is refused", async () => {
    const m = running;
    const result = await post(m, m.municipality.user.id, CLOSE_FORM);
    expect(result).toMatchObject({ status: 302, location: `/pilots/${m.pilot.id}/closeout?notice=pilot-closed` });
    const pilot = await db().selectFrom("pilot").selectAll().where("id", "=", m.pilot.id).executeTakeFirstOrThrow();
    expect(pilot.status).toBe("completed");
    expect(pilot.ended_at).not.toBeNull();
    const closeout = await db()
      .selectFrom("pilot_closeout")
      .selectAll()
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    expect(closeout).toMatchObject({
      result: "self_sustaining",
      final_report: CLOSE_FORM.finalReport,
      what_worked: CLOSE_FORM.whatWorked,
      what_did_not_work: CLOSE_FORM.whatDidNotWork,
      next_step: CLOSE_FORM.nextStep,
      budgeted_next_year: null,
      closed_by: m.municipality.user.id,
      next_pitch_id: null,
    });
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "pilot.close")
      .where("entity_id", "=", m.pilot.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({
      status: { from: "running", to: "completed" },
      result: "self_sustaining",
    });
    const notice = await db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", m.company.user.id)
      .where("kind", "=", "pilot_closed")
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({
      title: `実証「${m.pilot.title}」が完了しました`,
      link_path: `/pilots/${m.pilot.id}/closeout`,
    });
    expect(notice.body).toContain("結果: 自走");
    expect(
      await countRows("email_outbox", (q) =>
        q.where("to_address", "=", m.company.user.email).where("subject", "like", "%完了しました%"),
      ),
    ).toBe(1);

    const again = await post(m, m.municipality.user.id, { ...CLOSE_FORM, result: "ended" });
    expect(again.status).toBe(400);
    expect(again.body.formError).toBe("この実証はすでに完了しています。");
    expect(
      await countRows("audit_log", (q) => q.where("action", "=", "pilot.close").where("entity_id", "=", m.pilot.id)),
    ).toBe(1);

    const page = await view(m, m.company.user.id);
    expect(page.body.status).toBe("completed");
    expect(page.body.closeout).toMatchObject({
      result: "self_sustaining",
      nextStep: CLOSE_FORM.nextStep,
      budgeted: "undecided",
      adoptions: [],
    });
  });
});

describe("after the close: 予算化 and 横展開", () => {
  let m: PilotMatch;
  let ownCode: string;
  let other: { code: string; name: string; kana: string };
  beforeAll(async () => {
    m = await createCompletedPilot();
    ownCode = m.municipality.organization.municipality_code!;
    other = await db()
      .selectFrom("municipality")
      .select(["code", "name", "kana"])
      .where("kind", "=", "municipality")
      .where("code", "!=", ownCode)
      .where("name", "not like", "%町%")
      .orderBy("code", "desc")
      .executeTakeFirstOrThrow();
    await cookieFor(m.municipality.user.id);
  });

  it("records the 予算化 answer and its note, audited; an unchanged answer writes nothing; a bad choice is refused", async () => {
    const admin = m.municipality.user.id;
    const saved = await post(m, admin, {
      intent: "budgeted",
      budgeted: "yes",
      budgetedNote: "令和9年度当初予算に計上",
    });
    expect(saved).toMatchObject({ status: 302, location: `/pilots/${m.pilot.id}/closeout?notice=budgeted-saved` });
    const row = await db()
      .selectFrom("pilot_closeout")
      .select(["budgeted_next_year", "budgeted_note"])
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ budgeted_next_year: true, budgeted_note: "令和9年度当初予算に計上" });
    const audit = await db()
      .selectFrom("audit_log")
      .select("changes")
      .where("action", "=", "pilot.budgeted")
      .where("entity_id", "=", m.pilot.id)
      .execute();
    expect(audit.map((a) => a.changes)).toEqual([
      { budgeted_next_year: { from: null, to: true }, budgeted_note: { from: "", to: "令和9年度当初予算に計上" } },
    ]);

    const before = await rowCounts();
    const same = await post(m, admin, {
      intent: "budgeted",
      budgeted: "yes",
      budgetedNote: " 令和9年度当初予算に計上 ",
    });
    expect(same.location).toBe(`/pilots/${m.pilot.id}/closeout?notice=closeout-unchanged`);
    const bad = await post(m, admin, { intent: "budgeted", budgeted: "maybe", budgetedNote: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.budgeted).toBe("次年度の予算化の状況を選んでください。");
    expect(bad.body.values.budgetedNote).toBe("x");
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });

    expect((await post(m, admin, { intent: "budgeted", budgeted: "undecided", budgetedNote: "" })).status).toBe(302);
    const back = await db()
      .selectFrom("pilot_closeout")
      .select(["budgeted_next_year"])
      .where("pilot_id", "=", m.pilot.id)
      .executeTakeFirstOrThrow();
    expect(back.budgeted_next_year).toBeNull();
  });

  it("searches the municipality table by name or reading, never offering the pilot's own municipality", async () => {
    const byName = await view(m, m.municipality.user.id, `?q=${encodeURIComponent(other.name)}`);
    expect(byName.body.candidates.map((c: { code: string }) => c.code)).toContain(other.code);
    const byKana = await view(
      m,
      m.municipality.user.id,
      `?q=${encodeURIComponent(other.kana.replace(/\s/g, "").slice(0, 4))}`,
    );
    expect(byKana.body.candidates.map((c: { code: string }) => c.code)).toContain(other.code);
    const own = await view(m, m.municipality.user.id, `?q=${encodeURIComponent(m.municipality.organization.name)}`);
    expect(own.body.candidates.map((c: { code: string }) => c.code)).not.toContain(ownCode);
    // The company sees the list but no search.
    const company = await view(m, m.company.user.id, `?q=${encodeURIComponent(other.name)}`);
    expect(company.body.candidates).toEqual([]);
  });

  it("adds an adopting municipality once; its own municipality, a duplicate and an unknown code are refused beside the field", async () => {
    const admin = m.municipality.user.id;
    const added = await post(m, admin, {
      intent: "addAdoption",
      municipalityCode: other.code,
      note: "令和8年度から導入",
    });
    expect(added).toMatchObject({ status: 302, location: `/pilots/${m.pilot.id}/closeout?notice=adoption-added` });
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "pilot.adoption_add").where("entity_id", "=", m.pilot.id),
      ),
    ).toBe(1);

    const before = await rowCounts();
    const duplicate = await post(m, admin, { intent: "addAdoption", municipalityCode: other.code, note: "" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.fieldErrors.municipalityCode).toBe(`${other.name}はすでに登録されています。`);
    const own = await post(m, admin, { intent: "addAdoption", municipalityCode: ownCode, note: "" });
    expect(own.status).toBe(400);
    expect(own.body.fieldErrors.municipalityCode).toBe("実証を行った自治体自身は、横展開先として登録できません。");
    const unknown = await post(m, admin, { intent: "addAdoption", municipalityCode: "999999", note: "" });
    expect(unknown.body.fieldErrors.municipalityCode).toBe("自治体が見つかりません。名前で検索して選んでください。");
    const malformed = await post(m, admin, { intent: "addAdoption", municipalityCode: "札幌市", note: "" });
    expect(malformed.body.fieldErrors.municipalityCode).toBe("自治体を選んでください。");
    expect(
      (await post(m, m.company.user.id, { intent: "addAdoption", municipalityCode: other.code, note: "" })).status,
    ).toBe(403);
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });

    const page = await view(m, m.company.user.id);
    expect(page.body.closeout.adoptions).toEqual([
      expect.objectContaining({
        municipalityCode: other.code,
        municipalityName: other.name,
        note: "令和8年度から導入",
      }),
    ]);
    // Already listed: no longer offered by the search.
    const search = await view(m, admin, `?q=${encodeURIComponent(other.name)}`);
    expect(search.body.candidates.map((c: { code: string }) => c.code)).not.toContain(other.code);

    expect((await post(m, admin, { intent: "removeAdoption", municipalityCode: other.code })).location).toBe(
      `/pilots/${m.pilot.id}/closeout?notice=adoption-removed`,
    );
    expect(await countRows("pilot_adoption", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
    const gone = await post(m, admin, { intent: "removeAdoption", municipalityCode: other.code });
    expect(gone.status).toBe(400);
    expect(gone.body.formError).toBe("この自治体は横展開先に登録されていません。ページを再読み込みしてください。");
  });

  it("refuses 予算化 and 横展開 before the pilot is closed", async () => {
    const r = await createRunningPilot();
    const result = await post(r, r.municipality.user.id, { intent: "budgeted", budgeted: "yes", budgetedNote: "" });
    expect(result.status).toBe(400);
    expect(result.body.formError).toBe("実証を完了し、振り返りを記録してから入力してください。");
  });
});

describe("次のサイクルを始める", () => {
  it("creates one draft pitch of the same municipality prefilled from the reflection, and opens it again on a second click", async () => {
    const m = await createCompletedPilot();
    const member = await memberOf(m.municipality);
    const pitchesBefore = await countRows("pitch", (q) =>
      q.where("organization_id", "=", m.municipality.organization.id),
    );
    const first = await post(m, member.id, { intent: "nextCycle" });
    expect(first.status).toBe(302);
    const match = /^\/municipality\/pitches\/([0-9a-f-]{36})\?notice=next-cycle-created$/.exec(first.location ?? "");
    expect(match, first.location ?? "").not.toBeNull();
    const pitchId = match![1]!;
    const pitch = await db().selectFrom("pitch").selectAll().where("id", "=", pitchId).executeTakeFirstOrThrow();
    const old = m.pitch;
    expect(pitch).toMatchObject({
      organization_id: m.municipality.organization.id,
      municipality_code: old.municipality_code,
      status: "draft",
      title: `（次のサイクル）${old.title}`.slice(0, 120),
      problem: CLOSE_FORM.nextStep,
      solution_wanted: CLOSE_FORM.nextStep,
      vision: old.vision,
      themes: old.themes,
      target_states: old.target_states,
      indicators: old.indicators,
      layer: old.layer,
      budget_ceiling_yen: null,
      proposal_deadline: null,
      pilot_start_on: null,
      created_by: member.id,
    });
    expect(pitch.tried_so_far).toContain(CLOSE_FORM.whatWorked);
    expect(pitch.tried_so_far).toContain(CLOSE_FORM.whatDidNotWork);
    expect(pitch.tried_so_far).toContain("結果: 自走");
    expect(
      (
        await db()
          .selectFrom("pilot_closeout")
          .select("next_pitch_id")
          .where("pilot_id", "=", m.pilot.id)
          .executeTakeFirstOrThrow()
      ).next_pitch_id,
    ).toBe(pitchId);
    expect(
      await countRows("audit_log", (q) => q.where("action", "=", "pitch.create").where("entity_id", "=", pitchId)),
    ).toBe(1);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "pilot.next_cycle").where("entity_id", "=", m.pilot.id),
      ),
    ).toBe(1);

    const second = await post(m, m.municipality.user.id, { intent: "nextCycle" });
    expect(second.location).toBe(`/municipality/pitches/${pitchId}?notice=next-cycle-existing`);
    const concurrent = await Promise.all([1, 2, 3].map(() => startNextCycle(actorOf(m.municipality), m.pilot.id)));
    expect(concurrent.map((r) => r.pitchId)).toEqual([pitchId, pitchId, pitchId]);
    expect(await countRows("pitch", (q) => q.where("organization_id", "=", m.municipality.organization.id))).toBe(
      pitchesBefore + 1,
    );

    // The municipality sees the draft on the page; the company does not, and may not start a cycle.
    expect((await view(m, member.id)).body.closeout.nextPitch).toMatchObject({ id: pitchId, status: "draft" });
    const companyView = await view(m, m.company.user.id);
    expect(companyView.body).toMatchObject({ canStartNextCycle: false, closeout: { nextPitch: null } });
    expect((await post(m, m.company.user.id, { intent: "nextCycle" })).status).toBe(403);
  });

  it("is refused before the pilot is closed, writing nothing", async () => {
    const r = await createRunningPilot();
    await cookieFor(r.municipality.user.id);
    const before = await rowCounts();
    const result = await post(r, r.municipality.user.id, { intent: "nextCycle" });
    expect(result.status).toBe(400);
    expect(result.body.formError).toBe("実証を完了し、振り返りを記録してから次のサイクルを始めてください。");
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });
});
