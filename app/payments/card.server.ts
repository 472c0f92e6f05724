/**
 * Card payments through Stripe Checkout. Every Stripe call happens OUTSIDE a database
 * transaction: read what is needed, await Stripe, then write in a short synchronous transaction.
 * One Checkout Session per checkout (idempotency key checkout-<id>); the order becomes paid only
 * through the webhook (webhook.server.ts).
 */
import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { checkouts, households, orders as ordersTable, payments, type Checkout, type Order, type Payment } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { isClosedOrder, ordersOfCheckout, stripePaymentOfCheckout } from "./payments.server";
import { stripeClient } from "./stripe.server";

const MIN_SESSION_SECONDS = 30 * 60;
const MAX_SESSION_SECONDS = 24 * 3600;

export type CardState = "paid" | "pending" | "failed" | "expired" | "refunded" | "closed";

interface CardCheckout {
  checkout: Checkout;
  orders: Order[];
  payment: Payment | undefined;
  state: CardState;
}

/** A buyer's card checkout and where its payment stands (for the redirect, success and cancel pages). */
export function cardCheckoutFor(db: Db, buyerUserId: number, checkoutId: number): CardCheckout | null {
  const checkout = db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.id, checkoutId), eq(checkouts.buyerUserId, buyerUserId)))
    .get();
  if (!checkout || checkout.paymentMethod !== "card") return null;
  const orders = ordersOfCheckout(db, checkout.id);
  const payment = stripePaymentOfCheckout(db, checkout.id);
  return { checkout, orders, payment, state: cardState(orders, payment) };
}

function cardState(orders: Order[], payment: Payment | undefined): CardState {
  if (payment?.status === "refunded" || (orders.length > 0 && orders.every((o) => o.paymentStatus === "refunded"))) return "refunded";
  if (payment?.status === "succeeded") return "paid";
  if (payment?.status === "expired" || orders.every((o) => o.status === "expired")) return "expired";
  if (orders.every(isClosedOrder)) return "closed";
  if (payment?.status === "failed") return "failed";
  return "pending";
}

/**
 * The Stripe Checkout Session for a card checkout: reused while open, created otherwise with the
 * idempotency key checkout-<id> (a double request or a retry gets the same session). VND is a
 * zero-decimal currency: unit_amount is the integer VND amount. Returns the hosted page's URL.
 */
export async function createStripeSession(
  db: Db,
  checkoutId: number,
  options: { baseUrl: string; locale?: Locale },
): Promise<{ url: string; sessionId: string }> {
  const stripe = stripeClient();
  if (!stripe) throw new AppError("orders:payments.errors.cardUnavailable", 503);
  const checkout = db.select().from(checkouts).where(eq(checkouts.id, checkoutId)).get();
  if (!checkout || checkout.paymentMethod !== "card") throw new AppError("common:errors.notFoundText", 404);
  const payment = stripePaymentOfCheckout(db, checkoutId);
  if (!payment) throw new Error(`card checkout ${checkoutId} has no stripe payment row`);
  if (payment.status === "succeeded" || payment.status === "refunded") throw new AppError("orders:payments.errors.alreadyPaid", 409);
  const lines = db
    .select({ order: ordersTable, farmName: households.displayName })
    .from(ordersTable)
    .innerJoin(households, eq(households.id, ordersTable.householdId))
    .where(eq(ordersTable.checkoutId, checkoutId))
    .orderBy(ordersTable.id)
    .all();
  if (payment.status === "expired" || lines.length === 0 || lines.every((l) => isClosedOrder(l.order))) {
    throw new AppError("orders:payments.errors.checkoutClosed", 409);
  }

  if (payment.providerRef) {
    const existing = await stripe.checkout.sessions.retrieve(payment.providerRef);
    if (existing.status === "open" && existing.url) return { url: existing.url, sessionId: existing.id };
    if (existing.status === "complete") throw new AppError("orders:payments.errors.alreadyPaid", 409);
    throw new AppError("orders:payments.errors.checkoutClosed", 409);
  }

  // Parameters must be identical on a retry with the same idempotency key, so everything below
  // derives from stored data (the orders' expiry), never from the clock alone.
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    client_reference_id: String(checkoutId),
    metadata: { checkout_id: String(checkoutId) },
    payment_intent_data: { metadata: { checkout_id: String(checkoutId) } },
    line_items: lines.map(({ order, farmName }) => ({
      quantity: 1,
      price_data: { currency: "vnd", unit_amount: order.totalVnd, product_data: { name: `${order.code} · ${farmName}` } },
    })),
    locale: options.locale ?? "vi",
    success_url: `${options.baseUrl}/thanh-toan/thanh-cong?checkout=${checkoutId}&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${options.baseUrl}/thanh-toan/huy?checkout=${checkoutId}`,
  };
  const expiresAt = lines[0].order.expiresAt;
  if (expiresAt) {
    const seconds = Math.floor(expiresAt.getTime() / 1000);
    const left = seconds - Math.floor(Date.now() / 1000);
    // Stripe takes 30 minutes to 24 hours; outside that its default (24 h) applies and a payment
    // arriving after our own expiry is refunded by the webhook.
    if (left >= MIN_SESSION_SECONDS + 60 && left <= MAX_SESSION_SECONDS) params.expires_at = seconds;
  }
  const session = await stripe.checkout.sessions.create(params, { idempotencyKey: `checkout-${checkoutId}` });
  db.update(payments)
    .set({ providerRef: session.id, updatedAt: new Date() })
    .where(and(eq(payments.id, payment.id), isNull(payments.providerRef)))
    .run();
  if (!session.url) throw new AppError("orders:payments.errors.checkoutClosed", 409);
  return { url: session.url, sessionId: session.id };
}
