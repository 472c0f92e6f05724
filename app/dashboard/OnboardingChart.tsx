/**
 * The cumulative onboarding chart: an SVG drawn from server-computed geometry (chart.server.ts),
 * readable without JavaScript — title and description for screen readers, axis labels, a legend
 * whose line styles differ by dash as well as colour, and the same numbers in a table below.
 */
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatDate, formatNumber } from "~/i18n/format";
import type { OnboardingChartGeometry } from "./chart.server";
import type { Period, SeriesPoint } from "./series.server";

const monthText = (start: string) => `${start.slice(5, 7)}/${start.slice(0, 4)}`;

function bucketLabel(start: string, period: Period, locale: Locale): string {
  // Buckets are calendar days already; noon UTC keeps formatDate (Vietnam time) on the same day.
  return period === "month" ? monthText(start) : formatDate(new Date(`${start}T12:00:00Z`), locale);
}

export function OnboardingChart({
  chart,
  points,
  period,
  locale,
}: {
  chart: OnboardingChartGeometry | null;
  points: SeriesPoint[];
  period: Period;
  locale: Locale;
}) {
  const { t } = useTranslation("dashboard");
  if (!chart || points.length === 0) return <p>{t("chart.empty")}</p>;
  const first = points[0];
  const last = points[points.length - 1];
  const n = (v: number) => formatNumber(v, locale, 0);
  const titleId = "onboarding-chart-title";
  const descId = "onboarding-chart-desc";
  const periodWord = t(period === "month" ? "chart.month" : "chart.week").toLowerCase();
  return (
    <figure className="onboarding-figure">
      <svg
        className="onboarding-chart"
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-testid="onboarding-chart"
      >
        <title id={titleId}>
          {t("chart.svgTitle", {
            period: periodWord,
            from: bucketLabel(first.start, period, locale),
            to: bucketLabel(last.start, period, locale),
          })}
        </title>
        <desc id={descId}>
          {t("chart.svgDesc", {
            to: bucketLabel(last.start, period, locale),
            registered: n(last.registered),
            activated: n(last.activated),
            verified: n(last.verified),
          })}
        </desc>
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
        <text
          className="axis-label"
          transform={`translate(12 ${(chart.plot.top + chart.plot.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {t("chart.yAxis")}
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
      <figcaption>
        <ul className="chart-legend">
          {chart.lines.map((l) => (
            <li key={l.key}>
              <svg className="legend-swatch" viewBox="0 0 28 8" aria-hidden="true">
                <line className={`series-${l.key}`} x1="1" x2="27" y1="4" y2="4" />
              </svg>
              {t(`figures.${l.key}`)}: {n(last[l.key])}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="chart-table" open={points.length <= 12}>
        <summary>{t("chart.tableSummary")}</summary>
        <div className="table-scroll">
          <table className="dashboard-table series-table" data-testid="series-table">
            <thead>
              <tr>
                <th scope="col">{t(period === "month" ? "chart.month" : "chart.start")}</th>
                <th scope="col" className="num">
                  {t("figures.registered")}
                </th>
                <th scope="col" className="num">
                  {t("figures.activated")}
                </th>
                <th scope="col" className="num">
                  {t("figures.verified")}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.start}>
                  <th scope="row">{bucketLabel(p.start, period, locale)}</th>
                  <td className="num">{n(p.registered)}</td>
                  <td className="num">{n(p.activated)}</td>
                  <td className="num">{n(p.verified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
