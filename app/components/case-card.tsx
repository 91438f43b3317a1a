import { Link } from "@remix-run/react";
import { PILOT_RESULT_LABELS } from "~/domain/outcomes/pilot-result.schema";
import { formatDateTime } from "~/lib/format";

export interface CaseCardData {
  pilotId: string;
  title: string;
  problem: string;
  municipalityName: string;
  prefectureName: string | null;
  companyName: string;
  result: keyof typeof PILOT_RESULT_LABELS | null;
  publishedAt: string;
}

/** One published case study in a list (the public /cases page and the home page). */
export function CaseCard({ item, headingLevel = 2 }: { item: CaseCardData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card pitch-card" aria-labelledby={`case-${item.pilotId}`}>
      <Heading id={`case-${item.pilotId}`} className="pitch-card__title">
        <Link to={`/cases/${item.pilotId}`}>{item.title}</Link>
        {item.result ? <span className="badge badge--ok">{PILOT_RESULT_LABELS[item.result]}</span> : null}
      </Heading>
      <p className="pitch-card__place">
        {item.prefectureName ? `${item.prefectureName} ` : ""}
        {item.municipalityName} × {item.companyName}
      </p>
      <p>{item.problem}</p>
      <p className="small muted">{formatDateTime(item.publishedAt).slice(0, 10)} 公開</p>
    </article>
  );
}
