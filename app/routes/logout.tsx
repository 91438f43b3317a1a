import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession, readSessionToken } from "~/auth/session.server";
import { withNotice } from "~/web/notices";
import { handle } from "~/web/http.server";

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const cookie = await endSession(readSessionToken(request));
  return redirect(withNotice("/login", "signed-out"), { headers: { "Set-Cookie": cookie } });
});

// Signing out changes state, so it is never a GET.
export const loader = () => redirect("/");
