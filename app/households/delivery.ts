import type { DeliveryOptions } from "../../db/schema/households";

/**
 * The delivery fee rule of a farm (browser-safe, so a profile form can preview it). Zones widen
 * outwards: a farm that delivers across its province also delivers inside its own commune, so an
 * unset narrower fee falls back to the wider one.
 */
export type DeliveryZone = "commune" | "province" | "elsewhere";

/** Fee in integer VND for a zone and order subtotal; null when the farm does not deliver there. */
export function feeForZone(delivery: DeliveryOptions, zone: DeliveryZone, subtotalVnd: number): number | null {
  const fee =
    zone === "commune"
      ? (delivery.feeCommune ?? delivery.feeProvince ?? delivery.feeElsewhere)
      : zone === "province"
        ? (delivery.feeProvince ?? delivery.feeElsewhere)
        : delivery.feeElsewhere;
  if (fee === null || fee === undefined) return null;
  if (delivery.freeAbove !== null && delivery.freeAbove !== undefined && subtotalVnd >= delivery.freeAbove) return 0;
  return fee;
}

/** True when the farm delivers anywhere at all (one fee set). */
export function deliversAnywhere(delivery: DeliveryOptions): boolean {
  return delivery.feeCommune !== null || delivery.feeProvince !== null || delivery.feeElsewhere !== null;
}
