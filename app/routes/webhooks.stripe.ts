import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { refundWholeOrder } from "~/payments/refunds.server";
import { stripeClient } from "~/payments/stripe.server";
import { handleStripeEvent, InvalidSignatureError, verifyStripeEvent } from "~/payments/webhook.server";

/** Larger than any Stripe event; a bigger body is not Stripe. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * POST /webhooks/stripe. The signature is checked on the RAW body (the server parses no body
 * before Remix), a bad one gets 400; each event id is applied once, so Stripe's retries and
 * replays are harmless. Money that arrived for an order closed meanwhile is refunded here,
 * after the database transaction.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
  if (!stripeClient()) return json({ error: "card payments are not configured" }, { status: 404 });
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_BODY_BYTES) return json({ error: "payload too large" }, { status: 413 });
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) return json({ error: "payload too large" }, { status: 413 });

  let event;
  try {
    event = verifyStripeEvent(raw, request.headers.get("Stripe-Signature"));
  } catch (error) {
    if (error instanceof InvalidSignatureError) {
      context.log?.warn({ reason: error.message }, "stripe webhook: bad signature");
      return json({ error: "invalid signature" }, { status: 400 });
    }
    throw error;
  }

  const result = handleStripeEvent(db(), event);
  context.log?.info({ eventId: event.id, type: event.type, outcome: result.outcome, checkoutId: result.checkoutId }, "stripe webhook");
  for (const orderId of result.refundOrderIds) {
    try {
      await refundWholeOrder(db(), orderId);
    } catch (error) {
      // The event is recorded; the refund is retried by hand from the log (Stripe will not resend).
      context.log?.error({ err: error, orderId }, "refund of a late card payment failed");
    }
  }
  return json({ received: true, outcome: result.outcome });
}

export function loader() {
  return json({ error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}
