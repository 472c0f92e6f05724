/**
 * Administering the price reference data (the /quan-tri/mat-hang, /quan-tri/cho and /quan-tri/gia
 * pages): add, rename and merge commodities and markets, correct or withdraw a price observation.
 * Every change is recorded in the activity log in the same transaction. The reference load never
 * overwrites what is done here (reference.server.ts); a merged-away slug is kept as an alias of the
 * kept row so the load does not bring it back.
 */
import { eq } from "drizzle-orm";
import { CATEGORIES } from "../../db/schema/listings";
import { commodities, listings, markets, MARKET_KINDS, PRICE_UNITS, priceObservations, type Commodity, type Market, type PriceUnit } from "../../db/schema";
import type { Actor } from "~/accounts/access";
import { recordActivity } from "~/activity/log.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText, fold, slugify } from "~/lib/text";
import { getCommodity, getMarket, invalidateMatchers } from "./catalog.server";
import { parseVnd } from "./import.server";

const bad = (key: string, field?: string, params: Record<string, string | number> = {}) => new AppError(`prices:admin.errors.${key}`, 400, params, field);

function requiredName(value: string, field: string): string {
  const name = cleanText(value);
  if (!name) throw bad("nameRequired", field);
  if (name.length > 120) throw bad("nameTooLong", field);
  return name;
}

function freeSlug(db: Db, table: typeof commodities | typeof markets, name: string): string {
  const base = slugify(name);
  if (!base) throw bad("nameRequired", "nameVi");
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!db.select({ id: table.id }).from(table).where(eq(table.slug, slug)).get()) return slug;
  }
}

export interface CommodityForm {
  nameVi: string;
  nameEn: string;
  category: string;
  defaultUnit: string;
}

export function addCommodity(db: Db, actor: Actor, form: CommodityForm): Commodity {
  const nameVi = requiredName(form.nameVi, "nameVi");
  const nameEn = requiredName(form.nameEn, "nameEn");
  if (!(CATEGORIES as readonly string[]).includes(form.category)) throw bad("badCategory", "category");
  if (!(PRICE_UNITS as readonly string[]).includes(form.defaultUnit)) throw bad("badUnit", "defaultUnit");
  return db.transaction((tx) => {
    const row = tx
      .insert(commodities)
      .values({ slug: freeSlug(tx as unknown as Db, commodities, nameVi), nameVi, nameEn, category: form.category, defaultUnit: form.defaultUnit as PriceUnit, aliases: [] })
      .returning()
      .get();
    recordActivity(tx as unknown as Db, { actorUserId: actor.id, action: "commodity.add", detail: { note: `${nameVi} (${row.slug})` } });
    invalidateMatchers(db);
    return row;
  });
}

export function renameCommodity(db: Db, actor: Actor, id: number, form: { nameVi: string; nameEn: string }): Commodity {
  const row = getCommodity(db, id);
  if (!row) throw bad("notFound");
  const nameVi = requiredName(form.nameVi, "nameVi");
  const nameEn = requiredName(form.nameEn, "nameEn");
  return db.transaction((tx) => {
    // The old name stays findable (imports, search) as an alias.
    const aliases = [...new Set([...row.aliases, fold(row.nameVi), fold(row.nameEn)])];
    const updated = tx.update(commodities).set({ nameVi, nameEn, aliases }).where(eq(commodities.id, id)).returning().get();
    recordActivity(tx as unknown as Db, { actorUserId: actor.id, action: "commodity.rename", detail: { note: `${row.nameVi} → ${nameVi}` } });
    invalidateMatchers(db);
    return updated;
  });
}

/**
 * Merges `mergeId` into `keepId`: its observations (where the kept one has none for the same market,
 * day, grade and source), listings and names move to the kept commodity, then it is deleted.
 */
export function mergeCommodities(db: Db, actor: Actor, keepId: number, mergeId: number): { moved: number; duplicates: number } {
  if (keepId === mergeId) throw bad("mergeSame", "mergeId");
  const keep = getCommodity(db, keepId);
  const gone = getCommodity(db, mergeId);
  if (!keep || !gone) throw bad("notFound");
  return db.transaction((tx) => {
    const sqlite = db.$client;
    const moved = sqlite.prepare("UPDATE OR IGNORE price_observations SET commodity_id = ? WHERE commodity_id = ?").run(keepId, mergeId).changes;
    // What could not move is a second report of the same fact: the kept commodity's row stands.
    const duplicates = sqlite.prepare("DELETE FROM price_observations WHERE commodity_id = ?").run(mergeId).changes;
    // People's price alerts follow the commodity they watched.
    sqlite.prepare("UPDATE price_alerts SET commodity_id = ? WHERE commodity_id = ?").run(keepId, mergeId);
    tx.update(listings).set({ commodityId: keepId }).where(eq(listings.commodityId, mergeId)).run();
    const aliases = [...new Set([...keep.aliases, ...gone.aliases, gone.slug, fold(gone.nameVi), fold(gone.nameEn)])];
    tx.update(commodities).set({ aliases }).where(eq(commodities.id, keepId)).run();
    tx.delete(commodities).where(eq(commodities.id, mergeId)).run();
    recordActivity(tx as unknown as Db, {
      actorUserId: actor.id,
      action: "commodity.merge",
      detail: { note: `${gone.nameVi} (${gone.slug}) → ${keep.nameVi} (${keep.slug}): ${moved} + ${duplicates}` },
    });
    invalidateMatchers(db);
    return { moved, duplicates };
  });
}

export interface MarketForm {
  name: string;
  kind: string;
  communeCode: string;
}

function commune(db: Db, code: string) {
  const trimmed = code.trim();
  if (!trimmed) return null;
  const row = getCurrentCommune(db, trimmed);
  if (!row) throw bad("badCommune", "communeCode", { value: trimmed });
  return row;
}

export function addMarket(db: Db, actor: Actor, form: MarketForm): Market {
  const name = requiredName(form.name, "name");
  if (!(MARKET_KINDS as readonly string[]).includes(form.kind)) throw bad("badKind", "kind");
  const place = commune(db, form.communeCode);
  return db.transaction((tx) => {
    const row = tx
      .insert(markets)
      .values({
        slug: freeSlug(tx as unknown as Db, markets, name),
        name,
        kind: form.kind as Market["kind"],
        communeCode: place?.code ?? null,
        provinceCode: place?.provinceCode ?? null,
        provinceName: place?.provinceName ?? null,
      })
      .returning()
      .get();
    recordActivity(tx as unknown as Db, { actorUserId: actor.id, action: "market.add", communeCode: row.communeCode, detail: { note: `${name} (${row.slug})` } });
    invalidateMatchers(db);
    return row;
  });
}

export function renameMarket(db: Db, actor: Actor, id: number, form: { name: string }): Market {
  const row = getMarket(db, id);
  if (!row) throw bad("notFound");
  const name = requiredName(form.name, "name");
  return db.transaction((tx) => {
    const updated = tx.update(markets).set({ name, aliases: [...new Set([...row.aliases, fold(row.name)])] }).where(eq(markets.id, id)).returning().get();
    recordActivity(tx as unknown as Db, { actorUserId: actor.id, action: "market.rename", communeCode: row.communeCode, detail: { note: `${row.name} → ${name}` } });
    invalidateMatchers(db);
    return updated;
  });
}

export function mergeMarkets(db: Db, actor: Actor, keepId: number, mergeId: number): { moved: number; duplicates: number } {
  if (keepId === mergeId) throw bad("mergeSame", "mergeId");
  const keep = getMarket(db, keepId);
  const gone = getMarket(db, mergeId);
  if (!keep || !gone) throw bad("notFound");
  return db.transaction((tx) => {
    const sqlite = db.$client;
    const moved = sqlite.prepare("UPDATE OR IGNORE price_observations SET market_id = ? WHERE market_id = ?").run(keepId, mergeId).changes;
    const duplicates = sqlite.prepare("DELETE FROM price_observations WHERE market_id = ?").run(mergeId).changes;
    sqlite.prepare("UPDATE price_alerts SET market_id = ? WHERE market_id = ?").run(keepId, mergeId);
    const aliases = [...new Set([...keep.aliases, ...gone.aliases, gone.slug, fold(gone.name)])];
    tx.update(markets).set({ aliases }).where(eq(markets.id, keepId)).run();
    tx.delete(markets).where(eq(markets.id, mergeId)).run();
    recordActivity(tx as unknown as Db, {
      actorUserId: actor.id,
      action: "market.merge",
      communeCode: keep.communeCode,
      detail: { note: `${gone.name} (${gone.slug}) → ${keep.name} (${keep.slug}): ${moved} + ${duplicates}` },
    });
    invalidateMatchers(db);
    return { moved, duplicates };
  });
}

export interface ObservationRow {
  id: number;
  date: string;
  commodity: string;
  market: string;
  priceType: string;
  source: string;
  grade: string;
  unit: PriceUnit;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  isDemo: boolean;
  withdrawn: boolean;
}

/** Observations to correct, newest first (withdrawn ones included, marked). */
export function findObservations(db: Db, filter: { commodityId?: number | null; marketId?: number | null; date?: string | null }, limit = 50): ObservationRow[] {
  const rows = db.$client
    .prepare(
      `SELECT o.id, o.date, c.name_vi AS commodity, m.name AS market, o.price_type AS priceType, o.source, o.grade, o.unit,
         o.min_vnd AS minVnd, o.max_vnd AS maxVnd, o.avg_vnd AS avgVnd, o.is_demo AS isDemo, o.withdrawn_at IS NOT NULL AS withdrawn
       FROM price_observations o JOIN commodities c ON c.id = o.commodity_id JOIN markets m ON m.id = o.market_id
       WHERE (@commodity IS NULL OR o.commodity_id = @commodity) AND (@market IS NULL OR o.market_id = @market)
         AND (@date IS NULL OR o.date = @date)
       ORDER BY o.date DESC, c.name_vi, m.name, o.source LIMIT @limit`,
    )
    .all({ commodity: filter.commodityId ?? null, market: filter.marketId ?? null, date: filter.date ?? null, limit }) as Array<
    Omit<ObservationRow, "isDemo" | "withdrawn"> & { isDemo: number; withdrawn: number }
  >;
  return rows.map((r) => ({ ...r, isDemo: r.isDemo === 1, withdrawn: r.withdrawn === 1 }));
}

function observation(db: Db, id: number) {
  const row = db.select().from(priceObservations).where(eq(priceObservations.id, id)).get();
  if (!row) throw bad("notFound");
  return row;
}

export function correctObservation(db: Db, actor: Actor, id: number, form: { min: string; avg: string; max: string }): void {
  const row = observation(db, id);
  const read = (value: string, field: string) => {
    const vnd = parseVnd(value);
    if (vnd === null || vnd <= 0) throw bad("badPrice", field, { value });
    return vnd;
  };
  const minVnd = read(form.min, "min");
  const avgVnd = read(form.avg, "avg");
  const maxVnd = read(form.max, "max");
  if (!(minVnd <= avgVnd && avgVnd <= maxVnd)) throw bad("priceOrder", "avg");
  db.transaction((tx) => {
    tx.update(priceObservations).set({ minVnd, avgVnd, maxVnd }).where(eq(priceObservations.id, id)).run();
    recordActivity(tx as unknown as Db, {
      actorUserId: actor.id,
      action: "price.correct",
      detail: { note: `#${id} ${row.date}: ${row.minVnd}/${row.avgVnd}/${row.maxVnd} → ${minVnd}/${avgVnd}/${maxVnd} ₫/${row.unit}` },
    });
  });
}

export function withdrawObservation(db: Db, actor: Actor, id: number): void {
  const row = observation(db, id);
  if (row.withdrawnAt) return;
  db.transaction((tx) => {
    tx.update(priceObservations).set({ withdrawnAt: new Date().toISOString() }).where(eq(priceObservations.id, id)).run();
    recordActivity(tx as unknown as Db, {
      actorUserId: actor.id,
      action: "price.withdraw",
      detail: { note: `#${id} ${row.date} ${row.source}: ${row.avgVnd} ₫/${row.unit}` },
    });
  });
}

/** The choices the admin forms offer (sent by the loaders: routes never import db/). */
export const ADMIN_CHOICES = { categories: CATEGORIES, units: PRICE_UNITS, marketKinds: MARKET_KINDS } as const;
