/**
 * Order vocabularies, safe in the browser. They mirror db/schema/orders.ts so pages do not pull
 * drizzle into the client bundle; statuses.test.ts keeps the two in step.
 */
export const ORDER_STATUSES = ["placed", "confirmed", "rejected", "shipped", "delivered", "completed", "cancelled", "expired"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ["unpaid", "pending", "paid", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_METHODS = ["cod", "bank_transfer", "card"] as const;
