import { eq } from "drizzle-orm";
import { orderEvents, orders } from "../../db/schema";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import type { OrderEntryKind } from "./statuses";

/**
 * The order's timeline beyond its status steps: a shipment picked up, a packed weight, a complaint
 * answered. The one way to write such an entry (status steps are written by the state machine).
 * `kind` names the label, orders:timeline.kind.<kind>, in both locale files.
 */
export interface OrderEntry {
  orderId: number;
  kind: OrderEntryKind;
  note?: string | null;
  /** null for the system (a carrier's webhook, a job) */
  actor?: { id: number; role: "buyer" | "farm" | "admin" | "officer" } | null;
  at?: Date;
}

/** Writes one entry; synchronous, so it joins the caller's transaction. */
export function recordOrderEntry(db: Db, entry: OrderEntry): void {
  const order = db.select({ status: orders.status }).from(orders).where(eq(orders.id, entry.orderId)).get();
  if (!order) throw new Error(`order ${entry.orderId} does not exist`);
  db.insert(orderEvents)
    .values({
      orderId: entry.orderId,
      fromStatus: order.status,
      toStatus: order.status,
      actorUserId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? "system",
      kind: entry.kind,
      note: entry.note ?? null,
      at: entry.at ?? now(),
    })
    .run();
}
