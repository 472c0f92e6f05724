/**
 * One interface every way of paying implements (cash on delivery, VietQR transfer, Stripe card), so
 * that a new method is one folder under methods/ and one line in methods/index.ts. What differs
 * between methods lives here: when it is offered, its payment rows, how the payment is confirmed,
 * who holds the money (and so who gives it back), and what the farm's ledger records when it is paid.
 */
import type { Checkout, Household, Order, Payment, PaymentMethod as PaymentMethodId, Refund, RefundMethod } from "../../../db/schema";
import type { Db } from "~/lib/db.server";

export type { PaymentMethodId };

/** Who holds the buyer's money once paid: the platform (then it owes the farm) or the farm itself. */
export type MoneyHolder = "platform" | "farm";

/** How a payment becomes "paid": a verified provider webhook, the farm's word, or cash on delivery. */
export type Confirmation = "webhook" | "farm_marks_received" | "cash_collected";

export type BankAccount = Pick<Household, "bankBin" | "bankAccountNumber">;

export interface PaymentMethod {
  id: PaymentMethodId;
  provider: Payment["provider"];
  /** a whole checkout in one payment (card), or one farm's order (cash, transfer) */
  scope: "checkout" | "order";
  confirmation: Confirmation;
  /** offered for this farm's order (for a checkout-wide method: whatever the farm) */
  availableFor(household: BankAccount): boolean;
  /** why not, as a key under orders:checkout.unavailable (null when the method is never withheld per farm) */
  unavailableReason: "noBankAccount" | null;
  /** the pending payment rows of a checkout's orders paid by this method; synchronous (inside placeCheckout's transaction) */
  createPaymentRows(db: Db, checkout: Pick<Checkout, "id">, orders: Order[]): Payment[];
  holder(db: Db, order: Order): MoneyHolder;
  /** how money goes back (refunds.server.ts asks this; it stays the one refund path) */
  refundMethod(db: Db, order: Order): RefundMethod;
  /**
   * For a "stripe"-style refund: asks the provider to give the refund's amount back (outside any
   * transaction, idempotent by the refund's id) and returns the provider's reference; refunds.server.ts
   * records the outcome. Absent when the money is given back by hand (owed).
   */
  sendRefund?(db: Db, order: Order, refund: Refund): Promise<{ providerRef: string }>;
  /** called in the transaction that marks orders paid: what the farm's ledger records, if anything */
  onPaid(db: Db, orders: Order[]): void;
}
