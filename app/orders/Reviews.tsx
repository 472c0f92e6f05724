import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";

/** One review as the loader sends it (review-pages.server.ts reviewsSection). */
export interface ReviewItem {
  id: number;
  rating: number;
  comment: string;
  createdAt: string;
  buyerName: string;
  products: string[];
  forListing: boolean;
}

/** "★★★★☆" read out as "4 trên 5 sao". */
export function Stars({ rating }: { rating: number }) {
  const { t } = useTranslation("orders");
  return (
    <span className="review-stars" role="img" aria-label={t("review.stars", { rating })}>
      {"★".repeat(rating) + "☆".repeat(5 - rating)}
    </span>
  );
}

/** The lines every review shows: stars, who (shortened) and when, that it is from a purchase, what was bought, the text. */
export function ReviewBody({ review }: { review: Omit<ReviewItem, "forListing"> }) {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  return (
    <>
      <p className="review-head">
        <Stars rating={review.rating} /> <strong>{review.buyerName}</strong>{" "}
        <span className="muted">{formatDate(new Date(review.createdAt), locale)}</span>
      </p>
      <p className="review-purchase">
        <span className="review-verified">✓ {t("reviews.verified")}</span>{" "}
        {review.products.length > 0 ? <span className="muted">{t("reviews.bought", { products: review.products.join(", ") })}</span> : null}
      </p>
      {review.comment ? <p className="review-comment">{review.comment}</p> : null}
    </>
  );
}

/**
 * The reviews section of a farm's or a listing's page (add "orders" to handle.i18n and
 * orders/reviews.css to links). On a listing's page the reviews of this product come first, then a
 * line before the farm's others.
 */
export function ReviewList({
  section,
}: {
  section: { reviews: ReviewItem[]; total: number; listingPage: boolean; moreHref: string | null; reportHref: string | null };
}) {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  const { reviews, total, listingPage, moreHref, reportHref } = section;
  const firstOther = listingPage && reviews.some((r) => r.forListing) ? reviews.findIndex((r) => !r.forListing) : -1;
  return (
    <section className="section reviews" id="danh-gia" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">{t("reviews.heading")}</h2>
      {total === 0 ? (
        <p className="muted">{t("reviews.empty")}</p>
      ) : (
        <>
          <ul className="review-list">
            {reviews.map((review, index) => (
              <li key={review.id} id={`review-${review.id}`} className={index === firstOther ? "review review-first-other" : "review"}>
                {index === firstOther ? <p className="review-group">{t("reviews.otherProducts")}</p> : null}
                <ReviewBody review={review} />
                {reportHref ? (
                  <p>
                    <Link to={`${reportHref}#review-${review.id}`} className="review-report-link">
                      {t("reviews.report")}
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="muted">{t("reviews.shown", { shown: formatNumber(reviews.length, locale), total: formatNumber(total, locale) })}</p>
          {moreHref ? (
            <p>
              <Link to={moreHref} preventScrollReset className="button button-secondary">
                {t("reviews.more")}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
