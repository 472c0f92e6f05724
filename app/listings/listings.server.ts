import { asc, desc, eq, sql } from "drizzle-orm";
import { commodities, listingEvents, listingPhotos, listings, type Listing } from "../../db/schema";
import { authorize, authorizeOrFail, requireUser, sellerAccess } from "~/accounts/access.server";
import { recordActivity, type ActivityAction } from "~/activity/log.server";
import type { SessionUser } from "~/accounts/session.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { indexListing } from "~/catalog/search-index.server";
import { type Actor } from "~/accounts/access.server";
import { canPublish } from "~/households/records.server";
import { getHousehold, type Household } from "~/households/records.server";
import type { Locale } from "~/i18n/config";
import { db as appDb, type Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { cleanMultilineText, cleanText, slugify } from "~/lib/text";
import { enqueueMessage } from "~/notifications/outbox.server";
import { isMultipleOfStep, roundQuantity } from "~/lib/quantity";
import { CATEGORIES, CERTIFICATIONS, QUANTITY_STEPS, UNITS, effectiveStep, isWeightUnit, type Certification, type ListingStatus, type Unit } from "./options";
import { MAX_PRICE_VND, MAX_QUANTITY } from "./price";
import { DESCRIPTION_MAX, TITLE_MAX, TITLE_MIN, type DeliveryAreaValue, type ListingInput } from "./schema";
import { canTransition, statusAfterStockChange } from "./status";

/**
 * Listings: create, edit, status changes and the seller's own list. Every write runs in one
 * transaction that also records a listing_events row (onBehalf when an officer or administrator acts
 * for the household) and updates the catalog's search index. Functions take a db and an actor, so
 * routes, the seed and imports run the same code.
 */
export type { Actor, Listing };

function fail(key: string, field?: string, params: Record<string, string | number> = {}, status = 400): never {
  throw new AppError(`listings:errors.${key}`, status, params, field);
}

// ---------------------------------------------------------------------------------------------
// Who may act

function assertSeller(db: Db, actor: Actor, household: Household): { onBehalf: boolean } {
  const access = sellerAccess(db, actor, household);
  authorizeOrFail(access.allowed);
  return { onBehalf: access.onBehalf };
}

/** The listing and its household for a change by this actor; 404 / 403 otherwise. */
export function loadForSeller(db: Db, actor: Actor, listingId: number): { listing: Listing; household: Household; onBehalf: boolean } {
  const listing = getListing(db, listingId);
  if (!listing) throw new AppError("listings:errors.notFound", 404);
  const household = getHousehold(db, listing.householdId);
  if (!household) throw new AppError("listings:errors.notFound", 404);
  return { listing, household, ...assertSeller(db, actor, household) };
}

/**
 * For loaders and actions of a listing's seller pages: the owner, an officer of its area or an
 * administrator. Anyone else gets the 403 page, even when they only changed the id in the URL.
 */
export async function requireSellerOf(
  request: Request,
  listingId: number,
): Promise<{ user: SessionUser; listing: Listing; household: Household; onBehalf: boolean }> {
  const user = await requireUser(request);
  const db = appDb();
  const listing = Number.isSafeInteger(listingId) && listingId > 0 ? getListing(db, listingId) : undefined;
  if (!listing) throw notFound();
  const household = getHousehold(db, listing.householdId);
  if (!household) throw notFound();
  const access = sellerAccess(db, user, household);
  authorize(access.allowed);
  return { user, listing, household, onBehalf: access.onBehalf };
}

export function recordListingEvent(db: Db, listingId: number, actor: Actor | null, action: string, onBehalf: boolean, note?: string | null) {
  db.insert(listingEvents)
    .values({ listingId, actorUserId: actor?.id ?? null, action, onBehalf, note: note ?? null })
    .run();
}

/**
 * A change an officer or administrator made on the household's behalf goes to the activity log too
 * (same transaction as the change); the owner's own changes do not.
 */
function recordOnBehalf(
  db: Db,
  onBehalf: boolean,
  actor: Actor,
  action: ActivityAction,
  listing: Pick<Listing, "id" | "householdId">,
  household: Pick<Household, "communeCode">,
  detail?: Record<string, string | number | boolean | null>,
) {
  if (!onBehalf) return;
  recordActivity(db, { actorUserId: actor.id, action, householdId: listing.householdId, listingId: listing.id, communeCode: household.communeCode, detail });
}

// ---------------------------------------------------------------------------------------------
// Reading

export function getListing(db: Db, id: number): Listing | undefined {
  return db.select().from(listings).where(eq(listings.id, id)).get();
}

interface SellerListingRow {
  id: number;
  title: string;
  slug: string;
  status: ListingStatus;
  unit: Listing["unit"];
  priceVnd: number;
  stock: number;
  updatedAt: Date;
  coverHash: string | null;
  photoCount: number;
  processingCount: number;
}

/** A household's listings for its own list page: drafts first by recency, archived last. */
export function listingsOfHousehold(db: Db, householdId: number): SellerListingRow[] {
  const rows = db
    .select({
      id: listings.id,
      title: listings.title,
      slug: listings.slug,
      status: listings.status,
      unit: listings.unit,
      priceVnd: listings.priceVnd,
      stock: listings.stock,
      updatedAt: listings.updatedAt,
      coverHash: sql<string | null>`(SELECT p.hash FROM ${listingPhotos} p WHERE p.listing_id = ${listings.id} AND p.status = 'ready' ORDER BY p.position LIMIT 1)`,
      photoCount: sql<number>`(SELECT count(*) FROM ${listingPhotos} p WHERE p.listing_id = ${listings.id})`,
      processingCount: sql<number>`(SELECT count(*) FROM ${listingPhotos} p WHERE p.listing_id = ${listings.id} AND p.status = 'processing')`,
    })
    .from(listings)
    .where(eq(listings.householdId, householdId))
    .orderBy(sql`CASE ${listings.status} WHEN 'archived' THEN 1 ELSE 0 END`, desc(listings.updatedAt), desc(listings.id))
    .all();
  return rows;
}

interface ListingEventRow {
  id: number;
  action: string;
  onBehalf: boolean;
  note: string | null;
  at: Date;
  actorUserId: number | null;
}

export function listListingEvents(db: Db, listingId: number, limit = 20): ListingEventRow[] {
  return db
    .select({
      id: listingEvents.id,
      action: listingEvents.action,
      onBehalf: listingEvents.onBehalf,
      note: listingEvents.note,
      at: listingEvents.at,
      actorUserId: listingEvents.actorUserId,
    })
    .from(listingEvents)
    .where(eq(listingEvents.listingId, listingId))
    .orderBy(desc(listingEvents.id))
    .limit(limit)
    .all();
}

/**
 * Market-price commodities a listing may link to (for price hints), in the category's order then by
 * name. Read here because the prices capability has no module yet; empty when none are loaded.
 */
export function commodityOptions(db: Db, locale: Locale): Array<{ id: number; name: string; category: string }> {
  const rows = db
    .select({ id: commodities.id, nameVi: commodities.nameVi, nameEn: commodities.nameEn, category: commodities.category })
    .from(commodities)
    .orderBy(asc(commodities.category), asc(commodities.nameVi))
    .all();
  return rows.map((r) => ({ id: r.id, name: locale === "vi" ? r.nameVi : r.nameEn, category: r.category }));
}

/** The household's current province code (for a whole-province delivery area). */
function provinceOf(db: Db, household: Household): string {
  const commune = getCurrentCommune(db, household.communeCode);
  if (!commune) fail("householdAddressMissing", undefined, {}, 409);
  return commune.provinceCode;
}

// ---------------------------------------------------------------------------------------------
// Checking input

type ListingColumns = Pick<
  Listing,
  | "title"
  | "slug"
  | "description"
  | "commodityId"
  | "category"
  | "unit"
  | "priceVnd"
  | "stock"
  | "minOrder"
  | "quantityStep"
  | "unitWeightGrams"
  | "availableFrom"
  | "availableTo"
  | "certifications"
  | "deliveryArea"
  | "deliversOutsideProvince"
>;

function wholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) fail(`${field}.invalid`, field);
  if (value < min) fail(field === "price" ? "price.zero" : `${field}.tooSmall`, field);
  if (value > max) fail(`${field}.tooLarge`, field);
  return value;
}

/** Stock of a weight unit may hold thousandths (97,5 kg left after sales); counted units stay whole. */
function stockNumber(value: unknown, unit: Unit, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail("stock.invalid", "stock");
  if (isWeightUnit(unit) ? roundQuantity(value) !== value : !Number.isInteger(value)) fail("stock.invalid", "stock");
  if (value < 0) fail("stock.tooSmall", "stock");
  if (value > max) fail("stock.tooLarge", "stock");
  return value;
}

/** The smallest order: whole for counted units, a whole number of steps for weights (1,5 kg by 0,5). */
function minOrderNumber(value: unknown, unit: Unit, step: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail("minOrder.invalid", "minOrder");
  if (value <= 0) fail("minOrder.tooSmall", "minOrder");
  if (value > MAX_QUANTITY) fail("minOrder.tooLarge", "minOrder");
  if (!isWeightUnit(unit) && !Number.isInteger(value)) fail("minOrder.decimal", "minOrder");
  if (isWeightUnit(unit) && !isMultipleOfStep(value, step)) fail("minOrder.step", "minOrder");
  return roundQuantity(value);
}

/** The farm's step for weight units (one of QUANTITY_STEPS); counted units always sell by 1. */
function quantityStepOf(value: unknown, unit: Unit): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== "number" || !(QUANTITY_STEPS as readonly number[]).includes(value)) fail("quantityStep.invalid", "quantityStep");
  return effectiveStep(unit, value);
}

/** Heaviest counted unit a farm may declare (a crate of fruit): 100 kg. */
const MAX_UNIT_WEIGHT_GRAMS = 100_000;

/** The weight of one counted unit, in whole grams; weight units carry their own (options.ts unitWeightGrams). */
function unitWeightOf(value: unknown, unit: Unit): number | null {
  if (isWeightUnit(unit) || value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) fail("unitWeight.invalid", "unitWeight");
  if (value > MAX_UNIT_WEIGHT_GRAMS) fail("unitWeight.tooLarge", "unitWeight");
  return value;
}

function isoDate(value: string | null | undefined, field: string): string | null {
  if (!value) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) fail("dateFormat", field);
  return value;
}

/** Checks and cleans what the form, the seed or an import sends; each message names its field. */
export function normalizeListingInput(db: Db, household: Household, input: ListingInput): ListingColumns {
  const title = cleanText(input.title ?? "");
  if (title.length < TITLE_MIN) fail(title ? "titleTooShort" : "titleRequired", "title");
  if (title.length > TITLE_MAX) fail("titleTooLong", "title");
  const description = cleanMultilineText(input.description ?? "");
  if (description.length > DESCRIPTION_MAX) fail("descriptionTooLong", "description");
  if (!CATEGORIES.includes(input.category)) fail("categoryRequired", "category");
  if (!UNITS.includes(input.unit)) fail("unitRequired", "unit");
  const priceVnd = wholeNumber(input.priceVnd, "price", 1, MAX_PRICE_VND);
  const stock = stockNumber(input.stock, input.unit, MAX_QUANTITY);
  const quantityStep = quantityStepOf(input.quantityStep, input.unit);
  const minOrder = minOrderNumber(input.minOrder ?? 1, input.unit, quantityStep);
  const availableFrom = isoDate(input.availableFrom, "availableFrom");
  const availableTo = isoDate(input.availableTo, "availableTo");
  if (availableFrom && availableTo && availableTo < availableFrom) fail("seasonOrder", "availableTo");
  const certifications = [...new Set(input.certifications ?? [])] as Certification[];
  if (certifications.some((c) => !CERTIFICATIONS.includes(c))) fail("certificationInvalid", "certifications");
  let commodityId: number | null = null;
  if (input.commodityId !== null && input.commodityId !== undefined) {
    const found = db.select({ id: commodities.id }).from(commodities).where(eq(commodities.id, input.commodityId)).get();
    if (!found) fail("commodityInvalid", "commodityId");
    commodityId = found.id;
  }
  let deliveryArea: DeliveryAreaValue;
  if (input.deliveryArea?.kind === "communes") {
    const codes = [...new Set(input.deliveryArea.codes)];
    if (codes.length === 0) fail("communesRequired", "deliveryCommunes");
    if (codes.some((code) => !getCurrentCommune(db, code))) fail("communeInvalid", "deliveryCommunes");
    deliveryArea = { kind: "communes", codes };
  } else {
    deliveryArea = { kind: "province", code: provinceOf(db, household) };
  }
  return {
    title,
    slug: slugify(title) || "san-pham",
    description,
    commodityId,
    category: input.category,
    unit: input.unit,
    priceVnd,
    stock,
    minOrder,
    quantityStep,
    unitWeightGrams: unitWeightOf(input.unitWeightGrams, input.unit),
    availableFrom,
    availableTo,
    certifications,
    deliveryArea,
    deliversOutsideProvince: input.deliversOutsideProvince === true,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A new listing, always a draft: publishing is a separate, checked step. */
export function createListing(db: Db, actor: Actor, householdId: number, input: ListingInput): Listing {
  const household = getHousehold(db, householdId);
  if (!household) fail("householdNotFound", undefined, {}, 404);
  const { onBehalf } = assertSeller(db, actor, household);
  const columns = normalizeListingInput(db, household, input);
  return db.transaction(() => {
    const listing = db
      .insert(listings)
      .values({ ...columns, householdId, status: "draft", createdBy: actor.id })
      .returning()
      .get();
    recordListingEvent(db, listing.id, actor, "created", onBehalf);
    recordOnBehalf(db, onBehalf, actor, "listing.create", listing, household, { title: listing.title });
    indexListing(db, listing.id);
    return listing;
  });
}

/** Edits the details; a stock change may sell the listing out or put it back on sale. */
export function updateListing(db: Db, actor: Actor, listingId: number, input: ListingInput): Listing {
  const { listing, household, onBehalf } = loadForSeller(db, actor, listingId);
  const columns = normalizeListingInput(db, household, input);
  return db.transaction(() => {
    const status = stockStatus(listing.status, columns.stock, household);
    const updated = db
      .update(listings)
      .set({ ...columns, status, updatedAt: new Date() })
      .where(eq(listings.id, listingId))
      .returning()
      .get();
    recordListingEvent(db, listingId, actor, "updated", onBehalf);
    if (status !== listing.status) recordListingEvent(db, listingId, actor, `status:${status}`, onBehalf, "stock");
    recordOnBehalf(db, onBehalf, actor, "listing.update", listing, household, { title: updated.title, ...(status !== listing.status ? { status } : {}) });
    indexListing(db, listingId);
    return updated;
  });
}

function stockStatus(status: ListingStatus, stock: number, household: Household): ListingStatus {
  const next = statusAfterStockChange(status, stock);
  // Back on sale only if the household may still sell.
  if (next === "published" && !canPublish(household)) return status;
  return next;
}

/** The row's quick edit on "my listings": price and stock only. */
export function updatePriceAndStock(db: Db, actor: Actor, listingId: number, input: { priceVnd: number; stock: number }): Listing {
  const { listing, household, onBehalf } = loadForSeller(db, actor, listingId);
  const priceVnd = wholeNumber(input.priceVnd, "price", 1, MAX_PRICE_VND);
  const stock = stockNumber(input.stock, listing.unit, MAX_QUANTITY);
  return db.transaction(() => {
    const status = stockStatus(listing.status, stock, household);
    const updated = db
      .update(listings)
      .set({ priceVnd, stock, status, updatedAt: new Date() })
      .where(eq(listings.id, listingId))
      .returning()
      .get();
    recordListingEvent(db, listingId, actor, "price_stock", onBehalf, JSON.stringify({ priceVnd, stock }));
    if (status !== listing.status) recordListingEvent(db, listingId, actor, `status:${status}`, onBehalf, "stock");
    recordOnBehalf(db, onBehalf, actor, "listing.update", listing, household, {
      title: listing.title,
      priceVnd,
      stock,
      ...(status !== listing.status ? { status } : {}),
    });
    indexListing(db, listingId);
    return updated;
  });
}

/**
 * Moves a listing along the state map (status.ts). Publishing needs a verified household and some
 * stock; publishing with stock 0 is refused rather than silently selling out.
 */
export function setListingStatus(db: Db, actor: Actor, listingId: number, status: ListingStatus, note?: string | null): Listing {
  const { listing, household, onBehalf } = loadForSeller(db, actor, listingId);
  if (listing.status === status) return listing;
  if (!canTransition(listing.status, status)) fail("statusNotAllowed", undefined, { from: listing.status, to: status }, 409);
  if (status === "published") {
    if (!canPublish(household)) fail("notVerified", undefined, {}, 403);
    if (listing.stock <= 0) fail("publishNoStock", "stock", {}, 409);
  }
  return db.transaction(() => {
    const now = new Date();
    const updated = db
      .update(listings)
      .set({ status, updatedAt: now, ...(status === "published" && !listing.publishedAt ? { publishedAt: now } : {}) })
      .where(eq(listings.id, listingId))
      .returning()
      .get();
    recordListingEvent(db, listingId, actor, `status:${status}`, onBehalf, note ? cleanText(note).slice(0, 500) : null);
    recordOnBehalf(db, onBehalf, actor, "listing.status", listing, household, { title: listing.title, from: listing.status, status });
    // The household learns that staff put something on sale in its name (the title only).
    if (onBehalf && status === "published") {
      enqueueMessage(db, { channel: "sms", recipient: household.phone, template: "onBehalf.listingPublished", locale: "vi", payload: { title: listing.title } });
    }
    indexListing(db, listingId);
    return updated;
  });
}
