/**
 * The shipping jobs' handlers (imported by app/worker/handlers.server.ts): each calls the carrier
 * outside any request, and a failure is retried with the queue's backoff. All are idempotent, so a
 * retry after a lost answer does no harm.
 */
import { registerJobHandler } from "~/jobs/registry.server";
import { SHIPPING_JOBS } from "./jobs";
import { cancelShipment, createShipmentForOrder, updateShipmentCod } from "./shipments.server";

function orderIdOf(job: { id: number; payload: unknown }): number {
  const orderId = Number((job.payload as { orderId?: unknown }).orderId);
  if (!Number.isSafeInteger(orderId)) throw new Error(`shipping job ${job.id} has no orderId`);
  return orderId;
}

registerJobHandler(SHIPPING_JOBS.create, async (job, ctx) => {
  const shipment = await createShipmentForOrder(ctx.db, orderIdOf(job));
  if (!shipment) return { shipmentId: null, skipped: "order no longer to ship" };
  return { shipmentId: shipment.id, carrier: shipment.carrier, trackingCode: shipment.trackingCode };
});

registerJobHandler(SHIPPING_JOBS.cancel, async (job, ctx) => {
  const shipment = await cancelShipment(ctx.db, orderIdOf(job));
  return { shipmentId: shipment?.id ?? null, status: shipment?.status ?? null };
});

registerJobHandler(SHIPPING_JOBS.updateCod, async (job, ctx) => {
  const shipment = await updateShipmentCod(ctx.db, orderIdOf(job));
  return { shipmentId: shipment?.id ?? null, codVnd: shipment?.codVnd ?? null };
});
