// Pilot agreements: members of either party save the latest unsigned version (a stale form never overwrites a newer
// save); anyone of them starts a new version (copy + change note); a verified admin of each party signs the latest
// version as loaded; the first signature locks it (the database refuses any later UPDATE or DELETE); both signatures
// on one version start the pilot; an amendment is a new version signed again. Everything audited, the other party
// told, refusals write nothing, and two parties signing at the same moment end consistently.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addMember, createMember, createUser } from "~/seed/factories.server";
import { createPilot } from "~/seed/pilot-factory.server";
import {
  createAgreementVersion,
  saveAgreementDraft,
  signAgreementVersion,
} from "~/domain/pilots/agreements.commands.server";
import { listAgreementVersions } from "~/domain/pilots/agreements.queries.server";
import { lockedVersionMessage } from "~/domain/pilots/agreement.rules";
import { db } from "~/lib/db.server";
import { actorOf } from "../support/actors";
import { completeContent, latestVersionOf } from "../support/agreement";
import { countRows, rowCounts } from "../support/db";

/** A started pilot whose first version holds a complete agreement (ready to sign). */
async function readyPilot() {
  const m = await createPilot(db());
  const v1 = await latestVersionOf(m.pilot.id);
  await saveAgreementDraft(actorOf(m.municipality), m.pilot.id, {
    versionId: v1.id,
    expectedUpdatedAt: v1.token,
    changeNote: "",
    content: completeContent(),
  });
  return m;
}

async function sign(member: Parameters<typeof actorOf>[0], pilotId: string, version?: { id: string; token: string }) {
  const v = version ?? (await latestVersionOf(pilotId));
  return signAgreementVersion(actorOf(member), pilotId, { versionId: v.id, expectedUpdatedAt: v.token });
}

const pilotRow = (id: string) => db().selectFrom("pilot").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("saving a draft", () => {
  it("updates the latest version in place, audited with the changed fields, and tells the other party once", async () => {
    const m = await createPilot(db());
    const v1 = await latestVersionOf(m.pilot.id);
    const content = completeContent({ area: "中央地区" });
    const result = await saveAgreementDraft(actorOf(m.company), m.pilot.id, {
      versionId: v1.id,
      expectedUpdatedAt: v1.token,
      changeNote: "地域を絞った",
      content,
    });
    expect(result).toEqual({ changed: true, versionNumber: 1 });
    const saved = await latestVersionOf(m.pilot.id);
    expect(saved.id).toBe(v1.id);
    expect(saved.parsed).toEqual(content);
    expect(saved.change_note).toBe("地域を絞った");
    expect(saved.updated_by).toBe(m.company.user.id);
    expect(saved.locked_at).toBeNull();
    const audit = await db()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "agreement.save")
      .where("entity_id", "=", v1.id)
      .executeTakeFirstOrThrow();
    expect(audit.changes).toMatchObject({
      pilot_id: m.pilot.id,
      version: 1,
      fields: expect.arrayContaining(["area", "personalData.items", "milestones"]),
    });
    // The municipality is told in-app; a second save before it is read does not add another notification.
    await saveAgreementDraft(actorOf(m.company), m.pilot.id, {
      versionId: v1.id,
      expectedUpdatedAt: saved.token,
      changeNote: "地域を絞った",
      content: completeContent({ area: "北地区" }),
    });
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", m.municipality.user.id).where("kind", "=", "agreement_changed"),
      ),
    ).toBe(1);
    expect(await countRows("notification", (q) => q.where("user_id", "=", m.company.user.id))).toBe(0);
  });

  it("writes nothing when nothing changed", async () => {
    const m = await readyPilot();
    const v = await latestVersionOf(m.pilot.id);
    const before = await rowCounts();
    const result = await saveAgreementDraft(actorOf(m.company), m.pilot.id, {
      versionId: v.id,
      expectedUpdatedAt: v.token,
      changeNote: v.change_note,
      content: v.parsed,
    });
    expect(result.changed).toBe(false);
    expect(await rowCounts()).toEqual(before);
    expect((await latestVersionOf(m.pilot.id)).token).toBe(v.token);
  });

  it("refuses a stale form (someone saved after it was loaded) and keeps the newer save", async () => {
    const m = await createPilot(db());
    const loaded = await latestVersionOf(m.pilot.id);
    await saveAgreementDraft(
      actorOf(m.municipality),
      m.pilot.id,
      {
        versionId: loaded.id,
        expectedUpdatedAt: loaded.token,
        changeNote: "",
        content: completeContent({ area: "先に保存" }),
      },
      new Date(Date.now() + 1000),
    );
    const before = await rowCounts();
    await expect(
      saveAgreementDraft(actorOf(m.company), m.pilot.id, {
        versionId: loaded.id,
        expectedUpdatedAt: loaded.token,
        changeNote: "",
        content: completeContent({ area: "古いフォーム" }),
      }),
    ).rejects.toMatchObject({
      code: "conflict",
      publicMessage: expect.stringContaining("別の方が協定書を保存しました"),
    });
    expect(await rowCounts()).toEqual(before);
    expect((await latestVersionOf(m.pilot.id)).parsed.area).toBe("先に保存");
  });

  it("refuses to edit a signed version with a clear message and writes nothing; the change goes into a new version", async () => {
    const m = await readyPilot();
    const loaded = await latestVersionOf(m.pilot.id);
    await sign(m.company, m.pilot.id, loaded);
    const before = await rowCounts();
    const edit = {
      versionId: loaded.id,
      expectedUpdatedAt: loaded.token,
      changeNote: "",
      content: completeContent({ area: "変更したい" }),
    };
    await expect(saveAgreementDraft(actorOf(m.municipality), m.pilot.id, edit)).rejects.toMatchObject({
      code: "conflict",
      publicMessage: "第1版は署名済みのため変更できません。変更は新しい版として作成してください。",
    });
    expect(lockedVersionMessage(1)).toBe("第1版は署名済みのため変更できません。変更は新しい版として作成してください。");
    expect(await rowCounts()).toEqual(before);
    const created = await createAgreementVersion(actorOf(m.municipality), m.pilot.id, {
      versionId: loaded.id,
      changeNote: "地域を変更",
      content: edit.content,
    });
    expect(created.versionNumber).toBe(2);
    const v2 = await latestVersionOf(m.pilot.id);
    expect(v2.parsed.area).toBe("変更したい");
    expect((await latestVersionOf(m.pilot.id)).locked_at).toBeNull();
    const v1 = await db()
      .selectFrom("pilot_agreement_version")
      .select(["content", "locked_at"])
      .where("id", "=", loaded.id)
      .executeTakeFirstOrThrow();
    expect(v1.locked_at).not.toBeNull();
    expect((v1.content as { area: string }).area).toBe("市内全域");
  });

  it("is for members of the two parties only: others get not found, operators are refused", async () => {
    const m = await createPilot(db());
    const v = await latestVersionOf(m.pilot.id);
    const input = { versionId: v.id, expectedUpdatedAt: v.token, changeNote: "", content: completeContent() };
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: m.company.organization.id, userId: colleague.id, role: "member" });
    await expect(saveAgreementDraft(actorOf(m.company, "member", colleague), m.pilot.id, input)).resolves.toMatchObject(
      { changed: true },
    );
    const stranger = await createMember(db(), { kind: "company" });
    const otherTown = await createMember(db(), { kind: "municipality" });
    const operator = await createMember(db(), { kind: "operator" });
    const before = await rowCounts();
    const fresh = { ...input, expectedUpdatedAt: (await latestVersionOf(m.pilot.id)).token };
    await expect(saveAgreementDraft(actorOf(stranger), m.pilot.id, fresh)).rejects.toMatchObject({ code: "not_found" });
    await expect(saveAgreementDraft(actorOf(otherTown), m.pilot.id, fresh)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(saveAgreementDraft(actorOf(operator), m.pilot.id, fresh)).rejects.toMatchObject({ code: "forbidden" });
    await expect(saveAgreementDraft(actorOf(stranger), "not-a-uuid", fresh)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("new versions", () => {
  it("copies the latest version with a change note, audited, and tells the other party by notification and e-mail", async () => {
    const m = await readyPilot();
    const v1 = await latestVersionOf(m.pilot.id);
    const result = await createAgreementVersion(actorOf(m.company), m.pilot.id, {
      versionId: v1.id,
      changeNote: "支払予定の見直し",
    });
    const v2 = await latestVersionOf(m.pilot.id);
    expect(result).toEqual({ versionNumber: 2, versionId: v2.id });
    expect(v2.parsed).toEqual(v1.parsed);
    expect(v2.change_note).toBe("支払予定の見直し");
    expect(v2.created_by).toBe(m.company.user.id);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "agreement.new_version").where("entity_id", "=", v2.id),
      ),
    ).toBe(1);
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", m.municipality.user.id).where("kind", "=", "agreement_changed"),
      ),
    ).toBeGreaterThanOrEqual(1);
    const mail = await db()
      .selectFrom("email_outbox")
      .selectAll()
      .where("to_address", "=", m.municipality.user.email)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain("第2版");
    expect(mail.body_text).toContain(`/pilots/${m.pilot.id}/agreement`);
  });

  it("refuses a form for an older version (someone already made a newer one)", async () => {
    const m = await readyPilot();
    const v1 = await latestVersionOf(m.pilot.id);
    await createAgreementVersion(actorOf(m.company), m.pilot.id, { versionId: v1.id, changeNote: "先" });
    const before = await rowCounts();
    await expect(
      createAgreementVersion(actorOf(m.municipality), m.pilot.id, { versionId: v1.id, changeNote: "後" }),
    ).rejects.toMatchObject({
      code: "conflict",
      publicMessage: expect.stringContaining("すでに第2版が作成されています"),
    });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("signing", () => {
  it("signs for each side: the first signature locks the version, the second concludes it and starts the pilot", async () => {
    const m = await readyPilot();
    const v = await latestVersionOf(m.pilot.id);
    const first = await sign(m.municipality, m.pilot.id, v);
    expect(first).toEqual({ versionNumber: 1, completed: false, alreadySigned: false });
    expect((await latestVersionOf(m.pilot.id)).locked_at).not.toBeNull();
    expect(await pilotRow(m.pilot.id)).toMatchObject({
      status: "agreement",
      signed_version_id: null,
      started_at: null,
    });
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", m.company.user.id).where("kind", "=", "agreement_signed"),
      ),
    ).toBe(1);

    const second = await sign(m.company, m.pilot.id, v);
    expect(second).toEqual({ versionNumber: 1, completed: true, alreadySigned: false });
    const pilot = await pilotRow(m.pilot.id);
    expect(pilot).toMatchObject({ status: "running", signed_version_id: v.id });
    expect(pilot.started_at).not.toBeNull();
    const signatures = await db()
      .selectFrom("pilot_agreement_signature")
      .selectAll()
      .where("version_id", "=", v.id)
      .orderBy("side")
      .execute();
    expect(signatures.map((s) => [s.side, s.organization_id, s.signed_by, s.signer_name])).toEqual([
      ["company", m.company.organization.id, m.company.user.id, m.company.user.display_name],
      ["municipality", m.municipality.organization.id, m.municipality.user.id, m.municipality.user.display_name],
    ]);
    expect(
      await countRows("audit_log", (q) => q.where("action", "=", "agreement.sign").where("entity_id", "=", v.id)),
    ).toBe(2);
    expect(
      await countRows("notification", (q) =>
        q.where("user_id", "=", m.municipality.user.id).where("kind", "=", "agreement_signed"),
      ),
    ).toBe(1);
    const versions = await listAgreementVersions(db(), m.pilot.id);
    expect(versions[0]!.signatures.map((s) => s.side)).toEqual(["municipality", "company"]);
  });

  it("changes nothing when a party signs the same version twice", async () => {
    const m = await readyPilot();
    await sign(m.company, m.pilot.id);
    const before = await rowCounts();
    await expect(sign(m.company, m.pilot.id)).resolves.toMatchObject({ alreadySigned: true, completed: false });
    expect(await rowCounts()).toEqual(before);
  });

  it("is for a verified admin of the party: a member and an unverified organisation's admin are refused, others get not found", async () => {
    const m = await readyPilot();
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: m.municipality.organization.id, userId: colleague.id, role: "member" });
    const stranger = await createMember(db(), { kind: "municipality" });
    const v = await latestVersionOf(m.pilot.id);
    const before = await rowCounts();
    const input = { versionId: v.id, expectedUpdatedAt: v.token };
    await expect(
      signAgreementVersion(actorOf(m.municipality, "member", colleague), m.pilot.id, input),
    ).rejects.toMatchObject({
      code: "forbidden",
      publicMessage: "協定書に署名できるのは、確認済みの組織の管理者です。",
    });
    const unverified = actorOf(m.company);
    unverified.membership.verificationStatus = "unverified";
    await expect(signAgreementVersion(unverified, m.pilot.id, input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(signAgreementVersion(actorOf(stranger), m.pilot.id, input)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a version that is not the latest, or whose content changed since the signer loaded it", async () => {
    const m = await readyPilot();
    const loaded = await latestVersionOf(m.pilot.id);
    await saveAgreementDraft(
      actorOf(m.company),
      m.pilot.id,
      {
        versionId: loaded.id,
        expectedUpdatedAt: loaded.token,
        changeNote: "",
        content: completeContent({ area: "北地区" }),
      },
      new Date(Date.now() + 1000),
    );
    const before = await rowCounts();
    await expect(sign(m.municipality, m.pilot.id, loaded)).rejects.toMatchObject({
      code: "conflict",
      publicMessage: "このページを開いた後に協定書の内容が変更されました。最新の内容を確認してから署名してください。",
    });
    const v1 = await latestVersionOf(m.pilot.id);
    await createAgreementVersion(actorOf(m.company), m.pilot.id, { versionId: v1.id, changeNote: "第2版" });
    await expect(sign(m.municipality, m.pilot.id, v1)).rejects.toMatchObject({
      code: "conflict",
      publicMessage: "署名できるのは最新の版（第2版）だけです。最新の版の内容を確認してから署名してください。",
    });
    expect(await countRows("pilot_agreement_signature", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
    expect((await rowCounts()).pilot_agreement_signature).toBe(before.pilot_agreement_signature);
  });

  it("refuses an incomplete agreement and says what is missing", async () => {
    const m = await createPilot(db());
    await expect(sign(m.municipality, m.pilot.id)).rejects.toMatchObject({
      code: "conflict",
      publicMessage: expect.stringMatching(/^署名の前に、次の項目を入力してください: .*取得する項目/),
    });
    expect(await countRows("pilot_agreement_signature", (q) => q.where("pilot_id", "=", m.pilot.id))).toBe(0);
  });

  it("keeps a signed version immutable in the database itself", async () => {
    const m = await readyPilot();
    const v = await latestVersionOf(m.pilot.id);
    await sign(m.company, m.pilot.id, v);
    await expect(
      sql`update pilot_agreement_version set content = '{}'::jsonb where id = ${v.id}`.execute(db()),
    ).rejects.toThrow(/signed and immutable/);
    await expect(
      sql`update pilot_agreement_version set locked_at = null where id = ${v.id}`.execute(db()),
    ).rejects.toThrow(/signed and immutable/);
    await expect(sql`delete from pilot_agreement_version where id = ${v.id}`.execute(db())).rejects.toThrow(
      /signed and immutable/,
    );
    expect((await latestVersionOf(m.pilot.id)).parsed).toEqual(v.parsed);
  });

  it("ends consistently when both parties sign at the same moment", async () => {
    for (let round = 0; round < 3; round++) {
      const m = await readyPilot();
      const v = await latestVersionOf(m.pilot.id);
      // Each admin also double-clicks: four requests at once.
      const results = await Promise.all(
        [m.municipality, m.company, m.municipality, m.company].map((who) => sign(who, m.pilot.id, v)),
      );
      expect(results.filter((r) => !r.alreadySigned)).toHaveLength(2);
      expect(results.filter((r) => r.completed && !r.alreadySigned)).toHaveLength(1);
      expect(await pilotRow(m.pilot.id)).toMatchObject({ status: "running", signed_version_id: v.id });
      expect(await countRows("pilot_agreement_signature", (q) => q.where("version_id", "=", v.id))).toBe(2);
    }
  });

  it("amends a running pilot: it stays on the signed version until both sign the new one", async () => {
    const m = await readyPilot();
    const v1 = await latestVersionOf(m.pilot.id);
    await sign(m.municipality, m.pilot.id, v1);
    await sign(m.company, m.pilot.id, v1);
    const startedAt = (await pilotRow(m.pilot.id)).started_at;
    await createAgreementVersion(actorOf(m.company), m.pilot.id, {
      versionId: v1.id,
      changeNote: "期間延長",
      content: completeContent({ periodEnd: "2027-06-30" }),
    });
    const v2 = await latestVersionOf(m.pilot.id);
    await sign(m.company, m.pilot.id, v2);
    expect(await pilotRow(m.pilot.id)).toMatchObject({ status: "running", signed_version_id: v1.id });
    const done = await sign(m.municipality, m.pilot.id, v2);
    expect(done.completed).toBe(true);
    const pilot = await pilotRow(m.pilot.id);
    expect(pilot).toMatchObject({ status: "running", signed_version_id: v2.id });
    expect(pilot.started_at).toEqual(startedAt);
  });
});
