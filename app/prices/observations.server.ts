/**
 * Writing price observations: the one upsert every path uses (own CSV, WFP file, officer entry,
 * demo seed, benchmark). One row per commodity + market + date + grade + source; a re-import
 * writes nothing when the values are unchanged. Changed values are a new report: a row an admin
 * withdrew counts again (unchanged ones stay withdrawn).
 */
import type Database from "better-sqlite3";
import { evaluateAlerts } from "~/alerts/alerts.server";
import type { Db } from "~/lib/db.server";
import type { PriceUnit } from "./units";

export type PriceType = "wholesale" | "retail" | "farm_gate";

export interface ObservationInput {
  commodityId: number;
  marketId: number;
  /** yyyy-mm-dd */
  date: string;
  grade?: string;
  source: string;
  priceType?: PriceType;
  unit: PriceUnit;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  isDemo?: boolean;
  enteredBy?: number | null;
}

export interface WriteResult {
  /** inserted or changed */
  written: number;
  /** already there with the same values */
  unchanged: number;
}

const UPSERT = `INSERT INTO price_observations
  (commodity_id, market_id, date, grade, source, price_type, unit, min_vnd, max_vnd, avg_vnd, is_demo, entered_by, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (commodity_id, market_id, date, grade, source) DO UPDATE SET
    price_type = excluded.price_type, unit = excluded.unit, min_vnd = excluded.min_vnd, max_vnd = excluded.max_vnd,
    avg_vnd = excluded.avg_vnd, is_demo = excluded.is_demo, entered_by = excluded.entered_by, withdrawn_at = NULL
  WHERE (price_type, unit, min_vnd, max_vnd, avg_vnd, is_demo, coalesce(entered_by, -1))
    IS NOT (excluded.price_type, excluded.unit, excluded.min_vnd, excluded.max_vnd, excluded.avg_vnd, excluded.is_demo,
            coalesce(excluded.entered_by, -1))`;

const statements = new WeakMap<Database.Database, Database.Statement>();

function upsertStatement(sqlite: Database.Database): Database.Statement {
  let stmt = statements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(UPSERT);
    statements.set(sqlite, stmt);
  }
  return stmt;
}

/** Upserts rows in one transaction (callers batch large files). Values must already be validated. */
export function upsertObservations(db: Db, rows: ObservationInput[]): WriteResult {
  const sqlite = db.$client;
  const stmt = upsertStatement(sqlite);
  const now = Date.now(); // created_at is timestamp_ms
  const result: WriteResult = { written: 0, unchanged: 0 };
  // Commodities with a new or changed real price: their price alerts are looked at once, below.
  const touched = new Set<number>();
  sqlite.transaction(() => {
    for (const r of rows) {
      const info = stmt.run(
        r.commodityId,
        r.marketId,
        r.date,
        r.grade ?? "",
        r.source,
        r.priceType ?? "wholesale",
        r.unit,
        r.minVnd,
        r.maxVnd,
        r.avgVnd,
        r.isDemo ? 1 : 0,
        r.enteredBy ?? null,
        now,
      );
      if (info.changes > 0) result.written++;
      else result.unchanged++;
      if (info.changes > 0 && !r.isDemo) touched.add(r.commodityId);
    }
    evaluateAlerts(db, touched);
  })();
  return result;
}

export interface ReferencePriceInput {
  seriesCode: string;
  month: string;
  commodity: string;
  unit: string;
  currency: string;
  priceMilli: number;
  releaseDate: string | null;
}

const REF_UPSERT = `INSERT INTO reference_prices (series_code, month, commodity, unit, currency, price_milli, release_date)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (series_code, month) DO UPDATE SET commodity = excluded.commodity, unit = excluded.unit,
    currency = excluded.currency, price_milli = excluded.price_milli, release_date = excluded.release_date
  WHERE (commodity, unit, currency, price_milli, coalesce(release_date, '')) IS NOT
    (excluded.commodity, excluded.unit, excluded.currency, excluded.price_milli, coalesce(excluded.release_date, ''))`;

export function upsertReferencePrices(db: Db, rows: ReferencePriceInput[]): WriteResult {
  const sqlite = db.$client;
  const stmt = sqlite.prepare(REF_UPSERT);
  const result: WriteResult = { written: 0, unchanged: 0 };
  sqlite.transaction(() => {
    for (const r of rows) {
      const info = stmt.run(r.seriesCode, r.month, r.commodity, r.unit, r.currency, r.priceMilli, r.releaseDate);
      if (info.changes > 0) result.written++;
      else result.unchanged++;
    }
  })();
  return result;
}
