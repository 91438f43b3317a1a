import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession, readSessionToken } from "~/auth/session.server";
import { withNotice } from "~/components/notices";
import { handle } from "~/lib/http.server";

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const cookie = await endSession(readSessionToken(request));
  return redirect(withNotice("/login", "signed-out"), { headers: { "Set-Cookie": cookie } });
});

// Signing out changes state, so it is never a GET.
export const loader = () => redirect("/");
