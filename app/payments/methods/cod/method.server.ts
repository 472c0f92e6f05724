import { eq } from "drizzle-orm";
import { payments, shipments } from "../../../../db/schema";
import { now } from "~/lib/clock";
import type { PaymentMethod } from "../method";

/** Carriers that collect COD for the platform and remit it (the farm's own delivery and pick-up: the farm takes the cash). */
export const PARTNER_COD_CARRIERS = ["ghn", "ghtk"] as const;

/**
 * Cash on delivery: always offered. The farm marks the cash collected; when a partner carrier
 * collected it, the platform holds it until payout (the shipping capability writes cod:<shipmentId>).
 */
export const cashOnDelivery: PaymentMethod = {
  id: "cod",
  provider: "cod",
  scope: "order",
  confirmation: "cash_collected",
  availableFor: () => true,
  unavailableReason: null,
  createPaymentRows(db, checkout, orders) {
    if (orders.length === 0) return [];
    const at = now();
    return db
      .insert(payments)
      .values(orders.map((o) => ({ orderId: o.id, checkoutId: checkout.id, provider: "cod" as const, amountVnd: o.totalVnd, createdAt: at, updatedAt: at })))
      .returning()
      .all();
  },
  holder(db, order) {
    const shipment = db.select({ carrier: shipments.carrier, cod: shipments.codCollectedVnd }).from(shipments).where(eq(shipments.orderId, order.id)).get();
    const partner = shipment && (PARTNER_COD_CARRIERS as readonly string[]).includes(shipment.carrier) && shipment.cod != null;
    return partner ? "platform" : "farm";
  },
  refundMethod(db, order) {
    return this.holder(db, order) === "platform" ? "platform_owes" : "farm_owes";
  },
  onPaid() {},
};
