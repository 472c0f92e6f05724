/**
 * Officers' daily price sheet: one row per usual commodity of a market. Each filled row is
 * checked against the commodity's recent median; a value more than 3× away (an extra or a
 * missing zero) must be confirmed before anything is saved, and so must a date more than a week
 * back (a mistyped month or year would otherwise file the prices under the wrong day unseen).
 */
import type { Market } from "../../db/schema";
import { mayEnterPricesAt, type Actor } from "~/accounts/access.server";
import type { Db } from "~/lib/db.server";
import { addDays, todayInVietnam } from "~/lib/clock";
import { AppError } from "~/lib/errors";
import { getMarket, listCommodities, listMarkets } from "./catalog.server";
import { COUNTED_OBSERVATIONS } from "./counted";
import { parseVnd } from "./import.server";
import { upsertObservations, type PriceType } from "./observations.server";
import { median, outlierFlag, type OutlierFlag } from "./outliers";
import { convertPrice, type PriceUnit } from "./units";

const OFFICER_SOURCE = "officer";
/** How far back the usual commodities and the median look. */
const USUAL_DAYS = 60;
const MEDIAN_DAYS = 30;
/** Entries dated further back than this ask for confirmation first. */
export const OLD_ENTRY_DAYS = 7;

/** Whether a sheet's date is far enough back to ask "is this date right?" before saving. */
export function isOldEntryDate(
  date: string,
  today = todayInVietnam()
): boolean {
  return date < addDays(today, -OLD_ENTRY_DAYS);
}

/** Markets the actor may enter prices for (the access policy: markets in their areas; all for an administrator). */
export function entryMarkets(db: Db, user: Actor): Market[] {
  return listMarkets(db).filter((m) => mayEnterPricesAt(db, user, m));
}

interface SheetRow {
  commodityId: number;
  slug: string;
  nameVi: string;
  nameEn: string;
  unit: PriceUnit;
  /** this day's officer entry, if any */
  entered: { minVnd: number; maxVnd: number; avgVnd: number } | null;
  /** median of recent averages, in the row's unit */
  median: number | null;
}

/**
 * The sheet for a market and date: commodities seen there in the last 60 days (all commodities
 * when the market has no history yet), with what was already entered that day.
 */
export function dailySheet(db: Db, marketId: number, date: string): SheetRow[] {
  const usual = new Set(
    (
      db.$client
        .prepare(
          "SELECT DISTINCT commodity_id AS id FROM price_observations WHERE market_id = ? AND date >= ? AND date <= ?"
        )
        .all(marketId, addDays(date, -USUAL_DAYS), date) as Array<{
        id: number;
      }>
    ).map((r) => r.id)
  );
  const commodities = listCommodities(db).filter(
    (c) => usual.size === 0 || usual.has(c.id)
  );
  const enteredStmt = db.$client.prepare(
    `SELECT min_vnd AS minVnd, max_vnd AS maxVnd, avg_vnd AS avgVnd, unit FROM price_observations
     WHERE commodity_id = ? AND market_id = ? AND date = ? AND source = ? AND grade = ''`
  );
  return commodities.map((c) => {
    const entered = enteredStmt.get(c.id, marketId, date, OFFICER_SOURCE) as
      | { minVnd: number; maxVnd: number; avgVnd: number; unit: PriceUnit }
      | undefined;
    const unit = entered?.unit ?? c.defaultUnit;
    return {
      commodityId: c.id,
      slug: c.slug,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      unit,
      entered: entered
        ? {
            minVnd: entered.minVnd,
            maxVnd: entered.maxVnd,
            avgVnd: entered.avgVnd,
          }
        : null,
      median: recentMedian(db, c.id, unit, date),
    };
  });
}

/** Median of the commodity's averages over the 30 days before the date, in the given unit (any market). */
function recentMedian(
  db: Db,
  commodityId: number,
  unit: PriceUnit,
  date: string,
  days = MEDIAN_DAYS
): number | null {
  const rows = db.$client
    .prepare(
      `SELECT avg_vnd AS avg, unit FROM ${COUNTED_OBSERVATIONS} WHERE commodity_id = ? AND date >= ? AND date < ?`
    )
    .all(commodityId, addDays(date, -days), date) as Array<{
    avg: number;
    unit: PriceUnit;
  }>;
  const values = rows
    .map((r) => convertPrice(r.avg, r.unit, unit))
    .filter((v): v is number => v !== null);
  return median(values);
}

interface SheetInput {
  commodityId: number;
  unit: PriceUnit;
  min: string;
  max: string;
  avg: string;
  confirmed: boolean;
}

export interface RowCheck {
  commodityId: number;
  /** locale key of what is wrong with the row's values */
  error?: string;
  /** values far from the median, by field */
  flags: Partial<Record<"min" | "max" | "avg", OutlierFlag>>;
  median: number | null;
  values?: { minVnd: number; maxVnd: number; avgVnd: number };
}

/** Validates one row's text; empty rows give null (not entered today). */
export function parseSheetRow(
  input: SheetInput
):
  | { minVnd: number; maxVnd: number; avgVnd: number }
  | { error: string }
  | null {
  const texts = [input.min, input.max, input.avg].map((t) => t.trim());
  if (texts.every((t) => t === "")) return null;
  const [min, max, avg] = texts.map((t) => (t === "" ? null : parseVnd(t)));
  if (texts.some((t, i) => t !== "" && [min, max, avg][i] === null))
    return { error: "prices:entry.errors.notNumber" };
  const given = [min, max, avg].filter((v): v is number => v !== null);
  if (given.some((v) => v <= 0))
    return { error: "prices:entry.errors.notPositive" };
  const minVnd = min ?? Math.min(...given);
  const maxVnd = max ?? Math.max(...given);
  if (minVnd > maxVnd) return { error: "prices:entry.errors.minAboveMax" };
  const avgVnd = avg ?? Math.round((minVnd + maxVnd) / 2);
  if (avgVnd < minVnd || avgVnd > maxVnd)
    return { error: "prices:entry.errors.avgOutside" };
  return { minVnd, maxVnd, avgVnd };
}

type SaveResult =
  | { status: "saved"; saved: number }
  | { status: "invalid"; checks: RowCheck[] }
  /** oldDate: the date itself awaits confirmation (input.dateConfirmed); the checks may flag rows too */
  | { status: "confirm"; checks: RowCheck[]; oldDate: boolean };

const PRICE_TYPE_OF: Record<Market["kind"], PriceType> = {
  wholesale: "wholesale",
  collection: "wholesale",
  retail: "retail",
  farm_gate: "farm_gate",
};

/** The price type an officer's entry at this market is filed under (a retail market's prices are retail). */
export function entryPriceType(market: Pick<Market, "kind">): PriceType {
  return PRICE_TYPE_OF[market.kind];
}

/**
 * Saves a day's sheet, all rows or none: rows with bad values come back with the reason; rows
 * far from the median come back flagged unless confirmed; a date more than a week back comes back
 * unless input.dateConfirmed. Empty rows are left alone.
 */
export function saveDailySheet(
  db: Db,
  input: {
    marketId: number;
    date: string;
    rows: SheetInput[];
    userId: number;
    dateConfirmed?: boolean;
  },
  today = todayInVietnam()
): SaveResult {
  const market = getMarket(db, input.marketId);
  if (!market) throw new AppError("prices:entry.errors.unknownMarket", 404);
  const checks: RowCheck[] = [];
  let invalid = false;
  let unconfirmed = false;
  for (const row of input.rows) {
    const parsed = parseSheetRow(row);
    if (parsed === null) continue;
    const m = recentMedian(db, row.commodityId, row.unit, input.date);
    if ("error" in parsed) {
      invalid = true;
      checks.push({
        commodityId: row.commodityId,
        error: parsed.error,
        flags: {},
        median: m,
      });
      continue;
    }
    const flags: RowCheck["flags"] = {};
    for (const [field, value] of [
      ["min", parsed.minVnd],
      ["max", parsed.maxVnd],
      ["avg", parsed.avgVnd],
    ] as const) {
      const flag = outlierFlag(value, m);
      if (flag) flags[field] = flag;
    }
    if (Object.keys(flags).length > 0 && !row.confirmed) unconfirmed = true;
    checks.push({
      commodityId: row.commodityId,
      flags,
      median: m,
      values: parsed,
    });
  }
  if (invalid) return { status: "invalid", checks };
  if (checks.length === 0) throw new AppError("prices:entry.errors.empty", 400);
  const oldDate = isOldEntryDate(input.date, today) && !input.dateConfirmed;
  if (unconfirmed || oldDate) return { status: "confirm", checks, oldDate };
  const units = new Map(input.rows.map((r) => [r.commodityId, r.unit]));
  upsertObservations(
    db,
    checks.map((c) => ({
      commodityId: c.commodityId,
      marketId: market.id,
      date: input.date,
      grade: "",
      source: OFFICER_SOURCE,
      priceType: entryPriceType(market),
      unit: units.get(c.commodityId)!,
      ...c.values!,
      isDemo: false,
      enteredBy: input.userId,
    }))
  );
  return { status: "saved", saved: checks.length };
}

/**
 * Whether the officer prices behind a figure (one commodity, one day, the figure's markets and type)
 * include one far from the median of the 30 days before — such a price was saved only because the
 * officer confirmed it, and a page shows it with its flag rather than averaging it in unseen.
 * The same median and factor as the entry check, so a page flags exactly what the sheet flagged.
 */
export function confirmedOutlier(
  db: Db,
  f: {
    commodityId: number;
    date: string;
    priceType: PriceType;
    marketIds: number[] | null;
  }
): OutlierFlag | null {
  const rows = db.$client
    .prepare(
      `SELECT min_vnd AS minVnd, max_vnd AS maxVnd, avg_vnd AS avgVnd, unit FROM ${COUNTED_OBSERVATIONS}
       WHERE commodity_id = @commodity AND date = @date AND price_type = @type AND source = '${OFFICER_SOURCE}'
         AND (@markets IS NULL OR market_id IN (SELECT value FROM json_each(@markets)))`
    )
    .all({
      commodity: f.commodityId,
      date: f.date,
      type: f.priceType,
      markets: f.marketIds ? JSON.stringify(f.marketIds) : null,
    }) as Array<{
    minVnd: number;
    maxVnd: number;
    avgVnd: number;
    unit: PriceUnit;
  }>;
  for (const r of rows) {
    const m = recentMedian(db, f.commodityId, r.unit, f.date);
    const flag =
      outlierFlag(r.avgVnd, m) ??
      outlierFlag(r.minVnd, m) ??
      outlierFlag(r.maxVnd, m);
    if (flag) return flag;
  }
  return null;
}
