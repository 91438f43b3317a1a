import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/guards.server";
import { handle } from "~/web/http.server";

const homeByKind = {
  company: "/company",
  municipality: "/municipality",
  bureau: "/bureau",
  operator: "/admin",
} as const;

/** Sends each user to the workspace of their organisation's kind. */
export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  throw redirect(actor.membership ? homeByKind[actor.membership.kind] : "/onboarding");
});
