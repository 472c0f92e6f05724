/**
 * The series over time: two SVGs drawn from server-computed geometry (chart.server.ts) — households
 * per stage, cumulative, and listings published and products per period — readable without
 * JavaScript: title and description for screen readers, axis labels, a legend whose line styles
 * differ by dash as well as colour, and the same numbers in a table below.
 */
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatDate, formatNumber } from "~/i18n/format";
import type { OnboardingChartGeometry } from "./chart.server";
import { SERIES_STAGES, type SeriesKey } from "./figures";
import type { Period, SeriesPoint } from "./series.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

const monthText = (start: string) => `${start.slice(5, 7)}/${start.slice(0, 4)}`;

function bucketLabel(start: string, period: Period, locale: Locale): string {
  // Buckets are calendar days already; noon UTC keeps formatDate (Vietnam time) on the same day.
  return period === "month" ? monthText(start) : formatDate(new Date(`${start}T12:00:00Z`), locale);
}

function SeriesSvg({
  id,
  chart,
  title,
  desc,
  yAxis,
  period,
}: {
  id: string;
  chart: OnboardingChartGeometry;
  title: string;
  desc: string;
  yAxis: string;
  period: Period;
}) {
  const { t } = useTranslation("dashboard");
  return (
    <svg
      className="onboarding-chart"
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-testid={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {chart.yTicks.map((tick) => (
        <g key={`y${tick.y}`}>
          <line className="grid" x1={chart.plot.left} x2={chart.plot.right} y1={tick.y} y2={tick.y} />
          <text x={chart.plot.left - 6} y={tick.y + 4} textAnchor="end">
            {tick.label}
          </text>
        </g>
      ))}
      <line className="axis" x1={chart.plot.left} x2={chart.plot.right} y1={chart.plot.bottom} y2={chart.plot.bottom} />
      {chart.xTicks.map((tick) => (
        <text key={`x${tick.x}`} x={tick.x} y={chart.plot.bottom + 16} textAnchor="middle">
          {tick.label}
        </text>
      ))}
      <text className="axis-label" x={(chart.plot.left + chart.plot.right) / 2} y={chart.height - 4} textAnchor="middle">
        {t(period === "month" ? "chart.xAxisMonth" : "chart.xAxisWeek")}
      </text>
      <text className="axis-label" transform={`translate(12 ${(chart.plot.top + chart.plot.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yAxis}
      </text>
      {chart.lines.map((l) => (
        <g key={l.key} className={`series series-${l.key}`}>
          <path d={l.path} />
          {l.dots.map((p) => (
            <circle key={`${p.x}-${p.y}`} cx={p.x} cy={p.y} r={2.5} />
          ))}
        </g>
      ))}
    </svg>
  );
}

function Legend({ chart, values }: { chart: OnboardingChartGeometry; values: (key: SeriesKey) => string }) {
  const { t } = useTranslation("dashboard");
  return (
    <ul className="chart-legend">
      {chart.lines.map((l) => (
        <li key={l.key}>
          <svg className="legend-swatch" viewBox="0 0 28 8" aria-hidden="true">
            <line className={`series-${l.key}`} x1="1" x2="27" y1="4" y2="4" />
          </svg>
          {t(`series.${l.key}`)}: {values(l.key)}
        </li>
      ))}
    </ul>
  );
}

export function OnboardingChart({
  chart,
  listingsChart,
  points,
  period,
  locale,
}: {
  chart: OnboardingChartGeometry | null;
  listingsChart: OnboardingChartGeometry | null;
  points: SeriesPoint[];
  period: Period;
  locale: Locale;
}) {
  const { t } = useTranslation("dashboard");
  if (!chart || !listingsChart || points.length === 0) return <p>{t("chart.empty")}</p>;
  const first = points[0];
  const last = points[points.length - 1];
  const n = (v: number) => formatNumber(v, locale, 0);
  const periodWord = t(period === "month" ? "chart.month" : "chart.week").toLowerCase();
  const span = { period: periodWord, from: bucketLabel(first.start, period, locale), to: bucketLabel(last.start, period, locale) };
  const listingTotals = points.reduce((sum, p) => sum + p.listingsPublished, 0);
  return (
    <>
      <figure className="onboarding-figure">
        <SeriesSvg
          id="onboarding-chart"
          chart={chart}
          title={t("chart.svgTitle", span)}
          desc={t("chart.svgDesc", {
            to: span.to,
            registered: n(last.registered),
            activated: n(last.activated),
            verified: n(last.verified),
            listed: n(last.listed),
            sold: n(last.sold),
          })}
          yAxis={t("chart.yAxis")}
          period={period}
        />
        <figcaption>
          <Legend chart={chart} values={(key) => n(last[key])} />
        </figcaption>
      </figure>
      <figure className="onboarding-figure">
        <SeriesSvg
          id="listings-chart"
          chart={listingsChart}
          title={t("series.listingsTitle", span)}
          desc={t("series.listingsDesc", { ...span, listings: n(listingTotals) })}
          yAxis={t("series.listingsAxis")}
          period={period}
        />
        <figcaption>
          <Legend chart={listingsChart} values={(key) => t("series.lastPeriod", { value: n(last[key]) })} />
        </figcaption>
      </figure>
      <details className="chart-table" open={points.length <= 12}>
        <summary>{t("chart.tableSummary")}</summary>
        <p className="muted">{t("series.tableNote")}</p>
        <ScrollRegion label={t("chart.tableSummary")}>
          <table className="dashboard-table series-table" data-testid="series-table">
            <thead>
              <tr>
                <th scope="col">{t(period === "month" ? "chart.month" : "chart.start")}</th>
                {SERIES_STAGES.map((key) => (
                  <th key={key} scope="col" className="num">
                    {t(`series.${key}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("series.listingsPublished")}
                </th>
                <th scope="col" className="num">
                  {t("series.productsListed")}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.start} data-start={p.start}>
                  <th scope="row">{bucketLabel(p.start, period, locale)}</th>
                  {SERIES_STAGES.map((key) => (
                    <td key={key} className="num" data-series={key}>
                      {n(p[key])}
                      <span className="pct">{t("series.added", { count: p.added[key], value: n(p.added[key]) })}</span>
                    </td>
                  ))}
                  <td className="num" data-series="listingsPublished">
                    {n(p.listingsPublished)}
                  </td>
                  <td className="num" data-series="productsListed">
                    {n(p.productsListed)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </>
  );
}
