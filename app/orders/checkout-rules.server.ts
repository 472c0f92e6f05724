import type { DeliveryOptions, Household } from "../../db/schema";
import { feeForZone } from "~/households/delivery";
import { deliveryZone } from "~/households/seller.server";
import type { Db } from "~/lib/db.server";

/**
 * The delivery rules the checkout page shows and placeCheckout enforces, in one place: a farm's
 * fee for the buyer's commune, refused when some listing is not delivered outside its province,
 * and the farm's fee settings as the page saw them (the fee basis) to judge a "fee changed".
 */

export type DeliveryReason = "chooseCommune" | "farmDoesNotDeliver" | "localOnly";

export interface DeliveryQuote {
  /** null: no delivery to this commune (pickup may still be possible) */
  feeVnd: number | null;
  reason: DeliveryReason | null;
  /** listings of this farm that are not delivered outside its province, when that is the reason */
  localTitles: string[];
}

interface QuoteLine {
  title: string;
  deliversOutsideProvince: boolean;
}

/** The delivery fee for one farm's part of the cart to a buyer's commune, or why there is none. */
export function deliveryQuote(
  db: Db,
  household: Pick<Household, "communeCode" | "delivery">,
  lines: QuoteLine[],
  buyerCommuneCode: string,
  subtotalVnd: number,
): DeliveryQuote {
  const zone = buyerCommuneCode ? deliveryZone(db, household.communeCode, buyerCommuneCode) : null;
  if (zone === null) return { feeVnd: null, reason: "chooseCommune", localTitles: [] };
  const feeVnd = feeForZone(household.delivery, zone, subtotalVnd);
  if (feeVnd === null) return { feeVnd: null, reason: "farmDoesNotDeliver", localTitles: [] };
  if (zone === "elsewhere") {
    const localTitles = lines.filter((l) => !l.deliversOutsideProvince).map((l) => l.title);
    if (localTitles.length > 0) return { feeVnd: null, reason: "localOnly", localTitles };
  }
  return { feeVnd, reason: null, localTitles: [] };
}

/** The farm's fee settings as the checkout page saw them: where it is and what it charges. */
export interface FeeBasis {
  communeCode: string;
  delivery: Pick<DeliveryOptions, "feeCommune" | "feeProvince" | "feeElsewhere" | "freeAbove">;
}

export function feeBasisOf(household: Pick<Household, "communeCode" | "delivery">): string {
  const { feeCommune, feeProvince, feeElsewhere, freeAbove } = household.delivery;
  return JSON.stringify({ communeCode: household.communeCode, delivery: { feeCommune, feeProvince, feeElsewhere, freeAbove } } satisfies FeeBasis);
}

const fee = (value: unknown): value is number | null => value === null || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0);

/** A fee basis the page wrote, or null for anything else (then no fee comparison is made). */
export function parseFeeBasis(text: string): FeeBasis | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const { communeCode, delivery } = value as Record<string, unknown>;
  if (typeof communeCode !== "string" || !/^\d{5}$/.test(communeCode) || !delivery || typeof delivery !== "object") return null;
  const d = delivery as Record<string, unknown>;
  if (![d.feeCommune, d.feeProvince, d.feeElsewhere, d.freeAbove].every(fee)) return null;
  return {
    communeCode,
    delivery: { feeCommune: d.feeCommune as number | null, feeProvince: d.feeProvince as number | null, feeElsewhere: d.feeElsewhere as number | null, freeAbove: d.freeAbove as number | null },
  };
}

/**
 * What the fee to the SUBMITTED commune was under the settings the page was drawn with. Compared
 * with the fee now, it tells a real change of the farm's settings from a page that merely printed
 * the fee of another commune (the buyer changed it without JavaScript).
 */
export function feeAtRender(db: Db, basis: FeeBasis, buyerCommuneCode: string, subtotalVnd: number): number | null {
  const zone = deliveryZone(db, basis.communeCode, buyerCommuneCode);
  return zone === null ? null : feeForZone({ pickup: false, ...basis.delivery }, zone, subtotalVnd);
}
