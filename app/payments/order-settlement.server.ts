/**
 * What payments asks of orders when money moves: record a payment outcome on orders, expire a
 * checkout's unpaid orders. Orders depends on payments (a checkout starts a payment), so payments
 * does not import orders back: the order state machine provides these when it loads
 * (app/orders/state-machine.server.ts), the way capabilities register job handlers.
 */
import type { PaymentStatus } from "../../db/schema";
import type { Db } from "~/lib/db.server";

interface OrderSettlement {
  /** Records a payment outcome on orders (a repeat or a step back changes nothing); the ids that changed. */
  setPaymentStatus(db: Db, orderIds: readonly number[], status: PaymentStatus, note?: string | null): number[];
  /** Expires a checkout's unpaid placed orders at once (its card session expired); the ids expired. */
  expireCheckoutOrders(db: Db, checkoutId: number, note?: string | null): number[];
}

let provided: OrderSettlement | null = null;

export function provideOrderSettlement(settlement: OrderSettlement): void {
  provided = settlement;
}

export function orderSettlement(): OrderSettlement {
  if (!provided) throw new Error("orders has not provided its settlement: app/orders/state-machine.server.ts was not loaded");
  return provided;
}
