// Agreement versions, read side: every version with its signatures, newest first.
import type { AgreementSide } from "@db/schema";
import type { Executor } from "@db/database.server";
import { readAgreementContent, type AgreementContent, type AgreementMilestone } from "./agreement-content.schema";

const iso = (value: Date | string) => new Date(value).toISOString();

export interface AgreementSignatureView {
  side: AgreementSide;
  organizationName: string;
  signerName: string;
  signedAt: string;
}

export interface AgreementVersionView {
  id: string;
  number: number;
  content: AgreementContent;
  changeNote: string;
  locked: boolean;
  lockedAt: string | null;
  createdAt: string;
  createdByName: string | null;
  /** The time of the last change of content: the token a form sends back so that a stale form cannot overwrite. */
  updatedAt: string;
  updatedByName: string | null;
  signatures: AgreementSignatureView[];
}

/** Every version of a pilot's agreement, newest first, with who wrote and who signed it. */
export async function listAgreementVersions(ex: Executor, pilotId: string): Promise<AgreementVersionView[]> {
  const [versions, signatures] = await Promise.all([
    ex
      .selectFrom("pilot_agreement_version as v")
      .leftJoin("app_user as c", "c.id", "v.created_by")
      .leftJoin("app_user as u", "u.id", "v.updated_by")
      .select(["v.id", "v.version_number", "v.content", "v.change_note", "v.locked_at"])
      .select(["v.created_at", "v.updated_at", "c.display_name as created_by_name"])
      .select(["u.display_name as updated_by_name"])
      .where("v.pilot_id", "=", pilotId)
      .orderBy("v.version_number", "desc")
      .execute(),
    ex
      .selectFrom("pilot_agreement_signature as s")
      .innerJoin("organization as o", "o.id", "s.organization_id")
      .select(["s.version_id", "s.side", "s.signer_name", "s.signed_at", "o.name as organization_name"])
      .where("s.pilot_id", "=", pilotId)
      .orderBy("s.signed_at")
      .execute(),
  ]);
  return versions.map((v) => ({
    id: v.id,
    number: v.version_number,
    content: readAgreementContent(v.content),
    changeNote: v.change_note,
    locked: v.locked_at !== null,
    lockedAt: v.locked_at ? iso(v.locked_at) : null,
    createdAt: iso(v.created_at),
    createdByName: v.created_by_name,
    updatedAt: iso(v.updated_at),
    updatedByName: v.updated_by_name,
    signatures: signatures
      .filter((s) => s.version_id === v.id)
      .sort((a, b) => (a.side === b.side ? 0 : a.side === "municipality" ? -1 : 1))
      .map((s) => ({
        side: s.side,
        organizationName: s.organization_name,
        signerName: s.signer_name,
        signedAt: iso(s.signed_at),
      })),
  }));
}

export type PaymentPlanRow = AgreementMilestone & { amountYen: number };

/**
 * The payment plan of the signed agreement version: the rows with a title, a due date and a positive amount, which
 * funding can import as milestones. No signed version: no rows.
 */
export async function signedPaymentPlan(
  ex: Executor,
  signedVersionId: string | null,
): Promise<{ versionNumber: number | null; rows: PaymentPlanRow[] }> {
  const version = signedVersionId
    ? await ex
        .selectFrom("pilot_agreement_version")
        .select(["content", "version_number"])
        .where("id", "=", signedVersionId)
        .executeTakeFirst()
    : undefined;
  if (!version) return { versionNumber: null, rows: [] };
  const rows = readAgreementContent(version.content).milestones.filter((m): m is PaymentPlanRow =>
    Boolean(m.title && m.dueDate && m.amountYen && m.amountYen > 0),
  );
  return { versionNumber: version.version_number, rows };
}
