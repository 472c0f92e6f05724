import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/catalog/catalog.css";
import { homeCommuneOptions } from "~/catalog/places.server";
import { parseSearchParams, search } from "~/catalog/search.server";
import { siteOrigin } from "~/catalog/seo.server";
import { FilterForm, Pagination, ProductGrid, SearchBar } from "~/catalog/ui";
import { SearchNotices } from "~/catalog/SearchNotices";
import { i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { cleanText } from "~/lib/text";

export const handle = { i18n: ["common", "catalog"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = parseSearchParams(url.searchParams);
  const q = cleanText(params.q ?? "");
  const t = await i18nServer.getFixedT(request, "catalog");
  const result = search(db(), { ...params, q });
  const communes = homeCommuneOptions(db());
  const title = q ? t("search.titleWithQuery", { q }) : t("search.title");
  return json({
    q,
    params,
    result,
    communes,
    title: `${title} — Chợ Nông Sản`,
    description: t("search.metaDescription"),
    canonical: `${siteOrigin(request)}/tim-kiem${q ? `?q=${encodeURIComponent(q)}` : ""}`,
    query: url.searchParams.toString(),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: data.title },
        { name: "description", content: data.description },
        { tagName: "link", rel: "canonical", href: data.canonical },
        // Result pages are for people; the sitemap lists the listings themselves.
        { name: "robots", content: "noindex, follow" },
      ]
    : [];

export default function SearchPage() {
  const { t } = useTranslation("catalog");
  const { q, params, result, communes, query } = useLoaderData<typeof loader>();
  const hasFilters = Boolean(params.category || params.commune || params.certification || params.minPrice !== undefined || params.maxPrice !== undefined);
  return (
    <>
      <h1>{q ? t("search.titleWithQuery", { q }) : t("search.title")}</h1>
      <SearchBar key={q} defaultValue={q} />
      <FilterForm action="/tim-kiem" values={{ ...params, q }} communes={communes} showCategory showRelevance={q !== ""} />
      <div className="result-info" aria-live="polite">
        <p>
          {result.totalIsLowerBound ? t("search.resultCountMore", { count: result.total }) : t("search.resultCount", { count: result.total })}
        </p>
        {result.place ? <span className="chip">{t("search.placeFilter", { place: result.place.label })}</span> : null}
      </div>
      <SearchNotices result={result} query={query} />
      {result.items.length > 0 ? (
        <>
          {/* The cards are h3: an h2 keeps the outline without a skipped level. */}
          <h2 className="visually-hidden">{t("search.results")}</h2>
          <ProductGrid cards={result.items} label={t("search.results")} eagerCount={2} />
          <Pagination page={result.page} pageCount={result.pageCount} params={new URLSearchParams(query)} path="/tim-kiem" />
        </>
      ) : (
        <section className="empty" aria-labelledby="no-results">
          <h2 id="no-results">{t("noResults.title")}</h2>
          <p>{t("noResults.text")}</p>
          {hasFilters ? (
            <p>
              <Link to={q ? `/tim-kiem?q=${encodeURIComponent(q)}` : "/tim-kiem"}>{t("noResults.clearFilters")}</Link>
            </p>
          ) : null}
          <p>{t("noResults.tryThese")}</p>
          <ul className="badges">
            {t("noResults.examples")
              .split("|")
              .map((example) => (
                <li key={example}>
                  <Link className="chip" to={`/tim-kiem?q=${encodeURIComponent(example)}`}>
                    {example}
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      )}
    </>
  );
}
