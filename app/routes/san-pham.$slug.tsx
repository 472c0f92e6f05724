import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/catalog/catalog.css";
import { listingPage, parseSlugId } from "~/catalog/catalog.server";
import { categoryPath } from "~/catalog/categories";
import { jsonLdText, productJsonLd } from "~/catalog/jsonld";
import { siteOrigin } from "~/catalog/seo.server";
import { Price, ProductGrid, CertificationBadges, SellerContactLinks } from "~/catalog/ui";
import { useLocale } from "~/i18n/use-locale";
import { AddToCart } from "~/components/AddToCart";
import { Picture } from "~/listings/Picture";
import { PriceHint } from "~/components/PriceHint";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { startOfDayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { sharePhotoUrl } from "~/listings/photo-urls";
import { householdRating } from "~/orders/orders.server";
import { RatingSummary } from "~/orders/ui";
import { ReviewList } from "~/orders/Reviews";
import reviewStyles from "~/orders/reviews.css";
import { reviewsSection } from "~/orders/review-pages.server";
import { listingPageHint } from "~/prices/hint.server";
import { getSessionUser } from "~/accounts/session.server";
import { catalogPageMeta } from "~/catalog/meta";

export const handle = { i18n: ["common", "catalog", "orders", "prices"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, { rel: "stylesheet", href: reviewStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = parseSlugId(params.slug);
  if (!parsed) throw notFound();
  const locale = await getLocale(request);
  const page = listingPage(db(), parsed.id, locale);
  // Drafts, paused, archived listings and listings of unverified or suspended farms are not public.
  if (!page) throw notFound();
  const url = new URL(request.url);
  if (parsed.slug !== page.listing.slug) throw redirect(`${page.listing.path}${url.search}`, 301);
  const [t, tc] = await Promise.all([i18nServer.getFixedT(request, "catalog"), i18nServer.getFixedT(request, "common")]);
  const origin = siteOrigin(request);
  const canonical = `${origin}${page.listing.path}`;
  const unitLabel = tc(`units.${page.listing.unit}`);
  const images = page.listing.photos.map((p) => `${origin}${sharePhotoUrl(p.hash)}`);
  const description = t("listing.metaDescription", {
    title: page.listing.title,
    price: formatMoney(page.listing.priceVnd, locale),
    unit: unitLabel,
    seller: page.seller.displayName,
    commune: page.seller.communeName,
  });
  const priceHint = listingPageHint(db(), await getSessionUser(request), page.seller.id, page.listing.commodityId, page.listing.unit);
  return json({
    ...page,
    priceHint,
    rating: householdRating(db(), page.seller.id),
    reviews: await reviewsSection(db(), request, page.seller.id, page.listing.id),
    canonical,
    title: `${page.listing.title} — ${page.seller.displayName} — Chợ Nông Sản`,
    description,
    ogImage: images[0] ?? null,
    jsonLd: jsonLdText(
      productJsonLd({
        url: canonical,
        name: page.listing.title,
        description: page.listing.description,
        images,
        priceVnd: page.listing.priceVnd,
        inStock: page.listing.stock > 0,
        sellerName: page.seller.displayName,
        category: t(`categories.${page.listing.category}`),
        unitLabel,
      }),
    ),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? catalogPageMeta({
        title: data.title,
        description: data.description,
        canonical: data.canonical,
        type: "product",
        shareTitle: data.listing.title,
        image: data.ogImage,
      })
    : [];

export default function ListingPage() {
  const { t } = useTranslation("catalog");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const { listing, seller, sellerPath, others, jsonLd, priceHint, rating, reviews } = useLoaderData<typeof loader>();
  const [main, ...rest] = listing.photos;
  const unitLabel = tc(`units.${listing.unit}`);
  const d = seller.delivery;
  const date = (iso: string) => formatDate(startOfDayInVietnam(iso), locale);
  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <p className="meta">
        <Link to={categoryPath(listing.category)}>{t(`categories.${listing.category}`)}</Link>
      </p>
      <div className="listing-layout">
        <div className="gallery">
          {main ? (
            <Picture hash={main.hash} width={main.width} height={main.height} alt={listing.title} sizes="(min-width: 1080px) 630px, (min-width: 720px) 60vw, 100vw" priority />
          ) : (
            <span className="product-card">
              <span className="thumb-empty">{t("noPhoto")}</span>
            </span>
          )}
          {rest.length > 0 ? (
            <div className="thumbs">
              {rest.map((photo, index) => (
                <Picture
                  key={photo.hash}
                  hash={photo.hash}
                  width={photo.width}
                  height={photo.height}
                  alt={t("listing.photo", { n: index + 2, title: listing.title })}
                  sizes="(min-width: 1080px) 150px, (min-width: 720px) 15vw, 25vw"
                />
              ))}
            </div>
          ) : null}
        </div>
        <div>
          <h1>{listing.title}</h1>
          <p className="big-price">
            <Price vnd={listing.priceVnd} unit={listing.unit} />
          </p>
          {priceHint ? <PriceHint band={priceHint.band} commoditySlug={priceHint.commoditySlug} forSeller={priceHint.forSeller} /> : null}
          <AddToCart listingId={listing.id} unit={listing.unit} minOrder={listing.minOrder} stock={listing.stock} quantityStep={listing.quantityStep} />
          <dl className="facts">
            <dt>{t("listing.minOrder")}</dt>
            <dd>{`${formatNumber(listing.minOrder, locale)} ${unitLabel}`}</dd>
            <dt>{t("listing.stock")}</dt>
            <dd>{listing.stock > 0 ? `${formatNumber(listing.stock, locale)} ${unitLabel}` : t("listing.outOfStock")}</dd>
            {listing.availableFrom || listing.availableTo ? (
              <>
                <dt>{t("listing.season")}</dt>
                <dd>
                  {listing.availableFrom && listing.availableTo
                    ? t("listing.seasonRange", { from: date(listing.availableFrom), to: date(listing.availableTo) })
                    : listing.availableFrom
                      ? t("listing.seasonFrom", { from: date(listing.availableFrom) })
                      : t("listing.seasonTo", { to: date(listing.availableTo ?? "") })}
                </dd>
              </>
            ) : null}
          </dl>
          <CertificationBadges certifications={listing.certifications} label={t("listing.certifications")} />
          <h2>{t("listing.delivery")}</h2>
          <ul>
            {d.pickup ? <li>{t("listing.pickup")}</li> : null}
            {d.feeCommune !== null ? <li>{t("listing.feeCommune", { fee: formatMoney(d.feeCommune, locale) })}</li> : null}
            {d.feeProvince !== null ? <li>{t("listing.feeProvince", { fee: formatMoney(d.feeProvince, locale) })}</li> : null}
            {d.feeElsewhere !== null ? <li>{t("listing.feeElsewhere", { fee: formatMoney(d.feeElsewhere, locale) })}</li> : null}
            {d.freeAbove !== null ? <li>{t("listing.freeAbove", { amount: formatMoney(d.freeAbove, locale) })}</li> : null}
            {!d.pickup && d.feeCommune === null && d.feeProvince === null && d.feeElsewhere === null ? <li>{t("listing.noDelivery")}</li> : null}
          </ul>
          <section className="seller-card" aria-labelledby="seller">
            <p className="meta">{t("listing.seller")}</p>
            <h2 id="seller">
              <Link to={sellerPath}>{seller.displayName}</Link>
            </h2>
            <p className="meta">{[seller.communeName, seller.provinceName].filter(Boolean).join(", ")}</p>
            <RatingSummary average={rating.average} count={rating.count} />
            <CertificationBadges certifications={seller.certifications} />
            <div className="contact">
              <SellerContactLinks phone={seller.phone} zalo={seller.zalo} />
              <Link className="button button-secondary" to={sellerPath}>
                {t("listing.viewShop")}
              </Link>
            </div>
            {!seller.phone ? <p className="meta">{t("listing.contactAfterOrder")}</p> : null}
          </section>
        </div>
      </div>
      {listing.description ? (
        <section className="section" aria-labelledby="description">
          <h2 id="description">{t("listing.description")}</h2>
          <p className="description">{listing.description}</p>
        </section>
      ) : null}
      <ReviewList section={reviews} />
      {others.length > 0 ? (
        <section className="section" aria-labelledby="others">
          <h2 id="others">{t("listing.others", { name: seller.displayName })}</h2>
          <ProductGrid cards={others} label={t("listing.others", { name: seller.displayName })} />
        </section>
      ) : null}
    </>
  );
}
