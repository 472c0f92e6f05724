/**
 * The shipping jobs other capabilities queue (packing an order, cancelling it, changing its COD):
 * they go through the job queue so a slow or down carrier never holds a farmer's request, and a
 * failed call is retried with the queue's backoff. Handlers: app/shipping/jobs.server.ts.
 * Payload of each: { orderId: number }.
 */
export const SHIPPING_JOBS = {
  /** create the order's shipment with its carrier (after the farm packed it) */
  create: "shipping.create",
  /** cancel it at the carrier (the order was cancelled before pick-up) */
  cancel: "shipping.cancel",
  /** send the order's new COD amount to the carrier (a packed weight changed the total) */
  updateCod: "shipping.updateCod",
} as const;
