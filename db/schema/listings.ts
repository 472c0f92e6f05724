import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";
import { households, type Certification } from "./households";
import { commodities } from "./prices";

export const CATEGORIES = ["fruit", "vegetables", "rice-grains", "seafood", "livestock-poultry", "processed-ocop", "seedlings"] as const;
export type Category = (typeof CATEGORIES)[number];

export const UNITS = ["kg", "yen", "ta", "tan", "fruit", "dozen", "bunch", "box", "bottle", "head"] as const;
export type Unit = (typeof UNITS)[number];

export const LISTING_STATUSES = ["draft", "published", "paused", "sold_out", "archived"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** Where a listing delivers: the whole home province, or listed current communes. */
export type DeliveryArea = { kind: "province"; code: string } | { kind: "communes"; codes: string[] };

export const listings = sqliteTable(
  "listings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    category: text("category", { enum: CATEGORIES }).notNull(),
    commodityId: integer("commodity_id").references(() => commodities.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    unit: text("unit", { enum: UNITS }).notNull(),
    priceVnd: integer("price_vnd").notNull(),
    /**
     * In the listing's unit. Weight units may hold thousandths (97.5 kg left): SQLite keeps a
     * non-whole value in an INTEGER column as REAL (docs/decisions/0019-quantities-as-typed.md).
     */
    stock: integer("stock").notNull().default(0),
    minOrder: integer("min_order").notNull().default(1),
    /** the weight of one counted unit (a fruit, a box) in grams, set by the farm; weight units need none */
    unitWeightGrams: integer("unit_weight_grams"),
    /** the smallest amount a buyer adds for weight units (0.5 kg …); counted units are always 1 */
    quantityStep: real("quantity_step").notNull().default(1),
    status: text("status", { enum: LISTING_STATUSES }).notNull().default("draft"),
    /** season, ISO dates (yyyy-mm-dd) */
    availableFrom: text("available_from"),
    availableTo: text("available_to"),
    certifications: text("certifications", { mode: "json" }).$type<Certification[]>().notNull().default([]),
    deliveryArea: text("delivery_area", { mode: "json" }).$type<DeliveryArea | null>(),
    /** the farm also delivers this listing to buyers in other provinces (at its profile's feeElsewhere) */
    deliversOutsideProvince: integer("delivers_outside_province", { mode: "boolean" }).notNull().default(false),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
    publishedAt: timestamp("published_at"),
  },
  (t) => [
    index("listings_household_idx").on(t.householdId, t.status),
    index("listings_status_published_idx").on(t.status, t.publishedAt),
    index("listings_category_idx").on(t.category, t.status, t.publishedAt),
    index("listings_price_idx").on(t.status, t.priceVnd),
  ],
);

/** History of a listing, including edits made by an officer on the household's behalf. */
export const listingEvents = sqliteTable(
  "listing_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    onBehalf: integer("on_behalf", { mode: "boolean" }).notNull().default(false),
    note: text("note"),
    at: createdAt(),
  },
  (t) => [index("listing_events_listing_idx").on(t.listingId, t.at)],
);

export const PHOTO_STATUSES = ["processing", "ready", "failed"] as const;

/** Photos: the original is processed by the worker into content-hashed variants; position 0 is the cover. */
export const listingPhotos = sqliteTable(
  "listing_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** content hash naming the variants in UPLOADS_DIR */
    hash: text("hash"),
    width: integer("width"),
    height: integer("height"),
    status: text("status", { enum: PHOTO_STATUSES }).notNull().default("processing"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("listing_photos_listing_idx").on(t.listingId, t.position)],
);

export type Listing = typeof listings.$inferSelect;
export type ListingPhoto = typeof listingPhotos.$inferSelect;
