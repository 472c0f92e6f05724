import type { CarrierId } from "../../db/schema";

/** The partners' trade names, the same in every language (the farm's own ways are worded in the locale files). */
const NAMES: Record<CarrierId, string> = { ghn: "GHN", ghtk: "GHTK", farm: "farm", pickup: "pickup" };

export function carrierName(id: CarrierId): string {
  return NAMES[id];
}
