import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { deviceCookie, readDeviceToken } from "~/auth/device.server";
import { startSession } from "~/auth/session.server";
import { recordSignInDevice } from "~/domain/accounts/two-factor.commands.server";
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
  const headers = new Headers({ "Set-Cookie": await startSession(userId) });
  // The browser that signed up is the account's first known device (no "new device" e-mail for it).
  const device = await recordSignInDevice(userId, readDeviceToken(request), { ip: clientIp(context), notify: false });
  headers.append("Set-Cookie", deviceCookie(device));
  return redirect(withNotice("/dashboard", notice), { headers });
}
