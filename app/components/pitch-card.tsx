import { Link } from "@remix-run/react";
import { pitchStatusLabels, themeLabel } from "~/domain/pitches/catalog.data";
import { formatDateTime, formatYen } from "~/lib/format";

export function PitchStatusBadge({ status, open }: { status: keyof typeof pitchStatusLabels; open: boolean }) {
  if (open) return <span className="badge badge--ok">募集中</span>;
  // Published but past its deadline: the auto-close job has not run yet, but it is closed for proposals.
  const label = status === "published" ? "募集終了" : pitchStatusLabels[status];
  return <span className="badge badge--muted">{label}</span>;
}

export interface PitchCardData {
  id: string;
  title: string;
  summary: string;
  status: keyof typeof pitchStatusLabels;
  openForProposals: boolean;
  municipality: { name: string };
  prefecture: { name: string };
  themes: string[];
  budgetCeilingYen: number | null;
  proposalDeadline: string | null;
}

export function PitchCard({ pitch, headingLevel = 2 }: { pitch: PitchCardData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card pitch-card" aria-labelledby={`pitch-${pitch.id}`}>
      <Heading id={`pitch-${pitch.id}`} className="pitch-card__title">
        <Link to={`/pitches/${pitch.id}`}>{pitch.title}</Link>
        <PitchStatusBadge status={pitch.status} open={pitch.openForProposals} />
      </Heading>
      <p className="pitch-card__place">
        {pitch.prefecture.name} {pitch.municipality.name}
      </p>
      {pitch.summary ? <p>{pitch.summary}</p> : null}
      {pitch.themes.length > 0 ? (
        <ul className="tags" aria-label="テーマ">
          {pitch.themes.map((t) => (
            <li key={t}>{themeLabel(t)}</li>
          ))}
        </ul>
      ) : null}
      <dl className="pitch-card__facts">
        <div>
          <dt>予算上限</dt>
          <dd>{formatYen(pitch.budgetCeilingYen)}</dd>
        </div>
        <div>
          <dt>提案締切</dt>
          <dd>{formatDateTime(pitch.proposalDeadline)}</dd>
        </div>
      </dl>
    </article>
  );
}
