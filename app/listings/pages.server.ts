import { redirect } from "@remix-run/node";
import { allows, authorize, requireUser, sellerAccess } from "~/accounts/access.server";
import type { SessionUser } from "~/accounts/session.server";
import { getCurrentCommune, listCurrentCommunes } from "~/addresses/lookup.server";
import { requireOwnHousehold } from "~/households/records.server";
import { getHousehold, type Household } from "~/households/records.server";
import type { Locale } from "~/i18n/config";
import { db as appDb, type Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { quantityInputValue } from "~/lib/quantity";
import type { ListingFormDefaults } from "./ListingForm";
import { commodityOptions, type Listing } from "./listings.server";

/**
 * What the seller pages share: whose listings they show, and the form's options and defaults.
 * Routes stay thin; the rules live in listings.server.ts and photos.server.ts.
 */

/**
 * The household the page works for: the farmer's own, or — for an officer of its area or an
 * administrator acting on its behalf — the one named by ?ho=<id>.
 */
export async function sellerHouseholdFor(request: Request): Promise<{ user: SessionUser; household: Household; onBehalf: boolean }> {
  const param = new URL(request.url).searchParams.get("ho");
  if (param === null) {
    const user = await requireUser(request);
    if (allows(user, "useOfficerWorkspace")) throw redirect("/can-bo");
    const { household } = await requireOwnHousehold(request);
    return { user, household, onBehalf: false };
  }
  const user = await requireUser(request);
  const id = Number(param);
  const household = Number.isSafeInteger(id) && id > 0 ? getHousehold(appDb(), id) : undefined;
  if (!household) throw notFound();
  const access = sellerAccess(appDb(), user, household);
  authorize(access.allowed);
  return { user, household, onBehalf: access.onBehalf };
}

/** "?ho=12" when an officer works for a household, so links keep that context. */
export function onBehalfQuery(household: Household, onBehalf: boolean): string {
  return onBehalf ? `?ho=${household.id}` : "";
}

export function listingFormOptions(db: Db, household: Household, locale: Locale) {
  const commune = getCurrentCommune(db, household.communeCode);
  const communes = commune ? listCurrentCommunes(db, commune.provinceCode).map((c) => ({ code: c.code, name: c.name })) : [];
  return {
    commodities: commodityOptions(db, locale).map(({ id, name }) => ({ id, name })),
    communes,
    provinceName: commune?.provinceName ?? "",
  };
}

/** A new listing starts from the household's certifications, sold by the kg, minimum 1. */
export function newListingDefaults(household: Household): ListingFormDefaults {
  return { unit: "kg", minOrder: "1", quantityStep: "1", certifications: [...household.certifications], deliveryKind: "province", deliveryCommunes: [], deliversOutsideProvince: false };
}

export function listingDefaults(listing: Listing): ListingFormDefaults {
  const area = listing.deliveryArea;
  return {
    title: listing.title,
    description: listing.description,
    commodityId: listing.commodityId ? String(listing.commodityId) : "",
    category: listing.category,
    unit: listing.unit,
    price: String(listing.priceVnd),
    stock: quantityInputValue(listing.stock),
    minOrder: quantityInputValue(listing.minOrder),
    quantityStep: String(listing.quantityStep),
    unitWeight: listing.unitWeightGrams ? String(listing.unitWeightGrams) : "",
    availableFrom: listing.availableFrom ?? "",
    availableTo: listing.availableTo ?? "",
    certifications: [...listing.certifications],
    deliveryKind: area?.kind === "communes" ? "communes" : "province",
    deliveryCommunes: area?.kind === "communes" ? [...area.codes] : [],
    deliversOutsideProvince: listing.deliversOutsideProvince,
  };
}
