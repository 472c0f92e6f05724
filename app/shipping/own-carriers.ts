/**
 * The farm's own ways as carriers of the same interface: "the farm delivers" (its fee rule by zone,
 * households/delivery.ts) and "pick-up at the farm" (free). Nothing to call, nothing to track: the
 * farm moves the order by hand, so there are no webhooks.
 */
import type { DeliveryOptions } from "../../db/schema/households";
import { feeForZone, type DeliveryZone } from "~/households/delivery";
import { CarrierError, type Carrier, type CarrierId, type Place } from "./carrier";

function zoneBetween(from: Place, to: Place): DeliveryZone {
  if (from.communeCode === to.communeCode) return "commune";
  return from.provinceCode === to.provinceCode ? "province" : "elsewhere";
}

function own(id: CarrierId, fee: (from: Place, to: Place, goodsVnd: number) => number | null): Carrier {
  return {
    id,
    tracked: false,
    async quote({ from, to, parcel }) {
      const feeVnd = fee(from, to, parcel.insuredValueVnd);
      if (feeVnd === null) throw new CarrierError(id, "does not go there");
      return { carrier: id, feeVnd };
    },
    async createShipment({ from, to, parcel }) {
      const feeVnd = fee(from, to, parcel.insuredValueVnd);
      if (feeVnd === null) throw new CarrierError(id, "does not go there");
      return { trackingCode: null, feeVnd };
    },
    async cancel() {},
    async updateCod() {},
    async labelUrl() {
      return null;
    },
    parseWebhook() {
      return [];
    },
  };
}

/** The farm delivers itself, at the fee its profile sets for the buyer's zone (none: not offered). */
export function farmDeliveryCarrier(delivery: DeliveryOptions): Carrier {
  return own("farm", (from, to, goodsVnd) => feeForZone(delivery, zoneBetween(from, to), goodsVnd));
}

/** The buyer collects at the farm, free, when the farm offers it. */
export function pickupCarrier(delivery: DeliveryOptions): Carrier {
  return own("pickup", () => (delivery.pickup ? 0 : null));
}
