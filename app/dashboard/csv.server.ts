/**
 * The dashboard as CSV (UTF-8 with a BOM, through the app's one writer, toCsv): one row per commune or
 * former district and a totals row, or one row per week or month of the series. Numbers are
 * plain integers (counts, VND) so spreadsheets sum them; percentages are left to the reader.
 */
import { toCsv } from "~/lib/csv";
import { FIGURE_KEYS, SERIES_STAGES } from "./figures";
import type { Figures, OnboardingFigures } from "./onboarding.server";
import type { SeriesPoint } from "./series.server";

type Translate = (key: string, options?: Record<string, unknown>) => string;

const FIGURE_HEADERS: Record<keyof Figures, string> = {
  registered: "dashboard:figures.registered",
  activated: "dashboard:figures.activated",
  verified: "dashboard:figures.verified",
  eligible: "dashboard:figures.eligible",
  suspended: "dashboard:figures.suspended",
  listed: "dashboard:figures.listed",
  sold: "dashboard:figures.sold",
  listingsPublished: "dashboard:figures.listingsPublished",
  ordersCompleted: "dashboard:csv.orderCount",
  ordersCompletedVnd: "dashboard:csv.orderValue",
  ordersNotCancelled: "dashboard:csv.notCancelledCount",
  ordersNotCancelledVnd: "dashboard:csv.notCancelledValue",
};

/** The range columns repeat on every row so a pasted or merged sheet still says which cohort it is. */
export function figuresCsv(result: OnboardingFigures, range: { fromDay: string; toDay: string }, t: Translate): string {
  const byDistrict = result.groupBy === "formerDistrict";
  const header = [
    t("dashboard:csv.code"),
    t(byDistrict ? "dashboard:csv.formerDistrict" : "dashboard:csv.commune"),
    t(byDistrict ? "dashboard:csv.shared" : "dashboard:csv.context"),
    t("dashboard:csv.from"),
    t("dashboard:csv.to"),
    ...FIGURE_KEYS.map((k) => t(FIGURE_HEADERS[k])),
  ];
  const rows = result.groups.map((g) => [
    g.code,
    byDistrict && g.context ? `${g.name} (${g.context})` : g.name,
    byDistrict ? g.sharedCommunes.join("; ") : g.context,
    range.fromDay,
    range.toDay,
    ...FIGURE_KEYS.map((k) => g.figures[k]),
  ]);
  rows.push(["", t("dashboard:csv.total"), "", range.fromDay, range.toDay, ...FIGURE_KEYS.map((k) => result.totals[k])]);
  return toCsv(header, rows);
}

/** Cumulative stages first (as the chart), then the same stages reached in the period, then listings and products. */
export function seriesCsv(points: SeriesPoint[], periodLabel: string, t: Translate): string {
  return toCsv(
    [
      t("dashboard:csv.start"),
      t("dashboard:csv.period"),
      t("dashboard:figures.registered"),
      t("dashboard:figures.activated"),
      t("dashboard:figures.verified"),
      t("dashboard:csv.series.listed"),
      t("dashboard:csv.series.sold"),
      ...SERIES_STAGES.map((stage) => t("dashboard:csv.series.added", { stage: t(`dashboard:series.${stage}`) })),
      t("dashboard:series.listingsPublished"),
      t("dashboard:series.productsListed"),
    ],
    points.map((p) => [
      p.start,
      periodLabel,
      ...SERIES_STAGES.map((stage) => p[stage]),
      ...SERIES_STAGES.map((stage) => p.added[stage]),
      p.listingsPublished,
      p.productsListed,
    ]),
  );
}
