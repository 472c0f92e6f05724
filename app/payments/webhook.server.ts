/**
 * Stripe webhook events → payment and order state. Each event id is handled once (stripe_events),
 * inside one synchronous transaction with its effects, so a replay changes nothing. Payment rows
 * only move forward (pending → failed → succeeded → refunded; pending/failed → expired), so
 * events arriving out of order cannot undo a payment.
 */
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { payments, stripeEvents, type Order, type Payment } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { paymentMethod } from "./methods";
import { markStripeRefundSucceeded, recordRefundMadeAtStripe } from "./refunds.server";
import { orderSettlement } from "./order-settlement.server";
import { isClosedOrder, ordersOfCheckout } from "./payments.server";
import { stripeClient, webhookSecret } from "./stripe.server";

type WebhookOutcome =
  | "paid"
  | "already_paid"
  | "awaiting_payment"
  | "failed"
  | "expired"
  | "refunded"
  | "duplicate"
  | "ignored"
  | "amount_mismatch";

interface WebhookResult {
  outcome: WebhookOutcome;
  checkoutId?: number;
  /** orders whose money arrived after they were closed: the caller refunds them (outside the transaction) */
  refundOrderIds: number[];
}

export class InvalidSignatureError extends Error {}

/** Verifies the Stripe-Signature header on the raw body; throws InvalidSignatureError. */
export function verifyStripeEvent(rawBody: string, signature: string | null): Stripe.Event {
  const stripe = stripeClient();
  if (!stripe) throw new Error("Stripe is not configured");
  if (!signature) throw new InvalidSignatureError("missing Stripe-Signature header");
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, webhookSecret());
  } catch (error) {
    throw new InvalidSignatureError(error instanceof Error ? error.message : String(error));
  }
}

const result = (outcome: WebhookOutcome, checkoutId?: number, refundOrderIds: number[] = []): WebhookResult => ({ outcome, checkoutId, refundOrderIds });

/** Our card payment row for a session: by its id, else by the checkout id we put in its metadata. */
function paymentForSession(db: Db, session: Pick<Stripe.Checkout.Session, "id" | "metadata" | "client_reference_id">): Payment | undefined {
  const byRef = db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, "stripe"), eq(payments.providerRef, session.id)))
    .get();
  if (byRef) return byRef;
  const checkoutId = Number(session.metadata?.checkout_id ?? session.client_reference_id);
  if (!Number.isInteger(checkoutId) || checkoutId <= 0) return undefined;
  const row = paymentForCheckout(db, checkoutId);
  // The event can arrive before we stored the session id (our write failed after Stripe answered).
  if (row && !row.providerRef) {
    db.update(payments).set({ providerRef: session.id, updatedAt: new Date() }).where(eq(payments.id, row.id)).run();
    return { ...row, providerRef: session.id };
  }
  return row?.providerRef === session.id ? row : undefined;
}

function paymentForCheckout(db: Db, checkoutId: number): Payment | undefined {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.checkoutId, checkoutId), eq(payments.provider, "stripe")))
    .get();
}

function setPaymentRow(db: Db, payment: Payment, status: Payment["status"]) {
  db.update(payments).set({ status, updatedAt: new Date() }).where(eq(payments.id, payment.id)).run();
}

function markPaid(db: Db, payment: Payment, amountTotal: number | null): WebhookResult {
  const checkoutId = payment.checkoutId!;
  if (payment.status === "succeeded" || payment.status === "refunded") return result("already_paid", checkoutId);
  if (amountTotal !== payment.amountVnd) return result("amount_mismatch", checkoutId);
  setPaymentRow(db, payment, "succeeded");
  const orders = ordersOfCheckout(db, checkoutId).filter((o) => o.paymentStatus !== "paid" && o.paymentStatus !== "refunded");
  if (orders.length > 0) orderSettlement().setPaymentStatus(db, orders.map((o) => o.id), "paid", "card payment received (Stripe)");
  // The platform now holds each order's money for its farm (card:<orderId> in the ledger).
  paymentMethod("card").onPaid(db, orders);
  // Money for an order that expired or was cancelled while the buyer was paying goes back.
  return result("paid", checkoutId, orders.filter(isClosedOrder).map((o) => o.id));
}

function expire(db: Db, payment: Payment): WebhookResult {
  const checkoutId = payment.checkoutId!;
  if (payment.status !== "pending" && payment.status !== "failed") return result("ignored", checkoutId);
  setPaymentRow(db, payment, "expired");
  orderSettlement().expireCheckoutOrders(db, checkoutId, "card payment not completed");
  return result("expired", checkoutId);
}

function fail(db: Db, payment: Payment): WebhookResult {
  // A failed attempt leaves the session open for another card; it never undoes a payment.
  if (payment.status !== "pending") return result("ignored", payment.checkoutId!);
  setPaymentRow(db, payment, "failed");
  return result("failed", payment.checkoutId!);
}

function refund(db: Db, charge: Stripe.Charge): WebhookResult {
  const checkoutId = Number(charge.metadata?.checkout_id);
  const payment = Number.isInteger(checkoutId) && checkoutId > 0 ? paymentForCheckout(db, checkoutId) : undefined;
  if (!payment) return result("ignored");
  const orders = ordersOfCheckout(db, checkoutId);
  // Our refunds name their refunds row (refunds.server.ts): each is recorded once, with the ledger.
  const ours = (charge.refunds?.data ?? []).filter((r) => Number(r.metadata?.refund_id) > 0);
  for (const r of ours) markStripeRefundSucceeded(db, Number(r.metadata!.refund_id), r.id);
  // The whole charge refunded at Stripe (by hand in its dashboard): every order of the checkout.
  const refunded: Order[] = charge.refunded ? orders : [];
  for (const order of refunded) recordRefundMadeAtStripe(db, order.id, charge.id);
  if (charge.refunded && payment.status !== "refunded") setPaymentRow(db, payment, "refunded");
  return result(refunded.length + ours.length > 0 ? "refunded" : "ignored", checkoutId);
}

/**
 * Applies one verified event. Synchronous: called by the webhook route after verification; the
 * event id is recorded in the same transaction as its effects.
 */
export function handleStripeEvent(db: Db, event: Stripe.Event): WebhookResult {
  return db.transaction(() => {
    const inserted = db.insert(stripeEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing().run();
    if (inserted.changes === 0) return result("duplicate");
    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded": {
        const session = event.data.object;
        const payment = paymentForSession(db, session);
        if (!payment) return result("ignored");
        // Delayed methods complete the session unpaid and succeed later (async_payment_succeeded).
        if (session.payment_status === "unpaid") return result("awaiting_payment", payment.checkoutId!);
        return markPaid(db, payment, session.amount_total);
      }
      case "checkout.session.async_payment_failed": {
        const payment = paymentForSession(db, event.data.object);
        return payment ? fail(db, payment) : result("ignored");
      }
      case "checkout.session.expired": {
        const payment = paymentForSession(db, event.data.object);
        return payment ? expire(db, payment) : result("ignored");
      }
      case "payment_intent.payment_failed": {
        const checkoutId = Number(event.data.object.metadata?.checkout_id);
        const payment = Number.isInteger(checkoutId) && checkoutId > 0 ? paymentForCheckout(db, checkoutId) : undefined;
        return payment ? fail(db, payment) : result("ignored");
      }
      case "charge.refunded":
        return refund(db, event.data.object);
      default:
        return result("ignored");
    }
  }, { behavior: "immediate" });
}
