import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { boardData, boardParams } from "~/prices/pages.server";
import styles from "~/prices/prices.css";
import { ChangeBadge, commodityHref, dateLabel, DemoBadge, SpikeBadge, usePerUnit } from "~/prices/ui";
import { useLocale } from "~/i18n/use-locale";

export const handle = { i18n: ["common", "prices"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const data = boardData(db(), boardParams(url.searchParams));
  // The CSV of this very view: same filters, served by the sibling resource route gia-ca.csv.
  const pageHref = (page: number) => {
    const q = new URLSearchParams(url.searchParams);
    if (page > 1) q.set("page", String(page));
    else q.delete("page");
    return `/gia-ca${q.size ? `?${q}` : ""}`;
  };
  const csv = new URLSearchParams(url.searchParams);
  csv.delete("page");
  return json({
    ...data,
    title: await pageTitle(request, "prices:title"),
    description: ((await i18nServer.getFixedT(request)) as unknown as (k: string) => string)("prices:meta.board"),
    csvHref: `/gia-ca/csv${csv.size ? `?${csv}` : ""}`,
    prevHref: data.filters.page > 1 ? pageHref(data.filters.page - 1) : null,
    nextHref: data.filters.page < data.pages ? pageHref(data.filters.page + 1) : null,
  });
}

export const meta: MetaFunction = ({ data }) => {
  const page = data as { title?: string; description?: string } | undefined;
  return [{ title: page?.title }, ...(page?.description ? [{ name: "description", content: page.description }] : [])];
};

export default function PriceBoard() {
  const { t } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const locale = useLocale();
  const perUnit = usePerUnit();
  const data = useLoaderData<typeof loader>();
  const { filters } = data;
  const anyDemo = data.rows.some((r) => r.isDemo);
  const tk = t as unknown as (k: string) => string;
  return (
    <section>
      <h1>{t("title")}</h1>
      <p className="lead">{t("boardIntro")}</p>
      <Form method="get" className="price-filters" aria-label={t("filters.legend")}>
        <label>
          {t("filters.category")}
          <select name="category" defaultValue={filters.category ?? ""}>
            <option value="">{t("filters.all")}</option>
            {data.categories.map((c) => (
              <option key={c} value={c}>
                {tk(`categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filters.market")}
          <select name="market" defaultValue={filters.market ?? ""}>
            <option value="">{t("filters.all")}</option>
            {data.markets.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filters.commune")}
          <select name="commune" defaultValue={filters.commune ?? ""}>
            <option value="">{t("filters.all")}</option>
            {data.communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filters.priceType")}
          <select name="type" defaultValue={filters.type}>
            {data.priceTypes.map((p) => (
              <option key={p} value={p}>
                {tk(`priceTypes.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t("filters.apply")}
          </button>
          <Link to="/gia-ca">{t("filters.reset")}</Link>
          <a href={data.csvHref} download>
            {t("downloadCsv")}
          </a>
        </div>
      </Form>

      {anyDemo ? <p className="demo-note">{t("demo.note")}</p> : null}

      {data.rows.length === 0 ? (
        <p>{t("noPrices")}</p>
      ) : (
        <ul className="price-board">
          {data.rows.map((r) => (
            <li key={r.commodityId} className="price-card">
              <h2>
                <Link to={commodityHref(r.slug, { market: filters.market, type: filters.type })}>{locale === "vi" ? r.nameVi : r.nameEn}</Link>
                {r.isDemo ? <DemoBadge /> : null}
              </h2>
              <p className="price-main">{perUnit(r.avgVnd, r.unit)}</p>
              <dl>
                <dt>{t("columns.range")}</dt>
                <dd>
                  {perUnit(r.minVnd, r.unit)} – {perUnit(r.maxVnd, r.unit)}
                </dd>
                <dt>{t("columns.change7")}</dt>
                <dd>
                  <ChangeBadge change={r.change7} />
                </dd>
                <dt>{t("columns.change30")}</dt>
                <dd>
                  <ChangeBadge change={r.change30} />
                </dd>
                <dt>{t("spike.label")}</dt>
                <dd>
                  <SpikeBadge spike={r.spike} market={r.spikeMarket} />
                </dd>
                <dt>{t("columns.date")}</dt>
                <dd>
                  {dateLabel(r.date, locale)} · {t("columns.markets")}: {r.markets}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}

      {data.pages > 1 ? (
        <nav className="pager" aria-label={t("pager.label")}>
          {data.prevHref ? (
            <Link to={data.prevHref} rel="prev">
              ← {t("pager.prev")}
            </Link>
          ) : null}
          <span>{t("pager.page", { page: filters.page, pages: data.pages })}</span>
          {data.nextHref ? (
            <Link to={data.nextHref} rel="next">
              {t("pager.next")} →
            </Link>
          ) : null}
        </nav>
      ) : null}

      <h2>{t("filters.market")}</h2>
      <ul className="market-links">
        {data.markets.map((m) => (
          <li key={m.slug}>
            <Link to={`/gia-ca/cho/${m.slug}`}>{m.name}</Link> <span className="muted">({tk(`marketKinds.${m.kind}`)})</span>
          </li>
        ))}
      </ul>
      <p className="muted">
        {t("attribution.wfp")} {t("reference.attribution")} {tc("appName")}.
      </p>
    </section>
  );
}
