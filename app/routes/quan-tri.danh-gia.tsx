import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { shopPath } from "~/catalog/catalog.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formError } from "~/orders/forms.server";
import { ReviewBody } from "~/orders/Reviews";
import styles from "~/orders/reviews.css";
import { decideReview, reportedReviews, type ReviewDecision } from "~/orders/reviews.server";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const DONE = { hide: "hidden", keep: "kept" } as const;

/** /quan-tri/danh-gia — the reviews farms reported, oldest first: hide each or keep it (administrators). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "moderateReviews");
  const locale = await getLocale(request);
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: await pageTitle(request, "orders:reviews.moderation.title"),
    done: Object.values(DONE).find((d) => d === done) ?? null,
    queue: reportedReviews(db()).map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      reportedAt: formatDateTime(r.reportedAt, locale),
      shop: shopPath(r.householdId, r.farmName),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "moderateReviews");
  const form = await request.formData();
  const reviewId = Number(form.get("reviewId"));
  // decideReview refuses anything but "hide" and "keep".
  const decision = String(form.get("decision") ?? "") as ReviewDecision;
  try {
    decideReview(db(), admin, reviewId, decision);
    return redirect(`/quan-tri/danh-gia?xong=${DONE[decision]}`, 303);
  } catch (error) {
    return formError(request, error, {}, { reviewId });
  }
}

export default function ReviewModeration() {
  const { t } = useTranslation("orders");
  const { queue, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section>
      <h1>{t("reviews.moderation.title")}</h1>
      <p>{t("reviews.moderation.intro")}</p>
      {done ? <FormNotice>{t(`reviews.moderation.${done}`)}</FormNotice> : null}
      {actionData && !queue.some((r) => r.id === actionData.reviewId) ? <FormError errors={[actionData.errors.form ?? ""].filter(Boolean)} /> : null}
      {queue.length === 0 ? <p className="muted">{t("reviews.moderation.empty")}</p> : null}
      <ul className="review-list">
        {queue.map((review) => (
          <li key={review.id} id={`review-${review.id}`} className="review">
            <p>
              {t("reviews.moderation.farm")}: <Link to={review.shop}>{review.farmName}</Link> · <span className="muted">{t("reviews.farm.order", { code: review.orderCode })}</span>
            </p>
            <ReviewBody review={review} />
            <p className="review-state">
              <strong>{t("reviews.moderation.reason")}:</strong> {review.reason}
              <br />
              <span className="muted">{t("reviews.moderation.reportedBy", { name: review.reporterName, at: review.reportedAt })}</span>
            </p>
            {actionData?.reviewId === review.id ? <FormError errors={[actionData.errors.form ?? ""].filter(Boolean)} /> : null}
            <div className="review-actions">
              <Form method="post">
                <input type="hidden" name="reviewId" value={review.id} />
                <SubmitButton name="decision" value="hide">
                  {t("reviews.moderation.hide")}
                </SubmitButton>
              </Form>
              <Form method="post">
                <input type="hidden" name="reviewId" value={review.id} />
                <SubmitButton name="decision" value="keep" className="button button-secondary button-block">
                  {t("reviews.moderation.keep")}
                </SubmitButton>
              </Form>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
