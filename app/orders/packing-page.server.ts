import { eq } from "drizzle-orm";
import { households, orderItems, orders, type Order, type WeightAdjustment } from "../../db/schema";
import type { Actor } from "~/accounts/access";
import type { Db } from "~/lib/db.server";
import { lineTotalVnd } from "~/lib/quantity";
import { packingPreview } from "./packing-figures";
import { packingFormData, packOrder, previewPacking, waitingAdjustment } from "./packing.server";

/**
 * What the order pages need around packing (the farm's page and the officer's on-behalf block
 * share it): the form's data, the typed values kept on a refusal, the outcome notice after packing.
 */
export const PACKING_DONE = ["packed", "applied", "awaiting", "refundPending"] as const;
export type PackingDone = (typeof PACKING_DONE)[number];

export function packingPageData(db: Db, orderId: number) {
  return packingFormData(db, orderId);
}

/** The packed-quantity fields as typed (kept when the form comes back with a message). */
export function packedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (key.startsWith("packed-") && typeof value === "string") values[key] = value;
  return values;
}

/** The notice after packing, read from the page's query (?dong-goi=applied). */
export function packingDone(url: URL): PackingDone | null {
  const value = url.searchParams.get("dong-goi");
  return (PACKING_DONE as readonly string[]).includes(value ?? "") ? (value as PackingDone) : null;
}

interface Log {
  error: (obj: object, msg: string) => void;
}

/**
 * The packing form's two posts: "packPreview" (no JavaScript: the server's preview, nothing
 * written) and "pack". Refusals are thrown for the route's formError. A card refund that failed
 * is logged and said; the refund row stays to be tried again.
 */
export async function packingStep(db: Db, actor: Actor, order: Pick<Order, "id" | "paymentMethod">, intent: "pack" | "packPreview", form: FormData, log: Log, pagePath: string) {
  const values = packedValues(form);
  if (intent === "packPreview") {
    const figures = previewPacking(db, actor, order.id, values);
    return { packPreview: packingPreview(figures, packingFormData(db, order.id).paidCapVnd !== null), values };
  }
  const outcome = await packOrder(db, actor, order.id, values);
  const done: PackingDone = outcome.outcome === "applied" && outcome.refundPending ? "refundPending" : outcome.outcome;
  if (done === "refundPending") log.error({ orderId: order.id }, "packed-weight card refund failed; its refund row is kept as failed to be tried again");
  return { redirect: `${pagePath}${pagePath.includes("?") ? "&" : "?"}dong-goi=${done}` };
}

/**
 * What the buyer sees of an adjustment (the link's page, their order page): ordered against packed
 * per line, both totals, the refund a prepaid order would get, and what became of it.
 */
export function adjustmentReviewData(db: Db, adjustment: WeightAdjustment) {
  const order = db.select().from(orders).where(eq(orders.id, adjustment.orderId)).get()!;
  const farm = db.select({ name: households.displayName }).from(households).where(eq(households.id, order.householdId)).get();
  const items = new Map(db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all().map((i) => [i.id, i]));
  const lines = adjustment.lines
    .map((l) => ({ ...l, item: items.get(l.itemId) }))
    .filter((l) => l.item && l.ordered !== l.packed)
    .map(({ item, ordered, packed }) => ({ itemId: item!.id, title: item!.title, unit: item!.unit, ordered, packed }));
  const prepaid = order.paymentMethod !== "cod";
  const lineDifference = adjustment.lines.reduce((sum, l) => {
    const price = items.get(l.itemId)?.priceVnd ?? 0;
    return sum + lineTotalVnd(price, l.packed) - lineTotalVnd(price, l.ordered);
  }, 0);
  return {
    id: adjustment.id,
    code: order.code,
    farm: farm?.name ?? "",
    status: adjustment.status,
    expiresAt: adjustment.expiresAt?.toISOString() ?? null,
    lines,
    oldTotalVnd: adjustment.oldTotalVnd,
    newTotalVnd: adjustment.newTotalVnd,
    refundVnd: prepaid ? Math.max(0, adjustment.oldTotalVnd - adjustment.newTotalVnd) : 0,
    capped: prepaid && adjustment.newSubtotalVnd !== adjustment.oldSubtotalVnd + lineDifference,
    /** the buyer may still cancel (the order page has the button) */
    orderOpen: order.status === "confirmed",
  };
}
export type AdjustmentReviewData = ReturnType<typeof adjustmentReviewData>;

/** The adjustment waiting for the buyer's answer, for their order page (null when none waits). */
export function buyerAdjustment(db: Db, orderId: number): AdjustmentReviewData | null {
  const waiting = waitingAdjustment(db, orderId);
  return waiting ? adjustmentReviewData(db, waiting) : null;
}
