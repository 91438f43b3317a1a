// Demo pitch events of 北海道経済産業局: one held last month and one upcoming, with 美唄市, 江差町 and 様似町 invited
// and some of their published pitches approved for the event page. Called by seedDemoData in its transaction.
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.commands.server";

const DAY = 24 * 60 * 60 * 1000;
export const DEMO_EVENT_BUREAU = "meti-hokkaido";
export const DEMO_EVENT_MUNICIPALITIES = ["美唄市", "江差町", "様似町"] as const;

/** 14:00 Japan time, `days` from now. */
function tokyoAt14(now: Date, days: number): Date {
  const jst = new Date(now.getTime() + days * DAY + 9 * 3600_000);
  return new Date(`${jst.toISOString().slice(0, 10)}T14:00:00+09:00`);
}

export async function seedDemoEvents(
  trx: Transaction<DB>,
  options: { organizations: Map<string, { id: string; authorId: string | null }>; now?: Date },
): Promise<{ events: number; entries: number }> {
  const now = options.now ?? new Date();
  const bureau = await trx
    .selectFrom("organization")
    .select(["id", "bureau_id"])
    .where("bureau_id", "=", DEMO_EVENT_BUREAU)
    .executeTakeFirst();
  if (!bureau?.bureau_id) return { events: 0, entries: 0 };
  const bureauAdmin = await trx
    .selectFrom("membership")
    .select("user_id")
    .where("organization_id", "=", bureau.id)
    .where("role", "=", "admin")
    .executeTakeFirst();
  const invited = DEMO_EVENT_MUNICIPALITIES.map((name) => ({ name, org: options.organizations.get(name) })).filter(
    (m): m is { name: (typeof DEMO_EVENT_MUNICIPALITIES)[number]; org: { id: string; authorId: string | null } } =>
      Boolean(m.org),
  );
  const pitches = await trx
    .selectFrom("pitch")
    .select(["id", "organization_id"])
    .where("organization_id", "in", invited.length > 0 ? invited.map((m) => m.org.id) : [randomUUID()])
    .where("status", "=", "published")
    .orderBy("created_at")
    .orderBy("id")
    .execute();

  const definitions = [
    {
      title: "北海道ガバメントピッチ（前回）— 生活支援と住民参画",
      description: "道内の自治体が、住民参画・官民連携推進事業で取り組みたい地域課題を発表しました。",
      starts_at: tokyoAt14(now, -30),
      format: "venue" as const,
      location: "札幌市北区 札幌第1合同庁舎 会議室（オンライン同時配信あり）",
      application_starts_at: tokyoAt14(now, -75),
      application_ends_at: tokyoAt14(now, -45),
    },
    {
      title: "北海道ガバメントピッチ2026 — 移動・買い物・通いの場",
      description:
        "自治体が地域課題を発表し、企業の皆さまから解決策のご提案を募ります。ピッチの後に個別相談の時間を設けます。",
      starts_at: tokyoAt14(now, 45),
      format: "online" as const,
      location: "オンライン（参加希望の企業に URL をお知らせします）",
      application_starts_at: tokyoAt14(now, -7),
      application_ends_at: tokyoAt14(now, 30),
    },
  ];

  let entries = 0;
  for (const [index, d] of definitions.entries()) {
    const eventId = randomUUID();
    const values = d;
    await trx
      .insertInto("pitch_event")
      .values({
        id: eventId,
        organization_id: bureau.id,
        bureau_id: bureau.bureau_id,
        status: "published",
        created_by: bureauAdmin?.user_id ?? null,
        ...values,
      })
      .execute();
    for (const m of invited) {
      await trx
        .insertInto("pitch_event_invitation")
        .values({
          id: randomUUID(),
          event_id: eventId,
          organization_id: m.org.id,
          invited_by: bureauAdmin?.user_id ?? null,
        })
        .execute();
      const own = pitches.filter((p) => p.organization_id === m.org.id);
      // The past event shows each municipality's first pitch; the upcoming one its second (or its first); 様似町's
      // entry to the upcoming event still awaits the bureau's review.
      const pitch = index === 0 ? own[0] : (own[1] ?? own[0]);
      if (pitch) {
        const pendingReview = index === 1 && m.name === "様似町";
        await trx
          .insertInto("pitch_event_entry")
          .values({
            id: randomUUID(),
            event_id: eventId,
            pitch_id: pitch.id,
            organization_id: m.org.id,
            status: pendingReview ? "submitted" : "approved",
            reviewed_by: pendingReview ? null : (bureauAdmin?.user_id ?? null),
            reviewed_at: pendingReview ? null : now,
            submitted_by: m.org.authorId,
          })
          .execute();
        entries++;
      }
    }
    await recordAudit(trx, {
      actor: null,
      organizationId: bureau.id,
      action: "demo.seed_event",
      entityType: "pitch_event",
      entityId: eventId,
      changes: { title: d.title, invited: invited.map((m) => m.name) },
    });
  }
  return { events: definitions.length, entries };
}
