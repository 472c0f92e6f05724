import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/accounts/access.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { VietQr } from "~/components/VietQr";
import { i18nServer } from "~/i18n/i18n.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { formError } from "~/orders/forms.server";
import { orderPageData } from "~/orders/order-page.server";
import { AdjustmentReview } from "~/orders/AdjustmentReview";
import { buyerAdjustment } from "~/orders/packing-page.server";
import { answerAdjustment, waitingAdjustment } from "~/orders/packing.server";
import { ShipmentPanel } from "~/shipping/ShipmentPanel";
import { shipmentView } from "~/shipping/tracking.server";
import styles from "~/orders/orders.css";
import shippingStyles from "~/shipping/shipping.css";
import { requireOrderView } from "~/orders/queries.server";
import { createReview } from "~/orders/reviews.server";
import { transitionOrder } from "~/orders/state-machine.server";
import { CashOnDeliveryNote, ContactLinks, ItemsTable, PaymentBadge, StatusBadge, Timeline } from "~/orders/ui";
import { useLocale } from "~/i18n/use-locale";
import { ComplaintLink } from "~/complaints/ComplaintView";
import { complaintLinkFor } from "~/complaints/pages.server";
import { refundWholeOrder } from "~/payments/refunds.server";
import { transferQr } from "~/payments/vietqr.server";

export const handle = { i18n: ["common", "orders", "shipping", "complaints"] };
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: shippingStyles },
];

const DONE = ["review", "cancelled", "completed", "refundPending", "packingAnswered"] as const;

/** /don-hang/CNS-2026-000123 for its buyer: status timeline, cancel, confirm receipt, review, call or Zalo the farm. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { detail, steps } = requireOrderView(db(), user, params.code, "buyer");
  const t = await i18nServer.getFixedT(request, "orders");
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: `${t("detail.title", { code: detail.order.code })} — Chợ Nông Sản`,
    ...orderPageData(detail, steps),
    shipment: await shipmentView(db(), detail.order.id, "buyer"),
    transfer: await transferQr(db(), detail.order),
    checkoutId: detail.order.checkoutId,
    adjustment: buyerAdjustment(db(), detail.order.id),
    complaint: complaintLinkFor(db(), detail.order),
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { detail } = requireOrderView(db(), user, params.code, "buyer");
  const form = await request.formData();
  const intent = form.get("intent");
  const text = (name: string) => String(form.get(name) ?? "");
  const back = (done: string) => redirect(`/don-hang/${detail.order.code}?xong=${done}`);
  try {
    if (intent === "cancel") {
      const order = transitionOrder(db(), user, detail.order.id, "cancelled", text("reason"));
      if (order.paymentMethod === "card" && order.paymentStatus === "paid") {
        // Outside the transaction: Stripe is called only after the cancellation is stored.
        try {
          await refundWholeOrder(db(), order.id);
        } catch (err) {
          context.log.error({ err, orderId: order.id }, "refund after cancellation failed");
          return back("refundPending");
        }
      }
      return back("cancelled");
    }
    if (intent === "packingAnswer") {
      // The route asked the access policy (requireOrderView, the buyer's view): the order is theirs.
      const waiting = waitingAdjustment(db(), detail.order.id);
      if (waiting) await answerAdjustment(db(), waiting.id, form.get("answer") === "accept" ? "accept" : "refuse");
      return back("packingAnswered");
    }
    if (intent === "complete") {
      transitionOrder(db(), user, detail.order.id, "completed", null);
      return back("completed");
    }
    if (intent === "review") {
      createReview(db(), user, detail.order.id, { rating: Number(text("rating")), comment: text("comment") });
      return back("review");
    }
    return redirect(`/don-hang/${detail.order.code}`);
  } catch (error) {
    return formError(request, error, { rating: text("rating"), comment: text("comment"), reason: text("reason") }, { intent: String(intent) });
  }
}

export default function BuyerOrder() {
  const { t } = useTranslation("orders");
  const { t: ts } = useTranslation("shipping");
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { order, items, events, farm, steps, review, transfer, place } = data;
  const errorFor = (intent: string) =>
    actionData?.intent === intent ? [actionData.errors.form, ...Object.values(actionData.errors.fields)].filter((e): e is string => Boolean(e)) : null;
  return (
    <section className="orders-page order-detail">
      <p>
        <Link to="/don-hang">{t("detail.backToHistory")}</Link>
      </p>
      <h1>{t("detail.title", { code: order.code })}</h1>
      {data.done === "packingAnswered" ? <FormNotice>{ts("packing.review.answered")}</FormNotice> : data.done ? <FormNotice>{t(`detail.done.${data.done}`)}</FormNotice> : null}
      <p className="order-badges">
        <StatusBadge status={order.status} /> <PaymentBadge method={order.paymentMethod} status={order.paymentStatus} />
      </p>
      {order.statusNote && (order.status === "rejected" || order.status === "cancelled") ? (
        <p>{t("detail.reason", { reason: order.statusNote })}</p>
      ) : null}
      <p className="muted">{t("detail.placedAt", { at: formatDateTime(new Date(order.createdAt), locale) })}</p>

      {transfer ? <VietQr transfer={transfer} farmName={farm.name} /> : null}
      {order.paymentStatus !== "paid" && ["placed", "confirmed", "packed", "shipped"].includes(order.status) ? <CashOnDeliveryNote method={order.paymentMethod} totalVnd={order.totalVnd} /> : null}
      {order.paymentMethod === "card" && order.paymentStatus === "pending" && order.status === "placed" ? (
        <p>
          <Link to={`/thanh-toan/the?checkout=${data.checkoutId}`} className="button button-block">
            {t("detail.payByCard")}
          </Link>
        </p>
      ) : null}

      <h2>{t("detail.farm")}</h2>
      <p>
        <Link to={farm.path}>{farm.name}</Link>
      </p>
      <ContactLinks name={farm.name} phone={farm.phone} zalo={farm.zalo} />

      {data.adjustment ? (
        <>
          <h2>{ts("packing.review.title", { code: order.code })}</h2>
          <AdjustmentReview adjustment={data.adjustment} intent="packingAnswer" />
        </>
      ) : null}

      <h2>{t("detail.items")}</h2>
      <ItemsTable items={items} subtotalVnd={order.subtotalVnd} feeVnd={order.deliveryFeeVnd} totalVnd={order.totalVnd} deliveryMethod={order.deliveryMethod} />

      <h2>{t("detail.delivery")}</h2>
      <p>
        {order.deliveryMethod === "pickup" ? t("detail.pickupAtFarm") : t("detail.deliverTo")}
        <br />
        {order.recipientName} · {order.recipientPhoneLocal}
        <br />
        {order.addressLine}
        {place ? `, ${place.communeName}, ${place.provinceName}` : ""}
      </p>
      {order.note ? <p className="muted">{t("detail.noteLabel", { note: order.note })}</p> : null}

      <ShipmentPanel shipment={data.shipment} />
      <ComplaintLink to={`/don-hang/${order.code}/khieu-nai`} link={data.complaint} />

      <h2>{t("detail.timeline")}</h2>
      <Timeline events={events} />

      {steps.includes("completed") ? (
        <Form method="post" className="form">
          <FormError errors={errorFor("complete")} />
          <p>{t("detail.confirmReceiptHelp")}</p>
          <SubmitButton name="intent" value="complete" intent="complete">
            {t("detail.confirmReceipt")}
          </SubmitButton>
        </Form>
      ) : null}

      {steps.includes("cancelled") ? (
        <details className="order-danger">
          <summary>{t("detail.cancel")}</summary>
          <Form method="post" className="form">
            <FormError errors={errorFor("cancel")} />
            <div className="field">
              <label htmlFor="reason">{t("detail.cancelReason")}</label>
              <input id="reason" name="reason" maxLength={500} defaultValue={actionData?.values.reason ?? ""} />
            </div>
            <SubmitButton name="intent" value="cancel" intent="cancel" className="button button-danger button-block">
              {t("detail.cancelSubmit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}

      {order.status === "completed" ? (
        review ? (
          <section className="order-review">
            <h2>{t("review.yours")}</h2>
            <p aria-label={t("review.stars", { rating: review.rating })}>
              <span aria-hidden="true">{"★".repeat(review.rating) + "☆".repeat(5 - review.rating)}</span>
            </p>
            {review.comment ? <p>{review.comment}</p> : null}
          </section>
        ) : (
          <section className="order-review">
            <h2>{t("review.title")}</h2>
            <Form method="post" className="form">
              <FormError errors={errorFor("review")} />
              <fieldset className="field choice-field rating-choice">
                <legend>{t("review.rating")}</legend>
                {[5, 4, 3, 2, 1].map((n) => (
                  <label key={n} className="choice">
                    <input type="radio" name="rating" value={n} required defaultChecked={actionData?.values.rating === String(n)} />
                    <span>
                      <span aria-hidden="true">{"★".repeat(n)}</span> {t(`review.levels.${n as 1}`)}
                    </span>
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="comment">{t("review.comment")}</label>
                <textarea id="comment" name="comment" rows={3} maxLength={1000} defaultValue={actionData?.values.comment ?? ""} />
              </div>
              <SubmitButton name="intent" value="review" intent="review">
                {t("review.submit")}
              </SubmitButton>
            </Form>
          </section>
        )
      ) : null}
    </section>
  );
}
