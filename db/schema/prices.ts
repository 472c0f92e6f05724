import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt } from "./columns";

export const PRICE_UNITS = ["kg", "yen", "ta", "tan", "dozen", "fruit"] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export const commodities = sqliteTable("commodities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  nameVi: text("name_vi").notNull(),
  nameEn: text("name_en").notNull(),
  /** listing category slug (db/schema/listings.ts CATEGORIES) */
  category: text("category").notNull(),
  defaultUnit: text("default_unit", { enum: PRICE_UNITS }).notNull().default("kg"),
  /** folded alternative names for matching imports ("thom", "dua", "khom") */
  aliases: text("aliases", { mode: "json" }).$type<string[]>().notNull().default([]),
  /** international reference series (World Bank code), e.g. RICE_05_VNM */
  referenceSeries: text("reference_series"),
});

export const MARKET_KINDS = ["wholesale", "retail", "collection", "farm_gate"] as const;

export const markets = sqliteTable("markets", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  kind: text("kind", { enum: MARKET_KINDS }).notNull(),
  /** current-set province code */
  provinceCode: text("province_code"),
  provinceName: text("province_name"),
  communeCode: text("commune_code"),
  isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
  /** slugs of markets merged into this one, so the reference load does not bring them back */
  aliases: text("aliases", { mode: "json" }).$type<string[]>().notNull().default([]),
});

/**
 * One observation per commodity + market + date + grade + source. Grade and source are never null
 * ("" = ungraded) so the unique index really holds and re-imports never duplicate.
 */
export const priceObservations = sqliteTable(
  "price_observations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commodityId: integer("commodity_id")
      .notNull()
      .references(() => commodities.id, { onDelete: "cascade" }),
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id, { onDelete: "cascade" }),
    /** yyyy-mm-dd, Vietnam date */
    date: text("date").notNull(),
    grade: text("grade").notNull().default(""),
    source: text("source").notNull(),
    priceType: text("price_type", { enum: ["wholesale", "retail", "farm_gate"] }).notNull().default("wholesale"),
    unit: text("unit", { enum: PRICE_UNITS }).notNull(),
    minVnd: integer("min_vnd").notNull(),
    maxVnd: integer("max_vnd").notNull(),
    avgVnd: integer("avg_vnd").notNull(),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    enteredBy: integer("entered_by").references(() => users.id, { onDelete: "set null" }),
    /** set when an admin withdraws the observation: kept for the record, never counted */
    withdrawnAt: text("withdrawn_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("price_obs_unique").on(t.commodityId, t.marketId, t.date, t.grade, t.source),
    // Covering index for the board, the commodity chart and the price band: they read only these
    // columns by commodity and date, so 2 million rows never cost a table lookup (bench/prices.ts).
    index("price_obs_commodity_date_cover_idx").on(
      t.commodityId,
      t.date,
      t.priceType,
      t.marketId,
      t.unit,
      t.minVnd,
      t.maxVnd,
      t.avgVnd,
      t.isDemo,
      t.withdrawnAt,
    ),
    // "Is there any real price for this commodity, market and type?" in one seek (counted.ts); the
    // filtered columns are in the key so the planner sees it covers the test and prefers it.
    index("price_obs_real_idx")
      .on(t.commodityId, t.marketId, t.priceType, t.isDemo, t.withdrawnAt)
      .where(sql`is_demo = 0 AND withdrawn_at IS NULL`),
    index("price_obs_market_date_idx").on(t.marketId, t.date),
    index("price_obs_date_idx").on(t.date),
  ],
);

/** International reference prices (World Bank Pink Sheet), kept in their published unit and currency. */
export const referencePrices = sqliteTable(
  "reference_prices",
  {
    seriesCode: text("series_code").notNull(),
    month: text("month").notNull(),
    commodity: text("commodity").notNull(),
    unit: text("unit").notNull(),
    currency: text("currency").notNull().default("USD"),
    /** price × 1000 in the published currency unit, kept as an integer (e.g. 352.85 $/mt → 352850) */
    priceMilli: integer("price_milli").notNull(),
    releaseDate: text("release_date"),
  },
  (t) => [uniqueIndex("reference_prices_unique").on(t.seriesCode, t.month)],
);

export type Commodity = typeof commodities.$inferSelect;
export type Market = typeof markets.$inferSelect;
export type PriceObservation = typeof priceObservations.$inferSelect;
