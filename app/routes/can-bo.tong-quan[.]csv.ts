import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAllowed } from "~/accounts/access.server";
import { figuresCsv, seriesCsv } from "~/dashboard/csv.server";
import { onboardingFigures } from "~/dashboard/onboarding.server";
import { onboardingSeries } from "~/dashboard/series.server";
import { GROUP_PARAM, parseDashboardQuery, PERIOD_PARAM } from "~/dashboard/query";
import { i18nServer } from "~/i18n/i18n.server";
import { todayInVietnam } from "~/lib/clock";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";

/**
 * /can-bo/tong-quan.csv — the dashboard's table with the page's filters (?theo, ?tu, ?den), or with
 * ?bang=thoi-gian its series (?ky). Officers get their areas only, administrators everything.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "viewDashboard");
  const params = new URL(request.url).searchParams;
  const query = parseDashboardQuery(params);
  const t = (await i18nServer.getFixedT(request)) as unknown as (key: string, options?: Record<string, unknown>) => string;
  const range = { from: query.from, to: query.to };
  const day = todayInVietnam();
  let text: string;
  let name: string;
  if (params.get("bang") === "thoi-gian") {
    const points = onboardingSeries(db(), user, { ...range, period: query.period });
    text = seriesCsv(points, t(query.period === "month" ? "dashboard:chart.month" : "dashboard:chart.week"), t);
    name = `tong-quan-theo-${PERIOD_PARAM[query.period]}-${day}.csv`;
  } else {
    const figures = onboardingFigures(db(), user, { ...range, groupBy: query.groupBy, unknownName: t("dashboard:group.unknown") });
    text = figuresCsv(figures, query, t);
    name = `tong-quan-theo-${GROUP_PARAM[query.groupBy]}-${day}.csv`;
  }
  // Figures of an officer's areas: never kept by a shared cache.
  return csvResponse(name, text, "private, no-store");
}
