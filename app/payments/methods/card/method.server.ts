import { payments } from "../../../../db/schema";
import { now } from "~/lib/clock";
import { recordLedgerEntry } from "../../ledger.server";
import { cardPaymentsEnabled } from "../../stripe.server";
import type { PaymentMethod } from "../method";

/**
 * A card through Stripe Checkout: one session for the whole checkout, paid to the platform's account
 * (decision 0018), confirmed only by the verified webhook. The platform holds the money, so each
 * order's payment is owed to its farm (card:<orderId>) and is refunded through Stripe.
 */
export const stripeCard: PaymentMethod = {
  id: "card",
  provider: "stripe",
  scope: "checkout",
  confirmation: "webhook",
  availableFor: () => cardPaymentsEnabled(),
  unavailableReason: null,
  createPaymentRows(db, checkout, orders) {
    if (orders.length === 0) return [];
    const at = now();
    return db
      .insert(payments)
      .values({ checkoutId: checkout.id, provider: "stripe", amountVnd: orders.reduce((sum, o) => sum + o.totalVnd, 0), createdAt: at, updatedAt: at })
      .returning()
      .all();
  },
  holder: () => "platform",
  refundMethod: () => "stripe",
  onPaid(db, orders) {
    for (const order of orders) {
      recordLedgerEntry(db, {
        householdId: order.householdId,
        orderId: order.id,
        kind: "card_payment",
        amountVnd: order.totalVnd,
        sourceKey: `card:${order.id}`,
        note: order.code,
      });
    }
  },
};
