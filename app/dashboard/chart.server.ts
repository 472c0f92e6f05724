/**
 * Server-side geometry of the onboarding chart (as app/prices/chart.server.ts): d3 scales and
 * shapes turn the series into SVG paths and ticks, so the page needs no browser script.
 */
import { scaleLinear, scaleUtc } from "d3-scale";
import { line } from "d3-shape";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import { LISTING_KEYS, SERIES_STAGES, type SeriesKey } from "./figures";
import type { Period, SeriesPoint } from "./series.server";

// Drawn at phone width so its 12 px labels stay 12 px on a 360 px screen; it scales up on wider ones.
export const CHART = { width: 360, height: 240, left: 52, right: 10, top: 12, bottom: 40 } as const;

/** The cumulative households per stage in one chart, listings published and products per period in another. */
export { LISTING_KEYS, type SeriesKey };

export interface OnboardingChartGeometry {
  width: number;
  height: number;
  lines: Array<{ key: SeriesKey; path: string; dots: Array<{ x: number; y: number }> }>;
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
  plot: { left: number; right: number; top: number; bottom: number };
}

const toDate = (start: string) => new Date(`${start}T00:00:00Z`);
const round = (v: number) => Math.round(v * 10) / 10;

export function onboardingChart(
  points: SeriesPoint[],
  period: Period,
  locale: Locale,
  keys: ReadonlyArray<SeriesKey> = SERIES_STAGES,
): OnboardingChartGeometry | null {
  if (points.length === 0) return null;
  const { width, height, left, right, top, bottom } = CHART;
  const first = toDate(points[0].start);
  const last = toDate(points[points.length - 1].start);
  // A single bucket still needs a width: centre it in a one-bucket span.
  const domainEnd = last > first ? last : new Date(first.getTime() + 86_400_000);
  const x = scaleUtc().domain([first, domainEnd]).range([left, width - right]);
  const max = Math.max(1, ...points.flatMap((p) => keys.map((key) => p[key])));
  const y = scaleLinear()
    .domain([0, max])
    .range([height - bottom, top])
    .nice(5);
  const px = (p: SeriesPoint) => round(x(toDate(p.start)));
  const lines = keys.map((key) => {
    const shape = line<SeriesPoint>()
      .x(px)
      .y((p) => y(p[key]))
      .digits(1);
    return {
      key,
      path: shape(points) ?? "",
      // Dots where a line alone would not show (few points), so a lone month is still visible.
      dots: points.length <= 24 ? points.map((p) => ({ x: px(p), y: round(y(p[key])) })) : [],
    };
  });
  // MM/yyyy in both languages (Intl's Vietnamese month-year is the long "tháng 01, 2026").
  const monthLabel = { format: (d: Date) => `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}` };
  const dayLabel = new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", { day: "2-digit", month: "2-digit", timeZone: "UTC" });
  const tickCount = Math.min(4, points.length);
  const xTicks =
    period === "month"
      ? x.ticks(tickCount).filter((d) => d.getUTCDate() === 1)
      : points.length <= 4
        ? points.map((p) => toDate(p.start))
        : x.ticks(tickCount);
  return {
    width,
    height,
    lines,
    yTicks: y
      .ticks(4)
      .filter((v) => Number.isInteger(v))
      .map((v) => ({ y: round(y(v)), label: formatNumber(v, locale, 0) })),
    xTicks: xTicks.map((d) => ({ x: round(x(d)), label: (period === "month" ? monthLabel : dayLabel).format(d) })),
    plot: { left, right: width - right, top, bottom: height - bottom },
  };
}
