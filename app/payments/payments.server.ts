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
  type Household,
  type Order,
  type Payment,
  type PaymentMethod,
} from "../../db/schema";
import { authorizeOrFail, mayConfirmPayment, type Actor } from "~/accounts/access.server";
import { findBankByBin } from "~/households/banks.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { orderSettlement } from "./order-settlement.server";
import { cardPaymentsEnabled } from "./stripe.server";
import { vietQrPayload } from "./vietqr";

/** Orders that are over: no money is taken for them any more. */
const CLOSED_ORDER_STATUSES = ["rejected", "cancelled", "expired"] as const;
export const isClosedOrder = (order: Pick<Order, "status">) => (CLOSED_ORDER_STATUSES as readonly string[]).includes(order.status);

/**
 * Called by placeCheckout inside its transaction (synchronous, no I/O). A card checkout → one
 * stripe row for the whole checkout, its session id filled in when the session exists. Otherwise
 * each order by its own method: cash → a pending cod row; bank transfer → a vietqr row keyed by
 * the order's transfer reference.
 */
export function createPaymentRows(db: Db, checkout: Pick<Checkout, "id" | "paymentMethod">, orders: Order[]): Payment[] {
  if (orders.length === 0) throw new Error("a checkout needs at least one order");
  const now = new Date();
  if (checkout.paymentMethod === "card") {
    return db
      .insert(payments)
      .values({ checkoutId: checkout.id, provider: "stripe", amountVnd: orders.reduce((sum, o) => sum + o.totalVnd, 0), createdAt: now, updatedAt: now })
      .returning()
      .all();
  }
  return db
    .insert(payments)
    .values(
      orders.map((o) => {
        if (o.paymentMethod === "bank_transfer") {
          if (!o.transferReference) throw new Error(`order ${o.id} has no transfer reference`);
          return { orderId: o.id, checkoutId: checkout.id, provider: "vietqr" as const, providerRef: o.transferReference, amountVnd: o.totalVnd, createdAt: now, updatedAt: now };
        }
        if (o.paymentMethod !== "cod") throw new Error(`order ${o.id} of a non-card checkout is paid by ${o.paymentMethod}`);
        return { orderId: o.id, checkoutId: checkout.id, provider: "cod" as const, amountVnd: o.totalVnd, createdAt: now, updatedAt: now };
      }),
    )
    .returning()
    .all();
}

function hasBankAccount(household: Pick<Household, "bankBin" | "bankAccountNumber">): boolean {
  return Boolean(household.bankBin && household.bankAccountNumber);
}

/** Cash always; bank transfer when the farm has a bank account; card when Stripe is configured. */
export function paymentMethodsForHousehold(household: Pick<Household, "bankBin" | "bankAccountNumber">): PaymentMethod[] {
  const methods: PaymentMethod[] = ["cod"];
  if (hasBankAccount(household)) methods.push("bank_transfer");
  if (cardPaymentsEnabled()) methods.push("card");
  return methods;
}

/** A method one farm's order can be paid by; card is not among them (it pays a whole checkout). */
export type FarmPaymentMethod = "cod" | "bank_transfer";

export interface FarmPaymentOption {
  method: FarmPaymentMethod;
  available: boolean;
  /** why the method is not available for this farm (a locale key under orders:checkout.unavailable) */
  reason: "noBankAccount" | null;
}

/**
 * What one farm's order can be paid by, each with the reason when it cannot (shown beside the
 * option): cash always, a VietQR transfer when the farm has a bank account.
 */
export function farmPaymentOptions(household: Pick<Household, "bankBin" | "bankAccountNumber">): FarmPaymentOption[] {
  const transfer = paymentMethodsForHousehold(household).includes("bank_transfer");
  return [
    { method: "cod", available: true, reason: null },
    { method: "bank_transfer", available: transfer, reason: transfer ? null : "noBankAccount" },
  ];
}

/**
 * Card is paid to the marketplace in one Stripe session for the whole checkout (decision 0018),
 * so it is offered for the whole cart whenever card payments are configured, never per farm.
 */
export function cardForWholeCart(): boolean {
  return cardPaymentsEnabled();
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

function settleManualPayment(db: Db, actor: Actor, orderId: number, method: "cod" | "bank_transfer", note: string): Order {
  return db.transaction(() => {
    const order = loadOrderForFarm(db, actor, orderId);
    if (order.paymentMethod !== method) throw new AppError("orders:payments.errors.wrongMethod", 409);
    // Idempotent: a second tap on "received" changes nothing.
    if (order.paymentStatus === "paid") return order;
    if (order.paymentStatus === "refunded" || isClosedOrder(order)) throw new AppError("orders:payments.errors.orderClosed", 409);
    if (method === "cod" && !["shipped", "delivered", "completed"].includes(order.status)) {
      throw new AppError("orders:payments.errors.notDeliveredYet", 409);
    }
    db.update(payments)
      .set({ status: "succeeded", updatedAt: new Date() })
      .where(and(eq(payments.orderId, order.id), eq(payments.provider, method === "cod" ? "cod" : "vietqr")))
      .run();
    orderSettlement().setPaymentStatus(db, [order.id], "paid", note);
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
