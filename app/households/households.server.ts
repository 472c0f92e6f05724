import { redirect } from "@remix-run/node";
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import {
  CERTIFICATIONS,
  HOUSEHOLD_KINDS,
  HOUSEHOLD_STATUSES,
  householdEvents,
  households,
  listings, orders,
  users,
  type Certification,
  type DeliveryOptions,
  type Household,
  type HouseholdEvent,
  type HouseholdKind,
  type HouseholdStatus,
  type Role,
} from "../../db/schema";
import { requireUser } from "~/accounts/permissions.server";
import { recordActivity, type ActivityAction } from "~/activity/log.server";
import type { SessionUser } from "~/accounts/session.server";
import { getUserById } from "~/accounts/users.server";
import { communesCoveredBy, officerCoversCommune } from "~/addresses/areas.server";
import { getCurrentCommune, getUnit, listCurrentCommunes } from "~/addresses/lookup.server";
import { CURRENT_SET } from "~/addresses/sets";
import { reindexHousehold } from "~/catalog/search-index.server";
import type { Locale } from "~/i18n/config";
import { db as appDb, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { normalizePhone } from "~/lib/phone";
import { cleanText, fold, slugify } from "~/lib/text";
import { findBankByBin } from "./banks.server";
import { feeForZone, type DeliveryZone } from "./delivery";
import { maskNationalId, parseNationalId } from "./national-id";
import { HOUSEHOLD_STAGES, type HouseholdStage } from "./schemas";

/**
 * Seller profiles and their onboarding funnel. Stored states: registered → activated (owner's
 * phone confirmed, password set) → verified (an officer of the area checked identity and address);
 * suspended / reinstated at any point. "listed" and "sold" are derived, never stored. Every change
 * of state writes a household_events row (who, when, note). Functions take a db and an actor so
 * routes, scripts, imports and the seed call the same code.
 */

export type { Household, HouseholdEvent, HouseholdStatus };
export { maskNationalId };

/** Who acts: a signed-in user or a script acting as one. */
export interface Actor {
  id: number;
  role: Role;
}

export const NAME_MAX = 100;
export const ADDRESS_MAX = 200;
export const PRODUCTS_MAX = 500;
export const NOTE_MAX = 500;
/** 10,000 ha: above any household or cooperative in the delta; catches a typo in the unit. */
export const FARM_AREA_MAX_M2 = 100_000_000;
export const FEE_MAX_VND = 5_000_000;
export const FREE_ABOVE_MAX_VND = 1_000_000_000;

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

function fail(key: string, field?: string, params: Record<string, string | number> = {}, status = 400): never {
  throw new AppError(`households:errors.${key}`, status, params, field);
}

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
  if (commune && commune.provinceCode !== env().HOME_PROVINCE_CODE) fail("communeOutsideProvince", "communeCode");

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

// ---------------------------------------------------------------------------------------------
// Reading

export function getHousehold(db: Db, id: number): Household | undefined {
  return db.select().from(households).where(eq(households.id, id)).get();
}

/** The household the user owns (one per owner). */
export function getHouseholdForUser(db: Db, userId: number): Household | undefined {
  return db.select().from(households).where(eq(households.ownerUserId, userId)).orderBy(asc(households.id)).limit(1).get();
}

/** The farmer's own household, or off to the registration wizard. */
export async function requireOwnHousehold(request: Request): Promise<{ user: SessionUser; household: Household }> {
  const user = await requireUser(request);
  const household = getHouseholdForUser(appDb(), user.id);
  if (!household) throw redirect("/ban-hang/dang-ky");
  return { user, household };
}

/** Only verified households publish listings (and only their published listings reach buyers). */
export function canPublish(household: Pick<Household, "status">): boolean {
  return household.status === "verified";
}

/** True for administrators and for officers whose areas include the commune. */
export function isOfficerFor(db: Db, actor: Actor | null | undefined, communeCode: string): boolean {
  if (!actor) return false;
  if (actor.role === "admin") return true;
  return actor.role === "officer" && officerCoversCommune(db, actor.id, communeCode);
}

function assertOfficerFor(db: Db, actor: Actor, communeCode: string) {
  if (!isOfficerFor(db, actor, communeCode)) fail("notYourArea", undefined, {}, 403);
}

/** The full national ID is for its owner, officers of its area and administrators. */
export function canSeeNationalId(
  db: Db,
  household: Pick<Household, "ownerUserId" | "communeCode">,
  viewer: Actor | null | undefined,
): boolean {
  if (!viewer) return false;
  if (household.ownerUserId !== null && household.ownerUserId === viewer.id) return true;
  return isOfficerFor(db, viewer, household.communeCode);
}

/** The household's national ID as this viewer may see it (masked unless allowed). */
export function nationalIdFor(db: Db, household: Household, viewer: Actor | null | undefined): string | null {
  return maskNationalId(household.nationalId, canSeeNationalId(db, household, viewer));
}

export interface HouseholdEventView extends HouseholdEvent {
  actorName: string | null;
}

export function listHouseholdEvents(db: Db, householdId: number): HouseholdEventView[] {
  // Names of the people who acted, read for display only.
  return db
    .select({
      id: householdEvents.id,
      householdId: householdEvents.householdId,
      fromStatus: householdEvents.fromStatus,
      toStatus: householdEvents.toStatus,
      actorUserId: householdEvents.actorUserId,
      note: householdEvents.note,
      at: householdEvents.at,
      actorName: users.name,
    })
    .from(householdEvents)
    .leftJoin(users, eq(users.id, householdEvents.actorUserId))
    .where(eq(householdEvents.householdId, householdId))
    .orderBy(asc(householdEvents.at), asc(householdEvents.id))
    .all();
}

/**
 * Published listings of the household. Read straight from the listings table: "listed" is a fact
 * about listings that the funnel derives, not something the listings module keeps for us.
 */
export function countPublishedListings(db: Db, householdId: number): number {
  const row = db
    .select({ n: count() })
    .from(listings)
    .where(and(eq(listings.householdId, householdId), eq(listings.status, "published")))
    .get();
  return row?.n ?? 0;
}

/**
 * Completed orders of the household. Read straight from the orders table, like listings above:
 * "sold" is derived from the data, never stored.
 */
export function countHouseholdSales(db: Db, householdId: number): number {
  const row = db
    .select({ n: count() })
    .from(orders)
    .where(and(eq(orders.householdId, householdId), eq(orders.status, "completed")))
    .get();
  return row?.n ?? 0;
}

export interface HouseholdFunnel {
  registered: boolean;
  activated: boolean;
  verified: boolean;
  /** derived: at least one published listing */
  listed: boolean;
  /** derived: at least one sale (always false until orders exist, see countHouseholdSales) */
  sold: boolean;
  /** current state, not a stage reached */
  suspended: boolean;
}

/** Stages reached (from the events, so a suspended household keeps what it reached) and the derived ones. */
export function householdFunnel(db: Db, householdId: number): HouseholdFunnel {
  const household = getHousehold(db, householdId);
  if (!household) return fail("notFound", undefined, {}, 404);
  const reached = new Set<HouseholdStatus>(
    db
      .select({ s: householdEvents.toStatus })
      .from(householdEvents)
      .where(eq(householdEvents.householdId, householdId))
      .all()
      .map((r) => r.s),
  );
  reached.add(household.status);
  const verified = reached.has("verified");
  return {
    registered: true,
    activated: verified || reached.has("activated"),
    verified,
    listed: countPublishedListings(db, householdId) > 0,
    sold: countHouseholdSales(db, householdId) > 0,
    suspended: household.status === "suspended",
  };
}

export type NextStep = "suspended" | "activate" | "waitForVerification" | "addListing" | "firstSale" | "selling";

/** What the seller should do (or wait for) next, shown on the dashboard. */
export function nextStep(household: Pick<Household, "status">, funnel: HouseholdFunnel): NextStep {
  if (household.status === "suspended") return "suspended";
  if (household.status === "registered") return "activate";
  if (household.status === "activated") return "waitForVerification";
  if (!funnel.listed) return "addListing";
  if (!funnel.sold) return "firstSale";
  return "selling";
}

// ---------------------------------------------------------------------------------------------
// What buyers see

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
  const buyer = getCurrentCommune(database, buyerCommuneCode);
  if (!buyer) return null;
  let zone: DeliveryZone = "elsewhere";
  if (buyer.code === household.communeCode) zone = "commune";
  else if (buyer.provinceCode === getCurrentCommune(database, household.communeCode)?.provinceCode) zone = "province";
  return feeForZone(household.delivery, zone, subtotalVnd);
}

// ---------------------------------------------------------------------------------------------
// Writing

function insertHousehold(
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
  if (owner.role !== "farmer") fail("notFarmer", undefined, {}, 403);
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

export interface OfficerRegistrationInput extends HouseholdInput {
  /** the household agreed to be listed: when, and how it was recorded (paper form, phone call, import file) */
  consentAt: Date;
  consentSource: string;
  importBatchId?: number | null;
}

export interface DuplicateHousehold {
  id: number;
  displayName: string;
  communeCode: string;
  /** what matched: the same ID number, or the same phone together with the folded name */
  by: "nationalId" | "phoneName";
}

/**
 * The household these details already describe, if any: the same CCCD/CMND, else the same phone
 * together with the folded representative name (a phone alone is shared by relatives and officers,
 * so it never makes two households one). Two different ID numbers are two households, whatever
 * the phone and name. The rule of the importer's dedupe keys (app/imports/dedupe.ts).
 */
export function findDuplicateHousehold(
  db: Db,
  value: { nationalId?: string | null; phone: string; nameFolded: string },
  exceptId?: number,
): DuplicateHousehold | undefined {
  const columns = { id: households.id, displayName: households.displayName, communeCode: households.communeCode };
  const notSelf = exceptId === undefined ? undefined : sql`${households.id} <> ${exceptId}`;
  if (value.nationalId) {
    const same = db.select(columns).from(households).where(and(eq(households.nationalId, value.nationalId), notSelf)).get();
    if (same) return { ...same, by: "nationalId" };
  }
  const samePhoneName = db
    .select(columns)
    .from(households)
    .where(
      and(
        eq(households.phone, value.phone),
        eq(households.nameFolded, value.nameFolded),
        value.nationalId ? sql`(${households.nationalId} IS NULL OR ${households.nationalId} = ${value.nationalId})` : undefined,
        notSelf,
      ),
    )
    .orderBy(asc(households.id))
    .limit(1)
    .get();
  return samePhoneName ? { ...samePhoneName, by: "phoneName" } : undefined;
}

export interface OfficerRegistrationInput extends HouseholdInput {
  /** the household agreed to be listed: when, and how it was recorded (paper form, phone call, import file) */
  consentAt: Date;
  consentSource: string;
  importBatchId?: number | null;
}

/**
 * An officer (or an administrator, or an import run by one) registers a household without an
 * owner account: it starts "registered" and is activated when its owner claims it by phone. A
 * household already on file (findDuplicateHousehold) is refused with its id (params.id) so the
 * page can link to it. The activity log gets one "household.register" line, except for rows of an
 * import batch, which the batch's own "import.households" line stands for.
 */
export function registerHouseholdByOfficer(db: Db, actor: Actor, input: OfficerRegistrationInput): Household {
  if (actor.role !== "officer" && actor.role !== "admin") fail("notYourArea", undefined, {}, 403);
  const consentSource = cleanText(input.consentSource ?? "");
  if (!(input.consentAt instanceof Date) || Number.isNaN(input.consentAt.getTime()) || consentSource === "") {
    fail("consentRequired", "consentSource");
  }
  if (consentSource.length > NOTE_MAX) fail("tooLong", "consentSource", { max: NOTE_MAX });
  const columns = normalizeHouseholdInput(db, input);
  // On the commune field: the form names the reason where the officer chose the commune.
  if (!isOfficerFor(db, actor, columns.communeCode)) fail("notYourArea", "communeCode", {}, 403);
  const duplicate = findDuplicateHousehold(db, columns);
  if (duplicate) {
    throw new AppError(
      duplicate.by === "nationalId" ? "households:register.errors.duplicateNationalId" : "households:register.errors.duplicatePhoneName",
      409,
      { id: duplicate.id, name: duplicate.displayName },
      duplicate.by === "nationalId" ? "nationalId" : "phone",
    );
  }
  const importBatchId = input.importBatchId ?? null;
  return insertHousehold(
    db,
    {
      ...columns,
      ownerUserId: null,
      registeredBy: actor.id,
      importBatchId,
      consentAt: input.consentAt,
      consentSource,
    },
    [{ from: null, to: "registered", note: consentSource }],
    actor.id,
    importBatchId === null
      ? (household) =>
          recordActivity(db, {
            actorUserId: actor.id,
            action: "household.register",
            householdId: household.id,
            communeCode: household.communeCode,
            detail: { consent: consentSource },
          })
      : undefined,
  );
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
  const isOwner = current.ownerUserId !== null && current.ownerUserId === actor.id;
  const isOfficer = isOfficerFor(db, actor, current.communeCode);
  if (!isOwner && !isOfficer) fail("notYourHousehold", undefined, {}, 403);
  const columns = normalizeHouseholdInput(db, input);
  if (!isOfficer) {
    if (current.status === "verified" || current.status === "suspended") {
      if (columns.representativeName !== current.representativeName) fail("identityLocked", "representativeName");
      if (columns.nationalId !== current.nationalId) fail("identityLocked", "nationalId");
      if (columns.communeCode !== current.communeCode) fail("identityLocked", "communeCode");
    }
  } else if (columns.communeCode !== current.communeCode) {
    assertOfficerFor(db, actor, columns.communeCode);
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
      const fields = isOwner || options.importBatchId ? [] : changedFields(current, columns);
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

function transition(
  db: Db,
  household: Household,
  to: HouseholdStatus,
  actor: Actor,
  note: string | null,
  changes: Partial<Household> = {},
  /** officers' and administrators' transitions are logged; the owner's activation is not */
  activity?: ActivityAction,
): Household {
  return db.transaction((tx) => {
    const updated = tx
      .update(households)
      .set({ ...changes, status: to, statusNote: note, updatedAt: new Date() })
      // Guarded by the status we checked: two officers acting at once cannot both move it.
      .where(and(eq(households.id, household.id), eq(households.status, household.status)))
      .returning()
      .get();
    if (!updated) fail("statusChanged", undefined, {}, 409);
    tx.insert(householdEvents)
      .values({ householdId: household.id, fromStatus: household.status, toStatus: to, actorUserId: actor.id, note, at: new Date() })
      .run();
    // Verification and suspension decide whether the household's listings are searchable.
    reindexHousehold(db, household.id);
    if (activity) {
      recordActivity(db, {
        actorUserId: actor.id,
        action: activity,
        householdId: household.id,
        communeCode: household.communeCode,
        detail: { from: household.status, to, note },
      });
    }
    return updated!;
  });
}

function noteOf(value: string | null | undefined, field: string, required: boolean): string | null {
  const text = cleanText(value ?? "");
  if (required && text === "") fail("reasonRequired", field);
  if (text.length > NOTE_MAX) fail("tooLong", field, { max: NOTE_MAX });
  return text || null;
}

function loadForChange(db: Db, householdId: number): Household {
  const household = getHousehold(db, householdId);
  if (!household) return fail("notFound", undefined, {}, 404);
  return household;
}

/** registered → activated: the owner proved their phone and set a password (e.g. by claiming it). */
export function activateHousehold(db: Db, householdId: number, owner: Actor): Household {
  const household = loadForChange(db, householdId);
  if (household.status !== "registered") fail("cannotActivate", undefined, { status: household.status }, 409);
  if (household.ownerUserId !== null && household.ownerUserId !== owner.id) fail("notYourHousehold", undefined, {}, 403);
  if (getHouseholdForUser(db, owner.id) && household.ownerUserId !== owner.id) fail("alreadyRegistered", undefined, {}, 409);
  const user = getUserById(db, owner.id);
  if (!user?.phoneVerifiedAt || !user.passwordHash) fail("ownerNotConfirmed", undefined, {}, 409);
  return transition(db, household, "activated", owner, null, { ownerUserId: owner.id });
}

/** activated → verified by an officer of the area (or an administrator), who checked identity and address. */
export function verifyHousehold(db: Db, actor: Actor, householdId: number, note?: string | null): Household {
  const household = loadForChange(db, householdId);
  assertOfficerFor(db, actor, household.communeCode);
  if (household.status !== "activated") fail("cannotVerify", undefined, { status: household.status }, 409);
  return transition(db, household, "verified", actor, noteOf(note, "note", false), {}, "household.verify");
}

/** Any state → suspended, with a reason; the catalog stops showing its listings. */
export function suspendHousehold(db: Db, actor: Actor, householdId: number, reason: string): Household {
  const household = loadForChange(db, householdId);
  assertOfficerFor(db, actor, household.communeCode);
  const note = noteOf(reason, "reason", true);
  if (household.status === "suspended") fail("alreadySuspended", undefined, {}, 409);
  return transition(db, household, "suspended", actor, note, {}, "household.suspend");
}

/** suspended → the state it was suspended from. */
export function reinstateHousehold(db: Db, actor: Actor, householdId: number, note?: string | null): Household {
  const household = loadForChange(db, householdId);
  assertOfficerFor(db, actor, household.communeCode);
  if (household.status !== "suspended") fail("notSuspended", undefined, {}, 409);
  const last = db
    .select({ from: householdEvents.fromStatus })
    .from(householdEvents)
    .where(and(eq(householdEvents.householdId, householdId), eq(householdEvents.toStatus, "suspended")))
    .orderBy(desc(householdEvents.id))
    .limit(1)
    .get();
  const back: HouseholdStatus =
    last?.from && last.from !== "suspended" ? last.from : household.ownerUserId !== null ? "activated" : "registered";
  return transition(db, household, back, actor, noteOf(note, "note", false), {}, "household.reinstate");
}

// ---------------------------------------------------------------------------------------------
// Officer lists

export interface OfficerHouseholdRow {
  id: number;
  displayName: string;
  representativeName: string;
  phone: string;
  status: HouseholdStatus;
  communeCode: string;
  communeName: string;
  nationalIdKind: "cccd" | "cmnd" | null;
  hasOwner: boolean;
  createdAt: Date;
  /** derived: at least one published listing */
  listed: boolean;
  /** derived: at least one completed order */
  sold: boolean;
}

export const OFFICER_PAGE_SIZE = 50;

export interface OfficerHouseholdFilters {
  /** a stored status, or the derived "listed" / "sold" */
  stage?: HouseholdStage | null;
  /** @deprecated alias of stage, for a stored status */
  status?: HouseholdStatus | null;
  /** current commune code; intersected with the officer's areas */
  communeCode?: string | null;
  /** at least one listing that is not archived (true), or none (false) */
  hasListings?: boolean | null;
  /** at least one completed order (true), or none (false) */
  hasSales?: boolean | null;
  /** name (with or without diacritics), phone (any written form, or a part of it) or ID number */
  q?: string | null;
  page?: number;
}

function areaFilter(db: Db, actor: Actor): SQL | undefined | "none" {
  if (actor.role === "admin") return undefined;
  if (actor.role !== "officer") return "none";
  const communes = communesCoveredBy(db, actor.id);
  if (communes.length === 0) return "none";
  return inArray(households.communeCode, communes);
}

// Correlated EXISTS on listings_household_idx (household_id, status) and orders_household_idx
// (household_id, status, created_at): one index probe per household, never a join that multiplies rows.
const hasPublished = sql`EXISTS (SELECT 1 FROM ${listings} l WHERE l.household_id = ${households.id} AND l.status = 'published')`;
const hasActiveListing = sql`EXISTS (SELECT 1 FROM ${listings} l WHERE l.household_id = ${households.id} AND l.status <> 'archived')`;
const hasCompletedOrder = sql`EXISTS (SELECT 1 FROM ${orders} o WHERE o.household_id = ${households.id} AND o.status = 'completed')`;

function stageFilter(stage: HouseholdStage): SQL {
  if (stage === "listed") return hasPublished;
  if (stage === "sold") return hasCompletedOrder;
  return eq(households.status, stage);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (column: SQL | typeof households.nameFolded, text: string) => sql`${column} LIKE ${`%${likeEscape(text)}%`} ESCAPE '\\'`;

/**
 * The search box. Words: the folded representative name (so "nguyen van tu" finds "Nguyễn Văn
 * Tư") or the shop name as typed. Digits: a whole phone number in any written form, or a whole ID
 * number (an 11-digit CCCD whose leading 0 a spreadsheet dropped too), matched exactly on the
 * indexes; any other run of digits (a CMND too) is also looked for inside phones and ID numbers.
 */
export function householdSearchFilter(q: string): SQL | undefined {
  const text = cleanText(q);
  if (text === "") return undefined;
  const digits = text.replace(/[\s.\-()+\u00a0]/g, "");
  if (!/^\d{3,}$/.test(digits)) return or(contains(households.nameFolded, fold(text)), contains(sql`${households.displayName}`, text));
  const exact: SQL[] = [];
  const phone = normalizePhone(text);
  if (phone.ok) exact.push(eq(households.phone, phone.e164), eq(households.zaloPhone, phone.e164));
  const id = parseNationalId(digits.length === 11 ? `0${digits}` : digits);
  if (id.ok) exact.push(eq(households.nationalId, id.value));
  // A whole phone or CCCD is unambiguous; nine digits that are no phone may be a CMND or part of a phone.
  if (phone.ok || (id.ok && id.kind === "cccd")) return or(...exact);
  return or(...exact, contains(sql`${households.phone}`, digits.replace(/^(84|0)/, "")), contains(sql`${households.nationalId}`, digits));
}

/** Every filter but the stage (the stage counts are taken under these). */
function baseFilters(db: Db, actor: Actor, filters: OfficerHouseholdFilters): SQL | undefined | "none" {
  const area = areaFilter(db, actor);
  if (area === "none") return "none";
  const commune = (filters.communeCode ?? "").trim();
  return and(
    area,
    commune ? eq(households.communeCode, commune) : undefined,
    filters.hasListings === true ? hasActiveListing : filters.hasListings === false ? sql`NOT ${hasActiveListing}` : undefined,
    filters.hasSales === true ? hasCompletedOrder : filters.hasSales === false ? sql`NOT ${hasCompletedOrder}` : undefined,
    filters.q ? householdSearchFilter(filters.q) : undefined,
  );
}

/**
 * Households in the actor's areas (administrators: all), newest first, filtered by commune, stage,
 * listings, sales and the search box; a page of OFFICER_PAGE_SIZE. Written for an officer with
 * tens of thousands of households: filters are SQL (EXISTS probes on the indexes), only the page's
 * rows are read.
 */
export function listHouseholdsForOfficer(
  db: Db,
  actor: Actor,
  options: OfficerHouseholdFilters = {},
): { rows: OfficerHouseholdRow[]; total: number; page: number; pageCount: number } {
  const base = baseFilters(db, actor, options);
  const requested = Math.max(1, Math.floor(options.page ?? 1));
  if (base === "none") return { rows: [], total: 0, page: 1, pageCount: 1 };
  const stage = options.stage ?? options.status ?? null;
  const where = and(base, stage ? stageFilter(stage) : undefined);
  const total = db.select({ n: count() }).from(households).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / OFFICER_PAGE_SIZE));
  const page = Math.min(requested, pageCount);
  const rows = db
    .select({
      id: households.id,
      displayName: households.displayName,
      representativeName: households.representativeName,
      phone: households.phone,
      status: households.status,
      communeCode: households.communeCode,
      nationalIdKind: households.nationalIdKind,
      ownerUserId: households.ownerUserId,
      createdAt: households.createdAt,
      listed: sql<number>`${hasPublished}`,
      sold: sql<number>`${hasCompletedOrder}`,
    })
    .from(households)
    .where(where)
    // Newest first by id (ids follow registration order): SQLite walks the table backwards and
    // stops at the page, where sorting by created_at (no index) sorted every household of the area.
    .orderBy(desc(households.id))
    .limit(OFFICER_PAGE_SIZE)
    .offset((page - 1) * OFFICER_PAGE_SIZE)
    .all();
  const names = new Map<string, string>();
  const nameOf = (code: string) => {
    if (!names.has(code)) names.set(code, getCurrentCommune(db, code)?.name ?? code);
    return names.get(code)!;
  };
  return {
    rows: rows.map((h) => ({
      id: h.id,
      displayName: h.displayName,
      representativeName: h.representativeName,
      phone: h.phone,
      status: h.status,
      communeCode: h.communeCode,
      communeName: nameOf(h.communeCode),
      nationalIdKind: h.nationalIdKind,
      hasOwner: h.ownerUserId !== null,
      createdAt: h.createdAt,
      listed: Boolean(h.listed),
      sold: Boolean(h.sold),
    })),
    total,
    page,
    pageCount,
  };
}

/**
 * How many households of the actor's areas are at each stage, under the other filters (commune,
 * listings, sales, search), in one pass: the counts beside the stage filter.
 */
export function householdStageCounts(db: Db, actor: Actor, filters: Omit<OfficerHouseholdFilters, "stage" | "status" | "page"> = {}): Record<HouseholdStage, number> {
  const counts = Object.fromEntries(HOUSEHOLD_STAGES.map((s) => [s, 0])) as Record<HouseholdStage, number>;
  const base = baseFilters(db, actor, filters);
  if (base === "none") return counts;
  const row = db
    .select({
      all: sql<number>`count(*)`,
      registered: sql<number>`coalesce(sum(${households.status} = 'registered'), 0)`,
      activated: sql<number>`coalesce(sum(${households.status} = 'activated'), 0)`,
      verified: sql<number>`coalesce(sum(${households.status} = 'verified'), 0)`,
      suspended: sql<number>`coalesce(sum(${households.status} = 'suspended'), 0)`,
      listed: sql<number>`coalesce(sum(${hasPublished}), 0)`,
      sold: sql<number>`coalesce(sum(${hasCompletedOrder}), 0)`,
    })
    .from(households)
    .where(base)
    .get();
  if (row) for (const s of HOUSEHOLD_STAGES) counts[s] = row[s];
  return counts;
}

/** How many households of the actor's areas are in each state (for the filter). */
export function householdStatusCounts(db: Db, actor: Actor): Record<HouseholdStatus, number> {
  const counts = Object.fromEntries(HOUSEHOLD_STATUSES.map((s) => [s, 0])) as Record<HouseholdStatus, number>;
  const area = areaFilter(db, actor);
  if (area === "none") return counts;
  const rows = db
    .select({ status: households.status, n: sql<number>`count(*)` })
    .from(households)
    .where(area)
    .groupBy(households.status)
    .all();
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** The communes the officer's list can be narrowed to: their own, or (administrators) the home province's. */
export function officerCommuneChoices(db: Db, actor: Actor): Array<{ code: string; name: string }> {
  const codes = actor.role === "admin" ? null : actor.role === "officer" ? communesCoveredBy(db, actor.id) : [];
  if (codes === null) {
    return listCurrentCommunes(db, env().HOME_PROVINCE_CODE).map((c) => ({ code: c.code, name: c.name }));
  }
  return codes
    .map((code) => ({ code, name: getCurrentCommune(db, code)?.name ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
}
