import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/catalog/catalog.css";
import { homeCommuneOptions } from "~/catalog/places.server";
import { categoryFromSlug, categoryPath } from "~/catalog/categories";
import { parseSearchParams, search } from "~/catalog/search.server";
import { siteOrigin } from "~/catalog/seo.server";
import { CategoryList, FilterForm, Pagination, ProductGrid } from "~/catalog/ui";
import { i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { catalogPageMeta } from "~/catalog/meta";

export const handle = { i18n: ["common", "catalog"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params: routeParams }: LoaderFunctionArgs) {
  const category = categoryFromSlug(routeParams.slug);
  if (!category) throw notFound();
  const url = new URL(request.url);
  // The category comes from the path; words typed here go to the search page.
  const { q: _q, ...params } = parseSearchParams(url.searchParams);
  const t = await i18nServer.getFixedT(request, "catalog");
  const name = t(`categories.${category}`);
  const path = categoryPath(category);
  return json({
    category,
    path,
    params,
    name,
    result: search(db(), { ...params, category }),
    communes: homeCommuneOptions(db()),
    title: `${name} — Chợ Nông Sản`,
    description: t("category.metaDescription", { name: name.toLowerCase() }),
    canonical: `${siteOrigin(request)}${path}${params.page && params.page > 1 ? `?page=${params.page}` : ""}`,
    query: url.searchParams.toString(),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? catalogPageMeta({ title: data.title, description: data.description, canonical: data.canonical })
    : [];

export default function CategoryPage() {
  const { t } = useTranslation("catalog");
  const { name, path, params, result, communes, query } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{name}</h1>
      <FilterForm action={path} values={params} communes={communes} showCategory={false} showRelevance={false} />
      <p>{result.totalIsLowerBound ? t("search.resultCountMore", { count: result.total }) : t("search.resultCount", { count: result.total })}</p>
      {result.items.length > 0 ? (
        <>
          {/* The cards are h3: an h2 keeps the outline without a skipped level. */}
          <h2 className="visually-hidden">{t("category.products")}</h2>
          <ProductGrid cards={result.items} label={name} eagerCount={2} />
          <Pagination page={result.page} pageCount={result.pageCount} params={new URLSearchParams(query)} path={path} />
        </>
      ) : (
        <p className="empty">{t("category.empty")}</p>
      )}
      <section className="section" aria-labelledby="other-categories">
        <h2 id="other-categories">{t("home.categories")}</h2>
        <CategoryList />
      </section>
    </>
  );
}
