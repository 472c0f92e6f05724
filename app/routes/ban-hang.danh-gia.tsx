import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { shopPath } from "~/catalog/catalog.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { formError } from "~/orders/forms.server";
import { reviewingHouseholdFor } from "~/orders/review-pages.server";
import { ReviewBody } from "~/orders/Reviews";
import styles from "~/orders/reviews.css";
import { farmReviews, reportReview } from "~/orders/reviews.server";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /ban-hang/danh-gia — the farm's reviews, hidden ones marked, each with a form to report it to the
 * administrators with a reason. Staff of the area reach an unclaimed household's page with ?ho=<id>.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household, onBehalf } = await reviewingHouseholdFor(db(), request);
  return json({
    title: await pageTitle(request, "orders:reviews.farm.title"),
    farmName: household.displayName,
    shop: shopPath(household.id, household.displayName),
    onBehalf,
    reported: new URL(request.url).searchParams.get("xong") === "1",
    reviews: farmReviews(db(), household.id).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request }: ActionFunctionArgs) {
  const { user, path } = await reviewingHouseholdFor(db(), request);
  const form = await request.formData();
  const reviewId = Number(form.get("reviewId"));
  const reason = String(form.get("reason") ?? "");
  try {
    reportReview(db(), user, reviewId, reason);
    return redirect(`${path}${path.includes("?") ? "&" : "?"}xong=1#review-${reviewId}`, 303);
  } catch (error) {
    return formError(request, error, { reason }, { reviewId });
  }
}

export default function FarmReviews() {
  const { t } = useTranslation("orders");
  const { farmName, shop, onBehalf, reported, reviews } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="account-page">
      <h1>{t("reviews.farm.title")}</h1>
      <p className="muted">{farmName}</p>
      {onBehalf ? <p className="alert alert-ok">{t("reviews.farm.onBehalf", { farm: farmName })}</p> : null}
      <p>{t("reviews.farm.intro")}</p>
      {reported ? <FormNotice>{t("reviews.farm.reported")}</FormNotice> : null}
      {reviews.length === 0 ? <p className="muted">{t("reviews.farm.empty")}</p> : null}
      <ul className="review-list">
        {reviews.map((review) => {
          const failed = actionData && actionData.reviewId === review.id;
          const errors = failed ? [actionData.errors.form, ...Object.values(actionData.errors.fields)].filter((e): e is string => Boolean(e)) : null;
          return (
            <li key={review.id} id={`review-${review.id}`} className="review">
              <ReviewBody review={review} />
              <p className="muted">{t("reviews.farm.order", { code: review.orderCode })}</p>
              {review.moderation === "none" ? (
                <Form method="post" className="review-report-form" preventScrollReset>
                  <FormError errors={errors} />
                  <input type="hidden" name="reviewId" value={review.id} />
                  <label htmlFor={`reason-${review.id}`}>{t("reviews.farm.reason")}</label>
                  <textarea
                    id={`reason-${review.id}`}
                    name="reason"
                    rows={2}
                    maxLength={500}
                    required
                    aria-describedby={`reason-hint-${review.id}`}
                    defaultValue={failed ? (actionData.values.reason ?? "") : ""}
                  />
                  <p id={`reason-hint-${review.id}`} className="field-hint">
                    {t("reviews.farm.reasonHint")}
                  </p>
                  <SubmitButton className="button button-secondary">{t("reviews.report")}</SubmitButton>
                </Form>
              ) : (
                <p className={`review-state review-state-${review.moderation}`}>{t(`reviews.farm.state.${review.moderation}`, { reason: review.reason ?? "" })}</p>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        <Link to={shop}>{t("reviews.farm.backToShop")}</Link>
      </p>
    </section>
  );
}
