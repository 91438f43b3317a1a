import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB, Organization } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { inTransaction } from "~/lib/db.server";
import { isUniqueViolation } from "~/lib/db-errors";
import { AppError } from "~/lib/errors";
import { formatDateJa } from "~/lib/format";
import { currentSuccessors } from "~/domain/reference/municipality-master.queries.server";
import type { OrganizationInput } from "./organizations.schema";

type Trx = Transaction<DB>;

async function resolveMunicipality(trx: Trx, prefectureCode: number, name: string) {
  const candidates = await trx
    .selectFrom("municipality")
    .select(["code", "name"])
    .where("prefecture_code", "=", prefectureCode)
    .where("name", "=", name)
    .where("abolished_on", "is", null)
    .execute();
  const match = candidates[0];
  if (!match) {
    const abolished = await trx
      .selectFrom("municipality")
      .select(["code", "name", "abolished_on"])
      .where("prefecture_code", "=", prefectureCode)
      .where("name", "=", name)
      .where("abolished_on", "is not", null)
      .executeTakeFirst();
    const successors = abolished ? (await currentSuccessors(trx, [abolished.code])).get(abolished.code) : undefined;
    if (abolished && successors?.length)
      throw new AppError(
        "bad_request",
        `${abolished.name}は${formatDateJa(abolished.abolished_on ?? "")}に廃止されました。現在の${successors.map((s) => s.name).join("または")}で登録してください。`,
        { field: "municipalityName" },
      );
    throw new AppError(
      "bad_request",
      "選択した都道府県にその名前の市区町村が見つかりません。正式名称（例: 美唄市、江差町）で入力してください。",
      {
        field: "municipalityName",
      },
    );
  }
  return match;
}

/** Creates an organisation with `userId` as its first admin. Municipalities and bureaus start unverified. */
export async function createOrganizationIn(trx: Trx, userId: string, input: OrganizationInput): Promise<Organization> {
  const existingMembership = await trx
    .selectFrom("membership")
    .select("organization_id")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (existingMembership) throw new AppError("conflict", "既に組織に所属しています。");

  const id = randomUUID();
  let values: Pick<
    Organization,
    "name" | "kind" | "municipality_code" | "corporate_number" | "bureau_id" | "verification_status"
  >;
  let duplicateMessage: string;
  let duplicateField: string;
  switch (input.kind) {
    case "company":
      values = {
        kind: "company",
        name: input.name,
        corporate_number: input.corporateNumber,
        municipality_code: null,
        bureau_id: null,
        verification_status: "unverified",
      };
      duplicateMessage = "この法人番号の組織は既に登録されています。組織の管理者に招待を依頼してください。";
      duplicateField = "corporateNumber";
      break;
    case "municipality": {
      const municipality = await resolveMunicipality(trx, input.prefectureCode, input.municipalityName);
      values = {
        kind: "municipality",
        name: municipality.name,
        municipality_code: municipality.code,
        corporate_number: null,
        bureau_id: null,
        verification_status: "unverified",
      };
      duplicateMessage = `${municipality.name}は既に登録されています。組織の管理者に招待を依頼してください。`;
      duplicateField = "municipalityName";
      break;
    }
    case "bureau": {
      const bureau = await trx
        .selectFrom("regional_bureau")
        .select(["id", "name"])
        .where("id", "=", input.bureauId)
        .executeTakeFirst();
      if (!bureau) throw new AppError("bad_request", "所属する局を選択してください。", { field: "bureauId" });
      values = {
        kind: "bureau",
        name: bureau.name,
        bureau_id: bureau.id,
        municipality_code: null,
        corporate_number: null,
        verification_status: "unverified",
      };
      duplicateMessage = `${bureau.name}は既に登録されています。組織の管理者に招待を依頼してください。`;
      duplicateField = "bureauId";
      break;
    }
  }

  const duplicate = await trx
    .selectFrom("organization")
    .select("id")
    .where((eb) =>
      values.kind === "company"
        ? eb("corporate_number", "=", values.corporate_number)
        : values.kind === "municipality"
          ? eb("municipality_code", "=", values.municipality_code)
          : eb("bureau_id", "=", values.bureau_id),
    )
    .executeTakeFirst();
  if (duplicate) throw new AppError("conflict", duplicateMessage, { field: duplicateField });

  const organization = await trx
    .insertInto("organization")
    .values({ id, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.insertInto("membership").values({ user_id: userId, organization_id: id, role: "admin" }).execute();
  const actor = { userId, membership: null };
  await recordAudit(trx, {
    actor,
    organizationId: id,
    action: "organization.create",
    entityType: "organization",
    entityId: id,
    changes: {
      kind: values.kind,
      name: values.name,
      municipality_code: values.municipality_code,
      corporate_number: values.corporate_number,
      bureau_id: values.bureau_id,
    },
  });
  await recordAudit(trx, {
    actor,
    organizationId: id,
    action: "membership.add",
    entityType: "membership",
    entityId: userId,
    changes: { role: { from: null, to: "admin" } },
  });
  return organization;
}

/**
 * Creates the organisation in its own transaction. The duplicate checks above read before they write, so two
 * simultaneous requests can both pass them; the unique indexes then refuse one, which becomes the same form
 * error as a sequential duplicate instead of a 500.
 */
export async function createOrganization(userId: string, input: OrganizationInput): Promise<Organization> {
  try {
    return await inTransaction((trx) => createOrganizationIn(trx, userId, input));
  } catch (error) {
    if (isUniqueViolation(error, "membership_pkey"))
      throw new AppError("conflict", "既に組織に所属しています。", { cause: error });
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        "同じ組織の登録が同時に行われました。入力内容をご確認のうえ、もう一度お試しください。",
        { cause: error },
      );
    }
    throw error;
  }
}
