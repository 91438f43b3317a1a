// Pilots: started by the municipality from an accepted (and announced) proposal, with the first agreement version drafted
// from the pitch and the proposal in the same transaction. Listing and reading are scoped to the actor's organisation.
import { type MemberActor, can } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { queueEmail } from "~/domain/mail/outbox.commands.server";
import { createNotification } from "~/domain/notifications/notifications.commands.server";
import { membersOf } from "~/domain/organizations/recipients.queries.server";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { siteUrl } from "~/lib/site-url.server";
import { prefillAgreement } from "./agreement-prefill.rules";

/**
 * Starts the pilot of an accepted proposal whose result has been announced to the company. Starting twice returns the
 * pilot already started (a double click, or two admins at once) instead of failing.
 */
export async function startPilotFromMatch(
  actor: MemberActor,
  proposalId: string,
  now = new Date(),
): Promise<{ pilotId: string; created: boolean }> {
  return inTransaction(async (trx) => {
    const row = await trx
      .selectFrom("proposal as p")
      .innerJoin("pitch", "pitch.id", "p.pitch_id")
      .innerJoin("organization as company", "company.id", "p.organization_id")
      .innerJoin("organization as municipality", "municipality.id", "p.pitch_organization_id")
      .leftJoin("proposal_decision as d", "d.proposal_id", "p.id")
      .select(["p.id", "p.organization_id", "p.pitch_organization_id"])
      .select(["p.title as proposal_title", "p.approach", "p.implementation_plan"])
      .select(["p.resident_participation", "p.company_contribution", "p.schedule", "p.kpis"])
      .select(["p.requested_funding_yen", "pitch.id as pitch_id", "pitch.title"])
      .select(["pitch.area_name", "pitch.pilot_start_on", "pitch.pilot_end_on"])
      .select(["pitch.resources_offered", "pitch.target_people"])
      .select(["company.name as company_name", "municipality.name as municipality_name"])
      .select(["d.outcome", "d.published_at"])
      .where("p.id", "=", proposalId)
      .where("p.pitch_organization_id", "=", actor.membership.organizationId)
      .executeTakeFirst();
    if (!row || !can(actor, { action: "pilot.view", organizationId: row.pitch_organization_id })) {
      throw new AppError("not_found", "提案が見つかりません。");
    }
    if (!can(actor, { action: "pilot.start", organizationId: row.pitch_organization_id })) {
      throw new AppError("forbidden", "実証を開始できるのは、確認済みの自治体の管理者です。");
    }
    const existing = await trx.selectFrom("pilot").select("id").where("proposal_id", "=", row.id).executeTakeFirst();
    if (existing) return { pilotId: existing.id, created: false };
    if (row.outcome !== "accepted") throw new AppError("conflict", "採択した提案についてのみ実証を開始できます。");
    if (!row.published_at) throw new AppError("conflict", "審査結果を企業に公開してから実証を開始してください。");

    const inserted = await trx
      .insertInto("pilot")
      .values({
        proposal_id: row.id,
        pitch_id: row.pitch_id,
        municipality_id: row.pitch_organization_id,
        company_id: row.organization_id,
        title: row.title.slice(0, 200),
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column("proposal_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const raced = await trx
        .selectFrom("pilot")
        .select("id")
        .where("proposal_id", "=", row.id)
        .executeTakeFirstOrThrow();
      return { pilotId: raced.id, created: false };
    }
    const content = prefillAgreement(row, row, { municipality: row.municipality_name, company: row.company_name });
    await trx
      .insertInto("pilot_agreement_version")
      .values({
        pilot_id: inserted.id,
        version_number: 1,
        content: JSON.stringify(content),
        change_note: "採択された提案とピッチから作成",
        created_by: actor.userId,
        updated_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: row.pitch_organization_id,
      action: "pilot.start",
      entityType: "pilot",
      entityId: inserted.id,
      changes: { proposal_id: row.id, company_id: row.organization_id },
    });
    const members = await membersOf(trx, row.organization_id);
    const linkPath = `/pilots/${inserted.id}`;
    for (const member of members) {
      await createNotification(trx, {
        userId: member.id,
        kind: "pilot_started",
        title: `実証「${row.title}」が始まりました`,
        body: `${row.municipality_name}が実証協定書の案を作成しました。内容を確認してください。`,
        linkPath,
      });
      await queueEmail(trx, {
        to: member.email,
        subject: `【ガバメントピッチ】実証「${row.title}」の協定書案が作成されました`,
        body: [
          `${member.display_name} 様`,
          "",
          `${row.municipality_name}が、採択された提案「${row.proposal_title}」の実証を開始し、協定書の案を作成しました。`,
          "",
          `協定書を確認する: ${siteUrl()}${linkPath}/agreement`,
        ].join("\n"),
      });
    }
    return { pilotId: inserted.id, created: true };
  });
}
