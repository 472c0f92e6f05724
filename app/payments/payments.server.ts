/**
 * Payment rows and the farm's manual confirmations (cash collected, transfer received).
 * A card payment covers a whole checkout; cash and a bank transfer cover one farm's order.
 * Orders' payment_status is changed only through the orders module's setPaymentStatus, which payments
 * reaches through orderSettlement() (order-settlement.server.ts) rather than by importing orders.
 */
import { and, eq } from "drizzle-orm";
import {
  households,
  orders as ordersTable,
  payments,
  type Checkout,
  type Order,
  type Payment,
} from "../../db/schema";
import { authorizeOrFail, mayConfirmPayment, type Actor } from "~/accounts/access.server";
import { findBankByBin } from "~/households/banks.server";
import type { Db } from "~/lib/db.server";
import { now } from "~/lib/clock";
import { AppError } from "~/lib/errors";
import { orderSettlement } from "./order-settlement.server";
import { PAYMENT_METHOD_LIST, paymentMethod, type BankAccount, type PaymentMethodId } from "./methods";
import { vietQrPayload } from "./vietqr";

/** Orders that are over: no money is taken for them any more. */
const CLOSED_ORDER_STATUSES = ["rejected", "cancelled", "expired"] as const;
export const isClosedOrder = (order: Pick<Order, "status">) => (CLOSED_ORDER_STATUSES as readonly string[]).includes(order.status);

/**
 * Called by placeCheckout inside its transaction (synchronous, no I/O). A checkout-wide method (card)
 * makes one row for the whole checkout; otherwise each order gets its own method's row (cash → a
 * pending cod row; transfer → a vietqr row keyed by the order's transfer reference).
 */
export function createPaymentRows(db: Db, checkout: Pick<Checkout, "id" | "paymentMethod">, orders: Order[]): Payment[] {
  if (orders.length === 0) throw new Error("a checkout needs at least one order");
  const whole = paymentMethod(checkout.paymentMethod);
  if (whole.scope === "checkout") return whole.createPaymentRows(db, checkout, orders);
  return PAYMENT_METHOD_LIST.flatMap((method) => {
    const mine = orders.filter((o) => o.paymentMethod === method.id);
    if (mine.length > 0 && method.scope !== "order") throw new Error(`orders of a per-farm checkout are paid by ${method.id}`);
    return mine.length > 0 ? method.createPaymentRows(db, checkout, mine) : [];
  });
}

/** The methods offered for this farm's order, in the registry's order (card: when Stripe is configured). */
export function paymentMethodsForHousehold(household: BankAccount): PaymentMethodId[] {
  return PAYMENT_METHOD_LIST.filter((m) => m.availableFor(household)).map((m) => m.id);
}

/** A method one farm's order can be paid by; card is not among them (it pays a whole checkout). */
export type FarmPaymentMethod = Exclude<PaymentMethodId, "card">;

export interface FarmPaymentOption {
  method: FarmPaymentMethod;
  available: boolean;
  /** why the method is not available for this farm (a locale key under orders:checkout.unavailable) */
  reason: "noBankAccount" | null;
}

/** What one farm's order can be paid by, each with the reason when it cannot (shown beside the option). */
export function farmPaymentOptions(household: BankAccount): FarmPaymentOption[] {
  return PAYMENT_METHOD_LIST.filter((m) => m.scope === "order").map((m) => {
    const available = m.availableFor(household);
    return { method: m.id as FarmPaymentMethod, available, reason: available ? null : m.unavailableReason };
  });
}

/**
 * Card is paid to the marketplace in one Stripe session for the whole checkout (decision 0018),
 * so it is offered for the whole cart whenever card payments are configured, never per farm.
 */
export function cardForWholeCart(): boolean {
  return paymentMethod("card").availableFor({ bankBin: null, bankAccountNumber: null });
}

function loadOrderForFarm(db: Db, actor: Actor, orderId: number): Order {
  const row = db
    .select({ order: ordersTable, ownerUserId: households.ownerUserId })
    .from(ordersTable)
    .innerJoin(households, eq(households.id, ordersTable.householdId))
    .where(eq(ordersTable.id, orderId))
    .get();
  if (!row) throw new AppError("common:errors.notFoundText", 404);
  // Money confirmations are the farm's own word (or an administrator's): officers do not make them.
  authorizeOrFail(mayConfirmPayment(actor, row.ownerUserId));
  return row.order;
}

function settleManualPayment(db: Db, actor: Actor, orderId: number, methodId: FarmPaymentMethod, note: string): Order {
  const method = paymentMethod(methodId);
  return db.transaction(() => {
    const order = loadOrderForFarm(db, actor, orderId);
    if (order.paymentMethod !== method.id) throw new AppError("orders:payments.errors.wrongMethod", 409);
    // Idempotent: a second tap on "received" changes nothing.
    if (order.paymentStatus === "paid") return order;
    if (order.paymentStatus === "refunded" || isClosedOrder(order)) throw new AppError("orders:payments.errors.orderClosed", 409);
    if (method.confirmation === "cash_collected" && !["shipped", "delivered", "completed"].includes(order.status)) {
      throw new AppError("orders:payments.errors.notDeliveredYet", 409);
    }
    db.update(payments)
      .set({ status: "succeeded", updatedAt: now() })
      .where(and(eq(payments.orderId, order.id), eq(payments.provider, method.provider)))
      .run();
    orderSettlement().setPaymentStatus(db, [order.id], "paid", note);
    method.onPaid(db, [order]);
    return db.select().from(ordersTable).where(eq(ordersTable.id, order.id)).get()!;
  }, { behavior: "immediate" });
}

/** The farm saw the transfer with the order's reference arrive in its bank account. */
export function markTransferReceived(db: Db, actor: Actor, orderId: number): Order {
  return settleManualPayment(db, actor, orderId, "bank_transfer", "transfer received");
}

/** The farm (or its courier) took the cash on delivery. */
export function markCashCollected(db: Db, actor: Actor, orderId: number): Order {
  return settleManualPayment(db, actor, orderId, "cod", "cash collected");
}

export interface TransferDetails {
  payload: string;
  bankName: string;
  bankShortName: string;
  bin: string;
  accountNumber: string;
  accountName: string | null;
  amountVnd: number;
  reference: string;
  expiresAt: Date | null;
}

/**
 * What the buyer needs to pay one farm's order by transfer (the QR text, bank, account, amount,
 * reference), while it is still owed; null otherwise.
 */
export function transferDetails(db: Db, order: Order): TransferDetails | null {
  if (order.paymentMethod !== "bank_transfer" || order.paymentStatus === "paid" || order.paymentStatus === "refunded") return null;
  if (isClosedOrder(order) || !order.transferReference) return null;
  const farm = db.select().from(households).where(eq(households.id, order.householdId)).get();
  if (!farm?.bankBin || !farm.bankAccountNumber) return null;
  const bank = findBankByBin(farm.bankBin);
  return {
    payload: vietQrPayload({ bin: farm.bankBin, accountNumber: farm.bankAccountNumber, amountVnd: order.totalVnd, reference: order.transferReference }),
    bankName: bank?.name ?? farm.bankBin,
    bankShortName: bank?.shortName ?? farm.bankBin,
    bin: farm.bankBin,
    accountNumber: farm.bankAccountNumber,
    accountName: farm.bankAccountName,
    amountVnd: order.totalVnd,
    reference: order.transferReference,
    expiresAt: order.expiresAt,
  };
}

export function stripePaymentOfCheckout(db: Db, checkoutId: number): Payment | undefined {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.checkoutId, checkoutId), eq(payments.provider, "stripe")))
    .get();
}

export function ordersOfCheckout(db: Db, checkoutId: number): Order[] {
  return db.select().from(ordersTable).where(eq(ordersTable.checkoutId, checkoutId)).orderBy(ordersTable.id).all();
}
