import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";
import { households } from "./households";
import { listings, type Unit } from "./listings";

/** Delivery partners, and the farm's own ways, behind one Carrier interface (app/shipping). */
export const CARRIER_IDS = ["ghn", "ghtk", "farm", "pickup"] as const;
export type CarrierId = (typeof CARRIER_IDS)[number];

/** A cart belongs to a signed-in buyer, or to a guest through a random cookie token; merged at log-in. */
export const carts = sqliteTable(
  "carts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    guestToken: text("guest_token"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("carts_user_unique").on(t.userId), uniqueIndex("carts_guest_unique").on(t.guestToken)],
);

export const cartItems = sqliteTable(
  "cart_items",
  {
    cartId: integer("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    /** in the listing's unit, thousandths for weights (REAL value in an INTEGER column: decision 0019) */
    quantity: integer("quantity").notNull(),
    /** price when added, to tell the buyer when it changed before they confirm */
    seenPriceVnd: integer("seen_price_vnd").notNull(),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.listingId] })],
);

export const PAYMENT_METHODS = ["cod", "bank_transfer", "card"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** One buyer confirmation; it makes one order per farm. The idempotency key makes a double tap harmless. */
export const checkouts = sqliteTable(
  "checkouts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    idempotencyKey: text("idempotency_key").notNull(),
    paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull(),
    recipientName: text("recipient_name").notNull(),
    recipientPhone: text("recipient_phone").notNull(),
    /** current-set commune code */
    communeCode: text("commune_code").notNull(),
    addressLine: text("address_line").notNull(),
    note: text("note").notNull().default(""),
    totalVnd: integer("total_vnd").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("checkouts_idempotency_unique").on(t.buyerUserId, t.idempotencyKey)],
);

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

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** public code, e.g. CNS-2026-000123 */
    code: text("code").notNull(),
    checkoutId: integer("checkout_id")
      .notNull()
      .references(() => checkouts.id),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("placed"),
    paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull(),
    paymentStatus: text("payment_status", { enum: PAYMENT_STATUSES }).notNull().default("unpaid"),
    deliveryMethod: text("delivery_method", { enum: ["pickup", "delivery"] }).notNull(),
    /** the carrier the buyer chose for this farm's order (app/shipping); null before issue 15 */
    carrier: text("carrier", { enum: CARRIER_IDS }),
    /** the order's weight as ordered, then as packed */
    weightGrams: integer("weight_grams"),
    packedAt: timestamp("packed_at"),
    subtotalVnd: integer("subtotal_vnd").notNull(),
    deliveryFeeVnd: integer("delivery_fee_vnd").notNull(),
    totalVnd: integer("total_vnd").notNull(),
    /** address snapshot: the order keeps what the buyer confirmed */
    recipientName: text("recipient_name").notNull(),
    recipientPhone: text("recipient_phone").notNull(),
    communeCode: text("commune_code").notNull(),
    addressLine: text("address_line").notNull(),
    note: text("note").notNull().default(""),
    /** unique reference a bank transfer must carry (one transfer per farm's order) */
    transferReference: text("transfer_reference"),
    /** unpaid transfers and card payments expire */
    expiresAt: timestamp("expires_at"),
    /** set once when reserved stock went back, so it is returned exactly once */
    stockReleasedAt: timestamp("stock_released_at"),
    statusNote: text("status_note"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("orders_code_unique").on(t.code),
    uniqueIndex("orders_transfer_reference_unique").on(t.transferReference),
    index("orders_buyer_idx").on(t.buyerUserId, t.createdAt),
    index("orders_household_idx").on(t.householdId, t.status, t.createdAt),
    index("orders_checkout_idx").on(t.checkoutId),
    index("orders_expiry_idx").on(t.paymentStatus, t.expiresAt),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id),
    title: text("title").notNull(),
    unit: text("unit").$type<Unit>().notNull(),
    priceVnd: integer("price_vnd").notNull(),
    /** in the unit, thousandths for weights (REAL value in an INTEGER column: decision 0019) */
    quantity: integer("quantity").notNull(),
    /** price × quantity rounded once to whole VND (lib/quantity.ts lineTotalVnd) */
    lineTotalVnd: integer("line_total_vnd").notNull(),
    /** the weight of one unit when ordered (kg 1000, yến 10000 …; the farm's figure for counted units) */
    unitWeightGrams: integer("unit_weight_grams"),
    /** what the buyer ordered, kept when the farm enters the packed quantity into quantity/line_total */
    orderedQuantity: integer("ordered_quantity"),
    orderedLineTotalVnd: integer("ordered_line_total_vnd"),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), index("order_items_listing_idx").on(t.listingId)],
);

export const orderEvents = sqliteTable(
  "order_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: ORDER_STATUSES }),
    toStatus: text("to_status", { enum: ORDER_STATUSES }).notNull(),
    /** null for the system (expiry, webhook) */
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorRole: text("actor_role").notNull(),
    /** staff of the area took the farm's step for a household that has no owner yet */
    onBehalf: integer("on_behalf", { mode: "boolean" }).notNull().default(false),
    /** a timeline entry that is not a status step (shipment.picked_up, packed.adjusted, complaint.opened …); null for a step */
    kind: text("kind"),
    note: text("note"),
    at: createdAt(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.at)],
);

export const PAYMENT_PROVIDERS = ["cod", "vietqr", "stripe"] as const;
export const PAYMENT_ROW_STATUSES = ["pending", "succeeded", "failed", "expired", "refunded"] as const;

/** A card payment covers a checkout; a bank transfer or cash covers one farm's order. */
export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    checkoutId: integer("checkout_id").references(() => checkouts.id),
    orderId: integer("order_id").references(() => orders.id),
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    /** Stripe Checkout Session id, payment intent, or the transfer reference */
    providerRef: text("provider_ref"),
    amountVnd: integer("amount_vnd").notNull(),
    status: text("status", { enum: PAYMENT_ROW_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("payments_provider_ref_unique").on(t.provider, t.providerRef),
    index("payments_checkout_idx").on(t.checkoutId),
    index("payments_order_idx").on(t.orderId),
  ],
);

/** Each Stripe event id is handled once: replays are ignored. */
export const stripeEvents = sqliteTable("stripe_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: createdAt(),
});

/** Transfers the platform made to a farm: one per farm of a payout run (paid when the run is), or one recorded by hand before runs existed. */
export const payouts = sqliteTable("payouts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  householdId: integer("household_id")
    .notNull()
    .references(() => households.id),
  amountVnd: integer("amount_vnd").notNull(),
  /** the bank transfer's reference */
  reference: text("reference").notNull(),
  /** the payout run it was part of (null for a single payout recorded by hand) */
  runId: integer("run_id"),
  madeBy: integer("made_by").references(() => users.id, { onDelete: "set null" }),
  madeAt: createdAt(),
});

export const REVIEW_MODERATION = ["none", "reported", "kept", "hidden"] as const;
export type ReviewModeration = (typeof REVIEW_MODERATION)[number];

export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    buyerUserId: integer("buyer_user_id")
      .notNull()
      .references(() => users.id),
    rating: integer("rating").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
    /** none → reported (by the farm) → hidden or kept (by an administrator); hidden ones leave pages and the average */
    moderation: text("moderation", { enum: REVIEW_MODERATION }).notNull().default("none"),
    reportReason: text("report_reason"),
    reportedAt: timestamp("reported_at"),
    reportedByUserId: integer("reported_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at"),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("reviews_order_unique").on(t.orderId),
    index("reviews_household_idx").on(t.householdId),
    index("reviews_moderation_idx").on(t.moderation, t.reportedAt),
  ],
);

export type Cart = typeof carts.$inferSelect;
export type Checkout = typeof checkouts.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Review = typeof reviews.$inferSelect;
