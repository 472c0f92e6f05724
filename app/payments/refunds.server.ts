/**
 * The one way money goes back to a buyer, whatever the cause (a cancelled paid order, a lighter
 * packed weight, a complaint's decision). Each cause refunds once: the refunds row is unique by
 * (order, cause, cause ref) and claimed before any money moves, so a double tap, a retried job or a
 * second officer's decision cannot refund twice; and no order is refunded more than was paid.
 *
 * Who gives the money back follows who holds it: the card's money is refunded through Stripe; COD a
 * carrier collected is held by the platform, which owes it back; a VietQR transfer or cash the farm
 * took itself is owed back by the farm. Money the platform gives back leaves the farm's ledger.
 */
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { orders, payments, refunds, shipments, weightAdjustments, type Order, type Refund, type RefundCause, type RefundMethod } from "../../db/schema";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { recordLedgerEntry } from "./ledger.server";
import { paymentMethod } from "./methods";
import { orderSettlement } from "./order-settlement.server";
import { ordersOfCheckout } from "./payments.server";

export interface RefundRequest {
  orderId: number;
  amountVnd: number;
  cause: RefundCause;
  /** the weight adjustment's or complaint's id; none for a cancellation */
  causeRef?: string | number;
  note?: string | null;
}

export interface RefundOutcome {
  refund: Refund;
  /** false when this cause had already been refunded (nothing moved this time) */
  created: boolean;
}

/** What the buyer paid for this order so far (before any refund). */
export function amountPaidVnd(db: Db, order: Order): number {
  if (order.paymentMethod === "cod") {
    const shipment = db.select({ cod: shipments.codCollectedVnd }).from(shipments).where(eq(shipments.orderId, order.id)).get();
    if (shipment?.cod != null) return shipment.cod;
    return order.paymentStatus === "paid" || order.paymentStatus === "refunded" ? order.totalVnd : 0;
  }
  if (order.paymentStatus !== "paid" && order.paymentStatus !== "refunded") return 0;
  // A prepaid order paid its total as ordered; a packed weight changes the total afterwards.
  const first = db
    .select({ oldTotalVnd: weightAdjustments.oldTotalVnd })
    .from(weightAdjustments)
    .where(eq(weightAdjustments.orderId, order.id))
    .orderBy(asc(weightAdjustments.id))
    .limit(1)
    .get();
  return first?.oldTotalVnd ?? order.totalVnd;
}

/** Refunds that count against what was paid: every one not failed. */
export function amountRefundedVnd(db: Db, orderId: number): number {
  const row = db
    .select({ total: sql<number>`coalesce(sum(${refunds.amountVnd}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), ne(refunds.status, "failed")))
    .get();
  return row?.total ?? 0;
}

/** Who gives the money back follows who holds it: the order's payment method decides (methods/). */
function methodFor(db: Db, order: Order): RefundMethod {
  return paymentMethod(order.paymentMethod).refundMethod(db, order);
}

/** Claims the refund row (or finds the cause's earlier one) in one transaction. */
function claim(db: Db, request: RefundRequest): { refund: Refund; created: boolean; order: Order } {
  return db.transaction(
    () => {
      const order = db.select().from(orders).where(eq(orders.id, request.orderId)).get();
      if (!order) throw new AppError("common:errors.notFoundText", 404);
      const causeRef = request.causeRef === undefined ? "" : String(request.causeRef);
      const existing = db
        .select()
        .from(refunds)
        .where(and(eq(refunds.orderId, order.id), eq(refunds.cause, request.cause), eq(refunds.causeRef, causeRef)))
        .get();
      // A failed card refund is tried again under the same row (and the same Stripe idempotency key).
      if (existing && existing.status !== "failed") return { refund: existing, created: false, order };
      if (existing) return { refund: existing, created: true, order };
      const amount = request.amountVnd;
      if (!Number.isInteger(amount) || amount <= 0) throw new AppError("orders:refunds.errors.amount", 400, {}, "amount");
      const refundable = amountPaidVnd(db, order) - amountRefundedVnd(db, order.id);
      if (amount > refundable) throw new AppError("orders:refunds.errors.moreThanPaid", 409, { refundableVnd: refundable });
      const method = methodFor(db, order);
      const at = now();
      const refund = db
        .insert(refunds)
        .values({
          orderId: order.id,
          householdId: order.householdId,
          amountVnd: amount,
          cause: request.cause,
          causeRef,
          method,
          status: method === "stripe" ? "pending" : "owed",
          note: request.note ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      if (method === "platform_owes") takeOffLedger(db, refund);
      if (method !== "stripe") markOrderRefundedWhenWhole(db, order, `refund ${refund.id} owed`);
      return { refund, created: true, order };
    },
    { behavior: "immediate" },
  );
}

function takeOffLedger(db: Db, refund: Refund) {
  recordLedgerEntry(db, {
    householdId: refund.householdId,
    orderId: refund.orderId,
    kind: "refund",
    amountVnd: -refund.amountVnd,
    sourceKey: `refund:${refund.id}`,
    note: refund.cause,
  });
}

/** The order's payment reads "refunded" once everything paid has gone back. */
function markOrderRefundedWhenWhole(db: Db, order: Order, note: string) {
  if (order.paymentStatus !== "paid") return;
  if (amountRefundedVnd(db, order.id) < amountPaidVnd(db, order)) return;
  orderSettlement().setPaymentStatus(db, [order.id], "refunded", note);
  if (order.paymentMethod !== "card") return;
  const siblings = ordersOfCheckout(db, order.checkoutId);
  if (siblings.every((o) => o.id === order.id || o.paymentStatus !== "paid")) {
    db.update(payments)
      .set({ status: "refunded", updatedAt: now() })
      .where(and(eq(payments.checkoutId, order.checkoutId), eq(payments.provider, "stripe"), eq(payments.status, "succeeded")))
      .run();
  }
}

/**
 * Marks a card refund done (after Stripe answered, or its charge.refunded webhook arrived): once,
 * with the ledger entry and, when all is back, the order's payment status.
 */
export function markStripeRefundSucceeded(db: Db, refundId: number, stripeRefundId: string): void {
  db.transaction(
    () => {
      const refund = db.select().from(refunds).where(eq(refunds.id, refundId)).get();
      if (!refund || refund.method !== "stripe" || refund.status === "succeeded") return;
      const updated = db
        .update(refunds)
        .set({ status: "succeeded", providerRef: stripeRefundId, updatedAt: now() })
        .where(eq(refunds.id, refund.id))
        .returning()
        .get();
      takeOffLedger(db, updated);
      const order = db.select().from(orders).where(eq(orders.id, refund.orderId)).get();
      if (order) markOrderRefundedWhenWhole(db, order, `card refund ${stripeRefundId}`);
    },
    { behavior: "immediate" },
  );
}

/**
 * A card charge refunded at Stripe itself (by hand in its dashboard, not through refundOrderAmount):
 * what was left of each order's payment is recorded as one succeeded refund (cause ref
 * stripe:<chargeId>, so a replayed event records nothing more), taken off the farm's ledger, and the
 * order reads refunded.
 */
export function recordRefundMadeAtStripe(db: Db, orderId: number, chargeId: string): void {
  db.transaction(
    () => {
      const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
      if (!order || order.paymentMethod !== "card") return;
      const left = amountPaidVnd(db, order) - amountRefundedVnd(db, order.id);
      if (left > 0) {
        const at = now();
        const refund = db
          .insert(refunds)
          .values({ orderId, householdId: order.householdId, amountVnd: left, cause: "cancelled", causeRef: `stripe:${chargeId}`, method: "stripe", status: "succeeded", providerRef: chargeId, note: "refunded at Stripe", createdAt: at, updatedAt: at })
          .onConflictDoNothing()
          .returning()
          .get();
        if (refund) takeOffLedger(db, refund);
      }
      const current = db.select().from(orders).where(eq(orders.id, orderId)).get()!;
      if (current.paymentStatus === "paid") {
        orderSettlement().setPaymentStatus(db, [order.id], "refunded", `card refund (Stripe charge ${chargeId})`);
      }
    },
    { behavior: "immediate" },
  );
}

/**
 * Money the provider gives back (card: Stripe), outside any transaction: the method sends it, this
 * path records it — once succeeded with its ledger entry, or failed so that a retry reuses the row.
 */
async function refundThroughProvider(db: Db, order: Order, refund: Refund): Promise<Refund> {
  const method = paymentMethod(order.paymentMethod);
  if (!method.sendRefund) throw new Error(`${method.id} has no provider refund`);
  try {
    const { providerRef } = await method.sendRefund(db, order, refund);
    markStripeRefundSucceeded(db, refund.id, providerRef);
  } catch (error) {
    db.update(refunds).set({ status: "failed", updatedAt: now() }).where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending"))).run();
    throw error;
  }
  return db.select().from(refunds).where(eq(refunds.id, refund.id)).get()!;
}

/**
 * Gives `amountVnd` of an order back for a cause, once. Card refunds call Stripe outside any
 * transaction (claim the row, await Stripe, then record); the others are recorded as owed at once.
 */
export async function refundOrderAmount(db: Db, request: RefundRequest): Promise<RefundOutcome> {
  const { refund, created, order } = claim(db, request);
  if (!created || refund.method !== "stripe") return { refund, created };
  if (refund.status === "failed") db.update(refunds).set({ status: "pending", updatedAt: now() }).where(eq(refunds.id, refund.id)).run();
  return { refund: await refundThroughProvider(db, order, refund), created: true };
}

/** A whole paid order back (the buyer cancelled it, the farm rejected it, the payment came late). */
export async function refundWholeOrder(db: Db, orderId: number): Promise<RefundOutcome | null> {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) throw new AppError("common:errors.notFoundText", 404);
  if (order.paymentMethod !== "card" || order.paymentStatus !== "paid") return null;
  const refundable = amountPaidVnd(db, order) - amountRefundedVnd(db, order.id);
  if (refundable <= 0) return null;
  return refundOrderAmount(db, { orderId, amountVnd: refundable, cause: "cancelled", note: "whole order" });
}
