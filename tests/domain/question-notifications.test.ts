// A new question tells every member of the pitch's municipality in-app (and its admins by e-mail); an answer tells
// the asker in-app (and by e-mail). Nobody else is notified.
import { describe, expect, it } from "vitest";
import { addMember, createMember, createUser, type CreatedMember } from "~/seed/factories.server";
import { createPitch } from "~/seed/pitch-factory.server";
import type { MemberActor } from "~/auth/permissions";
import { answerQuestion, askQuestion } from "~/domain/questions/questions.commands.server";
import { db } from "~/lib/db.server";

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

async function notificationsOf(userId: string) {
  return db().selectFrom("notification").select(["kind", "link_path"]).where("user_id", "=", userId).execute();
}

describe("question notifications", () => {
  it("reach the municipality's members on a question and the asker on the answer", async () => {
    const town = await createMember(db(), { kind: "municipality" });
    const colleague = await createUser(db());
    await addMember(db(), { organizationId: town.organization.id, userId: colleague.id, role: "member" });
    const company = await createMember(db(), { kind: "company" });
    const bystander = await createMember(db(), { kind: "company" });
    const pitch = await createPitch(db(), { organizationId: town.organization.id });

    const questionId = await askQuestion(
      actorOf(company),
      pitch.id,
      { intent: "ask", question: "対象地区はどこですか？" },
      "https://example.jp",
    );
    for (const userId of [town.user.id, colleague.id]) {
      expect(await notificationsOf(userId)).toEqual([{ kind: "question_asked", link_path: "/municipality/questions" }]);
    }
    expect(await notificationsOf(company.user.id)).toEqual([]);

    await answerQuestion(
      actorOf(town),
      { intent: "answer", questionId, answer: "茶志内地区です。" },
      "https://example.jp",
    );
    expect(await notificationsOf(company.user.id)).toEqual([
      { kind: "question_answered", link_path: `/pitches/${pitch.id}#questions` },
    ]);
    expect(await notificationsOf(bystander.user.id)).toEqual([]);
  });
});
