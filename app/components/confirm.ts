import type { FormEvent } from "react";

/** An onSubmit handler that asks before a destructive action; without JavaScript the form submits as it is. */
export const confirmWith = (message: string) => (event: FormEvent<HTMLFormElement>) => {
  if (!confirm(message)) event.preventDefault();
};
