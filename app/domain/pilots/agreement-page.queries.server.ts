// What the agreement page, its print view and its PDF show: the versions, the one asked for, a comparison of two,
// and what the viewer may do. Reads only (an operator's read is audited by findPilotForActor, before this runs).
import { z } from "zod";
import type { AgreementSide } from "@db/schema";
import { type MemberActor, can } from "~/auth/permissions";
import { db } from "~/lib/db.server";
import type { AgreementContent } from "./agreement-content.schema";
import { diffAgreements, type AgreementChange } from "./agreement-diff.rules";
import { signingProblems, type AgreementProblem } from "./agreement.rules";
import { listAgreementVersions, type AgreementVersionView } from "./agreements.queries.server";
import { ownOrganizationId, type AccessiblePilot } from "./pilots.access.server";
import { pilotParties } from "./pilots.queries.server";

const versionNumber = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);

export const AgreementQuerySchema = z.object({
  version: versionNumber,
  from: versionNumber,
  to: versionNumber,
  /** ?edit=1: the editor instead of the document (for those who may edit an unsigned latest version). */
  edit: z.literal("1").optional().catch(undefined),
});
export type AgreementQuery = z.infer<typeof AgreementQuerySchema>;

export function agreementQuery(request: Request): AgreementQuery {
  const params = new URL(request.url).searchParams;
  return AgreementQuerySchema.parse({
    version: params.get("version") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    edit: params.get("edit") ?? undefined,
  });
}

const summary = ({ content: _content, ...v }: AgreementVersionView) => v;

export async function agreementPageData(actor: MemberActor, access: AccessiblePilot, query: AgreementQuery) {
  const { pilot, side } = access;
  const [versions, parties] = await Promise.all([listAgreementVersions(db(), pilot.id), pilotParties(db(), pilot)]);
  const latest = versions[0];
  if (!latest) throw new Error(`pilot ${pilot.id} has no agreement version`);
  const byNumber = (n: number | undefined) => (n === undefined ? undefined : versions.find((v) => v.number === n));
  const shown = byNumber(query.version) ?? latest;
  let comparison: { from: number; to: number; changes: AgreementChange[] } | null = null;
  if (versions.length > 1) {
    const from = byNumber(query.from) ?? versions[1]!;
    const to = byNumber(query.to) ?? latest;
    comparison = { from: from.number, to: to.number, changes: diffAgreements(from.content, to.content) };
  }
  const organizationId = ownOrganizationId(access);
  const open = pilot.status === "agreement" || pilot.status === "running";
  const ownSide: AgreementSide | null = side === "operator" ? null : side;
  return {
    pilot: { id: pilot.id, title: pilot.title, status: pilot.status, signedVersionId: pilot.signed_version_id },
    side,
    ownSide,
    ownOrganizationName:
      ownSide === "municipality" ? parties.municipalityName : ownSide === "company" ? parties.companyName : "",
    parties,
    versions: versions.map(summary),
    latest: summary(latest),
    latestContent: latest.content,
    shown: { ...summary(shown), content: shown.content },
    signedVersionNumber: versions.find((v) => v.id === pilot.signed_version_id)?.number ?? null,
    comparison,
    problems: signingProblems(latest.content) as AgreementProblem[],
    canEdit: open && organizationId !== null && can(actor, { action: "agreement.edit", organizationId }),
    editing: query.edit === "1",
    canSign: open && organizationId !== null && can(actor, { action: "agreement.sign", organizationId }),
  };
}

export interface AgreementDocument {
  title: string;
  parties: { municipalityName: string; companyName: string };
  version: { number: number; content: AgreementContent; locked: boolean; updatedAt: string; changeNote: string };
  signatures: AgreementVersionView["signatures"];
  /** Both parties signed this version. */
  concluded: boolean;
  /** The version the pilot runs on, when it is another one. */
  signedVersionNumber: number | null;
}

/**
 * One version as a document for printing or PDF: `?version=N`, else the version both parties signed, else the latest.
 * Null when the version asked for does not exist.
 */
export async function agreementDocument(
  access: AccessiblePilot,
  query: AgreementQuery,
): Promise<AgreementDocument | null> {
  const { pilot } = access;
  const [versions, parties] = await Promise.all([listAgreementVersions(db(), pilot.id), pilotParties(db(), pilot)]);
  const version =
    query.version !== undefined
      ? versions.find((v) => v.number === query.version)
      : (versions.find((v) => v.id === pilot.signed_version_id) ?? versions[0]);
  if (!version) return null;
  return {
    title: pilot.title,
    parties,
    version: {
      number: version.number,
      content: version.content,
      locked: version.locked,
      updatedAt: version.updatedAt,
      changeNote: version.changeNote,
    },
    signatures: version.signatures,
    concluded: version.signatures.length === 2,
    signedVersionNumber: versions.find((v) => v.id === pilot.signed_version_id)?.number ?? null,
  };
}
