/**
 * A Place for the carriers from what we store (a current commune code and an address line): the
 * names GHTK takes, and the former district and ward GHN's master data still files addresses by.
 * Checkout builds the buyer's place with it too, so quotes and shipments see the same address.
 */
import { eq } from "drizzle-orm";
import { farmShipping, households } from "../../db/schema";
import { formerCommunesOf, getCurrentCommune } from "~/addresses/lookup.server";
import type { Db } from "~/lib/db.server";
import type { Place } from "./carrier";

export function placeOf(db: Db, input: { name: string; phone: string; communeCode: string; addressLine: string }): Place {
  const commune = getCurrentCommune(db, input.communeCode);
  const former = formerCommunesOf(db, input.communeCode)[0];
  return {
    name: input.name,
    phone: input.phone,
    communeCode: input.communeCode,
    provinceCode: commune?.provinceCode ?? "",
    communeName: commune?.name ?? "",
    provinceName: commune?.provinceName ?? "",
    addressLine: input.addressLine,
    ...(former?.districtName && former.provinceName
      ? { former: { provinceName: former.provinceName, districtName: former.districtName, communeName: former.name } }
      : {}),
  };
}

/** Where a carrier picks the farm's parcels up: its delivery settings, else the household's own address. */
export function pickupPlaceOf(db: Db, householdId: number): Place | null {
  const household = db.select().from(households).where(eq(households.id, householdId)).get();
  if (!household) return null;
  const settings = db.select().from(farmShipping).where(eq(farmShipping.householdId, householdId)).get();
  const own = settings?.pickupCommuneCode && settings.pickupAddressLine;
  return placeOf(db, {
    name: (own && settings.pickupName) || household.displayName,
    phone: (own && settings.pickupPhone) || household.phone,
    communeCode: own ? settings.pickupCommuneCode! : household.communeCode,
    addressLine: own ? settings.pickupAddressLine! : household.addressLine,
  });
}
