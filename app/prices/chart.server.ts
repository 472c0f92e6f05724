/**
 * Server-side geometry for the price chart: d3 scales and shapes turn the daily series into SVG
 * path strings and tick positions, so the page draws the chart without any browser JavaScript.
 */
import { scaleLinear, scaleUtc } from "d3-scale";
import { area, line } from "d3-shape";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import type { SeriesPoint } from "./types";

// Drawn at phone width so its 12 px labels stay 12 px on a 360 px screen; it scales up on wider ones.
const CHART = { width: 360, height: 220, left: 50, right: 8, top: 10, bottom: 24 } as const;

interface ChartGeometry {
  width: number;
  height: number;
  bandPath: string;
  avgPath: string;
  /** one dot per day when there are few points (a lone day has no line) */
  dots: Array<{ x: number; y: number }>;
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
  plot: { left: number; right: number; top: number; bottom: number };
}

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);

export function priceChart(series: SeriesPoint[], range: { from: string; to: string }, locale: Locale): ChartGeometry | null {
  if (series.length === 0) return null;
  const { width, height, left, right, top, bottom } = CHART;
  const lo = Math.min(...series.map((p) => p.minVnd));
  const hi = Math.max(...series.map((p) => p.maxVnd));
  const pad = Math.max((hi - lo) * 0.08, hi * 0.02, 1);
  const x = scaleUtc()
    .domain([toDate(range.from), toDate(range.to)])
    .range([left, width - right]);
  const y = scaleLinear()
    .domain([Math.max(0, lo - pad), hi + pad])
    .range([height - bottom, top])
    .nice(5);
  const px = (p: SeriesPoint) => Math.round(x(toDate(p.date)) * 10) / 10;
  const band = area<SeriesPoint>()
    .x(px)
    .y0((p) => y(p.minVnd))
    .y1((p) => y(p.maxVnd))
    .digits(1);
  const avg = line<SeriesPoint>()
    .x(px)
    .y((p) => y(p.avgVnd))
    .digits(1);
  const dateLabel = new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", { day: "2-digit", month: "2-digit", timeZone: "UTC" });
  return {
    width,
    height,
    bandPath: band(series) ?? "",
    avgPath: avg(series) ?? "",
    dots: series.length <= 40 ? series.map((p) => ({ x: px(p), y: Math.round(y(p.avgVnd) * 10) / 10 })) : [],
    yTicks: y.ticks(4).map((v) => ({ y: Math.round(y(v) * 10) / 10, label: formatNumber(v, locale, 0) })),
    xTicks: x.ticks(4).map((d) => ({ x: Math.round(x(d) * 10) / 10, label: dateLabel.format(d) })),
    plot: { left, right: width - right, top, bottom: height - bottom },
  };
}
