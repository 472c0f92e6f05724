/**
 * Helpers for the complaints tests: delivered orders of a verified farm (cash collected, or paid by
 * card through the Stripe fake) and small photos. Not imported by application code.
 */
import sharp from "sharp";
import type { StripeFake } from "../../tests/stripe-fake";
import type { Db } from "~/lib/db.server";
import { transitionOrder } from "~/orders/state-machine.server";
import { createStripeSession } from "~/payments/card.server";
import { markCashCollected } from "~/payments/payments.server";
import { checkoutOf, type farmWithListing, makeBuyer } from "~/payments/test-fixtures";
import { handleStripeEvent } from "~/payments/webhook.server";

type Farm = Awaited<ReturnType<typeof farmWithListing>>;

/** A placed order of 2 units, taken by the farm through confirmed and shipped to `to`. */
export async function orderAt(db: Db, farm: Farm, to: "shipped" | "delivered", options: { card?: StripeFake } = {}) {
  const buyer = await makeBuyer(db);
  const { checkout, orders } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 2 }], options.card ? "card" : "cod");
  const order = orders[0];
  if (options.card) {
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: "http://localhost:3000" });
    handleStripeEvent(db, options.card.event("checkout.session.completed", options.card.completeSession(sessionId)));
  }
  transitionOrder(db, farm.farmer, order.id, "confirmed");
  transitionOrder(db, farm.farmer, order.id, "shipped");
  if (to === "delivered") {
    transitionOrder(db, farm.farmer, order.id, "delivered");
    if (!options.card) markCashCollected(db, farm.farmer, order.id);
  }
  return { buyer, order };
}

export function smallJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#c84" } }).jpeg().toBuffer();
}

export const form = (overrides: Partial<{ reason: string; description: string; remedy: string; amount: string }> = {}) => ({
  reason: "quality",
  description: "Xoài bị dập hai trái, một trái bị úng.",
  remedy: "partial_refund",
  amount: "20.000",
  ...overrides,
});
