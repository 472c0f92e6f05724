import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { errorResponse } from "~/lib/errors";
import { marketData } from "~/prices/pages.server";
import styles from "~/prices/prices.css";
import { commodityHref, dateLabel, DemoBadge, PriceCells, PriceHeadCells } from "~/prices/ui";
import { useLocale } from "~/i18n/use-locale";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "prices"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const data = marketData(db(), params.market ?? "", url.searchParams);
  if (!data) throw errorResponse(404, "prices:market.notFound");
  const t = (await i18nServer.getFixedT(request)) as unknown as (k: string, o?: Record<string, unknown>) => string;
  // The CSV of this day comes from the sibling resource route gia-ca.cho.$market_.csv.
  const csvHref = `/gia-ca/cho/${data.market.slug}/csv?${new URLSearchParams({ date: data.date })}`;
  return json({ ...data, title: `${t("prices:market.title", { name: data.market.name })} — ${t("common:appName")}`, description: t("prices:meta.market", { name: data.market.name, date: dateLabel(data.date, await getLocale(request)) }), csvHref });
}

export const meta: MetaFunction = ({ data }) => {
  const page = data as { title?: string; description?: string } | undefined;
  return [{ title: page?.title }, ...(page?.description ? [{ name: "description", content: page.description }] : [])];
};

export default function MarketPrices() {
  const { t } = useTranslation("prices");
  const tk = t as unknown as (k: string) => string;
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  return (
    <section>
      <p>
        <Link to="/gia-ca">← {t("commodity.back")}</Link>
      </p>
      <h1>
        {t("market.title", { name: d.market.name })}
        {d.hasDemo ? <DemoBadge /> : null}
      </h1>
      <p className="muted">
        {tk(`marketKinds.${d.market.kind}`)}
        {d.market.communeName ? ` · ${d.market.communeName}` : ""}
        {d.market.provinceName ? ` · ${d.market.provinceName}` : ""}
      </p>
      <Form method="get" className="date-form">
        <label>
          {t("market.date")}
          <input type="date" name="date" defaultValue={d.date} min={d.minDate ?? undefined} max={d.maxDate ?? undefined} required />
        </label>
        <button type="submit" className="button">
          {t("market.show")}
        </button>
      </Form>
      {d.hasDemo ? <p className="demo-note">{t("demo.note")}</p> : null}
      {d.rows.length === 0 ? (
        <p>{t("market.noPrices", { date: dateLabel(d.date, locale) })}</p>
      ) : (
        <ScrollRegion label={t("market.title", { name: d.market.name })}>
          <table className="price-table">
            <caption className="visually-hidden">{t("market.title", { name: d.market.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.commodity")}</th>
                <PriceHeadCells />
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={`${r.commodityId}-${r.grade}-${r.source}-${r.unit}`}>
                  <th scope="row">
                    <Link to={commodityHref(r.slug, { market: d.market.slug, type: r.priceType })}>{locale === "vi" ? r.nameVi : r.nameEn}</Link>
                    {r.grade ? ` (${r.grade})` : ""}
                  </th>
                  <PriceCells row={r} />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p>
        <a href={d.csvHref} download>
          {t("downloadCsv")}
        </a>
      </p>
      {d.dates.length > 0 ? (
        <>
          <h2>{t("market.latestDates")}</h2>
          <ul className="toggle-links">
            {d.dates.map((date) => (
              <li key={date}>
                <Link to={`?date=${date}`} aria-current={date === d.date ? "page" : undefined}>
                  {dateLabel(date, locale)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {d.hasWfp ? <p className="muted">{t("attribution.wfp")}</p> : null}
    </section>
  );
}
