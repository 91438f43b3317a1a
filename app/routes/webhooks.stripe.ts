// POST /webhooks/stripe: Stripe's event notifications. Not a session route: the only credential is the Stripe-Signature
// header over the raw body (the Origin check of server/security.js does not apply to this path). Answers:
// 404 when Stripe is not configured (the endpoint does not exist); 400 for a missing or bad signature (nothing is
// written); 200 once the event is applied, was applied before, or is of no interest; 500/503 when applying failed
// (nothing is kept, Stripe retries).
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { isStripeConfigured, constructStripeEvent } from "~/lib/stripe.server";
import { processStripeEvent } from "~/domain/payouts/stripe-webhooks.commands.server";
import { handle, isDatabaseUnavailable } from "~/web/http.server";

/** Stripe events are a few kilobytes; anything far larger is not one. */
const MAX_BODY_BYTES = 512 * 1024;

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return plain(405, "POST だけを受け付けます。");
  if (!isStripeConfigured()) return plain(404, "Stripe 連携は設定されていません。");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) return plain(413, "本文が大きすぎます。");
  const signature = request.headers.get("Stripe-Signature");
  const body = await request.text();
  if (!signature) return plain(400, "Stripe-Signature ヘッダーがありません。");
  if (body.length > MAX_BODY_BYTES) return plain(413, "本文が大きすぎます。");

  let event;
  try {
    event = constructStripeEvent(body, signature);
  } catch {
    return plain(400, "署名を検証できませんでした。");
  }

  try {
    const outcome = await processStripeEvent(event);
    return json({ received: true, outcome });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return plain(503, "一時的に処理できません。");
    console.error(`[stripe] webhook ${event.type} ${event.id} failed:`, error);
    return plain(500, "イベントを処理できませんでした。");
  }
});
