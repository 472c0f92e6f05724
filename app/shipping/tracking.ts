import type { CarrierId, ShipmentStatus } from "./carrier";

/** An order's shipment as the order pages show it (tracking.server.ts builds it, ShipmentPanel draws it). */
export interface ShipmentView {
  carrier: CarrierId;
  trackingCode: string | null;
  trackingUrl: string | null;
  status: ShipmentStatus;
  codVnd: number;
  codCollectedVnd: number | null;
  weightGrams: number;
  /** the farm's page only */
  feeVnd: number | null;
  labelUrl: string | null;
}
