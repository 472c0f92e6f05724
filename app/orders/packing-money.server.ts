import { and, eq, sql } from "drizzle-orm";
import { orders, refunds, weightAdjustments, type WeightAdjustment } from "../../db/schema";
import { formatMoney } from "~/i18n/format";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { refundOrderAmount } from "~/payments/refunds.server";
import { ensurePackingLapse } from "./packing-schedule.server";
import { recordOrderEntry } from "./timeline.server";

const PREPAID: ReadonlySet<string> = new Set(["card", "bank_transfer"]);

/**
 * The money of an applied adjustment: a prepaid order that ended lighter gets the difference back
 * through refundOrderAmount (once per adjustment: a replay finds the first refund). Returns false
 * when a card refund failed (it is tried again on the next call).
 */
export async function settleMoney(db: Db, adjustment: WeightAdjustment): Promise<boolean> {
  const order = db.select().from(orders).where(eq(orders.id, adjustment.orderId)).get();
  if (!order || !PREPAID.has(order.paymentMethod) || !["paid", "refunded"].includes(order.paymentStatus)) return true;
  const amountVnd = adjustment.oldTotalVnd - adjustment.newTotalVnd;
  if (amountVnd <= 0) return true;
  try {
    const { refund, created } = await refundOrderAmount(db, { orderId: order.id, amountVnd, cause: "packed_weight", causeRef: adjustment.id, note: "packed weight" });
    if (created) recordOrderEntry(db, { orderId: order.id, kind: refund.method === "stripe" ? "refund.card" : "refund.owed", note: formatMoney(refund.amountVnd, "vi") });
    return true;
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Stripe did not answer: the refund row stays failed and the packing job tries it again.
    ensurePackingLapse(db, new Date(now().getTime() + REFUND_RETRY_MS));
    return false;
  }
}

const REFUND_RETRY_MS = 10 * 60_000;

/** Card refunds of packed weights that failed, tried again (refundOrderAmount reuses their row and key). */
export async function retryPackedRefunds(db: Db): Promise<number> {
  const failed = db
    .select({ adjustment: weightAdjustments })
    .from(refunds)
    .innerJoin(weightAdjustments, eq(sql`cast(${weightAdjustments.id} as text)`, refunds.causeRef))
    .where(and(eq(refunds.cause, "packed_weight"), eq(refunds.status, "failed"), eq(weightAdjustments.orderId, refunds.orderId)))
    .all();
  let done = 0;
  for (const { adjustment } of failed) if (await settleMoney(db, adjustment)) done++;
  return done;
}
