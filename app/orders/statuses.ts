/**
 * Order vocabularies, safe in the browser. They mirror db/schema/orders.ts so pages do not pull
 * drizzle into the client bundle; statuses.test.ts keeps the two in step.
 */
export const ORDER_STATUSES = [
  "placed",
  "confirmed",
  "packed",
  "rejected",
  "shipped",
  "delivered",
  "returned",
  "completed",
  "cancelled",
  "expired",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ["unpaid", "pending", "paid", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_METHODS = ["cod", "bank_transfer", "card"] as const;

/**
 * Timeline entries that are not status steps (app/orders/timeline.server.ts): their labels are
 * orders:timeline.kind.<kind> in both locale files.
 */
export const ORDER_ENTRY_KINDS = [
  "shipment.created",
  "shipment.picked_up",
  "shipment.in_transit",
  "shipment.delivering",
  "shipment.delivered",
  "shipment.returning",
  "shipment.returned",
  "shipment.cancelled",
  "shipment.weight_corrected",
  "shipment.fee_corrected",
  "shipment.cod_collected",
  "shipment.cod_updated",
  "packed.within_tolerance",
  "packed.awaiting_buyer",
  "packed.accepted",
  "packed.refused",
  "packed.lapsed",
  "refund.card",
  "refund.owed",
  "complaint.opened",
  "complaint.answered",
  "complaint.escalated",
  "complaint.decided",
  "complaint.withdrawn",
] as const;
export type OrderEntryKind = (typeof ORDER_ENTRY_KINDS)[number];
