import { PRICE_UNITS, type PriceUnit } from "../../db/schema";
import { sellerAccess, type Actor } from "~/accounts/access.server";
import { getHousehold } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import { getCommodity } from "./catalog.server";
import { priceBand } from "./queries.server";
import type { PriceBand } from "./types";

/**
 * The market band shown beside a listing's price (to buyers on the listing page, to farmers on
 * the listing form): the last 7 days, in the listing's unit when prices convert to it.
 */
export function listingPriceHint(db: Db, commodityId: number | null | undefined, listingUnit: string): { band: PriceBand | null; commoditySlug: string } | null {
  if (!commodityId) return null;
  const commodity = getCommodity(db, commodityId);
  if (!commodity) return null;
  const unit = (PRICE_UNITS as readonly string[]).includes(listingUnit) ? (listingUnit as PriceUnit) : undefined;
  return { band: priceBand(db, commodity.id, 7, unit), commoditySlug: commodity.slug };
}

/**
 * The band on a listing's public page. `forSeller` marks the viewers the seller's advice ("you set your
 * own price") is for: those who may set this listing's price (its farm, or staff acting for it); a buyer
 * reading it would take it as addressed to them.
 */
export function listingPageHint(
  db: Db,
  viewer: Actor | null | undefined,
  householdId: number,
  commodityId: number | null | undefined,
  listingUnit: string,
): { band: PriceBand | null; commoditySlug: string; forSeller: boolean } | null {
  const hint = listingPriceHint(db, commodityId, listingUnit);
  if (!hint) return null;
  const household = viewer ? getHousehold(db, householdId) : undefined;
  return { ...hint, forSeller: household ? sellerAccess(db, viewer, household).allowed : false };
}
