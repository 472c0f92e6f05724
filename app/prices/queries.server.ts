/**
 * Read side of market prices: the board, a commodity's series and per-market table, a market's
 * day, the API rows and the price band shown on listings. Prepared statements, one bundle per
 * connection. Prices are aggregated per commodity in its default unit: weight units convert,
 * chục/trái prices of a per-kg commodity are left out rather than mixed in.
 */
import type Database from "better-sqlite3";
import type { Commodity } from "../../db/schema";
import { addDays, todayInVietnam } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { comparisonWindow, priceChange } from "./change";
import { spikeFlag, type SpikeFlag } from "./alps";
import { COUNTED_OBSERVATIONS } from "./counted";
import type { PriceType } from "./observations.server";
import type { BoardRow, BoardSpike, MarketPriceRow, PriceBand, SeriesPoint, YearOnYear } from "./types";
import { convertPrice, type PriceUnit } from "./units";

// Market filters are passed as a JSON array so one prepared statement serves any set of markets;
// NULL means every market.
const MARKETS = `(@markets IS NULL OR market_id IN (SELECT value FROM json_each(@markets)))`;

function statements(sqlite: Database.Database) {
  return {
    latestDate: sqlite.prepare(
      `SELECT date FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = @commodity AND price_type = @type AND date <= @to AND date >= @from AND ${MARKETS}
       ORDER BY date DESC LIMIT 1`,
    ),
    earliestDate: sqlite.prepare(
      `SELECT date FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = @commodity AND price_type = @type AND ${MARKETS} ORDER BY date LIMIT 1`,
    ),
    dayAggregate: sqlite.prepare(
      `SELECT unit, MIN(min_vnd) AS minVnd, MAX(max_vnd) AS maxVnd, SUM(avg_vnd) AS sumAvg, COUNT(*) AS n,
         COUNT(DISTINCT market_id) AS markets, MAX(is_demo) AS isDemo
       FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = @commodity AND price_type = @type AND date = @date AND ${MARKETS} GROUP BY unit`,
    ),
    // The board's three days (latest, about 7 and about 30 days before) in one statement.
    daysAggregate: sqlite.prepare(
      `SELECT date, unit, MIN(min_vnd) AS minVnd, MAX(max_vnd) AS maxVnd, SUM(avg_vnd) AS sumAvg, COUNT(*) AS n,
         COUNT(DISTINCT market_id) AS markets, MAX(is_demo) AS isDemo
       FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = @commodity AND price_type = @type AND date IN (@d0, @d7, @d30) AND ${MARKETS}
       GROUP BY date, unit`,
    ),
    boardCommodities: sqlite.prepare(
      `SELECT id, slug, name_vi AS nameVi, name_en AS nameEn, category, default_unit AS defaultUnit FROM commodities ORDER BY name_vi`,
    ),
    series: sqlite.prepare(
      `SELECT date, unit, MIN(min_vnd) AS minVnd, MAX(max_vnd) AS maxVnd, SUM(avg_vnd) AS sumAvg, COUNT(*) AS n, MAX(is_demo) AS isDemo
       FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = @commodity AND price_type = @type AND date >= @from AND date <= @to AND ${MARKETS}
       GROUP BY date, unit ORDER BY date`,
    ),
    // Newest day of one commodity at one market (the unique index leads with commodity, market, date).
    marketLatestDate: sqlite.prepare(
      `SELECT date FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = ? AND market_id = ? AND date >= ? ORDER BY date DESC LIMIT 1`,
    ),
    marketRowsOn: sqlite.prepare(
      `SELECT grade, price_type AS priceType, source, unit, min_vnd AS minVnd, max_vnd AS maxVnd, avg_vnd AS avgVnd, is_demo AS isDemo
       FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = ? AND market_id = ? AND date = ? ORDER BY grade, source`,
    ),
    allMarkets: sqlite.prepare(`SELECT id, slug, name FROM markets ORDER BY name`),
    marketDates: sqlite.prepare(`SELECT DISTINCT date FROM ${COUNTED_OBSERVATIONS} WHERE market_id = ? ORDER BY date DESC LIMIT ?`),
    marketDay: sqlite.prepare(
      `SELECT o.commodity_id AS commodityId, c.slug, c.name_vi AS nameVi, c.name_en AS nameEn, c.category, o.grade,
         o.price_type AS priceType, o.source, o.unit, o.min_vnd AS minVnd, o.max_vnd AS maxVnd, o.avg_vnd AS avgVnd, o.is_demo AS isDemo
       FROM ${COUNTED_OBSERVATIONS} o JOIN commodities c ON c.id = o.commodity_id
       WHERE o.market_id = ? AND o.date = ? ORDER BY c.name_vi, o.grade, o.source`,
    ),
    band: sqlite.prepare(
      `SELECT unit, MIN(min_vnd) AS minVnd, MAX(max_vnd) AS maxVnd, SUM(avg_vnd) AS sumAvg, COUNT(*) AS n, MAX(is_demo) AS isDemo
       FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = ? AND date >= ? AND date <= ? GROUP BY unit`,
    ),
    reference: sqlite.prepare(
      `SELECT month, commodity, unit, currency, price_milli AS priceMilli, release_date AS releaseDate
       FROM reference_prices WHERE series_code = ? AND month >= ? ORDER BY month`,
    ),
    marketsInCommune: sqlite.prepare(`SELECT id FROM markets WHERE commune_code = ?`),
    // Monthly means per market for the spike flag: one pass over the commodity's covering index.
    monthly: sqlite.prepare(
      `SELECT market_id AS marketId, substr(date, 1, 7) AS month, unit, SUM(avg_vnd) AS sumAvg, COUNT(*) AS n, MAX(date) AS lastDate
       FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = ? AND price_type = ? GROUP BY market_id, month, unit`,
    ),
    // Moved by triggers on every price write, whichever connection makes it (migration 0013).
    priceVersion: sqlite.prepare(`SELECT version FROM price_version WHERE id = 1`).pluck(),
  };
}

type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Database.Database, Statements>();
function stmts(db: Db): Statements {
  let s = cache.get(db.$client);
  if (!s) {
    s = statements(db.$client);
    cache.set(db.$client, s);
  }
  return s;
}

/**
 * The price version now: a counter the triggers move on every write to what price pages show
 * (observations, commodities, markets, reference series; migrations 0013 and 0016), whichever
 * connection writes. Whatever is computed from prices may be kept while it stands still.
 */
export function priceVersion(db: Db): number {
  return (stmts(db).priceVersion.get() as number | undefined) ?? 0;
}

interface MonthlyData {
  /** per market: yyyy-mm → sum of averages (in the commodity's unit) and count */
  months: Map<number, Map<string, { sum: number; n: number }>>;
  flags: Map<number, SpikeFlag>;
}

/** Monthly sums and flags by market for one commodity and price type, kept while the database is unchanged. */
const monthlyCache = new WeakMap<Database.Database, { version: string; entries: Map<string, MonthlyData> }>();

/**
 * Every month of a commodity per market, and the ALPS-style flag of each market's series (alps.ts).
 * Aggregating every month reads all the commodity's rows, so the result is cached per connection and
 * keyed by the price version (a counter the triggers move on every price write, so writes elsewhere in
 * the database keep it) and the day.
 */
function monthlyData(db: Db, commodityId: number, unit: PriceUnit, priceType: PriceType, today: string): MonthlyData {
  const s = stmts(db);
  const version = `${priceVersion(db)}:${today}`;
  let cached = monthlyCache.get(db.$client);
  if (!cached || cached.version !== version) {
    cached = { version, entries: new Map() };
    monthlyCache.set(db.$client, cached);
  }
  const key = `${commodityId}:${priceType}:${unit}`;
  const hit = cached.entries.get(key);
  if (hit) return hit;
  const months = new Map<number, Map<string, { sum: number; n: number }>>();
  const lastDates = new Map<number, string>();
  for (const r of s.monthly.all(commodityId, priceType) as Array<UnitAggregate & { marketId: number; month: string; lastDate: string }>) {
    const sum = convertPrice(r.sumAvg, r.unit, unit);
    if (sum === null) continue;
    let m = months.get(r.marketId);
    if (!m) months.set(r.marketId, (m = new Map()));
    if (r.lastDate > (lastDates.get(r.marketId) ?? "")) lastDates.set(r.marketId, r.lastDate);
    const month = m.get(r.month) ?? { sum: 0, n: 0 };
    m.set(r.month, { sum: month.sum + sum, n: month.n + r.n });
  }
  const flags = new Map<number, SpikeFlag>();
  for (const [marketId, m] of months) {
    const series = [...m].map(([month, v]) => ({ month, priceVnd: Math.round(v.sum / v.n) }));
    flags.set(marketId, spikeFlag(series, lastDates.get(marketId) ?? null, today));
  }
  const data = { months, flags };
  cached.entries.set(key, data);
  return data;
}

/** The spike flag of each market's monthly series for a commodity and price type. */
export function spikeFlags(db: Db, commodityId: number, unit: PriceUnit, priceType: PriceType, today = todayInVietnam()): Map<number, SpikeFlag> {
  return monthlyData(db, commodityId, unit, priceType, today).flags;
}

const SEVERITY: Record<SpikeFlag["status"], number> = { insufficient: 0, stale: 1, normal: 2, stress: 3, alert: 4, crisis: 5 };

/** The board's flag: the most severe among the commodity's markets (in the filter), with that market. */
function worstSpike(flags: Map<number, SpikeFlag>, marketIds: number[] | null): BoardSpike | null {
  let worst: BoardSpike | null = null;
  for (const [marketId, flag] of flags) {
    if (marketIds && !marketIds.includes(marketId)) continue;
    if (!worst || SEVERITY[flag.status] > SEVERITY[worst.status]) worst = { ...flag, marketId };
  }
  return worst;
}

interface UnitAggregate {
  unit: PriceUnit;
  minVnd: number;
  maxVnd: number;
  sumAvg: number;
  n: number;
  markets?: number;
  isDemo: number;
}

/** Combines per-unit aggregates into the commodity's unit; null when nothing converts. */
function combine(rows: UnitAggregate[], unit: PriceUnit) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let markets = 0;
  let isDemo = false;
  for (const r of rows) {
    const lo = convertPrice(r.minVnd, r.unit, unit);
    const hi = convertPrice(r.maxVnd, r.unit, unit);
    const s = convertPrice(r.sumAvg, r.unit, unit);
    if (lo === null || hi === null || s === null) continue;
    min = Math.min(min, lo);
    max = Math.max(max, hi);
    sum += s;
    n += r.n;
    markets += r.markets ?? 0;
    isDemo ||= r.isDemo === 1;
  }
  if (n === 0) return null;
  return { minVnd: min, maxVnd: max, avgVnd: Math.round(sum / n), n, markets, isDemo };
}

const marketParam = (marketIds: number[] | null) => (marketIds ? JSON.stringify(marketIds) : null);

interface BoardFilters {
  category?: string | null;
  /** markets to include (from the market and commune filters); null = all */
  marketIds?: number[] | null;
  priceType?: PriceType;
  /** latest date to consider (default: no limit) */
  asOf?: string;
}

const FAR_PAST = "0000-01-01";
const FAR_FUTURE = "9999-12-31";

/** Latest price of each commodity with its change against 7 and 30 days before. */
export function priceBoard(db: Db, filters: BoardFilters = {}): BoardRow[] {
  return priceBoardPage(db, filters).rows;
}

/**
 * One page of the board: every commodity with a price counts towards `total`, but only the page's
 * rows are aggregated (finding a commodity's latest day is a single index seek).
 */
export function priceBoardPage(db: Db, filters: BoardFilters = {}, window?: { offset: number; limit: number }): { rows: BoardRow[]; total: number } {
  const s = stmts(db);
  const markets = marketParam(filters.marketIds ?? null);
  const type = filters.priceType ?? "wholesale";
  const asOf = filters.asOf ?? FAR_FUTURE;
  const rows: BoardRow[] = [];
  let total = 0;
  const commodities = s.boardCommodities.all() as Array<Pick<Commodity, "id" | "slug" | "nameVi" | "nameEn" | "category" | "defaultUnit">>;
  // A raw statement, not listCommodities(): the board needs six columns, not parsed aliases.
  for (const c of commodities) {
    if (filters.category && c.category !== filters.category) continue;
    const latest = s.latestDate.get({ markets, commodity: c.id, type, to: asOf, from: FAR_PAST }) as { date: string } | undefined;
    if (!latest) continue;
    total++;
    if (window && (total <= window.offset || total > window.offset + window.limit)) continue;
    const earlier = (days: number) => {
      const w = comparisonWindow(latest.date, days);
      return (s.latestDate.get({ markets, commodity: c.id, type, to: w.to, from: w.from }) as { date: string } | undefined)?.date ?? null;
    };
    const d7 = earlier(7);
    const d30 = earlier(30);
    const byDate = new Map<string, UnitAggregate[]>();
    for (const r of s.daysAggregate.all({ markets, commodity: c.id, type, d0: latest.date, d7, d30 }) as Array<UnitAggregate & { date: string }>) {
      const list = byDate.get(r.date);
      if (list) list.push(r);
      else byDate.set(r.date, [r]);
    }
    const now = combine(byDate.get(latest.date) ?? [], c.defaultUnit);
    if (!now) continue;
    const before = (date: string | null) => {
      if (!date) return null;
      const agg = combine(byDate.get(date) ?? [], c.defaultUnit);
      return agg ? { avgVnd: agg.avgVnd, date } : null;
    };
    rows.push({
      commodityId: c.id,
      slug: c.slug,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      category: c.category,
      unit: c.defaultUnit,
      date: latest.date,
      minVnd: now.minVnd,
      maxVnd: now.maxVnd,
      avgVnd: now.avgVnd,
      markets: now.markets,
      isDemo: now.isDemo,
      change7: priceChange(now.avgVnd, before(d7)),
      change30: priceChange(now.avgVnd, before(d30)),
      spike: worstSpike(spikeFlags(db, c.id, c.defaultUnit, type), filters.marketIds ?? null),
    });
  }
  return { rows, total };
}

export { RANGES, type RangeDays } from "./types";

interface CommodityView {
  series: Array<SeriesPoint & { isDemo: boolean }>;
  byMarket: MarketPriceRow[];
  latest: (SeriesPoint & { isDemo: boolean }) | null;
  from: string;
  to: string;
}

/**
 * The commodity page's data: the daily band (lowest minimum, highest maximum, mean of the
 * markets' averages) over the range ending at the newest observation, and the newest row per market.
 */
export function commodityView(
  db: Db,
  commodity: Commodity,
  /** days: null = every year, from the first observation */
  options: { days: number | null; marketIds?: number[] | null; priceType?: PriceType },
): CommodityView {
  const s = stmts(db);
  const markets = marketParam(options.marketIds ?? null);
  const type = options.priceType ?? "wholesale";
  const latest = s.latestDate.get({ markets, commodity: commodity.id, type, to: FAR_FUTURE, from: FAR_PAST }) as { date: string } | undefined;
  const to = latest?.date ?? todayInVietnam();
  const first = options.days === null ? (s.earliestDate.get({ markets, commodity: commodity.id, type }) as { date: string } | undefined) : undefined;
  const from = options.days === null ? (first?.date ?? to) : addDays(to, -(options.days - 1));
  const grouped = new Map<string, UnitAggregate[]>();
  for (const r of s.series.all({ markets, commodity: commodity.id, type, from, to }) as Array<UnitAggregate & { date: string }>) {
    const list = grouped.get(r.date);
    if (list) list.push(r);
    else grouped.set(r.date, [r]);
  }
  const series: CommodityView["series"] = [];
  for (const [date, aggs] of grouped) {
    const c = combine(aggs, commodity.defaultUnit);
    if (c) series.push({ date, minVnd: c.minVnd, maxVnd: c.maxVnd, avgVnd: c.avgVnd, isDemo: c.isDemo });
  }
  // Markets that reported within the range, each with its newest rows: a few index seeks per market
  // rather than a scan of every row in the range.
  const byMarket = latestByMarket(db, commodity.id, from, options.marketIds ?? null, type);
  return { series, byMarket, latest: series.at(-1) ?? null, from, to };
}

/** Newest rows per market for a commodity since a date (price type filter applied to the rows). */
/**
 * The latest month's mean (over the markets in the filter) against the same month a year before;
 * null when either month has no price.
 */
export function yearOnYear(db: Db, commodity: Commodity, latestDate: string, options: { marketIds?: number[] | null; priceType?: PriceType }): YearOnYear | null {
  const { months } = monthlyData(db, commodity.id, commodity.defaultUnit, options.priceType ?? "wholesale", todayInVietnam());
  const month = latestDate.slice(0, 7);
  const previousMonth = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  // From the cached monthly sums: the mean of every counted observation of the month in the filter.
  const mean = (m: string) => {
    let sum = 0;
    let n = 0;
    for (const [marketId, byMonth] of months) {
      if (options.marketIds && !options.marketIds.includes(marketId)) continue;
      const v = byMonth.get(m);
      if (!v) continue;
      sum += v.sum;
      n += v.n;
    }
    return n === 0 ? null : Math.round(sum / n);
  };
  const now = mean(month);
  const before = mean(previousMonth);
  if (now === null || before === null || before === 0) return null;
  return { month, avgVnd: now, previousMonth, previousAvgVnd: before, percent: Math.round(((now - before) / before) * 1000) / 10 };
}

export function latestByMarket(db: Db, commodityId: number, from: string, marketIds: number[] | null, priceType?: PriceType): MarketPriceRow[] {
  const s = stmts(db);
  const rows: MarketPriceRow[] = [];
  for (const m of s.allMarkets.all() as Array<{ id: number; slug: string; name: string }>) {
    if (marketIds && !marketIds.includes(m.id)) continue;
    const latest = s.marketLatestDate.get(commodityId, m.id, from) as { date: string } | undefined;
    if (!latest) continue;
    for (const r of s.marketRowsOn.all(commodityId, m.id, latest.date) as Array<Omit<MarketPriceRow, "marketId" | "marketSlug" | "marketName" | "date" | "isDemo"> & { isDemo: number }>) {
      if (priceType && r.priceType !== priceType) continue;
      rows.push({ ...r, marketId: m.id, marketSlug: m.slug, marketName: m.name, date: latest.date, isDemo: r.isDemo === 1 });
    }
  }
  return rows;
}

export function marketIdsInCommune(db: Db, communeCode: string): number[] {
  return (stmts(db).marketsInCommune.all(communeCode) as Array<{ id: number }>).map((r) => r.id);
}

/** Dates a market has prices for, newest first (for the market page's date picker). */
export function marketDates(db: Db, marketId: number, limit = 400): string[] {
  return (stmts(db).marketDates.all(marketId, limit) as Array<{ date: string }>).map((r) => r.date);
}

interface MarketDayRow {
  commodityId: number;
  slug: string;
  nameVi: string;
  nameEn: string;
  category: string;
  grade: string;
  priceType: string;
  source: string;
  unit: PriceUnit;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  isDemo: boolean;
}

export function marketDay(db: Db, marketId: number, date: string): MarketDayRow[] {
  return (stmts(db).marketDay.all(marketId, date) as Array<Omit<MarketDayRow, "isDemo"> & { isDemo: number }>).map((r) => ({
    ...r,
    isDemo: r.isDemo === 1,
  }));
}

/**
 * The recent market band for a commodity, for the listing form and page ("Giá thị trường 7
 * ngày qua: 35.000–42.000 ₫/kg"). In the requested unit when it converts, else the commodity's
 * own. Null when there is no recent price; a hint only, it never limits the farmer's price.
 */
export function priceBand(db: Db, commodityId: number, days = 7, unit?: PriceUnit, today = todayInVietnam()): PriceBand | null {
  const commodity = db.$client.prepare("SELECT default_unit AS unit FROM commodities WHERE id = ?").get(commodityId) as
    | { unit: PriceUnit }
    | undefined;
  if (!commodity) return null;
  const rows = stmts(db).band.all(commodityId, addDays(today, -(days - 1)), today) as UnitAggregate[];
  const target = unit && rows.some((r) => convertPrice(1000, r.unit, unit) !== null) ? unit : commodity.unit;
  const c = combine(rows, target);
  if (!c) return null;
  return { minVnd: c.minVnd, maxVnd: c.maxVnd, avgVnd: c.avgVnd, unit: target, days, observations: c.n, isDemo: c.isDemo };
}

interface ReferencePoint {
  month: string;
  commodity: string;
  unit: string;
  currency: string;
  /** in the published unit and currency, e.g. 352.85 (USD per tonne) */
  price: number;
  releaseDate: string | null;
}

/** A World Bank series from a month on, in its published unit and currency. */
export function referenceSeries(db: Db, seriesCode: string, fromMonth: string): ReferencePoint[] {
  return (stmts(db).reference.all(seriesCode, fromMonth) as Array<Omit<ReferencePoint, "price"> & { priceMilli: number }>).map(
    ({ priceMilli, ...r }) => ({ ...r, price: priceMilli / 1000 }),
  );
}
