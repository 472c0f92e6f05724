import { PRICE_UNITS, type PriceUnit } from "../../db/schema";
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
