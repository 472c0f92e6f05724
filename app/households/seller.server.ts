import { type Certification, type DeliveryOptions, type Household, type HouseholdKind } from "../../db/schema";
import { getCurrentCommune, getUnit } from "~/addresses/lookup.server";
import { CURRENT_SET } from "~/addresses/sets";
import type { Locale } from "~/i18n/config";
import { db as appDb, type Db } from "~/lib/db.server";
import { slugify } from "~/lib/text";
import { feeForZone, type DeliveryZone } from "./delivery";
import { getHousehold } from "./records.server";

/** The seller as buyers see it: the public profile of a verified household and its delivery fee. */

export interface PublicSeller {
  id: number;
  slug: string;
  kind: HouseholdKind;
  displayName: string;
  communeCode: string;
  communeName: string;
  provinceName: string;
  certifications: Certification[];
  mainProducts: string;
  farmAreaM2: number | null;
  delivery: DeliveryOptions;
  /** E.164; only when the household lets buyers see it before ordering */
  phone?: string;
  zalo?: string;
}

/**
 * A verified household as buyers see it; undefined for any other household (buyers only ever see
 * verified sellers). Place names: official Vietnamese names, or their English forms for "en".
 */
export function publicSeller(db: Db, householdId: number, locale: Locale): PublicSeller | undefined {
  const h = getHousehold(db, householdId);
  if (!h || h.status !== "verified") return undefined;
  const commune = getUnit(db, CURRENT_SET, h.communeCode);
  const province = commune?.provinceCode ? getUnit(db, CURRENT_SET, commune.provinceCode) : null;
  const nameEn = (code: string) =>
    (db.$client.prepare("SELECT name_en AS n FROM admin_units WHERE set_id = ? AND code = ?").get(CURRENT_SET, code) as
      | { n: string | null }
      | undefined)?.n ?? null;
  const placeName = (unit: { code: string; name: string } | null) =>
    unit ? (locale === "en" ? (nameEn(unit.code) ?? unit.name) : unit.name) : "";
  const seller: PublicSeller = {
    id: h.id,
    slug: slugify(h.displayName) || "nha-vuon",
    kind: h.kind,
    displayName: h.displayName,
    communeCode: h.communeCode,
    communeName: placeName(commune),
    provinceName: placeName(province),
    certifications: h.certifications,
    mainProducts: h.mainProducts,
    farmAreaM2: h.farmAreaM2,
    delivery: h.delivery,
  };
  if (h.showContact) {
    seller.phone = h.phone;
    if (h.zaloPhone) seller.zalo = h.zaloPhone;
  }
  return seller;
}

/**
 * The delivery fee (integer VND) from this household to a buyer's current commune for an order
 * subtotal; 0 above the free-delivery amount; null when the farm does not deliver there (pickup
 * may still be offered: household.delivery.pickup) or the commune is unknown.
 */
export function deliveryFee(
  household: Pick<Household, "communeCode" | "delivery">,
  buyerCommuneCode: string,
  subtotalVnd: number,
  database: Db = appDb(),
): number | null {
  if (!Number.isInteger(subtotalVnd) || subtotalVnd < 0) throw new TypeError(`subtotal must be integer VND, got ${subtotalVnd}`);
  const zone = deliveryZone(database, household.communeCode, buyerCommuneCode);
  return zone === null ? null : feeForZone(household.delivery, zone, subtotalVnd);
}

/** Where a buyer's current commune lies seen from a farm's: its own commune, its province, or elsewhere; null when unknown. */
export function deliveryZone(database: Db, farmCommuneCode: string, buyerCommuneCode: string): DeliveryZone | null {
  const buyer = getCurrentCommune(database, buyerCommuneCode);
  if (!buyer) return null;
  if (buyer.code === farmCommuneCode) return "commune";
  if (buyer.provinceCode === getCurrentCommune(database, farmCommuneCode)?.provinceCode) return "province";
  return "elsewhere";
}

