import { Form } from "@remix-run/react";
import { confirmWith } from "~/web/confirm";

/** Starts the pilot of an accepted, announced proposal (POST /pilots), after a confirmation. */
export function StartPilotForm({
  proposalId,
  label,
  id,
  className,
  buttonClassName = "button",
  disabled,
}: {
  proposalId: string;
  label: string;
  id?: string;
  className?: string;
  buttonClassName?: string;
  disabled?: boolean;
}) {
  return (
    <Form
      method="post"
      action="/pilots"
      id={id}
      className={className}
      onSubmit={confirmWith("この提案の実証を開始し、協定書の案を作成します。企業にお知らせします。よろしいですか？")}
    >
      <input type="hidden" name="proposalId" value={proposalId} />
      <button type="submit" className={buttonClassName} disabled={disabled}>
        {label}
      </button>
    </Form>
  );
}
