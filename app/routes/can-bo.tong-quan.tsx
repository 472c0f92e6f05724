import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { allows, requireAllowed } from "~/accounts/access.server";
import { officerAreas } from "~/addresses/areas.server";
import { ActiveSellers } from "~/dashboard/ActiveSellers";
import { LISTING_KEYS, onboardingChart } from "~/dashboard/chart.server";
import styles from "~/dashboard/dashboard.css";
import { ToggleLinks } from "~/components/ui/ToggleLinks";
import { OnboardingChart } from "~/dashboard/OnboardingChart";
import { FIGURE_KEYS } from "~/dashboard/figures";
import { onboardingFigures, type Figures } from "~/dashboard/onboarding.server";
import { activeSellers } from "~/dashboard/sales.server";
import { onboardingSeries } from "~/dashboard/series.server";
import { TargetsBlock } from "~/dashboard/TargetsBlock";
import { ComplaintsByCommune } from "~/complaints/ComplaintStats";
import { complaintsByCommune } from "~/complaints/stats.server";
import { targetProgress } from "~/dashboard/targets.server";
import { dashboardSearch, parseDashboardQuery, type DashboardQuery } from "~/dashboard/query";
import type { Locale } from "~/i18n/config";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "dashboard", "complaints"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** /can-bo/tong-quan — onboarding figures of the officer's areas (administrators: everywhere). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "viewDashboard");
  const locale = await getLocale(request);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const t = (await i18nServer.getFixedT(request)) as unknown as (key: string) => string;
  const range = { from: query.from, to: query.to };
  const figures = onboardingFigures(db(), user, { ...range, groupBy: query.groupBy, unknownName: t("dashboard:group.unknown") });
  const series = onboardingSeries(db(), user, { ...range, period: query.period });
  return json({
    title: await pageTitle(request, "dashboard:title"),
    isAdmin: allows(user, "administer"),
    areas: allows(user, "administer") ? [] : officerAreas(db(), user.id).map((a) => a.name),
    query: { groupBy: query.groupBy, period: query.period, fromDay: query.fromDay, toDay: query.toDay, year: query.year, dateError: query.dateError },
    figures,
    series,
    chart: onboardingChart(series, query.period, locale),
    listingsChart: onboardingChart(series, query.period, locale, LISTING_KEYS),
    activeSellers: activeSellers(db(), user, range),
    complaints: complaintsByCommune(db(), user),
    targets: targetProgress(db(), user, query.year),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "vi";
}

/** A day typed as yyyy-mm-dd, shown as the locale writes dates. */
const dayText = (day: string, locale: Locale) => formatDate(new Date(`${day}T12:00:00Z`), locale);

const SHARE_OF_REGISTERED: ReadonlyArray<keyof Figures> = ["activated", "verified", "eligible", "listed", "sold"];
const MONEY: ReadonlyArray<keyof Figures> = ["ordersCompletedVnd", "ordersNotCancelledVnd"];
/** Table columns (the CSV has all figures; suspended is in the note under the totals). Order values
 * sit under their counts, so the table fits a 1280 px screen. */
const COLUMNS: ReadonlyArray<keyof Figures> = FIGURE_KEYS.filter((k) => k !== "suspended" && !MONEY.includes(k));
const VALUE_OF: Partial<Record<keyof Figures, keyof Figures>> = { ordersCompleted: "ordersCompletedVnd", ordersNotCancelled: "ordersNotCancelledVnd" };

export default function OnboardingDashboard() {
  const { t } = useTranslation("dashboard");
  const tk = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const { query: q, figures } = data;
  const totals = figures.totals;
  const number = (v: number) => formatNumber(v, locale, 0);
  const value = (key: keyof Figures, v: number) => (MONEY.includes(key) ? formatMoney(v, locale) : number(v));
  const share = (part: number, whole: number) => (whole > 0 ? `${formatNumber((part / whole) * 100, locale, 1)}%` : "—");
  const href = (changes: Partial<Pick<DashboardQuery, "groupBy" | "period" | "fromDay" | "toDay">>) => `/can-bo/tong-quan${dashboardSearch({ ...q, ...changes })}`;
  const csvHref = (series: boolean) => {
    const search = dashboardSearch(q);
    const extra = series ? `${search ? "&" : "?"}bang=thoi-gian` : "";
    return `/can-bo/tong-quan.csv${search}${extra}`;
  };
  const range =
    q.fromDay && q.toDay
      ? t("filters.rangeBoth", { from: dayText(q.fromDay, locale), to: dayText(q.toDay, locale) })
      : q.fromDay
        ? t("filters.rangeFrom", { from: dayText(q.fromDay, locale) })
        : q.toDay
          ? t("filters.rangeTo", { to: dayText(q.toDay, locale) })
          : null;
  const groupLabel = t(q.groupBy === "commune" ? "group.commune" : "group.formerDistrict");
  // The first text node is the figure itself (tests read it); share or order value follow in spans.
  const figureCell = (figure: keyof Figures, f: Figures) => {
    const money = VALUE_OF[figure];
    return (
      <td key={figure} className="num" data-figure={figure}>
        {number(f[figure])}
        {SHARE_OF_REGISTERED.includes(figure) ? <span className="pct">{share(f[figure], f.registered)}</span> : null}
        {money ? (
          <span className="pct" data-figure={money}>
            {formatMoney(f[money], locale)}
          </span>
        ) : null}
      </td>
    );
  };

  return (
    <section className="dashboard">
      <h1>{t("title")}</h1>
      <p className="muted">
        {data.isAdmin ? t("scope.all") : figures.hasScope ? t("scope.areas", { areas: data.areas.join(", ") }) : t("scope.none")}
      </p>

      <Form method="get" className="dashboard-filters" aria-label={t("filters.legend")}>
        {q.groupBy !== "commune" ? <input type="hidden" name="theo" value="huyen-cu" /> : null}
        {q.period !== "month" ? <input type="hidden" name="ky" value="tuan" /> : null}
        <label>
          {t("filters.from")}
          <input type="date" name="tu" defaultValue={q.fromDay} />
        </label>
        <label>
          {t("filters.to")}
          <input type="date" name="den" defaultValue={q.toDay} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t("filters.apply")}
          </button>
          {range ? <Link to={href({ fromDay: "", toDay: "" })}>{t("filters.clear")}</Link> : null}
        </div>
      </Form>
      {q.dateError ? (
        <p className="dashboard-error" role="alert">
          {tk(q.dateError)}
        </p>
      ) : null}
      <p>{range ? t("filters.cohort", { range }) : t("filters.cohortAll")}</p>

      <h2>{t("funnel.title")}</h2>
      <ul className="funnel" data-testid="funnel">
        {(["registered", "activated", "verified", "listed", "sold", "listingsPublished", "ordersCompleted", "ordersCompletedVnd"] as const).map(
          (key) => (
            <li key={key} data-figure={key}>
              <span className="label">{t(`figures.${key}`)}</span>
              <span className="value">{value(key, totals[key])}</span>
              {SHARE_OF_REGISTERED.includes(key) ? (
                <span className="share">{t("funnel.ofRegistered", { percent: share(totals[key], totals.registered) })}</span>
              ) : null}
            </li>
          ),
        )}
      </ul>
      <p className="muted">
        {t("funnel.eligibleNote", { eligible: number(totals.eligible), suspended: number(totals.suspended) })}{" "}
        {t("figures.ordersNotCancelled")}: {number(totals.ordersNotCancelled)} ({formatMoney(totals.ordersNotCancelledVnd, locale)}).
      </p>

      <ActiveSellers figures={data.activeSellers} locale={locale} />
      <ComplaintsByCommune rows={data.complaints} />

      <ToggleLinks
        label={t("group.label")}
        current={q.groupBy}
        options={[
          { key: "commune", to: href({ groupBy: "commune" }), text: t("group.commune") },
          { key: "formerDistrict", to: href({ groupBy: "formerDistrict" }), text: t("group.formerDistrict") },
        ]}
      />

      {figures.groups.length === 0 ? (
        <p>{t("group.empty")}</p>
      ) : (
        <ScrollRegion label={t("group.tableCaption", { group: groupLabel.toLowerCase() })}>
          <table className="dashboard-table" data-testid="figures-table">
            <caption>{t("group.tableCaption", { group: groupLabel.toLowerCase() })}</caption>
            <thead>
              <tr>
                <th scope="col">{groupLabel}</th>
                {COLUMNS.map((key) => (
                  <th key={key} scope="col" className="num">
                    {t(`figures.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.groups.map((g) => (
                <tr key={g.code || "unknown"} data-code={g.code}>
                  <th scope="row">
                    {g.name}
                    {q.groupBy === "formerDistrict" ? (
                      <>
                        {g.context ? <span className="context">{g.context}</span> : null}
                        {g.sharedCommunes.length > 0 ? (
                          <span className="context">{t("group.shared", { communes: g.sharedCommunes.join(", ") })}</span>
                        ) : null}
                      </>
                    ) : g.context ? (
                      <span className="context">{t("group.formerFrom", { districts: g.context })}</span>
                    ) : null}
                  </th>
                  {COLUMNS.map((key) => figureCell(key, g.figures))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-code="total">
                <th scope="row">{t("group.total")}</th>
                {COLUMNS.map((key) => figureCell(key, totals))}
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
      {figures.hasScope && figures.communesWithoutHouseholds > 0 ? (
        <p className="muted">{t("group.withoutHouseholds", { count: figures.communesWithoutHouseholds })}</p>
      ) : null}
      <p>
        <a href={csvHref(false)} download>
          {t("csv.download")}
        </a>
      </p>

      <TargetsBlock rows={data.targets} year={q.year} isAdmin={data.isAdmin} locale={locale} hidden={Object.fromEntries(new URLSearchParams(dashboardSearch({ ...q, year: undefined })))} />

      <h2>{t("chart.title")}</h2>
      <ToggleLinks
        label={t("chart.period")}
        current={q.period}
        options={[
          { key: "month", to: href({ period: "month" }), text: t("chart.month") },
          { key: "week", to: href({ period: "week" }), text: t("chart.week") },
        ]}
      />
      <OnboardingChart chart={data.chart} listingsChart={data.listingsChart} points={data.series} period={q.period} locale={locale} />
      <p>
        <a href={csvHref(true)} download>
          {t("csv.downloadSeries")}
        </a>
      </p>

      <section aria-labelledby="definitions-title" className="definitions">
        <h2 id="definitions-title">{t("definitions.title")}</h2>
        <p>{t("definitions.stages")}</p>
        <p>{t("definitions.listed")}</p>
        <p>{t("definitions.orders")}</p>
        <p>{t("definitions.districts")}</p>
        <p>{t("definitions.series")}</p>
      </section>
    </section>
  );
}
