import type { Carrier } from "./carrier";

/**
 * The delivery partners the operator has configured (GHN, GHTK), as the checkout and the farm's
 * delivery settings see them. For now none: registry.server.ts's configuredPartners() replaces this
 * body, so every caller already goes through this one function.
 */
export function partnerCarriers(): Carrier[] {
  return [];
}
