/**
 * Per market and day (in the spirit of Agmarknet's daily reports): the lowest minimum, the highest
 * maximum, the modal price and the number of observations of one commodity, all computed in SQL over
 * the counted observations (counted.ts). The modal price is the reported average that occurs most
 * often that day; when no value repeats (the usual case with one or two reports), the middle one (the
 * lower middle for an even count), so a single outlier never becomes "the" price.
 * Units are not mixed: a market that quoted per kg and per chục the same day gets a row for each.
 */
import type Database from "better-sqlite3";
import type { Db } from "~/lib/db.server";
import { COUNTED_OBSERVATIONS } from "./counted";
import type { PriceType } from "./observations.server";
import type { PriceUnit } from "./units";

export interface MarketDayStats {
  date: string;
  marketSlug: string;
  marketName: string;
  priceType: PriceType;
  unit: PriceUnit;
  minVnd: number;
  maxVnd: number;
  modalVnd: number;
  observations: number;
  isDemo: boolean;
}

const SQL = `
WITH obs AS (
  SELECT o.market_id, o.date, o.price_type, o.unit, o.min_vnd, o.max_vnd, o.avg_vnd, o.is_demo
  FROM ${COUNTED_OBSERVATIONS} o
  WHERE o.commodity_id = @commodity AND o.date >= @from AND o.date <= @to
    AND (@type IS NULL OR o.price_type = @type)
    AND (@markets IS NULL OR o.market_id IN (SELECT value FROM json_each(@markets)))
    AND (@days IS NULL OR (o.market_id, o.date) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@days)))
),
ranked AS (
  SELECT market_id, date, price_type, unit, avg_vnd,
    COUNT(*) OVER (PARTITION BY market_id, date, price_type, unit, avg_vnd) AS freq,
    ROW_NUMBER() OVER (PARTITION BY market_id, date, price_type, unit ORDER BY avg_vnd) AS pos,
    COUNT(*) OVER (PARTITION BY market_id, date, price_type, unit) AS n
  FROM obs
),
modal AS (
  SELECT market_id, date, price_type, unit, avg_vnd AS modal_vnd,
    ROW_NUMBER() OVER (PARTITION BY market_id, date, price_type, unit ORDER BY freq DESC, ABS(pos - (n + 1) / 2) , avg_vnd) AS pick
  FROM ranked
)
SELECT o.date, m.slug AS marketSlug, m.name AS marketName, o.price_type AS priceType, o.unit,
  MIN(o.min_vnd) AS minVnd, MAX(o.max_vnd) AS maxVnd, md.modal_vnd AS modalVnd, COUNT(*) AS observations, MAX(o.is_demo) AS isDemo
FROM obs o
JOIN modal md ON md.market_id = o.market_id AND md.date = o.date AND md.price_type = o.price_type AND md.unit = o.unit AND md.pick = 1
JOIN markets m ON m.id = o.market_id
GROUP BY o.market_id, o.date, o.price_type, o.unit
ORDER BY o.date DESC, m.name, o.price_type, o.unit
LIMIT @limit`;

const cache = new WeakMap<Database.Database, Database.Statement>();

interface MarketDayQuery {
  commodityId: number;
  from: string;
  to: string;
  marketIds?: number[] | null;
  priceType?: PriceType | null;
  /** only these market-days (the commodity page: each market's newest day, which it already knows) */
  days?: Array<{ marketId: number; date: string }> | null;
  limit?: number;
}

/** Newest first. */
export function marketDayStats(db: Db, q: MarketDayQuery): MarketDayStats[] {
  let stmt = cache.get(db.$client);
  if (!stmt) {
    stmt = db.$client.prepare(SQL);
    cache.set(db.$client, stmt);
  }
  const rows = stmt.all({
    commodity: q.commodityId,
    from: q.from,
    to: q.to,
    type: q.priceType ?? null,
    markets: q.marketIds ? JSON.stringify(q.marketIds) : null,
    days: q.days ? JSON.stringify(q.days.map((d) => [d.marketId, d.date])) : null,
    limit: q.limit ?? -1,
  }) as Array<Omit<MarketDayStats, "isDemo"> & { isDemo: number }>;
  return rows.map((r) => ({ ...r, isDemo: r.isDemo === 1 }));
}
