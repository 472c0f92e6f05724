/**
 * After the sale (issue 15): delivery partners and shipments, packed weight, refunds, complaints and
 * the farm's money. One migration holds all of it so the pieces can be built side by side.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";
import { households } from "./households";
import { CARRIER_IDS, orders, type CarrierId } from "./orders";

/** Each farm's choice of carriers, the address a carrier picks up from, and its packed-weight tolerance. */
export const farmShipping = sqliteTable("farm_shipping", {
  householdId: integer("household_id")
    .primaryKey()
    .references(() => households.id, { onDelete: "cascade" }),
  carriers: text("carriers", { mode: "json" }).$type<CarrierId[]>().notNull().default([]),
  pickupName: text("pickup_name"),
  pickupPhone: text("pickup_phone"),
  /** current-set commune code */
  pickupCommuneCode: text("pickup_commune_code"),
  pickupAddressLine: text("pickup_address_line"),
  /** a packed weight within ± this percentage of the ordered one goes ahead without asking the buyer */
  weightTolerancePct: integer("weight_tolerance_pct").notNull().default(10),
  updatedAt: timestamp("updated_at")
    .notNull()
    .$defaultFn(() => new Date()),
});

/** Ordered by how far a parcel has gone: a late event never moves a shipment back (out-of-order safe). */
export const SHIPMENT_STATUSES = ["created", "picked_up", "in_transit", "delivering", "delivered", "returning", "returned", "cancelled"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const shipments = sqliteTable(
  "shipments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    carrier: text("carrier", { enum: CARRIER_IDS }).notNull(),
    /** the carrier's own code (GHN order_code, GHTK label); null for the farm's own delivery */
    trackingCode: text("tracking_code"),
    /** ours, sent as the client code so a retried create finds the first one */
    clientCode: text("client_code").notNull(),
    status: text("status", { enum: SHIPMENT_STATUSES }).notNull().default("created"),
    /** what the carrier is to collect from the buyer */
    codVnd: integer("cod_vnd").notNull().default(0),
    codCollectedVnd: integer("cod_collected_vnd"),
    /** quoted at checkout / at creation, and as the carrier last corrected it */
    feeVnd: integer("fee_vnd").notNull().default(0),
    weightGrams: integer("weight_grams").notNull(),
    /** the carrier's time of the latest event applied (events older than this change nothing) */
    lastEventAt: timestamp("last_event_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("shipments_client_code_unique").on(t.carrier, t.clientCode),
    uniqueIndex("shipments_tracking_unique").on(t.carrier, t.trackingCode),
    index("shipments_order_idx").on(t.orderId),
    index("shipments_household_idx").on(t.householdId, t.status),
  ],
);

/** Every webhook event received, once: the unique key makes a retried or replayed event a no-op. */
export const shipmentEvents = sqliteTable(
  "shipment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shipmentId: integer("shipment_id")
      .notNull()
      .references(() => shipments.id),
    carrier: text("carrier", { enum: CARRIER_IDS }).notNull(),
    eventKey: text("event_key").notNull(),
    /** status, weight, cod or fee */
    kind: text("kind").notNull(),
    status: text("status", { enum: SHIPMENT_STATUSES }),
    /** the carrier's own status word, kept for the timeline */
    carrierStatus: text("carrier_status"),
    occurredAt: timestamp("occurred_at").notNull(),
    /** false when a later event had already been applied */
    applied: integer("applied", { mode: "boolean" }).notNull().default(true),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    receivedAt: createdAt(),
  },
  (t) => [uniqueIndex("shipment_events_key_unique").on(t.carrier, t.eventKey), index("shipment_events_shipment_idx").on(t.shipmentId, t.occurredAt)],
);

export const ADJUSTMENT_STATUSES = ["applied", "awaiting_buyer", "accepted", "refused", "lapsed"] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/** The farm's packed quantities against the ordered ones, and the buyer's answer when beyond tolerance. */
export const weightAdjustments = sqliteTable(
  "weight_adjustments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    status: text("status", { enum: ADJUSTMENT_STATUSES }).notNull(),
    /** [{ itemId, ordered, packed }] in each line's unit */
    lines: text("lines", { mode: "json" }).$type<Array<{ itemId: number; ordered: number; packed: number }>>().notNull(),
    oldSubtotalVnd: integer("old_subtotal_vnd").notNull(),
    newSubtotalVnd: integer("new_subtotal_vnd").notNull(),
    oldDeliveryFeeVnd: integer("old_delivery_fee_vnd").notNull(),
    newDeliveryFeeVnd: integer("new_delivery_fee_vnd").notNull(),
    oldTotalVnd: integer("old_total_vnd").notNull(),
    newTotalVnd: integer("new_total_vnd").notNull(),
    /** sha256 of the token in the buyer's link */
    tokenHash: text("token_hash"),
    expiresAt: timestamp("expires_at"),
    decidedAt: timestamp("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [index("weight_adjustments_order_idx").on(t.orderId), index("weight_adjustments_waiting_idx").on(t.status, t.expiresAt)],
);

export const REFUND_CAUSES = ["cancelled", "packed_weight", "complaint"] as const;
export type RefundCause = (typeof REFUND_CAUSES)[number];
/**
 * stripe: money back on the card; platform_owes: money the platform holds (COD a carrier collected)
 * sent back by transfer; farm_owes: the farm was paid directly (VietQR, its own cash) and gives it back.
 */
export const REFUND_METHODS = ["stripe", "platform_owes", "farm_owes"] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];
export const REFUND_STATUSES = ["pending", "succeeded", "failed", "owed", "settled"] as const;

/** Every refund, once per cause: the unique key is what makes "nothing is refunded twice" hold. */
export const refunds = sqliteTable(
  "refunds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    amountVnd: integer("amount_vnd").notNull(),
    cause: text("cause", { enum: REFUND_CAUSES }).notNull(),
    /** the adjustment or complaint id; "" for a cancellation */
    causeRef: text("cause_ref").notNull().default(""),
    method: text("method", { enum: REFUND_METHODS }).notNull(),
    providerRef: text("provider_ref"),
    status: text("status", { enum: REFUND_STATUSES }).notNull().default("pending"),
    note: text("note"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("refunds_cause_unique").on(t.orderId, t.cause, t.causeRef), index("refunds_household_idx").on(t.householdId, t.status)],
);

export const COMPLAINT_REASONS = ["wrong_weight", "quality", "damaged", "not_delivered", "other"] as const;
export const COMPLAINT_REMEDIES = ["full_refund", "partial_refund", "replacement", "no_remedy"] as const;
export type ComplaintRemedy = (typeof COMPLAINT_REMEDIES)[number];
export const COMPLAINT_STATUSES = ["open", "answered", "escalated", "resolved", "withdrawn"] as const;
export const COMPLAINT_LEVELS = ["farm", "officer", "admin"] as const;

export const complaints = sqliteTable(
  "complaints",
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
    /** current-set commune of the farm, for counting by commune and finding its officer */
    communeCode: text("commune_code").notNull(),
    reason: text("reason", { enum: COMPLAINT_REASONS }).notNull(),
    description: text("description").notNull().default(""),
    remedyAsked: text("remedy_asked", { enum: COMPLAINT_REMEDIES }).notNull(),
    amountAskedVnd: integer("amount_asked_vnd"),
    status: text("status", { enum: COMPLAINT_STATUSES }).notNull().default("open"),
    /** who must act next */
    level: text("level", { enum: COMPLAINT_LEVELS }).notNull().default("farm"),
    farmAnswer: text("farm_answer"),
    /** the farm agrees to the remedy asked, or disputes it */
    farmAgrees: integer("farm_agrees", { mode: "boolean" }),
    farmAnsweredAt: timestamp("farm_answered_at"),
    /** when the one who must act next is late (then it goes up a level) */
    dueAt: timestamp("due_at").notNull(),
    escalatedAt: timestamp("escalated_at"),
    decision: text("decision", { enum: COMPLAINT_REMEDIES }),
    decisionAmountVnd: integer("decision_amount_vnd"),
    decisionReason: text("decision_reason"),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex("complaints_order_unique").on(t.orderId),
    index("complaints_household_idx").on(t.householdId, t.status),
    index("complaints_commune_idx").on(t.communeCode, t.createdAt),
    index("complaints_due_idx").on(t.status, t.dueAt),
  ],
);

export const complaintPhotos = sqliteTable(
  "complaint_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    complaintId: integer("complaint_id")
      .notNull()
      .references(() => complaints.id, { onDelete: "cascade" }),
    /** file name under the uploads folder, as listing photos are stored */
    path: text("path").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("complaint_photos_complaint_idx").on(t.complaintId)],
);

export const LEDGER_KINDS = ["card_payment", "cod_collected", "refund", "carrier_fee", "payout", "correction"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Every đồng the platform holds for a farm: positive is owed to the farm, negative is taken off
 * (refunds paid by the platform, carrier fees it paid, payouts made). The balance is the sum.
 * source_key makes each entry once (a replayed webhook, a re-imported file add nothing).
 */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id),
    orderId: integer("order_id").references(() => orders.id),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    amountVnd: integer("amount_vnd").notNull(),
    sourceKey: text("source_key").notNull(),
    payoutId: integer("payout_id"),
    note: text("note"),
    at: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_entries_source_unique").on(t.sourceKey),
    index("ledger_entries_household_idx").on(t.householdId, t.at),
    index("ledger_entries_order_idx").on(t.orderId),
  ],
);

/** A payout run: what each farm was owed at one moment, exported as one bank bulk-transfer file. */
export const payoutRuns = sqliteTable("payout_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
  status: text("status", { enum: ["open", "paid"] }).notNull().default("open"),
  totalVnd: integer("total_vnd").notNull(),
  farmCount: integer("farm_count").notNull(),
  createdAt: createdAt(),
  paidAt: timestamp("paid_at"),
});

export type FarmShipping = typeof farmShipping.$inferSelect;
export type Shipment = typeof shipments.$inferSelect;
export type ShipmentEvent = typeof shipmentEvents.$inferSelect;
export type WeightAdjustment = typeof weightAdjustments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
export type Complaint = typeof complaints.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
