import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/catalog/catalog.css";
import { parseSlugId, shopPage } from "~/catalog/catalog.server";
import { siteOrigin } from "~/catalog/seo.server";
import { ProductGrid, CertificationBadges, SellerContactLinks } from "~/catalog/ui";
import { useLocale } from "~/i18n/use-locale";
import { formatNumber } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { householdRating } from "~/orders/orders.server";
import { RatingSummary } from "~/orders/ui";
import { ReviewList } from "~/orders/Reviews";
import reviewStyles from "~/orders/reviews.css";
import { reviewsSection } from "~/orders/review-pages.server";
import { catalogPageMeta } from "~/catalog/meta";
import { ComplaintRate } from "~/complaints/ComplaintStats";
import { farmComplaintRate } from "~/complaints/stats.server";

export const handle = { i18n: ["common", "catalog", "orders", "complaints"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, { rel: "stylesheet", href: reviewStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = parseSlugId(params.slug);
  if (!parsed) throw notFound();
  const locale = await getLocale(request);
  const page = shopPage(db(), parsed.id, locale);
  if (!page) throw notFound();
  const url = new URL(request.url);
  if (`/nha-vuon/${params.slug}` !== page.path) throw redirect(`${page.path}${url.search}`, 301);
  const t = await i18nServer.getFixedT(request, "catalog");
  const canonical = `${siteOrigin(request)}${page.path}`;
  return json({
    ...page,
    rating: householdRating(db(), page.seller.id),
    complaintRate: farmComplaintRate(db(), page.seller.id),
    reviews: await reviewsSection(db(), request, page.seller.id),
    canonical,
    title: `${page.seller.displayName} — Chợ Nông Sản`,
    description: t("shop.metaDescription", { name: page.seller.displayName, commune: page.seller.communeName, province: page.seller.provinceName }),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? catalogPageMeta({ title: data.title, description: data.description, canonical: data.canonical, type: "profile", shareTitle: data.seller.displayName })
    : [];

export default function ShopPage() {
  const { t } = useTranslation("catalog");
  const locale = useLocale();
  const { seller, listings, rating, reviews, complaintRate } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="seller-card" aria-labelledby="shop-name">
        <p className="meta">{t(`shop.kind.${seller.kind}`)}</p>
        <h1 id="shop-name">{seller.displayName}</h1>
        <p className="meta">{[seller.communeName, seller.provinceName].filter(Boolean).join(", ")}</p>
        <RatingSummary average={rating.average} count={rating.count} />
        <CertificationBadges certifications={seller.certifications} />
        <dl className="facts">
          {seller.mainProducts ? (
            <>
              <dt>{t("shop.mainProducts")}</dt>
              <dd>{seller.mainProducts}</dd>
            </>
          ) : null}
          <ComplaintRate rate={complaintRate} />
          {seller.farmAreaM2 ? (
            <>
              <dt>{t("shop.farmArea")}</dt>
              <dd>{t("shop.farmAreaValue", { value: formatNumber(seller.farmAreaM2, locale) })}</dd>
            </>
          ) : null}
        </dl>
        <div className="contact">
          <SellerContactLinks phone={seller.phone} zalo={seller.zalo} />
        </div>
      </section>
      <section className="section" aria-labelledby="shop-listings">
        <h2 id="shop-listings">{t("shop.listings")}</h2>
        {listings.length > 0 ? <ProductGrid cards={listings} label={t("shop.listings")} eagerCount={2} /> : <p className="empty">{t("shop.empty")}</p>}
      </section>
      <ReviewList section={reviews} />
    </>
  );
}
