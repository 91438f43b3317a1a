import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { startSession } from "~/auth/session.server";
import { withNotice, type NoticeCode } from "~/web/notices";
import { formValues } from "~/lib/forms";
import { appErrorToFormFailure, formFailure } from "~/web/http.server";
import { clientIp } from "~/lib/rate-limit.server";
import { signUp } from "~/domain/accounts/accounts.commands.server";
import { parseSignUpForm } from "~/domain/accounts/sign-up.schema";
import { readForm } from "~/web/input.server";

/** The action of both sign-up forms (new organisation, or joining by invitation): sign up, then sign in. */
export async function signUpAndSignIn({ request, context }: ActionFunctionArgs, notice: NoticeCode) {
  const formData = await readForm(request);
  const parsed = parseSignUpForm(formData);
  if (!parsed.ok) return formFailure(parsed);
  let userId: string;
  try {
    ({ userId } = await signUp(parsed.data, { ip: clientIp(context) }));
  } catch (error) {
    return appErrorToFormFailure(error, formValues(formData));
  }
  const cookie = await startSession(userId);
  return redirect(withNotice("/dashboard", notice), { headers: { "Set-Cookie": cookie } });
}
