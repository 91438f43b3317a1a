// Saved searches of company users and the notification centre: saving (company users only), listing and deleting
// scoped to the owner, publish -> job -> notification + e-mail for matching saved searches only (partial keyword,
// theme, prefecture), no duplicate on a retried or re-run job, drafts never notify, marking as read, the unread
// count in the root loader, and another user's notification or saved search is a 404.
import { beforeAll, describe, expect, it } from "vitest";
import type { Pitch } from "@db/schema";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import type { MemberActor } from "~/auth/permissions";
import { runDueJobs } from "~/domain/jobs/jobs.worker.server";
import { notificationsLabel } from "~/domain/notifications/notifications.schema";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { pitchToFormValues } from "~/domain/pitches/pitch-fields.schema";
import { PitchFieldsSchema } from "~/domain/pitches/pitch.schema";
import { publishPitch } from "~/domain/pitches/pitches.commands.server";
import { matchSavedSearches } from "~/domain/saved-searches/saved-search-matching.jobs.server";
import { describeSearch } from "~/domain/saved-searches/saved-searches.schema";
import { db } from "~/lib/db.server";
import * as root from "~/root";
import * as notificationsRoute from "~/routes/notifications";
import * as pitchesRoute from "~/routes/pitches._index";
import * as savedSearchesRoute from "~/routes/company_.saved-searches";
import { countRows } from "../support/db";
import { getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const NONEXISTENT = "5b0a4f8e-8a4e-4c55-9d7e-2f1a3c1d0e99";

let company: CreatedMember, companyColleague: { user: CreatedMember["user"] }, otherCompany: CreatedMember;
let municipality: CreatedMember, otherMunicipality: CreatedMember;
const cookies: Record<string, string | null> = { anonymous: null };

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

beforeAll(async () => {
  company = await createMember(db(), { kind: "company", email: "saver@example.test" });
  const colleague = await createUser(db(), { email: "colleague@example.test" });
  await addMember(db(), { organizationId: company.organization.id, userId: colleague.id, role: "member" });
  companyColleague = { user: colleague };
  otherCompany = await createMember(db(), { kind: "company", email: "other-company@example.test" });
  municipality = await createMember(db(), { kind: "municipality" });
  otherMunicipality = await createMember(db(), { kind: "municipality" });
  cookies.company = await signedInCookie(company.user.id);
  cookies.colleague = await signedInCookie(colleague.id);
  cookies.otherCompany = await signedInCookie(otherCompany.user.id);
  cookies.municipality = await signedInCookie(municipality.user.id);
});

function save(cookie: string | null, query: string, name = "") {
  return run(
    savedSearchesRoute.action,
    postRequest("/company/saved-searches", { intent: "create", name, query }, { cookie }),
  );
}

function remove(cookie: string | null, savedSearchId: string) {
  return run(
    savedSearchesRoute.action,
    postRequest("/company/saved-searches", { intent: "delete", savedSearchId }, { cookie }),
  );
}

async function savedOf(userId: string) {
  return db()
    .selectFrom("saved_search")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

describe("saving a search", () => {
  it("a company user saves the filters of /pitches (page and sort left out); the name defaults to a Japanese summary", async () => {
    const prefecture = await db()
      .selectFrom("prefecture")
      .select(["code", "name"])
      .where("code", "=", 13)
      .executeTakeFirstOrThrow();
    const result = await save(
      cookies.company!,
      "q=%E8%B2%B7%E3%81%84&theme=shopping&prefecture=13&open=1&page=3&sort=deadline&unknown=x",
    );
    expect(result).toMatchObject({ status: 302, location: "/company/saved-searches?notice=search-saved" });
    const [row] = await savedOf(company.user.id);
    expect(row).toMatchObject({ organization_id: company.organization.id, last_notified_at: null });
    expect(row!.query).toEqual({
      q: "買い",
      themes: ["shopping"],
      targetStates: [],
      prefecture: 13,
      bureau: null,
      budgetMin: null,
      budgetMax: null,
      open: true,
    });
    expect(row!.name).toBe(`「買い」／買い物支援／${prefecture.name}／募集中のみ`);
    expect(
      await countRows("audit_log", (q) =>
        q.where("action", "=", "saved_search.create").where("entity_id", "=", row!.id),
      ),
    ).toBe(1);
    await db().deleteFrom("saved_search").where("id", "=", row!.id).execute();
  });

  it("keeps a name the user typed, and refuses one that is too long (400, Japanese)", async () => {
    expect(await save(cookies.company!, "theme=mobility", "  移動の課題  ")).toMatchObject({ status: 302 });
    const rows = await savedOf(company.user.id);
    expect(rows.map((r) => r.name)).toEqual(["移動の課題"]);
    const tooLong = await save(cookies.company!, "theme=mobility", "あ".repeat(101));
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toMatch(JAPANESE);
    await db().deleteFrom("saved_search").where("user_id", "=", company.user.id).execute();
  });

  it("another owner cannot be smuggled in: extra fields are refused (400), nothing is saved", async () => {
    const before = await countRows("saved_search");
    const extras: Record<string, string>[] = [
      { userId: otherCompany.user.id },
      { organizationId: otherCompany.organization.id },
    ];
    for (const extra of extras) {
      const result = await run(
        savedSearchesRoute.action,
        postRequest(
          "/company/saved-searches",
          { intent: "create", name: "x", query: "theme=mobility", ...extra },
          { cookie: cookies.company },
        ),
      );
      expect(result).toMatchObject({ status: 400, thrown: false });
      expect(result.body.formError).toMatch(JAPANESE);
    }
    expect(await countRows("saved_search")).toBe(before);
  });

  it("municipality users are refused (403) and anonymous visitors are sent to log in; nothing is saved", async () => {
    const before = await countRows("saved_search");
    expect(await save(cookies.municipality!, "theme=mobility")).toMatchObject({ status: 403 });
    const anonymous = await save(null, "theme=mobility");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    expect(await countRows("saved_search")).toBe(before);
  });

  it("/pitches offers the save form to company users only, with the summary as the default name", async () => {
    const path = "/pitches?theme=shopping&open=1&page=2";
    const asCompany = await run(pitchesRoute.loader, getRequest(path, { cookie: cookies.company }));
    expect(asCompany.body.saveSearch).toEqual({
      query: "theme=shopping&open=1",
      defaultName: "買い物支援／募集中のみ",
    });
    for (const cookie of [null, cookies.municipality]) {
      const other = await run(pitchesRoute.loader, getRequest(path, { cookie }));
      expect(other.status).toBe(200);
      expect(other.body.saveSearch).toBeNull();
    }
  });

  it("describes an empty search as all pitches, and budgets in 万円", () => {
    const empty = {
      q: "",
      themes: [],
      targetStates: [],
      prefecture: null,
      bureau: null,
      budgetMin: null,
      budgetMax: null,
      open: false,
    };
    expect(describeSearch(empty)).toBe("すべてのピッチ");
    expect(describeSearch({ ...empty, budgetMin: 1_000_000, budgetMax: 4_000_000 })).toBe("予算100万円〜400万円");
  });
});

describe("listing and deleting, scoped to the owner", () => {
  it("each user lists only their own saved searches; another user's id is a 404 and the row stays", async () => {
    await save(cookies.company!, "theme=watching", "見守り");
    await save(cookies.otherCompany!, "theme=dementia", "認知症");
    const mine = await run(
      savedSearchesRoute.loader,
      getRequest("/company/saved-searches", { cookie: cookies.company }),
    );
    expect(mine.status).toBe(200);
    expect(mine.body.savedSearches.map((s: { name: string }) => s.name)).toEqual(["見守り"]);
    expect(mine.body.savedSearches[0].href).toBe("/pitches?theme=watching");
    // A colleague in the same organisation does not see it either: saved searches are personal.
    const colleague = await run(
      savedSearchesRoute.loader,
      getRequest("/company/saved-searches", { cookie: cookies.colleague }),
    );
    expect(colleague.body.savedSearches).toEqual([]);

    const [theirs] = await savedOf(otherCompany.user.id);
    const swapped = await remove(cookies.company!, theirs!.id);
    const missing = await remove(cookies.company!, NONEXISTENT);
    expect(swapped).toMatchObject({ status: 404, thrown: true });
    expect(swapped.body).toBe(missing.body);
    expect(await savedOf(otherCompany.user.id)).toHaveLength(1);

    const [own] = await savedOf(company.user.id);
    expect(await remove(cookies.company!, own!.id)).toMatchObject({
      status: 302,
      location: "/company/saved-searches?notice=search-deleted",
    });
    expect(await savedOf(company.user.id)).toEqual([]);
    await db().deleteFrom("saved_search").execute();
  });
});

describe("publishing a pitch notifies the matching saved searches", () => {
  let draft: Pitch;
  let otherPrefecture: number;
  const names = {
    keyword: "キーワード「買い」",
    theme: "買い物支援のテーマ",
    prefecture: "同じ都道府県",
    otherPrefecture: "別の都道府県",
    otherKeyword: "関係のない語",
    otherTheme: "口腔ケア",
  };

  beforeAll(async () => {
    draft = await createPitch(db(), {
      organizationId: municipality.organization.id,
      status: "draft",
      title: "買い物に出かけにくい高齢者の支援",
      themes: ["shopping", "mobility"],
    });
    otherPrefecture = draft.prefecture_code === 1 ? 2 : 1;
    expect(await save(cookies.company!, "q=%E8%B2%B7%E3%81%84", names.keyword)).toMatchObject({ status: 302 });
    expect(await save(cookies.company!, "theme=shopping", names.theme)).toMatchObject({ status: 302 });
    expect(await save(cookies.colleague!, `prefecture=${draft.prefecture_code}`, names.prefecture)).toMatchObject({
      status: 302,
    });
    expect(await save(cookies.colleague!, `prefecture=${otherPrefecture}`, names.otherPrefecture)).toMatchObject({
      status: 302,
    });
    expect(
      await save(
        cookies.otherCompany!,
        "q=%E3%83%87%E3%82%B8%E3%82%BF%E3%83%AB%E5%9C%B0%E5%9F%9F%E9%80%9A%E8%B2%A8",
        names.otherKeyword,
      ),
    ).toMatchObject({ status: 302 });
    expect(await save(cookies.otherCompany!, "theme=oral_care", names.otherTheme)).toMatchObject({ status: 302 });
  });

  async function notificationsOf(userId: string) {
    return db()
      .selectFrom("notification")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
  }

  it("a draft never triggers anything", async () => {
    expect(await matchSavedSearches(draft.id)).toBe(0);
    expect(await countRows("notification")).toBe(0);
    expect(await countRows("job", (q) => q.where("kind", "=", "match_saved_searches"))).toBe(0);
  });

  it("publishing enqueues one match job in the publish transaction; the job notifies matching searches only", async () => {
    const fields = PitchFieldsSchema.parse(pitchToFormValues(draft));
    await publishPitch(actorOf(municipality), draft.id, fields);
    const jobs = await db()
      .selectFrom("job")
      .select(["kind", "payload", "status"])
      .where("kind", "=", "match_saved_searches")
      .execute();
    expect(jobs).toEqual([{ kind: "match_saved_searches", payload: { pitchId: draft.id }, status: "pending" }]);

    await runDueJobs();
    const job = await db()
      .selectFrom("job")
      .select(["status", "last_error"])
      .where("kind", "=", "match_saved_searches")
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: "done", last_error: null });

    const mine = await notificationsOf(company.user.id);
    expect(mine.map((n) => n.title).sort()).toEqual(
      [names.keyword, names.theme].map((n) => `保存した条件「${n}」に合うピッチが公開されました`).sort(),
    );
    for (const n of mine)
      expect(n).toMatchObject({ kind: "saved_search_match", link_path: `/pitches/${draft.id}`, read_at: null });
    expect(mine[0]!.body).toContain("買い物に出かけにくい高齢者の支援");
    const colleague = await notificationsOf(companyColleague.user.id);
    expect(colleague.map((n) => n.title)).toEqual([`保存した条件「${names.prefecture}」に合うピッチが公開されました`]);
    expect(await notificationsOf(otherCompany.user.id)).toEqual([]);

    const emails = await db()
      .selectFrom("email_outbox")
      .select(["to_address", "subject", "body_text"])
      .orderBy("created_at")
      .execute();
    expect(emails.map((e) => e.to_address).sort()).toEqual([
      "colleague@example.test",
      "saver@example.test",
      "saver@example.test",
    ]);
    for (const e of emails) {
      expect(e.subject).toMatch(/^【ガバメントピッチ】保存した条件「.+」に合う新しいピッチ$/);
      expect(e.body_text).toContain(`/pitches/${draft.id}`);
      expect(e.body_text).toMatch(JAPANESE);
    }
    const matched = await db()
      .selectFrom("saved_search")
      .select(["name", "last_notified_at"])
      .orderBy("name")
      .execute();
    for (const s of matched) {
      const notified = [names.keyword, names.theme, names.prefecture].includes(s.name);
      expect(s.last_notified_at !== null, s.name).toBe(notified);
    }
  });

  it("a retried or re-run job notifies nobody twice", async () => {
    const before = { notifications: await countRows("notification"), emails: await countRows("email_outbox") };
    expect(await matchSavedSearches(draft.id)).toBe(0);
    // The same job run again, as after a crash between its commit and its completion.
    await db()
      .insertInto("job")
      .values({
        kind: "match_saved_searches",
        payload: JSON.stringify({ pitchId: draft.id }),
        status: "pending",
        run_at: new Date(),
      })
      .execute();
    await runDueJobs();
    const jobs = await db().selectFrom("job").select("status").where("kind", "=", "match_saved_searches").execute();
    expect(jobs.map((j) => j.status)).toEqual(["done", "done"]);
    expect(await countRows("notification")).toBe(before.notifications);
    expect(await countRows("email_outbox")).toBe(before.emails);
    expect(await countRows("saved_search_match")).toBe(3);
  });

  it("a search saved later is matched by a later run, once", async () => {
    await save(cookies.otherCompany!, "theme=mobility", "移動支援");
    expect(await matchSavedSearches(draft.id)).toBe(1);
    expect(await matchSavedSearches(draft.id)).toBe(0);
    expect((await notificationsOf(otherCompany.user.id)).map((n) => n.title)).toEqual([
      "保存した条件「移動支援」に合うピッチが公開されました",
    ]);
  });

  it("another published pitch that matches nothing notifies nobody", async () => {
    const unrelated = await createPitch(db(), {
      organizationId: otherMunicipality.organization.id,
      title: "歯と口の健康",
      themes: ["oral_care"],
    });
    const before = await countRows("notification");
    // oral_care, and a prefecture search when the random municipality happens to be in its prefecture.
    const expected =
      1 + [draft.prefecture_code, otherPrefecture].filter((code) => code === unrelated.prefecture_code).length;
    const notified = await matchSavedSearches(unrelated.id);
    expect(notified).toBe(expected);
    expect(await countRows("notification")).toBe(before + expected);
    const titles = (
      await db()
        .selectFrom("notification")
        .select("title")
        .where("link_path", "=", `/pitches/${unrelated.id}`)
        .execute()
    ).map((n) => n.title);
    expect(titles).toContain(`保存した条件「${names.otherTheme}」に合うピッチが公開されました`);
    expect(titles.some((t) => t.includes(names.keyword) || t.includes(names.theme))).toBe(false);
  });
});

describe("notification centre", () => {
  let reader: CreatedMember, stranger: CreatedMember;
  let ids: string[];

  beforeAll(async () => {
    reader = await createMember(db(), { kind: "company" });
    stranger = await createMember(db(), { kind: "municipality" });
    cookies.reader = await signedInCookie(reader.user.id);
    cookies.stranger = await signedInCookie(stranger.user.id);
    ids = [];
    for (let i = 1; i <= 23; i++) {
      ids.push(
        await createNotification(db(), {
          userId: reader.user.id,
          kind: "saved_search_match",
          title: `お知らせ ${i}`,
          body: "本文",
          linkPath: `/pitches/${NONEXISTENT}`,
        }),
      );
      await db()
        .updateTable("notification")
        .set({ created_at: new Date(Date.UTC(2026, 0, 1, 0, i)) })
        .where("id", "=", ids[ids.length - 1]!)
        .execute();
    }
  });

  async function unread(cookie: string | null) {
    const result = await run(root.loader, getRequest("/", { cookie }));
    return result.body.viewer?.unreadNotifications as number | undefined;
  }

  it("lists the user's notifications newest first, 20 a page", async () => {
    const first = await run(notificationsRoute.loader, getRequest("/notifications", { cookie: cookies.reader }));
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(23);
    expect(first.body.notifications).toHaveLength(20);
    expect(first.body.notifications[0].title).toBe("お知らせ 23");
    const second = await run(
      notificationsRoute.loader,
      getRequest("/notifications?page=2", { cookie: cookies.reader }),
    );
    expect(second.body.notifications.map((n: { title: string }) => n.title)).toEqual([
      "お知らせ 3",
      "お知らせ 2",
      "お知らせ 1",
    ]);
    const strangers = await run(notificationsRoute.loader, getRequest("/notifications", { cookie: cookies.stranger }));
    expect(strangers.body).toMatchObject({ total: 0, notifications: [] });
    const anonymous = await run(notificationsRoute.loader, getRequest("/notifications"));
    expect(anonymous.location).toBe("/login?redirectTo=%2Fnotifications");
  });

  it("the root loader counts unread notifications for the header badge", async () => {
    expect(await unread(cookies.reader)).toBe(23);
    expect(await unread(cookies.stranger)).toBe(0);
    expect(await unread(null)).toBeUndefined();
    expect(notificationsLabel(3)).toBe("お知らせ（未読3件）");
    expect(notificationsLabel(0)).toBe("お知らせ");
  });

  it("marks one as read; another user's notification is a 404 and stays unread", async () => {
    const mark = (cookie: string | null, notificationId: string) =>
      run(notificationsRoute.action, postRequest("/notifications", { intent: "read", notificationId }, { cookie }));
    const swapped = await mark(cookies.stranger!, ids[0]!);
    const missing = await mark(cookies.stranger!, NONEXISTENT);
    expect(swapped).toMatchObject({ status: 404, thrown: true });
    expect(swapped.body).toBe(missing.body);
    expect(await unread(cookies.reader)).toBe(23);

    expect(await mark(cookies.reader!, ids[0]!)).toMatchObject({ status: 302, location: "/notifications" });
    expect(await unread(cookies.reader)).toBe(22);
    // Marking it again changes nothing.
    const readAt = (
      await db().selectFrom("notification").select("read_at").where("id", "=", ids[0]!).executeTakeFirstOrThrow()
    ).read_at;
    expect(await mark(cookies.reader!, ids[0]!)).toMatchObject({ status: 302 });
    expect(
      (await db().selectFrom("notification").select("read_at").where("id", "=", ids[0]!).executeTakeFirstOrThrow())
        .read_at,
    ).toEqual(readAt);
  });

  it("marks all of the user's notifications as read, nobody else's", async () => {
    const other = await createNotification(db(), {
      userId: stranger.user.id,
      kind: "saved_search_match",
      title: "他人のお知らせ",
      body: "本文",
      linkPath: null,
    });
    const result = await run(
      notificationsRoute.action,
      postRequest("/notifications", { intent: "readAll" }, { cookie: cookies.reader }),
    );
    expect(result).toMatchObject({ status: 302, location: "/notifications?notice=notifications-read" });
    expect(await unread(cookies.reader)).toBe(0);
    expect(await unread(cookies.stranger)).toBe(1);
    expect(
      (await db().selectFrom("notification").select("read_at").where("id", "=", other).executeTakeFirstOrThrow())
        .read_at,
    ).toBeNull();
  });

  it("refuses an unknown intent or a malformed id with a Japanese message (400)", async () => {
    const cases: Record<string, string>[] = [
      {},
      { intent: "delete" },
      { intent: "read", notificationId: "not-a-uuid" },
    ];
    for (const fields of cases) {
      const result = await run(
        notificationsRoute.action,
        postRequest("/notifications", fields, { cookie: cookies.reader }),
      );
      expect(result.status).toBe(400);
      expect(JSON.stringify(result.body)).toMatch(JAPANESE);
    }
  });
});
