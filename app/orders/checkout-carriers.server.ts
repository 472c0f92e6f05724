import { inArray } from "drizzle-orm";
import { households, listings, type CarrierId } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import type { Carrier, Place } from "~/shipping/carrier";
import { farmShippingSettings } from "~/shipping/farm-settings.server";
import { pickupPlaceOf, placeOf } from "~/shipping/places.server";
import { farmDeliveryCarrier, pickupCarrier } from "~/shipping/own-carriers";
import { orderWeightGrams, quoteFarm, type QuoteNote } from "~/shipping/quotes.server";
import { signQuote } from "~/shipping/quote-token.server";

/**
 * The checkout page's delivery choices through the carriers: each farm's own ways and the partners
 * it chose, quoted for the buyer's commune and the farm's weight. A partner's fee goes into the form
 * signed (shipping/quote-token.server.ts) so placing the order does not call the carrier again.
 */

export type DeliveryChoice = "pickup" | "delivery" | Exclude<CarrierId, "farm" | "pickup">;

export interface PartnerOption {
  carrier: CarrierId;
  feeVnd: number;
  /** the signed quote, sent back as quote-<farm>-<carrier> */
  token: string;
}

/** What the carrier quoting adds to each farm of the page. */
export interface FarmCarrierView {
  householdId: number;
  subtotalVnd: number;
  pickup: boolean;
  deliveryFeeVnd: number | null;
  deliveryReason: string | null;
  method: DeliveryChoice | null;
  feeVnd: number | null;
  payment: { chosen: string };
  partners: PartnerOption[];
  partnerNotes: QuoteNote[];
  /** null when some line's weight is unknown */
  weightGrams: number | null;
}

interface PageShape {
  farms: FarmCarrierView[];
  view: { farms: Array<{ householdId: number; lines: Array<{ listingId: number; quantity: number; problem: unknown }> }> };
  values: { communeCode: string; paymentMethod: string; recipientName: string; recipientPhone: string; addressLine: string };
  totalVnd: number;
}

/** A place whose commune we know (none chosen yet, or an unknown code: nothing to quote). */
const knownPlace = (place: Place | null): Place | null => (place?.provinceCode ? place : null);

const isPartner = (value: string | undefined): value is Exclude<DeliveryChoice, "pickup" | "delivery"> => value === "ghn" || value === "ghtk";

/**
 * Quotes every farm of the page (in parallel) and sets each one's partners, notes, weight and the
 * chosen way: the one asked for if still offered, else the cheapest delivery, else pick-up.
 */
export async function addCarrierQuotes<Page extends PageShape>(db: Db, page: Page, asked: Record<string, string>, partners: Carrier[], at: Date): Promise<Page> {
  const ids = page.view.farms.flatMap((f) => f.lines.map((l) => l.listingId));
  const rows = ids.length ? db.select({ id: listings.id, unit: listings.unit, unitWeightGrams: listings.unitWeightGrams }).from(listings).where(inArray(listings.id, ids)).all() : [];
  const weightOf = new Map(rows.map((r) => [r.id, r]));
  const farmIds = page.farms.map((f) => f.householdId);
  const householdRows = farmIds.length ? db.select().from(households).where(inArray(households.id, farmIds)).all() : [];
  const byId = new Map(householdRows.map((h) => [h.id, h]));
  const communeCode = page.values.communeCode;

  await Promise.all(
    page.farms.map(async (farm) => {
      const household = byId.get(farm.householdId)!;
      const lines = page.view.farms.find((f) => f.householdId === farm.householdId)?.lines.filter((l) => l.problem === null) ?? [];
      farm.weightGrams = orderWeightGrams(lines.map((l) => ({ quantity: l.quantity, unit: weightOf.get(l.listingId)!.unit, unitWeightGrams: weightOf.get(l.listingId)!.unitWeightGrams })));
      const settings = farmShippingSettings(db, household);
      const chosen = partners.filter((c) => settings.carriers.includes(c.id));
      const to = knownPlace(placeOf(db, { communeCode, name: page.values.recipientName, phone: page.values.recipientPhone, addressLine: page.values.addressLine }));
      const from = knownPlace(pickupPlaceOf(db, household.id));
      const farmPlace = knownPlace(placeOf(db, { communeCode: household.communeCode, name: household.displayName, phone: household.phone, addressLine: household.addressLine }));
      // No commune yet, or goods that stay in the province: the page already says why there is no delivery.
      if (to && from && farmPlace && farm.deliveryReason !== "localOnly") {
        const own = farm.deliveryFeeVnd !== null ? [farmDeliveryCarrier(household.delivery)] : [];
        const cash = page.values.paymentMethod !== "card" && farm.payment.chosen === "cod";
        const quotes = await quoteFarm({ from, farmPlace, to, weightGrams: farm.weightGrams, subtotalVnd: farm.subtotalVnd, cashOnDelivery: cash, own: [...own, pickupCarrier(household.delivery)], partners: chosen });
        const farmFee = quotes.options.find((o) => o.carrier === "farm");
        if (farmFee) farm.deliveryFeeVnd = farmFee.feeVnd;
        farm.partners = quotes.options
          .filter((o) => o.partner)
          .map((o) => ({ carrier: o.carrier, feeVnd: o.feeVnd, token: signQuote({ householdId: farm.householdId, carrier: o.carrier, communeCode, weightGrams: farm.weightGrams ?? 0, feeVnd: o.feeVnd }, at) }));
        farm.partnerNotes = quotes.notes;
      }
      chooseWay(farm, asked[`delivery-${farm.householdId}`]);
    }),
  );
  page.totalVnd = page.farms.reduce((sum, f) => sum + f.subtotalVnd + (f.feeVnd ?? 0), 0);
  return page;
}

/** The way asked for when still offered; otherwise the cheapest delivery; pick-up when nothing delivers. */
function chooseWay(farm: FarmCarrierView, asked: string | undefined) {
  const deliveries: Array<{ method: DeliveryChoice; feeVnd: number }> = [
    ...(farm.deliveryFeeVnd !== null ? [{ method: "delivery" as const, feeVnd: farm.deliveryFeeVnd }] : []),
    ...farm.partners.map((p) => ({ method: p.carrier as DeliveryChoice, feeVnd: p.feeVnd })),
  ];
  const offered = (m: string | undefined) => (m === "pickup" && farm.pickup) || deliveries.some((d) => d.method === m);
  if (offered(asked)) farm.method = asked as DeliveryChoice;
  else if (asked === undefined || isPartner(asked)) {
    const cheapest = [...deliveries].sort((a, b) => a.feeVnd - b.feeVnd)[0];
    if (cheapest) farm.method = cheapest.method;
    else if (farm.pickup) farm.method = "pickup";
  }
  // Otherwise the page keeps the way asked for, with the reason it cannot be had (no commune yet).
  farm.feeVnd = farm.method === "pickup" ? 0 : farm.method === "delivery" ? farm.deliveryFeeVnd : (farm.partners.find((p) => p.carrier === farm.method)?.feeVnd ?? null);
}
