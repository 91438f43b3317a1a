// Pitch authoring through its routes and commands: lifecycle (allowed and refused), publishing rules, revisions
// and their diff, tenant isolation, strict forms, concurrency, attachments, and the audit rows of every change.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pitch, PitchStatus } from "@db/schema";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import type { MemberActor } from "~/auth/permissions";
import { canTransition, type PitchTransition } from "~/domain/pitches/pitch.rules";
import { sniffContentType } from "~/domain/pitches/pitch-attachments.files.server";
import { toTokyoInput } from "~/domain/pitches/pitch-fields.schema";
import {
  archivePitch,
  closePitch,
  deleteDraft,
  markMatched,
  markNotMatched,
  publishPitch,
  reconfirmPitch,
  reopenPitch,
  revisePitch,
} from "~/domain/pitches/pitches.commands.server";
import { diffRevisions } from "~/domain/pitches/pitches.owner.queries.server";
import { PitchFieldsSchema } from "~/domain/pitches/pitch.schema";
import { PITCH_SECTIONS } from "~/domain/pitches/pitch-sections.data";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { setStorageRootForTests } from "~/lib/storage.server";
import * as downloadRoute from "~/routes/pitches.$pitchId.attachments.$attachmentId";
import * as editRoute from "~/routes/municipality_.pitches.$pitchId._index";
import * as listRoute from "~/routes/municipality_.pitches._index";
import * as newRoute from "~/routes/municipality_.pitches.new";
import * as revisionsRoute from "~/routes/municipality_.pitches.$pitchId.revisions";
import * as previewRoute from "~/routes/municipality_.pitches.$pitchId.preview";
import { countRows } from "../support/db";
import { BASE_URL, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const DAY = 24 * 60 * 60 * 1000;
const NONEXISTENT = "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";

let uploads: string;
let owner: CreatedMember;
let other: CreatedMember;
let unverified: CreatedMember;
let company: CreatedMember;

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "pitch-uploads-"));
  setStorageRootForTests(uploads);
  owner = await createMember(db(), { kind: "municipality" });
  other = await createMember(db(), { kind: "municipality" });
  unverified = await createMember(db(), { kind: "municipality", verificationStatus: "unverified" });
  company = await createMember(db(), { kind: "company" });
});

afterAll(() => {
  setStorageRootForTests(undefined);
  fs.rmSync(uploads, { recursive: true, force: true });
});

function actorOf(member: CreatedMember): MemberActor {
  return {
    userId: member.user.id,
    email: member.user.email,
    displayName: member.user.display_name,
    secondFactorVerified: true,
    membership: {
      organizationId: member.organization.id,
      organizationName: member.organization.name,
      kind: member.organization.kind,
      role: "admin",
      verificationStatus: member.organization.verification_status,
    },
  };
}

const cookieOf = (member: CreatedMember) => signedInCookie(member.user.id);

/** A complete, publishable form (as a browser would post it). */
function completeForm(overrides: Record<string, string | string[]> = {}): URLSearchParams {
  const fields: Record<string, string | string[]> = {
    title: "移動と居場所の課題",
    summary: "外出の機会が減っている高齢者の移動と居場所づくりの課題です。",
    vision: "誰もが役割を持ち続けられるまち",
    currentSituation: "高齢化率は上昇しています。",
    population: "20000",
    agingRatePercent: "38.5",
    certificationRatePercent: "18.2",
    problem: "通いの場が減っています。",
    problemEvidence: "地域ケア会議で事例が報告されました。",
    targetPeople: "一人暮らしの高齢者",
    targetStates: ["prefrail", "frail"],
    themes: ["mobility", "gathering_place"],
    layer: "layer1",
    areaName: "",
    triedSoFar: "",
    partnerWanted: "地域の事業者",
    solutionWanted: "移動と居場所の仕組み",
    resourcesOffered: "公民館",
    budgetCeilingYen: "4,000,000",
    pilotStartOn: "2027-04-01",
    pilotEndOn: "2028-03-31",
    indicators: ["gathering_places"],
    proposalDeadline: toTokyoInput(new Date(Date.now() + 30 * DAY)),
    contactName: "担当 太郎",
    contactEmail: "contact@example.lg.jp",
    contactPhone: "",
    ...overrides,
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.set(key, value);
  }
  return params;
}

function withIntent(params: URLSearchParams, intent: string, extra: Record<string, string> = {}) {
  params.set("intent", intent);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

async function edit(member: CreatedMember, pitchId: string, fields: URLSearchParams | Record<string, string>) {
  return run(
    editRoute.action,
    postRequest(`/municipality/pitches/${pitchId}`, fields, { cookie: await cookieOf(member) }),
    {
      params: { pitchId },
    },
  );
}

async function loadPitch(id: string) {
  return db().selectFrom("pitch").selectAll().where("id", "=", id).executeTakeFirst();
}

async function auditFor(pitchId: string) {
  return db()
    .selectFrom("audit_log")
    .select(["action", "changes", "actor_user_id", "organization_id"])
    .where("entity_id", "=", pitchId)
    .orderBy("id")
    .execute();
}

describe("lifecycle: every transition from every status, allowed or refused", () => {
  const statuses: PitchStatus[] = ["draft", "published", "closed", "matched", "not_matched", "archived"];
  const future = () => new Date(Date.now() + 10 * DAY);
  const form = completeForm();
  const fields = PitchFieldsSchema.parse(
    Object.fromEntries(
      [...new Set(form.keys())].map((k) => [
        k,
        ["targetStates", "themes", "indicators"].includes(k) ? form.getAll(k) : form.get(k),
      ]),
    ),
  );
  const commands: Record<PitchTransition, (actor: MemberActor, id: string) => Promise<unknown>> = {
    publish: (a, id) => publishPitch(a, id, fields),
    revise: (a, id) =>
      revisePitch(a, id, { fields: { ...fields, title: "改訂後のタイトル" }, changeNote: "タイトルを変更" }),
    close: (a, id) => closePitch(a, id),
    reopen: (a, id) => reopenPitch(a, id, { proposalDeadline: future() }),
    markMatched: (a, id) => markMatched(a, id),
    markNotMatched: (a, id) => markNotMatched(a, id),
    archive: (a, id) => archivePitch(a, id),
    reconfirm: (a, id) => reconfirmPitch(a, id),
  };
  const expectedStatus: Record<PitchTransition, PitchStatus> = {
    publish: "published",
    revise: "published",
    close: "closed",
    reopen: "published",
    markMatched: "matched",
    markNotMatched: "not_matched",
    archive: "archived",
    reconfirm: "published",
  };

  for (const status of statuses) {
    for (const transition of Object.keys(commands) as PitchTransition[]) {
      const allowed = canTransition(status, transition);
      it(`${transition} from ${status}: ${allowed ? "allowed" : "refused (409), nothing changes"}`, async () => {
        const pitch = await createPitch(db(), { organizationId: owner.organization.id, status });
        const auditBefore = await countRows("audit_log");
        const attempt = commands[transition](actorOf(owner), pitch.id);
        if (allowed) {
          await attempt;
          const after = (await loadPitch(pitch.id))!;
          expect(after.status).toBe(expectedStatus[transition]);
          expect(await countRows("audit_log")).toBe(auditBefore + 1);
        } else {
          await expect(attempt).rejects.toMatchObject({ code: "conflict", status: 409 });
          expect(await loadPitch(pitch.id)).toEqual(pitch);
          expect(await countRows("audit_log")).toBe(auditBefore);
        }
      });
    }
    it(`deleteDraft from ${status}: ${status === "draft" ? "deleted" : "refused"}`, async () => {
      const pitch = await createPitch(db(), { organizationId: owner.organization.id, status });
      const attempt = deleteDraft(actorOf(owner), pitch.id);
      if (status === "draft") {
        await attempt;
        expect(await loadPitch(pitch.id)).toBeUndefined();
        expect((await auditFor(pitch.id)).map((a) => a.action)).toEqual(["pitch.delete"]);
      } else {
        await expect(attempt).rejects.toMatchObject({ code: "conflict" });
        expect(await loadPitch(pitch.id)).toBeDefined();
      }
    });
  }

  it("reopen needs a new deadline in the future", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "closed" });
    await expect(reopenPitch(actorOf(owner), pitch.id, { proposalDeadline: null })).rejects.toMatchObject({
      fieldErrors: { reopenDeadline: expect.stringMatching(JAPANESE) },
    });
    await expect(
      reopenPitch(actorOf(owner), pitch.id, { proposalDeadline: new Date(Date.now() - DAY) }),
    ).rejects.toBeInstanceOf(AppError);
    expect((await loadPitch(pitch.id))!.status).toBe("closed");
    const deadline = new Date(Date.now() + 20 * DAY);
    await reopenPitch(actorOf(owner), pitch.id, { proposalDeadline: deadline });
    const after = (await loadPitch(pitch.id))!;
    expect(after).toMatchObject({ status: "published", closed_at: null, revision_number: 2 });
    expect(new Date(after.proposal_deadline!).getTime()).toBe(deadline.getTime());
  });

  it("another organisation's pitch is not found, for every command", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "published" });
    for (const command of Object.values(commands)) {
      await expect(command(actorOf(other), pitch.id)).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(deleteDraft(actorOf(other), pitch.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await loadPitch(pitch.id)).toEqual(pitch);
  });
});

describe("authoring through the routes", () => {
  it("creates a draft, saves it, publishes it (revision 1, search tokens, audit), revises it with a change note", async () => {
    const cookie = await cookieOf(owner);
    const created = await run(
      newRoute.action,
      postRequest("/municipality/pitches/new", { intent: "save", title: "買い物支援の課題" }, { cookie }),
    );
    expect(created.status).toBe(302);
    const id = /\/municipality\/pitches\/([0-9a-f-]{36})\?notice=pitch-created$/.exec(created.location!)![1]!;
    const draft = (await loadPitch(id))!;
    expect(draft).toMatchObject({
      status: "draft",
      organization_id: owner.organization.id,
      revision_number: 0,
      search_tokens: [],
    });

    // A draft may be saved incomplete; publishing it asks for every missing field, in Japanese, beside the field.
    const refused = await edit(owner, id, { intent: "publish", title: "買い物支援の課題" });
    expect(refused.status).toBe(400);
    expect(refused.body.fieldErrors).toMatchObject({
      summary: expect.stringMatching(JAPANESE),
      themes: expect.stringMatching(JAPANESE),
      budgetCeilingYen: expect.stringMatching(JAPANESE),
      proposalDeadline: expect.stringMatching(JAPANESE),
      contactEmail: expect.stringMatching(JAPANESE),
    });
    expect(refused.body.values.title).toBe("買い物支援の課題");
    expect((await loadPitch(id))!.status).toBe("draft");

    const saved = await edit(owner, id, withIntent(completeForm({ title: "買い物支援の課題" }), "save"));
    expect(saved).toMatchObject({ status: 302, location: `/municipality/pitches/${id}?notice=pitch-saved` });
    expect((await loadPitch(id))!).toMatchObject({
      status: "draft",
      budget_ceiling_yen: "4000000",
      themes: ["mobility", "gathering_place"],
    });

    const published = await edit(owner, id, withIntent(completeForm({ title: "買い物支援の課題" }), "publish"));
    expect(published).toMatchObject({ status: 302, location: `/municipality/pitches/${id}?notice=pitch-published` });
    const live = (await loadPitch(id))!;
    expect(live).toMatchObject({ status: "published", revision_number: 1 });
    expect(live.published_at).not.toBeNull();
    expect(live.search_tokens).toContain("買い");
    expect(live.search_tokens.join(" ")).not.toContain("example");

    // Revising needs a change note (1..500 characters); the strict requirements still apply.
    const noNote = await edit(
      owner,
      id,
      withIntent(completeForm({ title: "買い物と移動の課題" }), "revise", { changeNote: " " }),
    );
    expect(noNote.status).toBe(400);
    expect(noNote.body.fieldErrors.changeNote).toMatch(JAPANESE);
    const longNote = await edit(
      owner,
      id,
      withIntent(completeForm({ title: "買い物と移動の課題" }), "revise", { changeNote: "あ".repeat(501) }),
    );
    expect(longNote.body.fieldErrors.changeNote).toMatch(JAPANESE);
    const incomplete = await edit(
      owner,
      id,
      withIntent(completeForm({ summary: "" }), "revise", { changeNote: "概要を削除" }),
    );
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.fieldErrors.summary).toMatch(JAPANESE);
    // Saving a published pitch as a draft is refused: it changes only by revision.
    const asDraft = await edit(owner, id, withIntent(completeForm({ title: "こっそり変更" }), "save"));
    expect(asDraft.status).toBe(400);
    expect((await loadPitch(id))!.title).toBe("買い物支援の課題");

    const revised = await edit(
      owner,
      id,
      withIntent(
        completeForm({ title: "買い物と移動の課題", themes: ["shopping", "mobility"], budgetCeilingYen: "5000000" }),
        "revise",
        {
          changeNote: "テーマと予算上限を見直しました。",
        },
      ),
    );
    expect(revised).toMatchObject({ status: 302, location: `/municipality/pitches/${id}?notice=pitch-revised` });
    const after = (await loadPitch(id))!;
    expect(after).toMatchObject({ status: "published", revision_number: 2, title: "買い物と移動の課題" });
    expect(after.search_tokens).toContain("移動");

    const revisions = await db()
      .selectFrom("pitch_revision")
      .select(["number", "change_note"])
      .where("pitch_id", "=", id)
      .orderBy("number")
      .execute();
    expect(revisions).toEqual([
      { number: 1, change_note: "初回公開" },
      { number: 2, change_note: "テーマと予算上限を見直しました。" },
    ]);

    // What changed, in Japanese labels, on the history page.
    const history = await run(
      revisionsRoute.loader,
      getRequest(`/municipality/pitches/${id}/revisions?from=1&to=2`, { cookie }),
      { params: { pitchId: id } },
    );
    expect(history.status).toBe(200);
    expect(history.body.history.map((h: { number: number }) => h.number)).toEqual([2, 1]);
    const labels = history.body.comparison.changes.map((c: { label: string }) => c.label);
    expect(labels).toEqual(["タイトル", "テーマ", "予算上限（円）"]);
    const theme = history.body.comparison.changes.find((c: { label: string }) => c.label === "テーマ");
    expect(theme).toMatchObject({ from: "移動・外出支援、通いの場・居場所", to: "買い物支援、移動・外出支援" });
    expect(history.body.history[0].changes).toEqual(history.body.comparison.changes);

    const audit = await auditFor(id);
    expect(audit.map((a) => a.action)).toEqual(["pitch.create", "pitch.update", "pitch.publish", "pitch.revise"]);
    expect(audit.every((a) => a.actor_user_id === owner.user.id && a.organization_id === owner.organization.id)).toBe(
      true,
    );
    expect(audit[3]!.changes).toMatchObject({
      title: { from: "買い物支援の課題", to: "買い物と移動の課題" },
      revision_number: { from: 1, to: 2 },
      change_note: "テーマと予算上限を見直しました。",
    });

    // The list shows it; the preview shows the contacts only with the owner's note.
    const list = await run(listRoute.loader, getRequest("/municipality/pitches", { cookie }));
    expect(list.body.pitches.find((p: { id: string }) => p.id === id)).toMatchObject({
      status: "published",
      revision_number: 2,
      needsReconfirmation: false,
    });
    const preview = await run(previewRoute.loader, getRequest(`/municipality/pitches/${id}/preview`, { cookie }), {
      params: { pitchId: id },
    });
    expect(preview.body.pitch).toMatchObject({ title: "買い物と移動の課題", contact_email: "contact@example.lg.jp" });
    expect(preview.body.pitch.search_tokens).toBeUndefined();
  });

  it("lifecycle buttons: close, mark matched, archive, each with an audit row", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "published" });
    for (const [intent, status] of [
      ["close", "closed"],
      ["markMatched", "matched"],
      ["archive", "archived"],
    ] as const) {
      const result = await edit(owner, pitch.id, { intent });
      expect(result.status, intent).toBe(302);
      expect((await loadPitch(pitch.id))!.status).toBe(status);
    }
    expect((await auditFor(pitch.id)).map((a) => a.action)).toEqual([
      "pitch.close",
      "pitch.mark_matched",
      "pitch.archive",
    ]);
    const again = await edit(owner, pitch.id, { intent: "close" });
    expect(again.status).toBe(400);
    expect(again.body.formError).toMatch(JAPANESE);
  });

  it("reopening from the page needs a future deadline, with the message beside the field", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "closed" });
    const past = await edit(owner, pitch.id, {
      intent: "reopen",
      reopenDeadline: toTokyoInput(new Date(Date.now() - DAY)),
    });
    expect(past.status).toBe(400);
    expect(past.body.fieldErrors.reopenDeadline).toMatch(JAPANESE);
    expect(past.body.values.themes).toBeUndefined();
    const empty = await edit(owner, pitch.id, { intent: "reopen", reopenDeadline: "" });
    expect(empty.body.fieldErrors.reopenDeadline).toMatch(JAPANESE);
    expect((await loadPitch(pitch.id))!.status).toBe("closed");
    const reopened = await edit(owner, pitch.id, {
      intent: "reopen",
      reopenDeadline: toTokyoInput(new Date(Date.now() + 14 * DAY)),
    });
    expect(reopened).toMatchObject({
      status: 302,
      location: `/municipality/pitches/${pitch.id}?notice=pitch-reopened`,
    });
    expect((await loadPitch(pitch.id))!).toMatchObject({ status: "published", revision_number: 2 });
    expect((await auditFor(pitch.id)).map((a) => a.action)).toEqual(["pitch.reopen"]);
  });

  it("an unverified municipality saves drafts, sees why it cannot publish, and cannot publish", async () => {
    const cookie = await cookieOf(unverified);
    const page = await run(newRoute.loader, getRequest("/municipality/pitches/new", { cookie }));
    expect(page.body.canPublish).toBe(false);
    const created = await run(
      newRoute.action,
      postRequest("/municipality/pitches/new", withIntent(completeForm(), "save"), { cookie }),
    );
    expect(created.status).toBe(302);
    const id = /pitches\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
    const refused = await edit(unverified, id, withIntent(completeForm(), "publish"));
    expect(refused.status).toBe(403);
    expect(refused.body.formError).toMatch(/確認/);
    expect((await loadPitch(id))!.status).toBe("draft");
    await expect(publishPitch(actorOf(unverified), id, PitchFieldsSchema.parse({ title: "x" }))).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await auditFor(id)).map((a) => a.action)).toEqual(["pitch.create"]);
  });

  it("reconfirmation: a pitch published over six months ago is flagged, and reconfirming clears it", async () => {
    const old = new Date(Date.now() - 200 * DAY);
    const pitch = await createPitch(db(), {
      organizationId: owner.organization.id,
      status: "published",
      published_at: old,
      now: old,
      proposal_deadline: new Date(Date.now() + DAY),
    });
    const cookie = await cookieOf(owner);
    const before = await run(listRoute.loader, getRequest("/municipality/pitches", { cookie }));
    expect(before.body.pitches.find((p: { id: string }) => p.id === pitch.id).needsReconfirmation).toBe(true);
    expect((await edit(owner, pitch.id, { intent: "reconfirm" })).status).toBe(302);
    const after = await run(listRoute.loader, getRequest("/municipality/pitches", { cookie }));
    expect(after.body.pitches.find((p: { id: string }) => p.id === pitch.id).needsReconfirmation).toBe(false);
    expect((await auditFor(pitch.id)).map((a) => a.action)).toEqual(["pitch.reconfirm"]);
  });

  it("deleting a draft removes it (and its files); a published pitch cannot be deleted", async () => {
    const draft = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    expect(await edit(owner, draft.id, { intent: "deleteDraft" })).toMatchObject({
      status: 302,
      location: "/municipality/pitches?notice=pitch-deleted",
    });
    expect(await loadPitch(draft.id)).toBeUndefined();
    const live = await createPitch(db(), { organizationId: owner.organization.id, status: "published" });
    expect((await edit(owner, live.id, { intent: "deleteDraft" })).status).toBe(400);
    expect(await loadPitch(live.id)).toBeDefined();
  });
});

describe("tenant isolation and strict forms", () => {
  it("another municipality's pitch id in the URL is 404, the same as an id that does not exist, for every page and intent", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    const cookie = await cookieOf(other);
    for (const route of [editRoute, previewRoute, revisionsRoute]) {
      const swapped = await run(route.loader, getRequest(`/municipality/pitches/${pitch.id}`, { cookie }), {
        params: { pitchId: pitch.id },
      });
      const missing = await run(route.loader, getRequest(`/municipality/pitches/${NONEXISTENT}`, { cookie }), {
        params: { pitchId: NONEXISTENT },
      });
      const garbage = await run(route.loader, getRequest(`/municipality/pitches/not-a-uuid`, { cookie }), {
        params: { pitchId: "not-a-uuid" },
      });
      expect(swapped).toMatchObject({ status: 404, thrown: true });
      expect(swapped.body).toBe(missing.body);
      expect(garbage.status).toBe(404);
    }
    const auditBefore = await countRows("audit_log");
    for (const fields of [
      withIntent(completeForm(), "save"),
      withIntent(completeForm(), "publish"),
      new URLSearchParams({ intent: "deleteDraft" }),
      new URLSearchParams({ intent: "archive" }),
    ]) {
      const swapped = await edit(other, pitch.id, fields);
      const missing = await edit(other, NONEXISTENT, fields);
      expect(swapped).toMatchObject({ status: 404, thrown: true });
      expect(swapped.body).toBe(missing.body);
    }
    expect(await loadPitch(pitch.id)).toEqual(pitch);
    expect(await countRows("audit_log")).toBe(auditBefore);
  });

  it("company members cannot reach the authoring pages", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "published" });
    const cookie = await cookieOf(company);
    expect(
      (
        await run(editRoute.loader, getRequest(`/municipality/pitches/${pitch.id}`, { cookie }), {
          params: { pitchId: pitch.id },
        })
      ).status,
    ).toBe(403);
    expect((await edit(company, pitch.id, { intent: "close" })).status).toBe(403);
    expect((await loadPitch(pitch.id))!.status).toBe("published");
  });

  it("extra fields (status, organizationId, revisionNumber) are refused and nothing changes", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    const auditBefore = await countRows("audit_log");
    const extras: Record<string, string>[] = [
      { status: "published" },
      { organizationId: other.organization.id },
      { revisionNumber: "9" },
    ];
    for (const extra of extras) {
      const result = await edit(owner, pitch.id, withIntent(completeForm({ title: "変更" }), "save", extra));
      expect(result.status).toBe(400);
      expect(result.body.formError).toMatch(JAPANESE);
      const lifecycle = await edit(owner, pitch.id, { intent: "archive", ...extra });
      expect(lifecycle.status).toBe(400);
    }
    const created = await run(
      newRoute.action,
      postRequest(
        "/municipality/pitches/new",
        { intent: "save", title: "新規", organizationId: other.organization.id },
        { cookie: await cookieOf(owner) },
      ),
    );
    expect(created.status).toBe(400);
    expect(await loadPitch(pitch.id)).toEqual(pitch);
    expect(await countRows("audit_log")).toBe(auditBefore);
  });
});

describe("concurrency", () => {
  it("ten concurrent publish/close requests on one pitch: no 5xx, one publication, a consistent state", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    const cookie = await cookieOf(owner);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        run(
          editRoute.action,
          postRequest(
            `/municipality/pitches/${pitch.id}`,
            i % 2 === 0 ? withIntent(completeForm(), "publish") : { intent: "close" },
            { cookie },
          ),
          { params: { pitchId: pitch.id } },
        ),
      ),
    );
    for (const r of results) expect([302, 400]).toContain(r.status);
    const after = (await loadPitch(pitch.id))!;
    expect(["published", "closed"]).toContain(after.status);
    expect(after.revision_number).toBe(1);
    expect(await countRows("pitch_revision", (q) => q.where("pitch_id", "=", pitch.id))).toBe(1);
    const actions = (await auditFor(pitch.id)).map((a) => a.action);
    expect(actions.filter((a) => a === "pitch.publish")).toHaveLength(1);
    expect(actions.filter((a) => a === "pitch.close")).toHaveLength(after.status === "closed" ? 1 : 0);
    expect(results.filter((r) => r.status === 302)).toHaveLength(actions.length);
  });
});

describe("attachments", () => {
  const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
  const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

  async function upload(
    member: CreatedMember,
    pitchId: string,
    file: { name: string; bytes: Uint8Array; type?: string },
    extra: Record<string, string> = {},
  ) {
    const form = new FormData();
    form.set("intent", "uploadAttachment");
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
    const request = new Request(new URL(`/municipality/pitches/${pitchId}`, BASE_URL), {
      method: "POST",
      headers: { Origin: BASE_URL, Cookie: await cookieOf(member) },
      body: form,
    });
    return run(editRoute.action, request, { params: { pitchId } });
  }

  async function download(pitchId: string, attachmentId: string, member?: CreatedMember) {
    const cookie = member ? await cookieOf(member) : null;
    return run(downloadRoute.loader, getRequest(`/pitches/${pitchId}/attachments/${attachmentId}`, { cookie }), {
      params: { pitchId, attachmentId },
    });
  }

  it("recognises files by their first bytes", () => {
    expect(sniffContentType(PDF)).toBe("application/pdf");
    expect(sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(EXE)).toBeNull();
    expect(sniffContentType(new TextEncoder().encode("<html><script>"))).toBeNull();
  });

  it("refuses a program renamed .pdf and a file over 10 MB, in Japanese, and stores nothing", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    const exe = await upload(owner, pitch.id, { name: "invoice.pdf", bytes: EXE });
    expect(exe.status).toBe(400);
    expect(exe.body.fieldErrors.file).toMatch(/PDF、PNG、JPEG/);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooLarge = await upload(owner, pitch.id, { name: "big.pdf", bytes: big });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.fieldErrors.file).toMatch(/10MB/);
    const extra = await upload(
      owner,
      pitch.id,
      { name: "a.pdf", bytes: PDF },
      { organizationId: other.organization.id },
    );
    expect(extra.status).toBe(400);
    expect(await countRows("pitch_attachment", (q) => q.where("pitch_id", "=", pitch.id))).toBe(0);
    expect(fs.readdirSync(uploads).length).toBe(await countRows("pitch_attachment"));
  });

  it("stores an allowed PDF under a server-generated name, authorises every download, deletes with an audit row", async () => {
    const pitch = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    const uploaded = await upload(owner, pitch.id, {
      name: "../../etc/計画書 (案).pdf",
      bytes: PDF,
      type: "text/html",
    });
    expect(uploaded).toMatchObject({
      status: 302,
      location: `/municipality/pitches/${pitch.id}?notice=attachment-added`,
    });
    const row = await db()
      .selectFrom("pitch_attachment")
      .selectAll()
      .where("pitch_id", "=", pitch.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      original_name: "計画書 (案).pdf",
      content_type: "application/pdf",
      size_bytes: PDF.byteLength,
      organization_id: owner.organization.id,
    });
    expect(row.storage_key).toMatch(/^[a-f0-9]{48}$/);
    expect(fs.readFileSync(path.join(uploads, row.storage_key))).toEqual(Buffer.from(PDF));

    // A draft's attachment: not for anonymous visitors, companies or another municipality; the owner may.
    for (const who of [undefined, company, other]) expect((await download(pitch.id, row.id, who)).status).toBe(404);
    const own = await download(pitch.id, row.id, owner);
    expect(own.status).toBe(200);
    // A foreign pitch/attachment pair is not found, even for the owner.
    const otherPitch = await createPitch(db(), { organizationId: owner.organization.id, status: "published" });
    expect((await download(otherPitch.id, row.id, owner)).status).toBe(404);
    expect((await download(pitch.id, NONEXISTENT, owner)).status).toBe(404);

    // Published: anyone may download, as an attachment, never inline or sniffed.
    await db().updateTable("pitch").set({ status: "published" }).where("id", "=", pitch.id).execute();
    const open = await download(pitch.id, row.id);
    expect(open.status).toBe(200);
    expect(open.headers.get("Content-Type")).toBe("application/pdf");
    expect(open.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(open.headers.get("Content-Disposition")).toBe(
      `attachment; filename="___ (_).pdf"; filename*=UTF-8''${encodeURIComponent("計画書")}%20%28%E6%A1%88%29.pdf`,
    );
    expect(open.body).toBe(new TextDecoder().decode(PDF));
    // Back to draft (archived or not public): authorised again at the next download.
    await db().updateTable("pitch").set({ status: "archived" }).where("id", "=", pitch.id).execute();
    expect((await download(pitch.id, row.id)).status).toBe(404);
    await db().updateTable("pitch").set({ status: "draft" }).where("id", "=", pitch.id).execute();

    // Another municipality cannot delete it (404), the owner can, with confirmation in the page and an audit row.
    expect((await edit(other, pitch.id, { intent: "deleteAttachment", attachmentId: row.id })).status).toBe(404);
    const ownOther = await createPitch(db(), { organizationId: owner.organization.id, status: "draft" });
    expect((await edit(owner, ownOther.id, { intent: "deleteAttachment", attachmentId: row.id })).status).toBe(404);
    const removed = await edit(owner, pitch.id, { intent: "deleteAttachment", attachmentId: row.id });
    expect(removed).toMatchObject({
      status: 302,
      location: `/municipality/pitches/${pitch.id}?notice=attachment-removed`,
    });
    expect(fs.existsSync(path.join(uploads, row.storage_key))).toBe(false);
    expect((await download(pitch.id, row.id, owner)).status).toBe(404);
    expect((await auditFor(pitch.id)).map((a) => a.action)).toEqual([
      "pitch.attachment_add",
      "pitch.attachment_remove",
    ]);
  });
});

describe("diffRevisions", () => {
  it("lists only the changed fields, with Japanese labels and values", () => {
    const a = {
      title: "A",
      themes: ["mobility"],
      layer: "layer1",
      budget_ceiling_yen: "4000000",
      proposal_deadline: "2027-01-01T00:00:00.000Z",
    };
    const b = {
      title: "A",
      themes: ["mobility", "dementia"],
      layer: "layer2",
      budget_ceiling_yen: "4000000",
      proposal_deadline: "2027-01-01T00:00:00Z",
    };
    expect(diffRevisions(a, b)).toEqual([
      { field: "themes", label: "テーマ", from: "移動・外出支援", to: "移動・外出支援、認知症" },
      { field: "layer", label: "層", from: "第1層（市町村全域）", to: "第2層（日常生活圏域）" },
    ]);
  });
});

export type { Pitch };

describe("the editor's sections", () => {
  it("lists every field of the pitch form in exactly one section, in the schema's fields", () => {
    const fields = PITCH_SECTIONS.flatMap((s) => [...s.fields]);
    expect(new Set(fields).size).toBe(fields.length);
    expect([...fields].sort()).toEqual(Object.keys(PitchFieldsSchema.shape).sort());
  });

  it("saves from the end of a section and returns to it; an unknown section returns to the top", async () => {
    const cookie = await cookieOf(owner);
    const created = await run(
      newRoute.action,
      postRequest(
        "/municipality/pitches/new?index&section=problem",
        { intent: "save", title: "通いの場の課題" },
        { cookie },
      ),
    );
    expect(created.location).toMatch(/^\/municipality\/pitches\/[0-9a-f-]{36}\?notice=pitch-created#section-problem$/);
    const id = /pitches\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
    const post = (query: string, fields: Record<string, string>) =>
      run(editRoute.action, postRequest(`/municipality/pitches/${id}${query}`, fields, { cookie }), {
        params: { pitchId: id },
      });
    const saved = await post("?index&section=budget", {
      intent: "save",
      title: "通いの場の課題",
      problem: "移動手段がない",
    });
    expect(saved).toMatchObject({
      status: 302,
      location: `/municipality/pitches/${id}?notice=pitch-saved#section-budget`,
    });
    expect((await loadPitch(id))!.problem).toBe("移動手段がない");
    const forged = await post("?index&section=%22%3E%3Cscript%3E", { intent: "save", title: "通いの場の課題" });
    expect(forged).toMatchObject({ status: 302, location: `/municipality/pitches/${id}?notice=pitch-saved` });
  });
});
