import { verificationLabels } from "~/domain/organizations/organizations.schema";

export function VerificationBadge({ status }: { status: keyof typeof verificationLabels }) {
  const tone = status === "verified" ? "ok" : status === "rejected" ? "error" : "warn";
  return <span className={`badge badge--${tone}`}>{verificationLabels[status]}</span>;
}
