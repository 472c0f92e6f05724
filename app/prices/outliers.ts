/**
 * Officer entry check: a price far from the commodity's recent median is most often a typing slip
 * (an extra or a missing zero), so it is flagged and must be confirmed before it is saved.
 */
const OUTLIER_FACTOR = 3;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

export type OutlierFlag = "high" | "low";

/** "high" above factor × median, "low" under median ÷ factor, null otherwise or without a median. */
export function outlierFlag(value: number, recentMedian: number | null, factor = OUTLIER_FACTOR): OutlierFlag | null {
  if (recentMedian === null || recentMedian <= 0) return null;
  if (value > recentMedian * factor) return "high";
  if (value * factor < recentMedian) return "low";
  return null;
}
