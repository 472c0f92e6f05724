/**
 * The price an alert or the digest looks at: the mean of the day's average prices on the latest date
 * with a report, over the counted observations (app/prices/counted.ts) that are real (demo prices
 * never alert anyone or reach a message), for one commodity and price type, at one market or any,
 * converted to the commodity's default unit (rows in a unit that does not convert are left out).
 */
import type { Db } from "~/lib/db.server";
import { COUNTED_OBSERVATIONS } from "~/prices/counted";
import type { PriceType } from "~/prices/observations.server";
import { convertPrice, type PriceUnit } from "~/prices/units";

export interface AlertPriceKey {
  commodityId: number;
  marketId: number | null;
  priceType: PriceType;
  /** the commodity's default unit: thresholds are per this unit */
  unit: PriceUnit;
}

export interface AlertPrice {
  vnd: number;
  date: string;
}

const FILTER = `o.commodity_id = @commodityId AND o.price_type = @priceType AND o.is_demo = 0
  AND (@marketId IS NULL OR o.market_id = @marketId) AND o.date <= @onOrBefore`;
const LATEST = `SELECT o.date, o.unit, o.avg_vnd AS avgVnd FROM ${COUNTED_OBSERVATIONS} o
  WHERE ${FILTER} AND o.date = (SELECT max(o.date) FROM ${COUNTED_OBSERVATIONS} o WHERE ${FILTER})`;

/** The latest real counted price on or before a day (default: any day); null when there is none. */
export function alertPrice(db: Db, key: AlertPriceKey, onOrBefore = "9999-12-31"): AlertPrice | null {
  const rows = db.$client
    .prepare(LATEST)
    .all({ commodityId: key.commodityId, marketId: key.marketId, priceType: key.priceType, onOrBefore }) as {
    date: string;
    unit: PriceUnit;
    avgVnd: number;
  }[];
  const prices = rows.map((r) => convertPrice(r.avgVnd, r.unit, key.unit)).filter((p): p is number => p !== null);
  if (prices.length === 0) return null;
  return { vnd: Math.round(prices.reduce((a, b) => a + b, 0) / prices.length), date: rows[0].date };
}
