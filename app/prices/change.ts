/** Price change arithmetic for the board, safe in the browser. Dates are yyyy-mm-dd strings. */
import { addDays } from "~/lib/clock";

type Direction = "up" | "down" | "flat";

export interface PriceChange {
  direction: Direction;
  /** current − previous, VND */
  deltaVnd: number;
  /** rounded to one decimal; null when the previous price is 0 */
  percent: number | null;
  /** the date the comparison is against */
  previousDate: string;
}

/**
 * Which earlier date a "change against N days" compares with: the newest observation on or
 * before latest − N days, but not older than latest − 2N (a monthly series has no 7-day change).
 */
export function comparisonWindow(latest: string, days: number): { from: string; to: string } {
  return { from: addDays(latest, -2 * days), to: addDays(latest, -days) };
}

export function priceChange(current: number, previous: { avgVnd: number; date: string } | null): PriceChange | null {
  if (!previous) return null;
  const deltaVnd = current - previous.avgVnd;
  const percent = previous.avgVnd === 0 ? null : Math.round((deltaVnd / previous.avgVnd) * 1000) / 10;
  const direction: Direction = deltaVnd > 0 ? "up" : deltaVnd < 0 ? "down" : "flat";
  return { direction, deltaVnd, percent, previousDate: previous.date };
}
