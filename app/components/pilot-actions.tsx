import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { StartPilotForm } from "~/components/start-pilot-form";

interface Action {
  kind: string;
  text: string;
  subject: string;
  href: string;
  dueAt: string | null;
  proposalId?: string;
}

/** The pilot work waiting for the viewer, each one click from where it is done; late ones marked. */
export function PilotActionItems({ actions, canStart = false }: { actions: readonly Action[]; canStart?: boolean }) {
  return (
    <>
      {actions.map((a) => (
        <li key={`${a.kind}-${a.href}`}>
          {a.kind === "reportLate" ? <span className="badge badge--warn">期限切れ</span> : null} {a.text}:{" "}
          <Link to={a.href}>{a.subject}</Link>
          {a.dueAt && a.kind !== "reportLate" ? (
            <span className="small muted">（期限 {formatDateTime(a.dueAt)}）</span>
          ) : null}
          {a.kind === "start" && a.proposalId && canStart ? (
            <StartPilotForm
              proposalId={a.proposalId}
              label="実証を開始する"
              className="inline-form"
              buttonClassName="button button--secondary"
            />
          ) : null}
        </li>
      ))}
    </>
  );
}
