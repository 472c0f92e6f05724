import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { outbox } from "../../db/schema";
import type { Db } from "~/lib/db.server";

/** A provider's word on one message, parsed from its callback by the adapter (esms, zns). */
export interface DeliveryReceipt {
  provider: string;
  /** the provider's id, stored when the message was sent */
  providerMessageId: string | null;
  /** our id, when the provider echoes it (eSMS RequestId, ZNS tracking_id "outbox-<id>") */
  outboxId: number | null;
  outcome: "delivered" | "failed";
  reason?: string;
  /** when the provider says it happened (Zalo's delivery_time); else the receipt's arrival */
  at?: Date;
}

export type ReceiptResult = "updated" | "duplicate" | "unknown";

/**
 * Applies a receipt once: sent (or still sending, when the receipt outruns our own bookkeeping) →
 * delivered or failed, with the time and the reason. A repeat, or a late receipt for a message
 * already settled, changes nothing ("duplicate"); a receipt for no message of ours is "unknown".
 */
export function recordDeliveryReceipt(
  db: Db,
  receipt: DeliveryReceipt,
  options: { received?: Date; onlyOutboxId?: number } = {},
): ReceiptResult {
  const now = receipt.at ?? options.received ?? new Date();
  // A receipt authorised for one message (a per-message token) can settle that message only.
  const scope = options.onlyOutboxId !== undefined ? eq(outbox.id, options.onlyOutboxId) : undefined;
  const row =
    (receipt.providerMessageId
      ? db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.provider, receipt.provider), eq(outbox.providerMessageId, receipt.providerMessageId), scope))
          .get()
      : undefined) ??
    // The message may have no provider id yet (the receipt came first, or eSMS answered "duplicate request").
    (receipt.outboxId !== null
      ? db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.id, receipt.outboxId), or(isNull(outbox.provider), eq(outbox.provider, receipt.provider)), scope))
          .get()
      : undefined);
  if (!row) return "unknown";
  const changes = db
    .update(outbox)
    .set(
      receipt.outcome === "delivered"
        ? { status: "delivered", deliveredAt: now, provider: receipt.provider }
        : { status: "failed", failedAt: now, lastError: (receipt.reason ?? "not delivered").slice(0, 500), provider: receipt.provider },
    )
    .where(and(eq(outbox.id, row.id), inArray(outbox.status, ["sent", "sending"])))
    .run().changes;
  if (changes > 0 && receipt.providerMessageId) {
    db.update(outbox)
      .set({ providerMessageId: receipt.providerMessageId })
      .where(and(eq(outbox.id, row.id), isNull(outbox.providerMessageId)))
      .run();
  }
  return changes > 0 ? "updated" : "duplicate";
}
