import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/catalog/catalog.css";
import { homeSections } from "~/catalog/catalog.server";
import { siteOrigin } from "~/catalog/seo.server";
import { CategoryList, ProductGrid, SearchBar, CertificationBadges } from "~/catalog/ui";
import { i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { catalogPageMeta } from "~/catalog/meta";

export const handle = { i18n: ["common", "catalog"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "common");
  const origin = siteOrigin(request);
  return json({
    title: `${t("appName")} — ${t("tagline")}`,
    description: t("meta.description"),
    canonical: `${origin}/`,
    sections: homeSections(db()),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? catalogPageMeta({ title: data.title, description: data.description, canonical: data.canonical, type: "website" })
    : [];

export default function Home() {
  const { t } = useTranslation("catalog");
  const { t: tc } = useTranslation();
  const { sections } = useLoaderData<typeof loader>();
  const nothing = sections.newest.length === 0;
  return (
    <>
      <section className="hero">
        <h1>{tc("home.title")}</h1>
        <p className="lead">{tc("home.intro")}</p>
        <SearchBar />
      </section>
      {sections.seasonal.length > 0 ? (
        <section className="section" aria-labelledby="seasonal">
          <h2 id="seasonal">{t("home.seasonal")}</h2>
          <ProductGrid cards={sections.seasonal} label={t("home.seasonal")} eagerCount={2} />
        </section>
      ) : null}
      <section className="section" aria-labelledby="categories">
        <h2 id="categories">{t("home.categories")}</h2>
        <CategoryList />
      </section>
      <section className="section" aria-labelledby="newest">
        <div className="section-head">
          <h2 id="newest">{t("home.newest")}</h2>
          {nothing ? null : (
            <Link to="/tim-kiem?sort=newest" prefetch="none">
              {t("home.seeAll")}
            </Link>
          )}
        </div>
        {nothing ? (
          <p className="empty">{t("home.empty")}</p>
        ) : (
          <ProductGrid cards={sections.newest} label={t("home.newest")} eagerCount={sections.seasonal.length > 0 ? 0 : 2} />
        )}
      </section>
      {sections.farms.length > 0 ? (
        <section className="section" aria-labelledby="farms">
          <h2 id="farms">{t("home.farms")}</h2>
          <ul className="farm-list">
            {sections.farms.map((farm) => (
              <li key={farm.id}>
                <Link to={farm.path} prefetch="none">
                  <strong>{farm.displayName}</strong>
                  <span className="meta"> · {farm.communeName}</span>
                  <CertificationBadges certifications={farm.certifications} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="section">
        <p>
          <Link to="/dang-ky" className="button button-secondary">
            {tc("home.startSelling")}
          </Link>
        </p>
      </section>
    </>
  );
}
