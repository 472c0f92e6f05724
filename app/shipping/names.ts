import type { CarrierId } from "../../db/schema/orders";

/** The partners' trade names, the same in every language (the farm's own ways are translated: shipping:carriers.*). */
export const CARRIER_NAMES: Record<CarrierId, string | null> = {
  ghn: "GHN",
  ghtk: "GHTK",
  farm: null,
  pickup: null,
};

/** Where a buyer follows a parcel on the carrier's own site. */
export function trackingUrl(carrier: CarrierId, trackingCode: string): string | null {
  if (carrier === "ghn") return `https://donhang.ghn.vn/?order_code=${encodeURIComponent(trackingCode)}`;
  if (carrier === "ghtk") return `https://i.ghtk.vn/${encodeURIComponent(trackingCode)}`;
  return null;
}
