import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import {
  households,
  listings,
  orderEvents,
  orderItems,
  orders,
  type Order,
  type OrderStatus,
  type PaymentStatus,
} from "../../db/schema";
import { orderPartiesFor, type Actor, type OrderParty } from "~/accounts/access.server";
import { recordActivity } from "~/activity/log.server";
import { enqueueJob } from "~/jobs/queue.server";
import { indexListing } from "~/catalog/search-index.server";
import { canPublish } from "~/households/records.server";
import { getHousehold } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { roundQuantity } from "~/lib/quantity";
import { cleanText } from "~/lib/text";
import { recordListingEvent } from "~/listings/listings.server";
import { statusAfterStockChange } from "~/listings/status";
import { provideOrderSettlement } from "~/payments/order-settlement.server";
import { SHIPPING_JOBS } from "~/shipping/jobs";
import { ensureHousekeeping } from "./housekeeping.server";
import { notifyOrderStep } from "./notify.server";

/**
 * The order state machine — the only code that changes orders.status or orders.payment_status.
 *
 *   placed ──► confirmed ──► packed ──► shipped ──► delivered ──► completed
 *     │            │   └──────────────────►┘  │          └► returned (carrier, admin)
 *     │            │            │             └ picked up / in transit / delivered move by the carrier's webhooks (system)
 *     ├► rejected (farm, with a reason)
 *     ├► cancelled (buyer, before shipping) ◄┴──────┘
 *     └► expired (system: unpaid transfer or card past its time)
 *
 * Every step is one immediate transaction: the status moves only from the status read (a
 * concurrent step loses cleanly), an order_events row records who, when and why, stock goes back
 * exactly once on rejected / cancelled / expired (stock_released_at guard), and buyer and farm are
 * notified through the outbox. Staff of the area may take the farm's steps for a household nobody
 * has claimed yet (access policy mayActForFarm): the event is marked on_behalf, the step goes to the
 * activity log, and the household's phone is told it was done for it.
 */

/** Who takes part in an order, from the actor's point of view (decided by the access policy: orderParties). */
export type Party = OrderParty;

/** A signed-in user, or null for the system (expiry job, webhook). */
export type OrderActor = Actor | null;

export const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly Party[]>>> = {
  placed: { confirmed: ["farm"], rejected: ["farm"], cancelled: ["buyer", "admin"], expired: ["system"] },
  confirmed: { packed: ["farm"], shipped: ["farm"], cancelled: ["buyer", "admin"] },
  packed: { shipped: ["farm", "system"], cancelled: ["buyer", "admin"] },
  shipped: { delivered: ["farm", "system"], returned: ["system", "admin"] },
  delivered: { completed: ["buyer", "system"] },
  returned: {},
  rejected: {},
  completed: {},
  cancelled: {},
  expired: {},
};

/** Statuses that give reserved stock back. */
const RELEASING: ReadonlySet<OrderStatus> = new Set(["rejected", "cancelled", "expired"]);

/** Delivered orders the buyer did not confirm are completed automatically after this many days. */
export const AUTO_COMPLETE_DAYS = 7;

const NOTE_MAX = 500;

function fail(key: string, status = 400, field?: string): never {
  throw new AppError(`orders:errors.${key}`, status, {}, field);
}

/** The steps these parties may take from the order's current status (drawn as buttons). */
export function allowedSteps(order: Pick<Order, "status" | "paymentMethod" | "paymentStatus">, parties: Set<Party>): OrderStatus[] {
  const next = ORDER_TRANSITIONS[order.status];
  return (Object.keys(next) as OrderStatus[]).filter((to) => {
    if (!next[to]!.some((p) => parties.has(p))) return false;
    // A prepaid order is confirmed once the money is in: an unpaid one may still expire.
    if (to === "confirmed" && order.paymentMethod !== "cod" && order.paymentStatus !== "paid") return false;
    return true;
  });
}

function cleanNote(note: string | null | undefined): string | null {
  const text = cleanText(note ?? "");
  if (text.length > NOTE_MAX) fail("noteTooLong", 400, "note");
  return text === "" ? null : text;
}

/** Every refusal of a step, before anything is written: shared by the step itself and its dry run. */
function checkStep(db: Db, actor: OrderActor, orderId: number, to: OrderStatus, cleaned: string | null) {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) fail("notFound", 404);
  const household = db
    .select({ ownerUserId: households.ownerUserId, communeCode: households.communeCode })
    .from(households)
    .where(eq(households.id, order.householdId))
    .get();
  const { parties, onBehalf: mayActOnBehalf } = orderPartiesFor(db, actor, order, household ?? { ownerUserId: null, communeCode: "" });
  if (parties.size === 0) fail("notFound", 404);
  const rule = ORDER_TRANSITIONS[order.status][to];
  if (!rule) fail(order.status === to ? "alreadyInStatus" : "transitionNotAllowed", 409);
  if (!rule.some((p) => parties.has(p))) fail("notYourStep", 403);
  if (to === "rejected" && !cleaned) fail("reasonRequired", 400, "reason");
  if (to === "confirmed" && order.paymentMethod !== "cod" && order.paymentStatus !== "paid") fail("paymentFirst", 409);
  if (to === "expired" && order.paymentStatus === "paid") fail("alreadyPaid", 409);
  return { order, household, parties, rule, mayActOnBehalf };
}

/**
 * The dry run of transitionOrder: throws the refusal it would throw, changes nothing. A
 * confirmation step is only offered for a step that would then succeed (a missing reason is asked
 * for first, not after the farmer confirmed).
 */
export function assertStepAllowed(db: Db, actor: OrderActor, orderId: number, to: OrderStatus, note?: string | null): void {
  checkStep(db, actor, orderId, to, cleanNote(note));
}

/**
 * Moves an order to `to`, or refuses with a message: 404 when the actor has no part in the order
 * (a guessed id reveals nothing), 409 when the step does not exist from the current status, 403
 * when it exists but is not this party's to take. Synchronous: safe inside a caller's transaction.
 */
export function transitionOrder(db: Db, actor: OrderActor, orderId: number, to: OrderStatus, note?: string | null): Order {
  const cleaned = cleanNote(note);
  return db.transaction(
    () => {
      const { order, household, parties, rule, mayActOnBehalf } = checkStep(db, actor, orderId, to, cleaned);

      const now = new Date();
      const updated = db
        .update(orders)
        .set({ status: to, statusNote: cleaned, updatedAt: now })
        .where(and(eq(orders.id, orderId), eq(orders.status, order.status)))
        .returning()
        .get();
      if (!updated) fail("transitionNotAllowed", 409);
      const role: Party = actor === null ? "system" : rule.find((p) => parties.has(p))!;
      const onBehalf = mayActOnBehalf && role === "farm";
      db.insert(orderEvents)
        .values({ orderId, fromStatus: order.status, toStatus: to, actorUserId: actor?.id ?? null, actorRole: role, onBehalf, note: cleaned, at: now })
        .run();
      if (onBehalf) {
        recordActivity(db, {
          actorUserId: actor!.id,
          action: "order.onBehalf",
          householdId: order.householdId,
          communeCode: household!.communeCode,
          detail: { code: order.code, from: order.status, to, note: cleaned },
        });
      }
      if (RELEASING.has(to)) releaseStock(db, orderId, now);
      // A packed order may have its parcel at a carrier already: cancel it there too (a no-op without one).
      if (to === "cancelled" && order.status === "packed") enqueueJob(db, SHIPPING_JOBS.cancel, { orderId });
      // Delivered orders complete on their own later: make sure the job that does it is queued.
      if (to === "delivered") ensureHousekeeping(db, now);
      notifyOrderStep(db, updated, to, cleaned, { onBehalf });
      return updated;
    },
    { behavior: "immediate" },
  );
}

/**
 * Gives an order's reserved stock back, once: the stock_released_at guard makes a second call (a
 * replayed webhook, a racing expiry) a no-op. A sold-out listing goes back on sale if its farm may
 * still sell. Returns true when stock went back.
 */
export function releaseStock(db: Db, orderId: number, now = new Date()): boolean {
  return db.transaction(() => {
    const claimed = db
      .update(orders)
      .set({ stockReleasedAt: now })
      .where(and(eq(orders.id, orderId), isNull(orders.stockReleasedAt)))
      .run();
    if (claimed.changes !== 1) return false;
    const items = db.select({ listingId: orderItems.listingId, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, orderId)).all();
    for (const item of items) {
      const listing = db.select().from(listings).where(eq(listings.id, item.listingId)).get();
      if (!listing) continue;
      const stock = roundQuantity(listing.stock + item.quantity);
      let status = statusAfterStockChange(listing.status, stock);
      if (status === "published" && listing.status !== "published") {
        const household = getHousehold(db, listing.householdId);
        if (!household || !canPublish(household)) status = listing.status;
      }
      db.update(listings)
        // Rounded to thousandths so 0.5 kg lines given back leave no float dust (decision 0019).
        .set({ stock: sql`round(${listings.stock} + ${item.quantity}, 3)`, status, updatedAt: now })
        .where(eq(listings.id, item.listingId))
        .run();
      if (status !== listing.status) {
        recordListingEvent(db, listing.id, null, `status:${status}`, false, `order ${orderId}`);
        indexListing(db, listing.id);
      }
    }
    return true;
  });
}

const PAYMENT_STEPS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  unpaid: ["pending", "paid"],
  pending: ["paid", "unpaid"],
  paid: ["refunded"],
  refunded: [],
};

/**
 * Records a payment outcome on orders (payments calls it: webhook paid, transfer received, cash
 * collected, payment failed → unpaid, refunded). A paid order is never paid twice: repeating a
 * status, or a step the map does not allow (paid after refunded), changes nothing. The change is
 * written to the order's timeline. Returns the ids of the orders that changed.
 */
export function setPaymentStatus(
  db: Db,
  orderIds: readonly number[],
  status: PaymentStatus,
  note?: string | null,
  options: { actor?: OrderActor } = {},
): number[] {
  if (orderIds.length === 0) return [];
  const cleaned = cleanNote(note);
  const actor = options.actor ?? null;
  return db.transaction(
    () => {
      const changed: number[] = [];
      const now = new Date();
      for (const order of db.select().from(orders).where(inArray(orders.id, [...orderIds])).all()) {
        if (!PAYMENT_STEPS[order.paymentStatus].includes(status)) continue;
        const result = db
          .update(orders)
          .set({ paymentStatus: status, updatedAt: now, ...(status === "paid" ? { expiresAt: null } : {}) })
          .where(and(eq(orders.id, order.id), eq(orders.paymentStatus, order.paymentStatus)))
          .run();
        if (result.changes !== 1) continue;
        db.insert(orderEvents)
          .values({
            orderId: order.id,
            fromStatus: order.status,
            toStatus: order.status,
            actorUserId: actor?.id ?? null,
            actorRole: actor === null ? "system" : actor.role,
            note: `payment:${status}${cleaned ? ` ${cleaned}` : ""}`,
            at: now,
          })
          .run();
        changed.push(order.id);
      }
      return changed;
    },
    { behavior: "immediate" },
  );
}

/** Reads a payment event note ("payment:paid …") back into its status and note, for the timeline. */
export function parsePaymentNote(note: string | null): { payment: PaymentStatus; note: string | null } | null {
  const match = note?.match(/^payment:(unpaid|pending|paid|refunded)(?: (.*))?$/s);
  return match ? { payment: match[1] as PaymentStatus, note: match[2] ?? null } : null;
}

/**
 * Expires placed orders whose transfer or card payment did not arrive in time (the periodic job
 * calls it). Each order expires in its own step, so one that was paid meanwhile is skipped.
 */
export function expireUnpaidOrders(db: Db, now = new Date()): number {
  const due = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "placed"), inArray(orders.paymentStatus, ["unpaid", "pending"]), lte(orders.expiresAt, now)))
    .all();
  let expired = 0;
  for (const { id } of due) {
    try {
      transitionOrder(db, null, id, "expired");
      expired++;
    } catch (error) {
      // Paid or moved on between the read and the step: nothing to expire.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return expired;
}

/** Expires a checkout's unpaid placed orders at once (Stripe said its session expired). */
export function expireCheckoutOrders(db: Db, checkoutId: number, note?: string | null): number[] {
  const open = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.checkoutId, checkoutId), eq(orders.status, "placed"), inArray(orders.paymentStatus, ["unpaid", "pending"])))
    .all();
  const done: number[] = [];
  for (const { id } of open) {
    try {
      transitionOrder(db, null, id, "expired", note);
      done.push(id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return done;
}

/** Completes orders delivered more than AUTO_COMPLETE_DAYS ago that the buyer did not confirm. */
export function completeDeliveredOrders(db: Db, now = new Date()): number {
  const cutoff = now.getTime() - AUTO_COMPLETE_DAYS * 86_400_000;
  const due = db.$client
    .prepare(
      `SELECT o.id FROM orders o
       WHERE o.status = 'delivered'
         AND (SELECT max(e.created_at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'delivered' AND e.from_status = 'shipped') <= ?`,
    )
    .all(cutoff) as { id: number }[];
  let completed = 0;
  for (const { id } of due) {
    try {
      transitionOrder(db, null, id, "completed", null);
      completed++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return completed;
}

/**
 * The periodic order job's work (queued by ensureHousekeeping): the time-driven steps, expiry and
 * auto-completion, then another run while some order could still take one.
 */
export function runHousekeeping(db: Db, now = new Date()): { expired: number; completed: number; rescheduled: boolean } {
  const expired = expireUnpaidOrders(db, now);
  const completed = completeDeliveredOrders(db, now);
  const open = db
    .select({ n: sql<number>`count(*)` })
    .from(orders)
    .where(
      sql`(${orders.status} = 'placed' AND ${orders.expiresAt} IS NOT NULL AND ${inArray(orders.paymentStatus, ["unpaid", "pending"])}) OR ${orders.status} = 'delivered'`,
    )
    .get();
  const rescheduled = (open?.n ?? 0) > 0;
  if (rescheduled) ensureHousekeeping(db, now);
  return { expired, completed, rescheduled };
}

// Payments records payment outcomes and card expiries through this (it does not import orders).
provideOrderSettlement({ setPaymentStatus, expireCheckoutOrders });
