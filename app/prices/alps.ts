/**
 * Seasonal price-spike flag in the spirit of WFP's ALPS (Alert for Price Spikes): how far the latest
 * monthly price sits above its seasonal trend, in standard deviations of the trend's residuals.
 * Pure: the caller passes the monthly means of counted observations (one series per commodity ×
 * market × price type). Method and thresholds: docs/decisions/0025-price-spike-flag.md.
 */

export type SpikeLevel = "normal" | "stress" | "alert" | "crisis";
export type SpikeStatus = SpikeLevel | "insufficient" | "stale";

export interface MonthlyPrice {
  /** yyyy-mm */
  month: string;
  /** mean of the month's counted observations, in the series' unit */
  priceVnd: number;
}

export interface SpikeFlag {
  status: SpikeStatus;
  /** (latest − trend) / σ; only for a level */
  deviation: number | null;
  /** the trend's value for the latest month; only for a level */
  expectedVnd: number | null;
  /** the latest month's mean */
  actualVnd: number | null;
  /** yyyy-mm of the latest month with a price */
  month: string | null;
}

/** ALPS needs at least three years of history and 70 % of its months with a price. */
export const MIN_MONTHS = 36;
export const MIN_COVERAGE = 0.7;
/** A flag on a price older than this many months is withheld (FAO GIEWS shows none older than two). */
export const MAX_AGE_MONTHS = 2;
/**
 * σ is never taken below 1 % of the mean price: a series that repeats its season exactly has residuals
 * of zero, and a rounding-size move must not read as a crisis.
 */
const SIGMA_FLOOR = 0.01;

const monthIndex = (yyyyMm: string) => Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7)) - 1;

/** yyyy-mm-dd moved by whole months, the day clamped to the target month's length. */
export function shiftMonths(date: string, months: number): string {
  const index = monthIndex(date) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function spikeLevel(deviation: number): SpikeLevel {
  if (deviation >= 2) return "crisis";
  if (deviation >= 1) return "alert";
  if (deviation >= 0.25) return "stress";
  return "normal";
}

/** Solves A·x = b (A square) by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-9) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      if (f !== 0) for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

const none = (status: SpikeStatus, month: string | null = null, actualVnd: number | null = null): SpikeFlag => ({
  status,
  deviation: null,
  expectedVnd: null,
  actualVnd,
  month,
});

/**
 * The flag of one monthly series. `latestDate` is the newest observation's day (yyyy-mm-dd) and
 * `today` the Vietnam date; months may be missing from `series` (no price that month).
 */
export function spikeFlag(series: MonthlyPrice[], latestDate: string | null, today: string): SpikeFlag {
  const points = [...series].filter((p) => Number.isFinite(p.priceVnd) && p.priceVnd > 0).sort((a, b) => a.month.localeCompare(b.month));
  const last = points.at(-1);
  if (!last || !latestDate) return none("insufficient");
  if (latestDate < shiftMonths(today, -MAX_AGE_MONTHS)) return none("stale", last.month, last.priceVnd);
  const first = monthIndex(points[0].month);
  const latest = monthIndex(last.month);
  const span = latest - first + 1;
  if (span - 1 < MIN_MONTHS || points.length / span < MIN_COVERAGE) return none("insufficient", last.month, last.priceVnd);

  // Trend: price = a + b·t + c[month of year], fitted by least squares on the months before the latest.
  const history = points.slice(0, -1);
  const seasons = [...new Set(history.map((p) => monthIndex(p.month) % 12))].sort((x, y) => x - y);
  const latestSeason = latest % 12;
  if (!seasons.includes(latestSeason)) return none("insufficient", last.month, last.priceVnd);
  const dummies = seasons.slice(1); // the first season is the baseline
  const features = (index: number) => [1, index - first, ...dummies.map((s) => (index % 12 === s ? 1 : 0))];
  const p = 2 + dummies.length;
  if (history.length - p < 6) return none("insufficient", last.month, last.priceVnd);
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (const point of history) {
    const x = features(monthIndex(point.month));
    for (let i = 0; i < p; i++) {
      xty[i] += x[i] * point.priceVnd;
      for (let j = 0; j < p; j++) xtx[i][j] += x[i] * x[j];
    }
  }
  const beta = solve(xtx, xty);
  if (!beta) return none("insufficient", last.month, last.priceVnd);
  const predict = (index: number) => features(index).reduce((sum, v, i) => sum + v * beta[i], 0);
  let ssr = 0;
  let total = 0;
  for (const point of history) {
    ssr += (point.priceVnd - predict(monthIndex(point.month))) ** 2;
    total += point.priceVnd;
  }
  const sigma = Math.max(Math.sqrt(ssr / (history.length - p)), (SIGMA_FLOOR * total) / history.length);
  const expected = predict(latest);
  const deviation = (last.priceVnd - expected) / sigma;
  return {
    status: spikeLevel(deviation),
    deviation: Math.round(deviation * 100) / 100,
    expectedVnd: Math.round(expected),
    actualVnd: last.priceVnd,
    month: last.month,
  };
}
