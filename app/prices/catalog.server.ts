/**
 * Commodities and markets: creation (idempotent by slug), lookup by slug, and name matching for
 * imports (folded name, English name or alias).
 */
import { asc, eq } from "drizzle-orm";
import { commodities, markets, type Commodity, type Market, type PriceUnit } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { cleanText, fold, slugify } from "~/lib/text";

export interface CommodityInput {
  slug?: string;
  nameVi: string;
  nameEn: string;
  category: string;
  defaultUnit?: PriceUnit;
  aliases?: string[];
  referenceSeries?: string | null;
}

/** Creates the commodity, or updates the one with the same slug. */
export function upsertCommodity(db: Db, input: CommodityInput): Commodity {
  const nameVi = cleanText(input.nameVi);
  const values = {
    slug: input.slug ?? slugify(nameVi),
    nameVi,
    nameEn: cleanText(input.nameEn),
    category: input.category,
    defaultUnit: input.defaultUnit ?? "kg",
    aliases: [...new Set((input.aliases ?? []).map(fold).filter(Boolean))],
    referenceSeries: input.referenceSeries ?? null,
  };
  const row = db
    .insert(commodities)
    .values(values)
    .onConflictDoUpdate({ target: commodities.slug, set: { ...values, slug: undefined } })
    .returning()
    .get();
  invalidateMatchers(db);
  return row;
}

interface MarketInput {
  slug?: string;
  name: string;
  kind: Market["kind"];
  provinceCode?: string | null;
  provinceName?: string | null;
  communeCode?: string | null;
  isDemo?: boolean;
}

export function upsertMarket(db: Db, input: MarketInput): Market {
  const name = cleanText(input.name);
  const values = {
    slug: input.slug ?? slugify(name),
    name,
    kind: input.kind,
    provinceCode: input.provinceCode ?? null,
    provinceName: input.provinceName ?? null,
    communeCode: input.communeCode ?? null,
    isDemo: input.isDemo ?? false,
  };
  const row = db
    .insert(markets)
    .values(values)
    .onConflictDoUpdate({ target: markets.slug, set: { ...values, slug: undefined } })
    .returning()
    .get();
  invalidateMatchers(db);
  return row;
}

export function listCommodities(db: Db): Commodity[] {
  return db.select().from(commodities).orderBy(asc(commodities.nameVi)).all();
}

export function listMarkets(db: Db): Market[] {
  return db.select().from(markets).orderBy(asc(markets.name)).all();
}

export function getCommodityBySlug(db: Db, slug: string): Commodity | null {
  return db.select().from(commodities).where(eq(commodities.slug, slug)).get() ?? null;
}

export function getCommodity(db: Db, id: number): Commodity | null {
  return db.select().from(commodities).where(eq(commodities.id, id)).get() ?? null;
}

export function getMarketBySlug(db: Db, slug: string): Market | null {
  return db.select().from(markets).where(eq(markets.slug, slug)).get() ?? null;
}

export function getMarket(db: Db, id: number): Market | null {
  return db.select().from(markets).where(eq(markets.id, id)).get() ?? null;
}

// Folded name → id maps for imports, one per connection, rebuilt after any change.
interface Matchers {
  commodity: Map<string, number>;
  market: Map<string, number>;
}
const matcherCache = new WeakMap<object, Matchers>();

/** After any change to names, slugs or aliases (the reference load, admin pages). */
export function invalidateMatchers(db: Db) {
  matcherCache.delete(db.$client);
}

function matchers(db: Db): Matchers {
  let m = matcherCache.get(db.$client);
  if (!m) {
    m = { commodity: new Map(), market: new Map() };
    for (const c of listCommodities(db)) {
      for (const key of [c.slug, fold(c.nameVi), fold(c.nameEn), ...c.aliases]) if (!m.commodity.has(key)) m.commodity.set(key, c.id);
    }
    for (const k of listMarkets(db)) {
      for (const key of [k.slug, fold(k.name), ...k.aliases]) if (!m.market.has(key)) m.market.set(key, k.id);
    }
    matcherCache.set(db.$client, m);
  }
  return m;
}

/** Commodity id for "Xoài cát Hòa Lộc", "xoai-cat-hoa-loc", "Hoa Loc mango" or an alias. */
export function matchCommodity(db: Db, text: string): number | null {
  const m = matchers(db).commodity;
  return m.get(text.trim()) ?? m.get(fold(text)) ?? null;
}

export function matchMarket(db: Db, text: string): number | null {
  const m = matchers(db).market;
  return m.get(text.trim()) ?? m.get(fold(text)) ?? null;
}
