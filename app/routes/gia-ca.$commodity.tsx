import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/accounts/access.server";
import { replyWithError } from "~/accounts/forms.server";
import { getSessionUser } from "~/accounts/session.server";
import { AlertForm } from "~/alerts/AlertForm";
import { subscribe } from "~/alerts/alerts.server";
import { AlertSchema } from "~/alerts/schema";
import { ToggleLinks } from "~/components/ui/ToggleLinks";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { errorResponse } from "~/lib/errors";
import { commodityData } from "~/prices/pages.server";
import styles from "~/prices/prices.css";
import { RANGES } from "~/prices/types";
import { ChangeBadge, dateLabel, DemoBadge, PriceCells, PriceHeadCells, SpikeBadge, usePerUnit } from "~/prices/ui";
import { useLocale } from "~/i18n/use-locale";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "prices", "alerts"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = await getLocale(request);
  const data = commodityData(db(), params.commodity ?? "", url.searchParams, locale);
  if (!data) throw errorResponse(404, "prices:commodity.notFound");
  const t = (await i18nServer.getFixedT(request)) as unknown as (k: string, o?: Record<string, unknown>) => string;
  const name = locale === "vi" ? data.commodity.nameVi : data.commodity.nameEn;
  // The CSV of this view comes from the sibling resource route gia-ca.$commodity_.csv.
  const signedIn = Boolean(await getSessionUser(request));
  return json({ ...data, signedIn, path: url.pathname + url.search, title: `${name} — ${t("prices:title")} — ${t("common:appName")}`, description: t("prices:meta.commodity", { name }), csvHref: `/gia-ca/${data.commodity.slug}/csv${url.search}` });
}

/** The price alert form (app/alerts): a signed-in person subscribes to this commodity. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: AlertSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    subscribe(db(), user.id, params.commodity ?? "", submission.value);
  } catch (error) {
    return replyWithError(request, submission, error);
  }
  return redirect("/tai-khoan/canh-bao-gia?done=created");
}

export const meta: MetaFunction = ({ data }) => {
  const page = data as { title?: string; description?: string } | undefined;
  return [{ title: page?.title }, ...(page?.description ? [{ name: "description", content: page.description }] : [])];
};

const monthLabel = (yyyyMm: string) => `${yyyyMm.slice(5, 7)}/${yyyyMm.slice(0, 4)}`;
const yoyDirection = (percent: number) => (percent > 0 ? "up" : percent < 0 ? "down" : "flat");

export default function CommodityPrices() {
  const { t } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const tk = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  const locale = useLocale();
  const perUnit = usePerUnit();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const name = locale === "vi" ? d.commodity.nameVi : d.commodity.nameEn;
  const unitWord = (tc as unknown as (k: string) => string)(`units.${d.commodity.unit}`);
  const rangeHref = (days: number | "all") => {
    const q = new URLSearchParams({ days: String(days) });
    if (d.market) q.set("market", d.market.slug);
    if (d.type !== "wholesale") q.set("type", d.type);
    return `?${q}`;
  };
  const chartTitleId = "price-chart-title";
  const chartDescId = "price-chart-desc";
  return (
    <section>
      <p>
        <Link to="/gia-ca">← {t("commodity.back")}</Link>
      </p>
      <h1>
        {name}
        {d.hasDemo ? <DemoBadge /> : null}
      </h1>
      <p className="muted">
        {tk(`categories.${d.commodity.category}`)} · {tk(`priceTypes.${d.type}`)} · {d.market ? d.market.name : t("commodity.allMarkets")}
      </p>
      {d.hasDemo ? <p className="demo-note">{t("demo.note")}</p> : null}

      {d.latest ? (
        <>
          <h2>{t("commodity.latest", { date: dateLabel(d.latest.date, locale) })}</h2>
          <div className="latest-box">
            <div>
              <span className="label">{t("columns.min")}</span>
              <span className="value">{perUnit(d.latest.minVnd, d.commodity.unit)}</span>
            </div>
            <div>
              <span className="label">{t("columns.avg")}</span>
              <span className="value">{perUnit(d.latest.avgVnd, d.commodity.unit)}</span>
            </div>
            <div>
              <span className="label">{t("columns.max")}</span>
              <span className="value">{perUnit(d.latest.maxVnd, d.commodity.unit)}</span>
            </div>
          </div>
          {d.yearOnYear ? (
            <p className="year-on-year" data-testid="year-on-year">
              <strong>{t("commodity.yoyLabel")}</strong>{" "}
              {t("commodity.yoy", {
                month: monthLabel(d.yearOnYear.month),
                price: perUnit(d.yearOnYear.avgVnd, d.commodity.unit),
                previousMonth: monthLabel(d.yearOnYear.previousMonth),
                previousPrice: perUnit(d.yearOnYear.previousAvgVnd, d.commodity.unit),
              })}{" "}
              <ChangeBadge change={{ direction: yoyDirection(d.yearOnYear.percent), deltaVnd: d.yearOnYear.avgVnd - d.yearOnYear.previousAvgVnd, percent: d.yearOnYear.percent, previousDate: null }} />
            </p>
          ) : (
            <p className="muted">{t("commodity.yoyNone")}</p>
          )}
        </>
      ) : null}

      <ToggleLinks
        label={t("commodity.range")}
        current={String(d.days)}
        options={RANGES.map((days) => ({
          key: String(days),
          to: rangeHref(days),
          text: days === "all" ? t("commodity.rangeAll") : days === 1095 ? t("commodity.years", { count: 3 }) : t("commodity.days", { count: days }),
        }))}
      />

      {d.chart ? (
        <figure className="price-figure">
          <svg
            className="price-chart"
            viewBox={`0 0 ${d.chart.width} ${d.chart.height}`}
            role="img"
            aria-labelledby={`${chartTitleId} ${chartDescId}`}
            data-testid="price-chart"
          >
            <title id={chartTitleId}>
              {d.days === "all"
                ? t("commodity.chartTitleAll", { name, from: dateLabel(d.from, locale), date: dateLabel(d.to, locale) })
                : t("commodity.chartTitle", { name, days: d.days, date: dateLabel(d.to, locale) })}
            </title>
            <desc id={chartDescId}>
              {t("commodity.chartDesc", {
                min: perUnit(Math.min(...d.series.map((p) => p.minVnd)), d.commodity.unit),
                max: perUnit(Math.max(...d.series.map((p) => p.maxVnd)), d.commodity.unit),
              })}
            </desc>
            {d.chart.yTicks.map((tick) => (
              <g key={`y${tick.y}`}>
                <line className="grid" x1={d.chart!.plot.left} x2={d.chart!.plot.right} y1={tick.y} y2={tick.y} />
                <text x={d.chart!.plot.left - 6} y={tick.y + 4} textAnchor="end">
                  {tick.label}
                </text>
              </g>
            ))}
            {d.chart.xTicks.map((tick) => (
              <text key={`x${tick.x}`} x={tick.x} y={d.chart!.plot.bottom + 18} textAnchor="middle">
                {tick.label}
              </text>
            ))}
            <path className="band" d={d.chart.bandPath} />
            <path className="avg" d={d.chart.avgPath} />
            {d.chart.dots.map((p) => (
              <circle key={`${p.x}-${p.y}`} className="dot" cx={p.x} cy={p.y} r={3} />
            ))}
          </svg>
          <figcaption>
            <ul className="chart-legend">
              <li>
                <span className="swatch swatch-band" aria-hidden="true" />
                {t("commodity.legendBand")}
              </li>
              <li>
                <span className="swatch swatch-avg" aria-hidden="true" />
                {t("commodity.legendAvg")}
              </li>
              <li>{t("reference.price", { unit: `₫/${unitWord}` })}</li>
            </ul>
          </figcaption>
        </figure>
      ) : (
        <p>{t("commodity.noSeries")}</p>
      )}

      {d.marketOptions.length > 1 ? (
        <Form method="get" className="date-form">
          <input type="hidden" name="days" value={d.days} />
          <label>
            {t("filters.market")}
            <select name="market" defaultValue={d.market?.slug ?? ""}>
              <option value="">{t("commodity.allMarkets")}</option>
              {d.marketOptions.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t("filters.apply")}
          </button>
        </Form>
      ) : null}

      <h2>{t("commodity.byMarket")}</h2>
      {d.byMarket.length === 0 ? (
        <p>{t("commodity.noSeries")}</p>
      ) : (
        <ScrollRegion label={t("commodity.byMarket")}>
          <table className="price-table">
            <thead>
              <tr>
                <th scope="col">{t("columns.market")}</th>
                <th scope="col">{t("columns.date")}</th>
                <PriceHeadCells />
                <th scope="col">{t("spike.label")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byMarket.map((r) => (
                <tr key={`${r.marketId}-${r.priceType}`}>
                  <th scope="row">
                    <Link to={`/gia-ca/cho/${r.marketSlug}?date=${r.date}`}>{r.marketName}</Link>
                    {r.grade ? ` (${r.grade})` : ""}
                  </th>
                  <td>{dateLabel(r.date, locale)}</td>
                  <PriceCells row={r} />
                  <td>
                    <SpikeBadge spike={r.spike} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {d.marketDays.length > 0 ? (
        <section aria-labelledby="market-days-title">
          <h2 id="market-days-title">{t("commodity.marketDays")}</h2>
          <p>{t("commodity.marketDaysIntro")}</p>
          <ScrollRegion label={t("commodity.marketDays")}>
            <table className="price-table">
              <thead>
                <tr>
                  <th scope="col">{t("columns.market")}</th>
                  <th scope="col">{t("columns.date")}</th>
                  <th scope="col" className="num">{t("columns.min")}</th>
                  <th scope="col" className="num">{t("columns.modal")}</th>
                  <th scope="col" className="num">{t("columns.max")}</th>
                  <th scope="col" className="num">{t("columns.observations")}</th>
                </tr>
              </thead>
              <tbody>
                {d.marketDays.map((r) => (
                  <tr key={`${r.marketSlug}-${r.priceType}-${r.unit}`}>
                    <th scope="row">
                      {/* the market's link is in the table above */}
                      {r.marketName}
                      {r.isDemo ? <DemoBadge /> : null}
                    </th>
                    <td>{dateLabel(r.date, locale)}</td>
                    <td className="num">{perUnit(r.minVnd, r.unit)}</td>
                    <td className="num">{perUnit(r.modalVnd, r.unit)}</td>
                    <td className="num">{perUnit(r.maxVnd, r.unit)}</td>
                    <td className="num">{r.observations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ) : null}
      <p>
        <a href={d.csvHref} download>
          {t("downloadCsv")}
        </a>
      </p>

      <AlertForm
        signedIn={d.signedIn}
        path={d.path}
        unit={d.commodity.unit}
        markets={d.marketOptions}
        defaultMarket={d.market?.slug ?? ""}
        defaultType={d.type}
        lastResult={actionData?.result}
      />

      {d.reference.length > 0 ? (
        <section aria-labelledby="reference-title">
          <h2 id="reference-title">{t("reference.title")}</h2>
          <p>{t("reference.intro", { series: d.reference[0].commodity, unit: d.reference[0].unit })}</p>
          <ScrollRegion label={t("reference.title")}>
            <table className="price-table">
              <thead>
                <tr>
                  <th scope="col">{t("reference.month")}</th>
                  <th scope="col" className="num">
                    {t("reference.price", { unit: `USD, ${d.reference[0].unit}` })}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.reference.map((r) => (
                  <tr key={r.month}>
                    <td>{`${r.month.slice(5, 7)}/${r.month.slice(0, 4)}`}</td>
                    <td className="num">
                      {new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-US", { style: "currency", currency: r.currency, minimumFractionDigits: 2 }).format(r.price)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p className="muted">{t("reference.attribution")}</p>
        </section>
      ) : null}
      {d.hasWfp ? <p className="muted">{t("attribution.wfp")}</p> : null}
    </section>
  );
}
