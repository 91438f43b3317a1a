// The input boundary (app/web/input.server.ts), on the requests that answered 500 before it (issue 15): a NUL in a
// query string or in a form field, a body that is not a form, an id in the URL that is not a UUID. Each answers 4xx
// with a Japanese message, writes nothing, and a refused form keeps what was typed (without the offending characters).
import { beforeAll, describe, expect, it } from "vitest";
import { createMember, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import { PROPOSAL_TEXT_FIELDS } from "~/domain/proposals/proposals.schema";
import { checkedForm, cleanedQuery, readForm } from "~/web/input.server";
import { textProblem } from "~/lib/text-input";
import { db } from "~/lib/db.server";
import * as pitchesIndex from "~/routes/pitches._index";
import * as apiPitches from "~/routes/api.v1.pitches";
import * as apiPitchesCsv from "~/routes/api.v1.pitches[.csv]";
import * as signupRoute from "~/routes/signup";
import * as loginRoute from "~/routes/login";
import * as forgotRoute from "~/routes/forgot-password";
import * as newPitchRoute from "~/routes/municipality_.pitches.new";
import * as newProposalRoute from "~/routes/company_.proposals.new";
import * as proposalRoute from "~/routes/company_.proposals.$proposalId";
import { rowCounts } from "../support/db";
import { BASE_URL, getRequest, JAPANESE, postRequest, run, signedInCookie } from "../support/http";

const NUL = "\u0000";

let municipality: CreatedMember;
let company: CreatedMember;
let openPitchId: string;

beforeAll(async () => {
  municipality = await createMember(db(), { kind: "municipality" });
  company = await createMember(db(), { kind: "company" });
  openPitchId = (await createPitch(db(), { organizationId: municipality.organization.id })).id;
});

function bodyRequest(path: string, contentType: string | null, body: string, cookie?: string): Request {
  const headers = new Headers({ Origin: BASE_URL });
  if (contentType) headers.set("Content-Type", contentType);
  if (cookie) headers.set("Cookie", cookie);
  return new Request(new URL(path, BASE_URL), { method: "POST", headers, body });
}

describe("a NUL in a query string", () => {
  it("GET /pitches?q=%00 shows the search page (the NUL is dropped)", async () => {
    const result = await run(pitchesIndex.loader, getRequest("/pitches?q=%00"));
    expect(result.status).toBe(200);
    const mixed = await run(pitchesIndex.loader, getRequest("/pitches?q=%E8%B2%B7%00%E3%81%84%E7%89%A9&page=%00"));
    expect(mixed.status).toBe(200);
  });

  it("GET /api/v1/pitches?q=%00 and /api/v1/pitches.csv?q=%00 answer 200, never 500", async () => {
    expect((await run(apiPitches.loader, getRequest("/api/v1/pitches?q=%00"))).status).toBe(200);
    expect((await run(apiPitchesCsv.loader, getRequest("/api/v1/pitches.csv?q=%00"))).status).toBe(200);
    // A lone surrogate (%ED%A0%80 is not UTF-8: it arrives as U+FFFD) and a lone surrogate escaped for JSON alike.
    expect((await run(apiPitches.loader, getRequest("/api/v1/pitches?q=%ED%A0%80"))).status).toBe(200);
  });

  it("cleans values, keys and sizes but leaves a clean query alone", () => {
    expect(cleanedQuery(new URLSearchParams("q=%E8%B2%B7%E3%81%84%E7%89%A9&open=1"))).toBeNull();
    expect(cleanedQuery(new URLSearchParams("q=a%00b%0Ac%1Fd&x%00=1"))!.toString()).toBe("q=abcd&x=1");
    // A lone surrogate cannot arrive in a query: URL parsing turns it (and bytes that are not UTF-8) into U+FFFD.
    expect(new URLSearchParams({ q: "\ud800x" }).get("q")).toBe("\ufffdx");
    expect(cleanedQuery(new URLSearchParams({ q: "あ".repeat(5000) }))!.get("q")).toHaveLength(1000);
  });
});

describe("a NUL in a form field", () => {
  it("sign-up: every field refused beside it, nothing written, the values kept without the NUL", async () => {
    const fields = {
      displayName: "美唄 太郎",
      email: "nul-signup@example.test",
      password: "a-long-enough-password",
      organizationKind: "municipality",
      prefectureCode: "1",
      municipalityName: "夕張市",
    };
    const before = await rowCounts();
    for (const field of Object.keys(fields)) {
      const sent = { ...fields, [field]: `${fields[field as keyof typeof fields]}${NUL}` };
      const result = await run(signupRoute.action, postRequest("/signup", sent), { ip: "198.51.100.31" });
      expect(result.status, field).toBe(400);
      expect(result.thrown, field).toBe(false);
      expect(result.body.formError).toMatch(JAPANESE);
      expect(result.body.fieldErrors[field], field).toMatch(/制御文字/);
      expect(result.body.values).not.toHaveProperty("password");
      if (field !== "password") expect(result.body.values[field]).toBe(fields[field as keyof typeof fields]);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("a pitch draft: a NUL, a control character or a lone surrogate in any field is refused; CRLF is kept as LF", async () => {
    const cookie = await signedInCookie(municipality.user.id);
    const fields: Record<string, string> = {
      intent: "save",
      title: "移動と居場所の課題",
      summary: "外出の機会が減っている高齢者の課題です。",
      vision: "誰もが役割を持ち続けられるまち",
      currentSituation: "高齢化率は上昇しています。",
      problem: "通いの場が減っています。",
      problemEvidence: "地域ケア会議で事例が報告されました。",
      targetPeople: "一人暮らしの高齢者",
      areaName: "中央地区",
      triedSoFar: "送迎",
      partnerWanted: "地域の事業者",
      solutionWanted: "移動と居場所の仕組み",
      resourcesOffered: "公民館",
      contactName: "担当 太郎",
      contactEmail: "contact@example.lg.jp",
      contactPhone: "0123-45-6789",
    };
    const before = await rowCounts();
    // (A lone surrogate cannot arrive in a body: UTF-8 decoding turns it into U+FFFD. checkedForm refuses it all the
    // same, tested below.)
    for (const bad of [NUL, "\u0007", "\u001b", "\u007f"]) {
      for (const field of Object.keys(fields)) {
        const result = await run(
          newPitchRoute.action,
          postRequest("/municipality/pitches/new", { ...fields, [field]: `${fields[field]}${bad}` }, { cookie }),
        );
        expect(result.status, `${field} ${JSON.stringify(bad)}`).toBe(400);
        expect(result.body.fieldErrors[field]).toMatch(JAPANESE);
        expect(result.body.values[field]).toBe(fields[field]);
      }
    }
    expect(await rowCounts()).toEqual(before);
    // Ticked boxes come back as the list they were.
    const ticked = new URLSearchParams({ ...fields, title: `題${NUL}` });
    ticked.append("targetStates", "prefrail");
    ticked.append("targetStates", "frail");
    const refused = await run(newPitchRoute.action, postRequest("/municipality/pitches/new", ticked, { cookie }));
    expect(refused.status).toBe(400);
    expect(refused.body.values).toMatchObject({ title: "題", targetStates: ["prefrail", "frail"] });
    const saved = await run(
      newPitchRoute.action,
      postRequest("/municipality/pitches/new", { ...fields, summary: "一行目\r\n二行目\tタブ" }, { cookie }),
    );
    expect(saved.status).toBe(302);
    const id = /pitches\/([0-9a-f-]{36})/.exec(saved.location!)![1]!;
    const row = await db().selectFrom("pitch").select("summary").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.summary).toBe("一行目\n二行目\tタブ");
  });

  it("a proposal draft: a NUL in any text field is refused and nothing is written", async () => {
    const cookie = await signedInCookie(company.user.id);
    const created = await run(
      newProposalRoute.action,
      postRequest(`/company/proposals/new?pitch=${openPitchId}`, { intent: "create" }, { cookie }),
    );
    expect(created.status).toBe(302);
    const proposalId = /proposals\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
    const before = await rowCounts();
    for (const field of Object.keys(PROPOSAL_TEXT_FIELDS)) {
      const result = await run(
        proposalRoute.action,
        postRequest(`/company/proposals/${proposalId}`, { intent: "save", [field]: `提案${NUL}` }, { cookie }),
        { params: { proposalId } },
      );
      expect(result.status, field).toBe(400);
      expect(result.body.fieldErrors[field], field).toMatch(JAPANESE);
      expect(result.body.values[field]).toBe("提案");
    }
    expect({ ...(await rowCounts()), user_session: 0 }).toEqual({ ...before, user_session: 0 });
  });
});

describe("a body that is not a form", () => {
  const routes = [
    ["/login", loginRoute.action],
    ["/signup", signupRoute.action],
    ["/forgot-password", forgotRoute.action],
  ] as const;

  it("text/plain and JSON are 415, broken multipart and a broken body 400, too large 413, each in Japanese", async () => {
    for (const [path, action] of routes) {
      const cases: [string | null, string, number][] = [
        ["text/plain", "email=a@example.test&password=x", 415],
        ["application/json", JSON.stringify({ email: "a@example.test", password: "x" }), 415],
        ["application/x-www-form-urlencoded; charset=utf-8", "email=a@example.test", 400],
        [
          "multipart/form-data; boundary=xyz",
          '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken',
          400,
        ],
        ["multipart/form-data", "--xyz\r\n\r\n", 400],
        [null, "email=a@example.test", 415],
        ["application/x-www-form-urlencoded", `email=${"a".repeat(1024 * 1024 + 1)}`, 413],
      ];
      for (const [type, body, status] of cases) {
        const result = await run(action, bodyRequest(path, type, body), { ip: "198.51.100.32" });
        const expected = type === "application/x-www-form-urlencoded; charset=utf-8" ? [302, 400, 429] : [status];
        expect(expected, `${path} ${type}`).toContain(result.status);
        if (result.status === 302) continue;
        expect(typeof result.body === "string" ? result.body : JSON.stringify(result.body), `${path} ${type}`).toMatch(
          JAPANESE,
        );
      }
    }
  });

  it("readForm keeps a good urlencoded or multipart form as it is, but with LF line breaks", async () => {
    const form = new FormData();
    form.set("body", "a\r\nb");
    form.set("file", new File(["x"], "名前\u0000.pdf", { type: "application/pdf" }));
    const read = await readForm(new Request(BASE_URL, { method: "POST", body: form }));
    expect(read.get("body")).toBe("a\nb");
    expect((read.get("file") as File).name).toBe("名前.pdf");
    // FormData itself turns a lone surrogate into U+FFFD; the check is there for text from anywhere else.
    expect(textProblem("a\ud800", 10)).toBe("surrogate");
    expect(textProblem("\udc00a", 10)).toBe("surrogate");
    expect(textProblem("🙂", 10)).toBeNull();
    for (const bad of ["\u0000", "\u0008", "\u001f", "x".repeat(100_001)]) {
      const form = new FormData();
      form.set("comment", `a${bad}`);
      let thrown: unknown;
      try {
        checkedForm(form);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Response);
      const body = await (thrown as Response).json();
      expect((thrown as Response).status).toBe(400);
      expect(body.fieldErrors.comment).toMatch(JAPANESE);
    }
    const ok = new FormData();
    ok.set("comment", "絵文字🙂\tと改行\n");
    expect(checkedForm(ok).get("comment")).toBe("絵文字🙂\tと改行\n");
  });
});

describe("a malformed id in the URL", () => {
  it("GET /company/proposals/not-a-uuid is 404, before any query", async () => {
    const cookie = await signedInCookie(company.user.id);
    for (const proposalId of ["not-a-uuid", `${NUL}`, "1' or '1'='1", "0".repeat(36)]) {
      const result = await run(proposalRoute.loader, getRequest(`/company/proposals/x`, { cookie }), {
        params: { proposalId },
      });
      expect(result.status, proposalId).toBe(404);
    }
  });
});
