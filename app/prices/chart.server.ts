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
  const { width, height, right, top, bottom } = CHART;
  const lo = Math.min(...series.map((p) => p.minVnd));
  const hi = Math.max(...series.map((p) => p.maxVnd));
  const pad = Math.max((hi - lo) * 0.08, hi * 0.02, 1);
  const y = scaleLinear()
    .domain([Math.max(0, lo - pad), hi + pad])
    .range([height - bottom, top])
    .nice(5);
  const yTicks = y.ticks(4).map((v) => ({ y: Math.round(y(v) * 10) / 10, label: formatNumber(v, locale, 0) }));
  // The plot starts right of the widest price label ("1.200.000" needs more room than "45.000").
  const left = Math.max(CHART.left, Math.ceil(Math.max(...yTicks.map((t) => labelWidth(t.label)))) + 10);
  const x = scaleUtc()
    .domain([toDate(range.from), toDate(range.to)])
    .range([left, width - right]);
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
  const xTicks = axisTicks(x.ticks(6), range, locale).map((t) => ({ x: Math.round(x(t.date) * 10) / 10, label: t.label }));
  return {
    width,
    height,
    bandPath: band(series) ?? "",
    avgPath: avg(series) ?? "",
    dots: series.length <= 40 ? series.map((p) => ({ x: px(p), y: Math.round(y(p.avgVnd) * 10) / 10 })) : [],
    yTicks,
    xTicks: thin(xTicks, width),
    plot: { left, right: width - right, top, bottom: height - bottom },
  };
}

// 12 px labels: about 7 px per character is a safe upper bound for digits and slashes.
const CHAR_PX = 7;
const GAP_PX = 8;
/** Width of a price label: digits are wide, the thousands dots and commas narrow. */
const labelWidth = (label: string) => [...label].reduce((w, c) => w + (/[.,\s]/.test(c) ? 3.5 : CHAR_PX), 0);

/**
 * Axis labels in the locale's numeric date style: dd/mm within one year; with the year once the range
 * crosses one (dd/mm/yyyy up to about 15 months, mm/yyyy beyond, where a day means little).
 */
export function axisTicks(dates: Date[], range: { from: string; to: string }, _locale: Locale): Array<{ date: Date; label: string }> {
  const crossesYear = range.from.slice(0, 4) !== range.to.slice(0, 4);
  const long = (toDate(range.to).getTime() - toDate(range.from).getTime()) / 86_400_000 > 450;
  const pad = (n: number) => String(n).padStart(2, "0");
  // Composed, not Intl: vi-VN formats day + month as "01-03" and month + year as "tháng 3, 2026".
  // Vietnamese and British English both read day/month/year.
  const label = (d: Date) => {
    const mm = pad(d.getUTCMonth() + 1);
    if (long) return `${mm}/${d.getUTCFullYear()}`;
    return `${pad(d.getUTCDate())}/${mm}${crossesYear ? `/${d.getUTCFullYear()}` : ""}`;
  };
  const seen = new Set<string>();
  return dates.map((date) => ({ date, label: label(date) })).filter((t) => (seen.has(t.label) ? false : (seen.add(t.label), true)));
}

/**
 * Drops labels that would overlap (keeping every other one, then every third…) and moves the
 * outermost inwards so none is clipped by the 360 px drawing.
 */
export function thin(ticks: Array<{ x: number; label: string }>, width: number): Array<{ x: number; label: string }> {
  const half = (t: { label: string }) => (t.label.length * CHAR_PX) / 2;
  const fits = (list: typeof ticks) => list.every((t, i) => i === 0 || list[i - 1].x + half(list[i - 1]) + GAP_PX <= t.x - half(t));
  let kept = ticks;
  for (let step = 2; !fits(kept) && kept.length > 1; step++) kept = ticks.filter((_, i) => i % step === 0);
  return kept.map((t) => ({ ...t, x: Math.min(Math.max(t.x, half(t)), width - half(t)) }));
}
