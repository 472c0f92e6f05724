import { eq } from "drizzle-orm";
import {
  CERTIFICATIONS,
  HOUSEHOLD_KINDS,
  householdEvents,
  households,
  type Certification,
  type DeliveryOptions,
  type Household,
  type HouseholdKind,
  type HouseholdStatus,
} from "../../db/schema";
import { recordActivity } from "~/activity/log.server";
import { getUserById } from "~/accounts/users.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { isServedProvince, servedProvinceNames } from "~/addresses/served.server";
import { reindexHousehold } from "~/catalog/search-index.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { normalizePhone } from "~/lib/phone";
import { cleanText, fold } from "~/lib/text";
import { allows, authorizeOrFail, householdRelation, mayEditHousehold, mayRegisterHouseholdIn, type Actor } from "~/accounts/access.server";
import { findBankByBin } from "./banks.server";
import { fail } from "./fail";
import { parseNationalId } from "./national-id";
import { getHousehold, getHouseholdForUser } from "./records.server";

/**
 * A seller's profile: the input rules (every message tied to its form field), the farmer's own
 * registration and profile edits. Functions take a db and an actor so routes, scripts, imports and
 * the seed call the same code.
 */

export const NAME_MAX = 100;
export const ADDRESS_MAX = 200;
export const PRODUCTS_MAX = 500;
export const NOTE_MAX = 500;
/** 10,000 ha: above any household or cooperative in the delta; catches a typo in the unit. */
export const FARM_AREA_MAX_M2 = 100_000_000;
const FEE_MAX_VND = 5_000_000;
const FREE_ABOVE_MAX_VND = 1_000_000_000;

export interface HouseholdInput {
  kind?: HouseholdKind;
  representativeName: string;
  /** shop name; defaults to the representative's name */
  displayName?: string | null;
  /** any accepted written form; stored as E.164 */
  phone: string;
  nationalId?: string | null;
  /** current-set commune code, in the home province */
  communeCode: string;
  addressLine?: string | null;
  mainProducts?: string | null;
  farmAreaM2?: number | null;
  certifications?: readonly string[] | null;
  bankBin?: string | null;
  bankAccountNumber?: string | null;
  bankAccountName?: string | null;
  delivery?: Partial<DeliveryOptions> | null;
  showContact?: boolean;
  zaloPhone?: string | null;
}

type ProfileColumns = Pick<
  Household,
  | "kind"
  | "displayName"
  | "representativeName"
  | "nameFolded"
  | "phone"
  | "nationalId"
  | "nationalIdKind"
  | "communeCode"
  | "addressLine"
  | "mainProducts"
  | "farmAreaM2"
  | "certifications"
  | "bankBin"
  | "bankAccountNumber"
  | "bankAccountName"
  | "delivery"
  | "showContact"
  | "zaloPhone"
>;


function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = cleanText(value ?? "");
  if (text === "") fail("required", field);
  if (text.length > max) fail("tooLong", field, { max });
  return text;
}

function optionalText(value: string | null | undefined, field: string, max: number): string {
  const text = cleanText(value ?? "");
  if (text.length > max) fail("tooLong", field, { max });
  return text;
}

function phoneOf(value: string, field: string): string {
  const result = normalizePhone(value);
  if (!result.ok) throw new AppError(`accounts:phone.${result.reason}`, 400, {}, field);
  return result.e164;
}

function money(value: number | null | undefined, field: string, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0) fail("moneyInvalid", field);
  if (value > max) fail("moneyTooLarge", field, { max });
  return value;
}

/** Checks and cleans a profile; every message is tied to the form field it belongs to. */
export function normalizeHouseholdInput(db: Db, input: HouseholdInput): ProfileColumns {
  const kind = input.kind ?? "household";
  if (!HOUSEHOLD_KINDS.includes(kind)) fail("kindInvalid", "kind");
  const representativeName = requiredText(input.representativeName, "representativeName", NAME_MAX);
  const displayName = optionalText(input.displayName, "displayName", NAME_MAX) || representativeName;
  const phone = phoneOf(input.phone, "phone");

  let nationalId: string | null = null;
  let nationalIdKind: "cccd" | "cmnd" | null = null;
  if (input.nationalId && input.nationalId.trim() !== "") {
    const parsed = parseNationalId(input.nationalId);
    if (!parsed.ok) fail(`nationalId.${parsed.reason}`, "nationalId");
    else {
      nationalId = parsed.value;
      nationalIdKind = parsed.kind;
    }
  }

  const communeCode = (input.communeCode ?? "").trim();
  if (communeCode === "") fail("communeRequired", "communeCode");
  const commune = getCurrentCommune(db, communeCode);
  if (!commune) fail("communeUnknown", "communeCode");
  if (commune && !isServedProvince(commune.provinceCode)) fail("communeOutsideProvince", "communeCode", { provinces: servedProvinceNames(db) });

  const addressLine = optionalText(input.addressLine, "addressLine", ADDRESS_MAX);
  const mainProducts = optionalText(input.mainProducts, "mainProducts", PRODUCTS_MAX);

  let farmAreaM2: number | null = null;
  if (input.farmAreaM2 !== null && input.farmAreaM2 !== undefined) {
    if (!Number.isInteger(input.farmAreaM2) || input.farmAreaM2 <= 0) fail("farmAreaInvalid", "farmAreaM2");
    if (input.farmAreaM2 > FARM_AREA_MAX_M2) fail("farmAreaTooLarge", "farmAreaM2", { max: FARM_AREA_MAX_M2 });
    farmAreaM2 = input.farmAreaM2;
  }

  const certifications: Certification[] = [];
  for (const c of input.certifications ?? []) {
    if (!(CERTIFICATIONS as readonly string[]).includes(c)) fail("certificationUnknown", "certifications");
    if (!certifications.includes(c as Certification)) certifications.push(c as Certification);
  }
  // Keep the canonical order so equal sets compare equal.
  certifications.sort((a, b) => CERTIFICATIONS.indexOf(a) - CERTIFICATIONS.indexOf(b));

  const bankBin = (input.bankBin ?? "").trim() || null;
  const bankAccountNumber = (input.bankAccountNumber ?? "").replace(/[\s.-]/g, "") || null;
  let bankAccountName: string | null = optionalText(input.bankAccountName, "bankAccountName", NAME_MAX) || null;
  if (bankBin && !findBankByBin(bankBin)) fail("bankUnknown", "bankBin");
  if (bankAccountNumber && !/^\d{6,19}$/.test(bankAccountNumber)) fail("bankAccountInvalid", "bankAccountNumber");
  if (bankBin && !bankAccountNumber) fail("bankAccountRequired", "bankAccountNumber");
  if (bankAccountNumber && !bankBin) fail("bankRequired", "bankBin");
  if (!bankBin) bankAccountName = null;

  const d = input.delivery ?? {};
  const delivery: DeliveryOptions = {
    pickup: d.pickup ?? false,
    feeCommune: money(d.feeCommune, "feeCommune", FEE_MAX_VND),
    feeProvince: money(d.feeProvince, "feeProvince", FEE_MAX_VND),
    feeElsewhere: money(d.feeElsewhere, "feeElsewhere", FEE_MAX_VND),
    freeAbove: money(d.freeAbove, "freeAbove", FREE_ABOVE_MAX_VND),
  };
  if (!delivery.pickup && delivery.feeCommune === null && delivery.feeProvince === null && delivery.feeElsewhere === null) {
    // A farm buyers cannot get goods from cannot sell.
    fail("noDeliveryOption", "pickup");
  }

  const showContact = input.showContact ?? false;
  const zaloPhone = input.zaloPhone && input.zaloPhone.trim() !== "" ? phoneOf(input.zaloPhone, "zaloPhone") : null;

  return {
    kind,
    displayName,
    representativeName,
    nameFolded: fold(representativeName),
    phone,
    nationalId,
    nationalIdKind,
    communeCode,
    addressLine,
    mainProducts,
    farmAreaM2,
    certifications,
    bankBin,
    bankAccountNumber,
    bankAccountName,
    delivery,
    showContact,
    zaloPhone,
  };
}

export function insertHousehold(
  db: Db,
  columns: ProfileColumns & Partial<Pick<Household, "ownerUserId" | "registeredBy" | "importBatchId" | "consentAt" | "consentSource">>,
  events: Array<{ from: HouseholdStatus | null; to: HouseholdStatus; note: string | null }>,
  actorId: number,
  /** runs inside the insert's transaction (the activity log) */
  onInsert?: (household: Household) => void,
): Household {
  const now = new Date();
  const status = events[events.length - 1].to;
  try {
    return db.transaction((tx) => {
      const household = tx
        .insert(households)
        .values({ ...columns, status, createdAt: now, updatedAt: now })
        .returning()
        .get();
      for (const e of events) {
        tx.insert(householdEvents)
          .values({ householdId: household.id, fromStatus: e.from, toStatus: e.to, actorUserId: actorId, note: e.note, at: now })
          .run();
      }
      onInsert?.(household);
      return household;
    });
  } catch (error) {
    throw duplicateNationalId(error);
  }
}

function duplicateNationalId(error: unknown): unknown {
  if (error instanceof Error && /UNIQUE constraint failed: households\.national_id/.test(error.message)) {
    return new AppError("households:errors.nationalIdTaken", 409, {}, "nationalId");
  }
  return error;
}

/**
 * A farmer registers their own household. A confirmed phone and a password make it "activated"
 * at once (a farmer's sign-up confirmed by code gives exactly that); otherwise it stays
 * "registered" until activateHousehold.
 */
export function createOwnHousehold(db: Db, owner: Actor, input: HouseholdInput): Household {
  if (!allows(owner, "sell")) fail("notFarmer", undefined, {}, 403);
  if (getHouseholdForUser(db, owner.id)) fail("alreadyRegistered", undefined, {}, 409);
  const user = getUserById(db, owner.id);
  if (!user) fail("notFound", undefined, {}, 404);
  const columns = normalizeHouseholdInput(db, input);
  const events: Array<{ from: HouseholdStatus | null; to: HouseholdStatus; note: string | null }> = [
    { from: null, to: "registered", note: null },
  ];
  if (user?.phoneVerifiedAt && user.passwordHash) events.push({ from: "registered", to: "activated", note: null });
  return insertHousehold(db, { ...columns, ownerUserId: owner.id, registeredBy: owner.id }, events, owner.id);
}

/** Profile columns whose stored value differs (arrays and objects compared by value). */
function changedFields(current: Household, next: ProfileColumns): string[] {
  return (Object.keys(next) as Array<keyof ProfileColumns>).filter(
    // nameFolded follows representativeName; naming it twice would only add noise to the log.
    (key) => key !== "nameFolded" && JSON.stringify(current[key]) !== JSON.stringify(next[key]),
  );
}

/**
 * Profile edits by the owner, an officer of the area (before and after the edit) or an
 * administrator. Once verified, the owner can no longer change what the officer checked (name,
 * national ID, commune): an officer does that.
 */
export function updateHouseholdProfile(
  db: Db,
  actor: Actor,
  householdId: number,
  input: HouseholdInput,
  /** rows of an import batch: the batch's "import.households" line stands for them in the activity log */
  options: { importBatchId?: number | null } = {},
): Household {
  const current = getHousehold(db, householdId);
  if (!current) return fail("notFound", undefined, {}, 404);
  authorizeOrFail(mayEditHousehold(db, actor, current), "households:errors.notYourHousehold");
  // The owner may not change what an officer checked; staff of the area may.
  const relation = householdRelation(db, actor, current);
  const isOfficer = relation === "staff";
  const columns = normalizeHouseholdInput(db, input);
  if (!isOfficer) {
    if (current.status === "verified" || current.status === "suspended") {
      if (columns.representativeName !== current.representativeName) fail("identityLocked", "representativeName");
      if (columns.nationalId !== current.nationalId) fail("identityLocked", "nationalId");
      if (columns.communeCode !== current.communeCode) fail("identityLocked", "communeCode");
    }
  } else if (columns.communeCode !== current.communeCode) {
    authorizeOrFail(mayRegisterHouseholdIn(db, actor, columns.communeCode), "households:errors.notYourArea");
  }
  try {
    return db.transaction((tx) => {
      const updated = tx
        .update(households)
        .set({ ...columns, updatedAt: new Date() })
        .where(eq(households.id, householdId))
        .returning()
        .get();
      // Shop name and place appear in the search index of the household's listings. Same
      // connection, so the outer handle writes inside this transaction.
      reindexHousehold(db, householdId);
      // An edit on the household's behalf (not by its owner) goes to the activity log.
      const fields = relation === "owner" || options.importBatchId ? [] : changedFields(current, columns);
      if (fields.length > 0) {
        recordActivity(db, {
          actorUserId: actor.id,
          action: "household.update",
          householdId,
          communeCode: updated.communeCode,
          detail: { fields: fields.join(",") },
        });
      }
      return updated;
    });
  } catch (error) {
    throw duplicateNationalId(error);
  }
}

