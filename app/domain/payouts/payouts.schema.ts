// The forms of the payouts page (safe in the browser).
import { z } from "zod";

export const PayoutActionSchema = z.strictObject({
  intent: z.enum(["onboard", "refresh"], {
    error: "操作の内容が正しくありません。ページを再読み込みしてからやり直してください。",
  }),
});

/** Where Stripe sends the user back: after onboarding (`return`), or when the link expired (`refresh`). */
export const PAYOUTS_PATH = "/company/payouts";
export const payoutsReturnPath = (kind: "return" | "refresh") => `${PAYOUTS_PATH}?stripe=${kind}`;

/** The events to subscribe to, by endpoint kind (README and the page's instructions for operators). */
export const STRIPE_PLATFORM_EVENTS = ["transfer.created", "transfer.reversed"] as const;
export const STRIPE_CONNECT_EVENTS = ["account.updated", "payout.paid", "payout.failed"] as const;
