import { and, eq } from "drizzle-orm";
import { payments } from "../../../../db/schema";
import { now } from "~/lib/clock";
import { AppError } from "~/lib/errors";
import { recordLedgerEntry } from "../../ledger.server";
import { cardPaymentsEnabled, stripeClient } from "../../stripe.server";
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
  async sendRefund(db, order, refund) {
    const stripe = stripeClient();
    if (!stripe) throw new AppError("orders:payments.errors.cardUnavailable", 503);
    const payment = db
      .select({ sessionId: payments.providerRef })
      .from(payments)
      .where(and(eq(payments.checkoutId, order.checkoutId), eq(payments.provider, "stripe")))
      .get();
    if (!payment?.sessionId) throw new Error(`paid card order ${order.id} has no Stripe session`);
    const session = await stripe.checkout.sessions.retrieve(payment.sessionId);
    const paymentIntent = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
    if (!paymentIntent) throw new Error(`Stripe session ${session.id} has no payment intent`);
    const created = await stripe.refunds.create(
      {
        payment_intent: paymentIntent,
        amount: refund.amountVnd,
        reason: "requested_by_customer",
        metadata: { order_id: String(order.id), checkout_id: String(order.checkoutId), refund_id: String(refund.id) },
      },
      // One Stripe refund per refunds row, whatever retries happen.
      { idempotencyKey: `refund-${refund.id}` },
    );
    return { providerRef: created.id };
  },
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
