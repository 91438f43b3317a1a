import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { StartPilotForm } from "~/components/start-pilot-form";

interface Action {
  kind: string;
  text: string;
  subject: string;
  href: string;
  dueAt: string | null;
  /** What the date is (「期限」 unless told: an event's date is 「開催」). */
  dueLabel?: string;
  proposalId?: string;
}

const LATE_KINDS = new Set(["reportLate", "followLateReport"]);

/** The work waiting for the viewer, each one click from where it is done; late ones marked. */
export function PilotActionItems({ actions, canStart = false }: { actions: readonly Action[]; canStart?: boolean }) {
  return (
    <>
      {actions.map((a) => (
        <li key={`${a.kind}-${a.href}`}>
          {LATE_KINDS.has(a.kind) ? <span className="badge badge--warn">期限切れ</span> : null} {a.text}:{" "}
          <Link to={a.href}>{a.subject}</Link>
          {a.dueAt && !LATE_KINDS.has(a.kind) ? (
            <span className="small muted">
              （{a.dueLabel ?? "期限"} {formatDateTime(a.dueAt)}）
            </span>
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
