// An organisation linked to an abolished municipality or ward (廃置分合) is offered its successor by the operator.
// The organisation moves to the successor's code (and its name, when it was the old municipality's name); its pitches,
// budgets and pilots keep the code they were made under. Audited in the same transaction.
import { assertCan, type MemberActor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { currentSuccessors } from "~/domain/reference/municipality-master.queries.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

export async function relinkOrganizationMunicipality(
  actor: MemberActor,
  input: { organizationId: string; municipalityCode: string },
) {
  assertCan(actor, { action: "operator.manageReferenceData" }, "市区町村の付け替えは、運営事務局が行います。");
  try {
    return await inTransaction(async (trx) => {
      const organization = await trx
        .selectFrom("organization")
        .innerJoin("municipality", "municipality.code", "organization.municipality_code")
        .select(["organization.id", "organization.name", "organization.municipality_code"])
        .select(["municipality.name as municipality_name", "municipality.abolished_on"])
        .where("organization.id", "=", input.organizationId)
        .where("organization.kind", "=", "municipality")
        .forUpdate("organization")
        .executeTakeFirst();
      if (!organization) throw new AppError("not_found", "組織が見つかりません。");
      if (!organization.abolished_on || !organization.municipality_code)
        throw new AppError("conflict", "この組織の市区町村は現在も有効です。付け替えは不要です。");
      const successors = (await currentSuccessors(trx, [organization.municipality_code])).get(
        organization.municipality_code,
      );
      const successor = successors?.find((s) => s.code === input.municipalityCode);
      if (!successor)
        throw new AppError("bad_request", "後継の市区町村から選んでください。", { field: "municipalityCode" });
      const name = organization.name === organization.municipality_name ? successor.name : organization.name;
      await trx
        .updateTable("organization")
        .set({ municipality_code: successor.code, name })
        .where("id", "=", organization.id)
        .execute();
      await recordAudit(trx, {
        actor,
        organizationId: organization.id,
        action: "organization.municipality_relinked",
        entityType: "organization",
        entityId: organization.id,
        changes: {
          municipality_code: { from: organization.municipality_code, to: successor.code },
          ...(name !== organization.name ? { name: { from: organization.name, to: name } } : {}),
        },
      });
      return { name };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        "conflict",
        "その市区町村の組織がすでに登録されています。組織の統合は運営事務局で個別に行ってください。",
        {
          field: "municipalityCode",
        },
      );
    throw error;
  }
}
