import type { FormEvent, MouseEvent } from "react";

/**
 * An onSubmit handler that asks before a destructive action; without JavaScript the form submits as it is.
 * With `onlyForIntent`, it asks only when the button pressed carries that value (a form with several actions).
 */
export const confirmWith =
  (message: string, options: { onlyForIntent?: string } = {}) =>
  (event: FormEvent<HTMLFormElement>) => {
    if (options.onlyForIntent !== undefined) {
      const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
      if (submitter?.value !== options.onlyForIntent) return;
    }
    if (!confirm(message)) event.preventDefault();
  };

/** The same question on one submit button's click (a form whose other buttons need no confirmation). */
export const confirmClick = (message: string) => (event: MouseEvent<HTMLButtonElement>) => {
  if (!confirm(message)) event.preventDefault();
};
