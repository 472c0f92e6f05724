/**
 * An order's shipment with its carrier: created after the farm packed it, cancelled when the order
 * is, its COD changed after a packed weight. Called by the shipping jobs (jobs.server.ts), never
 * inside a request: the carrier is called first, then the result is written in one synchronous
 * transaction (never a network call inside better-sqlite3's transactions).
 * Idempotent: our order code is the carrier's client code, so a retried create finds the first
 * parcel at the carrier, and the (carrier, client code) unique index finds the first row here.
 */
import { and, desc, eq } from "drizzle-orm";
import { households, orderItems, orders, shipments, type OrderStatus, type Shipment } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { formatMoney } from "~/i18n/format";
import { now } from "~/lib/clock";
import { enqueueJob } from "~/jobs/queue.server";
import { recordOrderEntry } from "~/orders/timeline.server";
import { recordLedgerEntry } from "~/payments/ledger.server";
import type { Carrier, ShipmentRequest } from "./carrier";
import { SHIPPING_JOBS } from "./jobs";
import { giveCarrierFeeBack } from "./carrier-events.server";
import { CARRIER_NAMES } from "./names";
import { pickupPlaceOf, placeOf } from "./places.server";
import { carrierById } from "./registry.server";

/** How long a job waits for a carrier (checkout's quotes wait 3 s; a shipment may take longer). */
const CALL_TIMEOUT_MS = 15_000;

/** Orders a parcel may still be created for. */
const SHIPPABLE: ReadonlySet<OrderStatus> = new Set(["confirmed", "packed", "shipped"]);

export class ShipmentError extends Error {}

export interface ShipmentOptions {
  signal?: AbortSignal;
  /** tests hand a carrier in; otherwise the registry's */
  carrier?: Carrier;
}

function loadOrder(db: Db, orderId: number) {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) throw new ShipmentError(`order ${orderId} does not exist`);
  const household = db.select().from(households).where(eq(households.id, order.householdId)).get();
  if (!household) throw new ShipmentError(`order ${orderId} has no farm`);
  return { order, household };
}

function carrierFor(db: Db, orderId: number, options: ShipmentOptions) {
  const { order, household } = loadOrder(db, orderId);
  if (!order.carrier) throw new ShipmentError(`order ${order.code} has no carrier`);
  const carrier = options.carrier ?? carrierById(order.carrier, household);
  if (!carrier) throw new ShipmentError(`carrier ${order.carrier} is not configured`);
  return { order, household, carrier };
}

/** What the carrier collects on delivery: the order's total when the buyer pays cash, else nothing. */
export function codFor(order: { paymentMethod: string; totalVnd: number }): number {
  return order.paymentMethod === "cod" ? order.totalVnd : 0;
}

/** The order's live shipment (the newest not cancelled), if any. */
export function shipmentOfOrder(db: Db, orderId: number): Shipment | undefined {
  return db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(desc(shipments.id)).all().find((s) => s.status !== "cancelled");
}

export function shipmentRequestFor(db: Db, orderId: number): ShipmentRequest {
  const { order } = loadOrder(db, orderId);
  const from = pickupPlaceOf(db, order.householdId);
  if (!from) throw new ShipmentError(`order ${order.code}: the farm has no pick-up address`);
  const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();
  const lines = items.map((item) => ({
    name: item.title,
    // Weights sold by the kilo are quantities of the unit: one parcel line of that weight.
    quantity: Math.max(1, Math.round(item.quantity)),
    weightGrams: Math.round(item.quantity * (item.unitWeightGrams ?? 0)),
  }));
  const weightGrams = order.weightGrams ?? lines.reduce((sum, l) => sum + l.weightGrams, 0);
  return {
    clientCode: order.code,
    from,
    to: placeOf(db, { name: order.recipientName, phone: order.recipientPhone, communeCode: order.communeCode, addressLine: order.addressLine }),
    // A carrier refuses a weightless parcel: an order of counted units without weights counts as 1 kg.
    parcel: { weightGrams: weightGrams > 0 ? weightGrams : 1000, codVnd: codFor(order), insuredValueVnd: order.subtotalVnd },
    items: lines,
    note: order.note,
  };
}

/**
 * Creates the order's shipment with its carrier, once: an existing row for the order and carrier is
 * returned as it is. Records the row, the carrier's fee on the farm's ledger (partners only: the
 * platform pays them) and a timeline entry.
 */
export async function createShipmentForOrder(db: Db, orderId: number, options: ShipmentOptions = {}): Promise<Shipment | null> {
  const { order, carrier } = carrierFor(db, orderId, options);
  const existing = db
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrier, carrier.id), eq(shipments.clientCode, order.code)))
    .get();
  if (existing) return existing;
  // Cancelled (or otherwise over) before the job ran: nothing to ship.
  if (!SHIPPABLE.has(order.status)) return null;
  const request = shipmentRequestFor(db, orderId);
  const created = await carrier.createShipment(request, options.signal ?? AbortSignal.timeout(CALL_TIMEOUT_MS));
  return db.transaction(
    () => {
      const at = now();
      const row = db
        .insert(shipments)
        .values({
          orderId,
          householdId: order.householdId,
          carrier: carrier.id,
          trackingCode: created.trackingCode,
          clientCode: order.code,
          codVnd: request.parcel.codVnd,
          feeVnd: created.feeVnd,
          weightGrams: request.parcel.weightGrams,
          createdAt: at,
          updatedAt: at,
        })
        .onConflictDoNothing()
        .returning()
        .get();
      // Another worker created it meanwhile (the carrier gave both the same parcel).
      if (!row) return db.select().from(shipments).where(and(eq(shipments.carrier, carrier.id), eq(shipments.clientCode, order.code))).get()!;
      // Cancelled while the carrier was creating it: cancel the parcel too.
      const current = db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).get();
      if (current && !SHIPPABLE.has(current.status)) enqueueJob(db, SHIPPING_JOBS.cancel, { orderId });
      if (carrier.tracked && created.feeVnd !== 0) {
        recordLedgerEntry(db, {
          householdId: order.householdId,
          orderId,
          kind: "carrier_fee",
          amountVnd: -created.feeVnd,
          sourceKey: `carrier_fee:${row.id}`,
          note: `${carrier.id} ${created.trackingCode ?? ""}`.trim(),
        });
      }
      recordOrderEntry(db, { orderId, kind: "shipment.created", note: [CARRIER_NAMES[carrier.id], created.trackingCode].filter(Boolean).join(" · ") });
      return row;
    },
    { behavior: "immediate" },
  );
}

/**
 * Cancels the order's shipment at the carrier (before pick-up) and here. The fee is given back on
 * the ledger: a parcel cancelled before pick-up costs nothing. No shipment, or cancelled already: nothing.
 */
export async function cancelShipment(db: Db, orderId: number, options: ShipmentOptions = {}): Promise<Shipment | null> {
  const shipment = shipmentOfOrder(db, orderId);
  if (!shipment) return null;
  const { carrier } = carrierFor(db, orderId, options);
  if (shipment.trackingCode) await carrier.cancel(shipment.trackingCode, options.signal ?? AbortSignal.timeout(CALL_TIMEOUT_MS));
  return db.transaction(
    () => {
      const row = db
        .update(shipments)
        .set({ status: "cancelled", updatedAt: now() })
        .where(and(eq(shipments.id, shipment.id), eq(shipments.status, shipment.status)))
        .returning()
        .get();
      if (!row) return db.select().from(shipments).where(eq(shipments.id, shipment.id)).get()!;
      giveCarrierFeeBack(db, shipment);
      recordOrderEntry(db, { orderId, kind: "shipment.cancelled", note: shipment.trackingCode });
      return row;
    },
    { behavior: "immediate" },
  );
}

/** Sends the order's current COD amount (its total changed after packing) to the carrier, when it differs. */
export async function updateShipmentCod(db: Db, orderId: number, options: ShipmentOptions = {}): Promise<Shipment | null> {
  const shipment = shipmentOfOrder(db, orderId);
  if (!shipment) return null;
  const { order, carrier } = carrierFor(db, orderId, options);
  const codVnd = codFor(order);
  if (codVnd === shipment.codVnd) return shipment;
  if (shipment.trackingCode) await carrier.updateCod(shipment.trackingCode, codVnd, options.signal ?? AbortSignal.timeout(CALL_TIMEOUT_MS));
  return db.transaction(() => {
    const row = db.update(shipments).set({ codVnd, updatedAt: now() }).where(eq(shipments.id, shipment.id)).returning().get()!;
    recordOrderEntry(db, { orderId, kind: "shipment.cod_updated", note: formatMoney(codVnd, "vi") });
    return row;
  });
}
