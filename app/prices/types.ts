/** Shapes the price pages and components share (no server code here). */
import type { SpikeFlag } from "./alps";
import type { PriceChange } from "./change";
import type { PriceUnit } from "./units";

export interface PriceBand {
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  unit: PriceUnit;
  days: number;
  /** observations behind the band */
  observations: number;
  /** some of them are demo data */
  isDemo: boolean;
}

export interface BoardRow {
  commodityId: number;
  slug: string;
  nameVi: string;
  nameEn: string;
  category: string;
  unit: PriceUnit;
  date: string;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  markets: number;
  isDemo: boolean;
  change7: PriceChange | null;
  change30: PriceChange | null;
  /** the most severe spike flag among the commodity's markets; null when none has a series */
  spike: BoardSpike | null;
}

export type BoardSpike = SpikeFlag & { marketId: number };

export interface SeriesPoint {
  date: string;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
}

export interface MarketPriceRow {
  marketId: number;
  marketSlug: string;
  marketName: string;
  date: string;
  grade: string;
  priceType: string;
  source: string;
  unit: PriceUnit;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  isDemo: boolean;
  /** spike flag of this market's monthly series for the row's price type */
  spike?: SpikeFlag | null;
}

/** Chart periods offered on the commodity page, in days, and "all" (from the first observation). */
export const RANGES = [30, 90, 365, 1095, "all"] as const;
export type RangeDays = (typeof RANGES)[number];

/** Latest month against the same month a year before (mean of counted observations in each month). */
export interface YearOnYear {
  /** yyyy-mm */
  month: string;
  avgVnd: number;
  previousMonth: string;
  previousAvgVnd: number;
  /** rounded to one decimal */
  percent: number;
}
