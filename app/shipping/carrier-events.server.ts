/**
 * What a carrier's webhook tells us, applied once and never backwards:
 * - once: every event is stored under (carrier, event key); a retried or replayed one is a no-op
 *   and counted as a duplicate;
 * - never backwards: a status applies only when it is further along than the shipment's
 *   (SHIPMENT_STATUSES order); an older weight, fee or COD event than one already applied is stored
 *   with applied = false;
 * - the order follows as the system: picked up → shipped, delivered → delivered, returned → returned;
 * - money: the COD the carrier collected (+ on the farm's ledger, the COD order paid), a fee the
 *   carrier corrected (the difference, − when it costs more).
 * Each event is one synchronous transaction.
 */
import { and, desc, eq, gt, or } from "drizzle-orm";
import { orders, SHIPMENT_STATUSES, shipmentEvents, shipments, type Shipment, type ShipmentStatus } from "../../db/schema";
import { formatMoney } from "~/i18n/format";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { setPaymentStatus, transitionOrder } from "~/orders/state-machine.server";
import type { OrderStatus } from "../../db/schema";
import { recordOrderEntry } from "~/orders/timeline.server";
import { recordLedgerEntry } from "~/payments/ledger.server";
import type { CarrierEvent, CarrierId } from "./carrier";

export interface EventsOutcome {
  received: number;
  applied: number;
  duplicates: number;
  /** stored, but older than what the shipment already shows (or a carrier status with no meaning for us) */
  stale: number;
  /** for no shipment of ours */
  unknown: number;
}

const rank = (status: ShipmentStatus) => SHIPMENT_STATUSES.indexOf(status);

/** The order step a shipment status brings, from the order statuses it may come from. */
const ORDER_STEPS: Partial<Record<ShipmentStatus, { to: OrderStatus; from: OrderStatus[] }>> = {
  picked_up: { to: "shipped", from: ["packed"] },
  in_transit: { to: "shipped", from: ["packed"] },
  delivering: { to: "shipped", from: ["packed"] },
  delivered: { to: "delivered", from: ["shipped"] },
  returned: { to: "returned", from: ["shipped"] },
};

function findShipment(db: Db, carrier: CarrierId, event: CarrierEvent): Shipment | undefined {
  const keys = [
    event.trackingCode ? eq(shipments.trackingCode, event.trackingCode) : undefined,
    event.clientCode ? eq(shipments.clientCode, event.clientCode) : undefined,
  ].filter((k) => k !== undefined);
  if (keys.length === 0) return undefined;
  return db
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrier, carrier), or(...keys)))
    .orderBy(desc(shipments.id))
    .get();
}

/** A later event of the same kind was applied already: this one changes nothing. */
function laterApplied(db: Db, shipmentId: number, event: CarrierEvent, ownId: number): boolean {
  const row = db
    .select({ id: shipmentEvents.id })
    .from(shipmentEvents)
    .where(
      and(
        eq(shipmentEvents.shipmentId, shipmentId),
        eq(shipmentEvents.kind, event.kind),
        eq(shipmentEvents.applied, true),
        gt(shipmentEvents.occurredAt, event.occurredAt),
      ),
    )
    .get();
  return row !== undefined && row.id !== ownId;
}

/** Moves the order as the system; an order that cannot take the step (cancelled, moved by hand) is left as it is. */
function stepOrder(db: Db, orderId: number, status: ShipmentStatus) {
  const step = ORDER_STEPS[status];
  if (!step) return;
  const order = db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).get();
  if (!order || !step.from.includes(order.status)) return;
  try {
    transitionOrder(db, null, orderId, step.to);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/**
 * A partner's parcel cancelled before pick-up costs nothing: its fee goes back on the ledger, once,
 * whether we cancelled it (shipments.server.ts cancelShipment) or the carrier did (its webhook).
 */
export function giveCarrierFeeBack(db: Db, shipment: Shipment) {
  if (shipment.carrier !== "ghn" && shipment.carrier !== "ghtk") return;
  if (shipment.feeVnd === 0) return;
  recordLedgerEntry(db, {
    householdId: shipment.householdId,
    orderId: shipment.orderId,
    kind: "carrier_fee",
    amountVnd: shipment.feeVnd,
    sourceKey: `carrier_fee:${shipment.id}:cancelled`,
    note: `${shipment.carrier} ${shipment.trackingCode ?? ""} cancelled`.trim(),
  });
}

function applyStatus(db: Db, shipment: Shipment, event: CarrierEvent): boolean {
  const status = event.status;
  if (!status) return false;
  const forward = rank(status) > rank(shipment.status);
  // A parcel is cancelled only before it travels; a late "cancel" after pick-up changes nothing.
  const cancellable = status !== "cancelled" || shipment.status === "created" || shipment.status === "picked_up";
  if (!forward || !cancellable) return false;
  const at = shipment.lastEventAt && shipment.lastEventAt > event.occurredAt ? shipment.lastEventAt : event.occurredAt;
  db.update(shipments).set({ status, lastEventAt: at, updatedAt: now() }).where(eq(shipments.id, shipment.id)).run();
  recordOrderEntry(db, { orderId: shipment.orderId, kind: `shipment.${status}` as const, note: event.carrierStatus ?? null, at: event.occurredAt });
  if (status === "cancelled") giveCarrierFeeBack(db, shipment);
  // A carrier that skipped a step (first event "delivered") still moves the order through shipped.
  if (status !== "cancelled" && rank(status) >= rank("picked_up")) stepOrder(db, shipment.orderId, "picked_up");
  stepOrder(db, shipment.orderId, status);
  return true;
}

function applyCodCollected(db: Db, shipment: Shipment, amountVnd: number) {
  const added = recordLedgerEntry(db, {
    householdId: shipment.householdId,
    orderId: shipment.orderId,
    kind: "cod_collected",
    amountVnd,
    sourceKey: `cod:${shipment.id}`,
    note: `${shipment.carrier} ${shipment.trackingCode ?? ""}`.trim(),
  });
  if (!added) return;
  db.update(shipments).set({ codCollectedVnd: amountVnd, updatedAt: now() }).where(eq(shipments.id, shipment.id)).run();
  recordOrderEntry(db, { orderId: shipment.orderId, kind: "shipment.cod_collected", note: formatMoney(amountVnd, "vi") });
  const order = db.select({ paymentMethod: orders.paymentMethod }).from(orders).where(eq(orders.id, shipment.orderId)).get();
  if (order?.paymentMethod === "cod") setPaymentStatus(db, [shipment.orderId], "paid", shipment.trackingCode);
}

function applyFee(db: Db, shipment: Shipment, feeVnd: number, eventKey: string): boolean {
  const difference = feeVnd - shipment.feeVnd;
  if (difference === 0) return false;
  recordLedgerEntry(db, {
    householdId: shipment.householdId,
    orderId: shipment.orderId,
    kind: "carrier_fee",
    amountVnd: -difference,
    sourceKey: `carrier_fee:${shipment.id}:${eventKey}`,
    note: `${shipment.carrier} ${shipment.trackingCode ?? ""}`.trim(),
  });
  db.update(shipments).set({ feeVnd, updatedAt: now() }).where(eq(shipments.id, shipment.id)).run();
  recordOrderEntry(db, { orderId: shipment.orderId, kind: "shipment.fee_corrected", note: `${formatMoney(shipment.feeVnd, "vi")} → ${formatMoney(feeVnd, "vi")}` });
  return true;
}

function applyOne(db: Db, carrier: CarrierId, event: CarrierEvent, outcome: EventsOutcome) {
  db.transaction(
    () => {
      const shipment = findShipment(db, carrier, event);
      if (!shipment) {
        outcome.unknown++;
        return;
      }
      const stored = db
        .insert(shipmentEvents)
        .values({
          shipmentId: shipment.id,
          carrier,
          eventKey: event.eventKey,
          kind: event.kind,
          status: event.status ?? null,
          carrierStatus: event.carrierStatus ?? null,
          occurredAt: event.occurredAt,
          applied: false,
          payload: event.payload,
          receivedAt: now(),
        })
        .onConflictDoNothing()
        .returning({ id: shipmentEvents.id })
        .get();
      if (!stored) {
        outcome.duplicates++;
        return;
      }
      let applied = false;
      if (event.kind === "status") {
        applied = applyStatus(db, shipment, event);
        // Collected cash is money whatever the order of arrival: the ledger key takes it once.
        if (event.codCollectedVnd && event.codCollectedVnd > 0) applyCodCollected(db, shipment, event.codCollectedVnd);
      } else if (!laterApplied(db, shipment.id, event, stored.id)) {
        if (event.kind === "weight" && event.weightGrams !== undefined && event.weightGrams !== shipment.weightGrams) {
          db.update(shipments).set({ weightGrams: event.weightGrams, updatedAt: now() }).where(eq(shipments.id, shipment.id)).run();
          recordOrderEntry(db, { orderId: shipment.orderId, kind: "shipment.weight_corrected", note: `${shipment.weightGrams} g → ${event.weightGrams} g` });
          applied = true;
        }
        if ((event.kind === "fee" || event.kind === "weight") && event.feeVnd !== undefined) {
          applied = applyFee(db, shipment, event.feeVnd, event.eventKey) || applied;
        }
        if (event.kind === "cod" && event.codVnd !== undefined && event.codVnd !== shipment.codVnd) {
          db.update(shipments).set({ codVnd: event.codVnd, updatedAt: now() }).where(eq(shipments.id, shipment.id)).run();
          recordOrderEntry(db, { orderId: shipment.orderId, kind: "shipment.cod_updated", note: formatMoney(event.codVnd, "vi") });
          applied = true;
        }
      }
      if (applied) {
        db.update(shipmentEvents).set({ applied: true }).where(eq(shipmentEvents.id, stored.id)).run();
        outcome.applied++;
      } else outcome.stale++;
    },
    { behavior: "immediate" },
  );
}

/** Applies a webhook's events in the order given; safe to call again with the same events. */
export function applyCarrierEvents(db: Db, carrier: CarrierId, events: readonly CarrierEvent[]): EventsOutcome {
  const outcome: EventsOutcome = { received: events.length, applied: 0, duplicates: 0, stale: 0, unknown: 0 };
  for (const event of events) applyOne(db, carrier, event, outcome);
  return outcome;
}
