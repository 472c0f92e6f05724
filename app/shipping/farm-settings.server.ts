/**
 * A farm's delivery settings (farm_shipping): the partners it hands parcels to, the address they
 * collect from, and how far a packed weight may differ from the ordered one before the buyer is
 * asked. A farm that never saved them gets no partner and its household's own address.
 */
import { eq } from "drizzle-orm";
import { CARRIER_IDS, farmShipping, type CarrierId, type FarmShipping, type Household } from "../../db/schema";
import type { Actor } from "~/accounts/access";
import { authorizeOrFail, householdRelation, mayEditHousehold } from "~/accounts/access.server";
import { recordActivity } from "~/activity/log.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { getHousehold } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import { now } from "~/lib/clock";
import { AppError } from "~/lib/errors";
import { normalizePhone } from "~/lib/phone";
import { cleanText } from "~/lib/text";

export const DEFAULT_TOLERANCE_PCT = 10;
export const MAX_TOLERANCE_PCT = 50;
const NAME_MAX = 100;
const ADDRESS_MAX = 200;

/** The partners a farm can choose: the delivery companies, not its own ways. */
export const PARTNER_IDS = CARRIER_IDS.filter((id) => id !== "farm" && id !== "pickup");

export interface FarmShippingSettings {
  carriers: CarrierId[];
  pickupName: string;
  /** E.164 */
  pickupPhone: string;
  pickupCommuneCode: string;
  pickupAddressLine: string;
  weightTolerancePct: number;
}

type HouseholdPlace = Pick<Household, "id" | "displayName" | "representativeName" | "phone" | "communeCode" | "addressLine">;

/** The farm's settings, with the household's name, phone and address where it set none. */
export function farmShippingSettings(db: Db, household: HouseholdPlace): FarmShippingSettings {
  const row = db.select().from(farmShipping).where(eq(farmShipping.householdId, household.id)).get();
  return {
    carriers: row?.carriers ?? [],
    pickupName: row?.pickupName || household.displayName,
    pickupPhone: row?.pickupPhone || household.phone,
    pickupCommuneCode: row?.pickupCommuneCode || household.communeCode,
    pickupAddressLine: row?.pickupAddressLine || household.addressLine,
    weightTolerancePct: row?.weightTolerancePct ?? DEFAULT_TOLERANCE_PCT,
  };
}

/** The form as typed: every field a string, carriers as the checked boxes. */
export interface FarmShippingInput {
  carriers: string[];
  pickupName: string;
  pickupPhone: string;
  pickupCommuneCode: string;
  pickupAddressLine: string;
  weightTolerancePct: string;
}

function fail(key: string, field: string, params: Record<string, string | number> = {}): never {
  throw new AppError(`shipping:settings.errors.${key}`, 400, params, field);
}

/** Checks the form; partners must be among those configured (`available`). */
export function validateFarmShipping(db: Db, input: FarmShippingInput, available: readonly CarrierId[]): FarmShippingSettings {
  const carriers = [...new Set(input.carriers)];
  for (const id of carriers) if (!available.includes(id as CarrierId)) fail("carrierUnavailable", "carriers");
  const pickupName = cleanText(input.pickupName ?? "");
  if (!pickupName) fail("required", "pickupName");
  if (pickupName.length > NAME_MAX) fail("tooLong", "pickupName", { max: NAME_MAX });
  const phone = normalizePhone(input.pickupPhone);
  if (!phone.ok) throw new AppError(`accounts:phone.${phone.reason}`, 400, {}, "pickupPhone");
  if (!getCurrentCommune(db, input.pickupCommuneCode ?? "")) fail("communeRequired", "pickupCommuneCode");
  const pickupAddressLine = cleanText(input.pickupAddressLine ?? "");
  if (!pickupAddressLine) fail("required", "pickupAddressLine");
  if (pickupAddressLine.length > ADDRESS_MAX) fail("tooLong", "pickupAddressLine", { max: ADDRESS_MAX });
  const tolerance = (input.weightTolerancePct ?? "").trim();
  if (!/^\d{1,3}$/.test(tolerance) || Number(tolerance) > MAX_TOLERANCE_PCT) fail("tolerance", "weightTolerancePct", { max: MAX_TOLERANCE_PCT });
  return {
    carriers: carriers as CarrierId[],
    pickupName,
    pickupPhone: phone.e164,
    pickupCommuneCode: input.pickupCommuneCode,
    pickupAddressLine,
    weightTolerancePct: Number(tolerance),
  };
}

/**
 * Saves a farm's delivery settings, for its owner or staff acting on its behalf (the same policy
 * as the profile). Only configured partners can be chosen: one the operator disconnects drops out
 * at the next save (and checkout offers only configured ones anyway).
 */
export function saveFarmShipping(
  db: Db,
  actor: Actor,
  householdId: number,
  input: FarmShippingInput,
  available: readonly CarrierId[],
): FarmShipping {
  const household = getHousehold(db, householdId);
  if (!household) throw new AppError("households:errors.notFound", 404);
  authorizeOrFail(mayEditHousehold(db, actor, household), "households:errors.notYourHousehold");
  const settings = validateFarmShipping(db, input, available);
  const values = { ...settings, updatedAt: now() };
  return db.transaction(() => {
    const saved = db.insert(farmShipping).values({ householdId, ...values }).onConflictDoUpdate({ target: farmShipping.householdId, set: values }).returning().get();
    // As a profile edit: one made on the household's behalf (not by its owner) goes to the activity log.
    if (householdRelation(db, actor, household) === "staff") {
      recordActivity(db, { actorUserId: actor.id, action: "household.update", householdId, communeCode: household.communeCode, detail: { fields: "shipping" } });
    }
    return saved;
  });
}
