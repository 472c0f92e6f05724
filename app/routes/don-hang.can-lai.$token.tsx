import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { AdjustmentReview } from "~/orders/AdjustmentReview";
import { formError } from "~/orders/forms.server";
import { adjustmentReviewData } from "~/orders/packing-page.server";
import { adjustmentByToken, answerAdjustment } from "~/orders/packing.server";
import styles from "~/orders/orders.css";

/**
 * /don-hang/can-lai/<token>: the buyer's answer to a packed weight beyond the farm's tolerance,
 * from the link in the message. The token is the authority (stored only as its sha256), so it works
 * without signing in and without JavaScript. Opening the link only shows (previews and scanners
 * open links); the buttons answer.
 */
export const handle = { i18n: ["common", "orders", "shipping"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const DONE = ["accepted", "refused", "lapsed", "already", "refundPending"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const adjustment = adjustmentByToken(db(), params.token ?? "");
  if (!adjustment) throw notFound();
  const review = adjustmentReviewData(db(), adjustment);
  const t = await i18nServer.getFixedT(request, "shipping");
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: `${t("packing.review.title", { code: review.code })} — Chợ Nông Sản`,
    review,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const adjustment = adjustmentByToken(db(), params.token ?? "");
  if (!adjustment) throw notFound();
  const form = await request.formData();
  const answer = form.get("answer") === "accept" ? "accept" : form.get("answer") === "refuse" ? "refuse" : null;
  if (!answer) return redirect(`/don-hang/can-lai/${params.token}`);
  try {
    const result = await answerAdjustment(db(), adjustment.id, answer);
    if (result.refundPending) context.log.error({ adjustmentId: adjustment.id }, "packed-weight card refund failed; tried again on the next answer");
    return redirect(`/don-hang/can-lai/${params.token}?xong=${result.refundPending ? "refundPending" : result.outcome}`);
  } catch (error) {
    return formError(request, error, {}, {});
  }
}

export default function PackedWeightAnswer() {
  const { t } = useTranslation("shipping");
  const { review, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="orders-page order-detail">
      <h1>{t("packing.review.title", { code: review.code })}</h1>
      {done === "refundPending" ? <FormNotice>{t("packing.review.status.refundPending")}</FormNotice> : null}
      <FormError errors={reply?.errors.form ? [reply.errors.form] : null} />
      <AdjustmentReview adjustment={review} />
      <p>
        <Link to={`/don-hang/${review.code}`}>{t("packing.review.orderLink")}</Link>
      </p>
    </section>
  );
}
