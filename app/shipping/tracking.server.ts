/**
 * What the order pages show of a shipment (ShipmentPanel): the buyer sees the carrier, tracking
 * code and where the parcel is; the farm also sees the fee, the COD and the label to print. The
 * route has asked the access policy already; this reads the order's shipment only.
 */
import { desc, eq } from "drizzle-orm";
import { shipments } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { trackingUrl } from "./names";
import type { ShipmentView } from "./tracking";
import { partnerById } from "./registry.server";
import { shipmentOfOrder } from "./shipments.server";

export async function shipmentView(db: Db, orderId: number, viewer: "buyer" | "farm"): Promise<ShipmentView | null> {
  // The live shipment, else the last one (a cancelled parcel still explains the timeline).
  const shipment = shipmentOfOrder(db, orderId) ?? db.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(desc(shipments.id)).get();
  if (!shipment) return null;
  const farm = viewer === "farm";
  // The label matters until the carrier has the parcel; asking for it costs a call, so only then.
  const partner = farm && shipment.trackingCode && shipment.status === "created" ? partnerById(shipment.carrier) : null;
  return {
    carrier: shipment.carrier,
    trackingCode: shipment.trackingCode,
    trackingUrl: shipment.trackingCode ? trackingUrl(shipment.carrier, shipment.trackingCode) : null,
    status: shipment.status,
    codVnd: shipment.codVnd,
    codCollectedVnd: shipment.codCollectedVnd,
    weightGrams: shipment.weightGrams,
    feeVnd: farm ? shipment.feeVnd : null,
    labelUrl: partner && shipment.trackingCode ? await partner.labelUrl(shipment.trackingCode) : null,
  };
}
