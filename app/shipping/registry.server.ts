/**
 * Which carriers exist here: the partners the operator configured (GHN with GHN_TOKEN and
 * GHN_SHOP_ID, GHTK with GHTK_TOKEN — offered only then, as Stripe is) and each farm's own ways.
 * A new partner is one adapter file and one line in configuredPartners.
 */
import type { DeliveryOptions } from "../../db/schema/households";
import { env } from "~/lib/env.server";
import type { Carrier, CarrierId } from "./carrier";
import { ghnCarrier } from "./ghn.server";
import { ghtkCarrier } from "./ghtk.server";
import { farmDeliveryCarrier, pickupCarrier } from "./own-carriers";

export function configuredPartners(): Carrier[] {
  const config = env();
  const partners: Carrier[] = [];
  if (config.GHN_TOKEN && config.GHN_SHOP_ID) {
    partners.push(ghnCarrier({ token: config.GHN_TOKEN, shopId: config.GHN_SHOP_ID, apiUrl: config.GHN_API_URL, webhookSecret: config.CARRIER_WEBHOOK_SECRET }));
  }
  if (config.GHTK_TOKEN) {
    partners.push(ghtkCarrier({ token: config.GHTK_TOKEN, apiUrl: config.GHTK_API_URL, webhookSecret: config.CARRIER_WEBHOOK_SECRET }));
  }
  return partners;
}

/** A partner by id, when configured (the webhook route and the shipping jobs). */
export function partnerById(id: string): Carrier | null {
  return configuredPartners().find((c) => c.id === id) ?? null;
}

/** The carrier an order travels with: a configured partner, or the farm's own delivery or pick-up. */
export function carrierById(id: CarrierId, household: { delivery: DeliveryOptions }): Carrier | null {
  if (id === "farm") return farmDeliveryCarrier(household.delivery);
  if (id === "pickup") return pickupCarrier(household.delivery);
  return partnerById(id);
}
