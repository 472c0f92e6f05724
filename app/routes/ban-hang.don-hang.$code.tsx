import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmStep } from "~/orders/ConfirmStep";
import { pendingConfirmation } from "~/orders/confirm-step.server";
import { STEP_INTENTS } from "~/orders/OnBehalfSteps";
import { RejectOrderForm } from "~/orders/RejectOrderForm";
import { requireUser } from "~/accounts/access.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { i18nServer } from "~/i18n/i18n.server";
import { formatDateTime } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { formError } from "~/orders/forms.server";
import { orderPageData } from "~/orders/order-page.server";
import { PackingForm, type PackingReply } from "~/orders/PackingForm";
import { packedValues, packingDone, packingPageData, packingStep } from "~/orders/packing-page.server";
import { ShipmentPanel } from "~/shipping/ShipmentPanel";
import { shipmentView } from "~/shipping/tracking.server";
import styles from "~/orders/orders.css";
import shippingStyles from "~/shipping/shipping.css";
import { requireOrderView } from "~/orders/queries.server";
import { transitionOrder } from "~/orders/state-machine.server";
import { ContactLinks, ItemsTable, PaymentBadge, StatusBadge, Timeline } from "~/orders/ui";
import { useLocale } from "~/i18n/use-locale";
import { ComplaintLink } from "~/complaints/ComplaintView";
import { complaintLinkFor } from "~/complaints/pages.server";
import { refundWholeOrder } from "~/payments/refunds.server";
import { markCashCollected, markTransferReceived } from "~/payments/payments.server";

export const handle = { i18n: ["common", "orders", "shipping", "complaints"], islands: ["packing"] };
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: shippingStyles },
];

const DONE = ["confirmed", "rejected", "shipped", "delivered", "cash", "transfer", "refundPending"] as const;

/** The farm's order page: packing slip, buyer's contact, and the next step as one big button. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { detail, steps } = requireOrderView(db(), user, params.code, "farm");
  const t = await i18nServer.getFixedT(request, "orders");
  const { order } = detail;
  const done = new URL(request.url).searchParams.get("xong");
  const closed = ["rejected", "cancelled", "expired"].includes(order.status);
  return json({
    title: `${t("detail.title", { code: order.code })} — Chợ Nông Sản`,
    ...orderPageData(detail, steps),
    shipment: await shipmentView(db(), detail.order.id, "farm"),
    complaint: complaintLinkFor(db(), order),
    canMarkCash: order.paymentMethod === "cod" && order.paymentStatus !== "paid" && ["shipped", "delivered", "completed"].includes(order.status),
    canMarkTransfer: order.paymentMethod === "bank_transfer" && order.paymentStatus === "unpaid" && !closed,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
    packing: steps.includes("packed") ? packingPageData(db(), order.id) : null,
    packingDone: packingDone(new URL(request.url)),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { detail } = requireOrderView(db(), user, params.code, "farm");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const reason = String(form.get("reason") ?? "");
  const back = (done: string) => redirect(`/ban-hang/don-hang/${detail.order.code}?xong=${done}`);
  try {
    if (intent === "pack" || intent === "packPreview") {
      const reply = await packingStep(db(), user, detail.order, intent, form, context.log, `/ban-hang/don-hang/${detail.order.code}`);
      if (reply.redirect) return redirect(reply.redirect);
      return json({ packPreview: reply.packPreview, values: reply.values ?? {}, intent, errors: { form: null, fields: {} } });
    }
    if (intent in STEP_INTENTS) {
      const to = STEP_INTENTS[intent as keyof typeof STEP_INTENTS];
      // Delivered and rejected cannot be undone: the first post only asks (decision in confirm-step.server.ts).
      const confirm = pendingConfirmation(db(), user, detail.order.id, intent, to, form);
      if (confirm) return json({ confirm, intent, errors: { form: null, fields: {} }, values: { reason } });
      const order = transitionOrder(db(), user, detail.order.id, to, to === "rejected" ? reason : null);
      if (to === "rejected" && order.paymentMethod === "card" && order.paymentStatus === "paid") {
        try {
          await refundWholeOrder(db(), order.id);
        } catch (err) {
          context.log.error({ err, orderId: order.id }, "refund after rejection failed");
          return back("refundPending");
        }
      }
      return back(to);
    }
    if (intent === "cash") {
      markCashCollected(db(), user, detail.order.id);
      return back("cash");
    }
    if (intent === "transfer") {
      markTransferReceived(db(), user, detail.order.id);
      return back("transfer");
    }
    return redirect(`/ban-hang/don-hang/${detail.order.code}`);
  } catch (error) {
    return formError(request, error, { reason, ...packedValues(form) }, { intent });
  }
}

export default function FarmOrder() {
  const { t } = useTranslation("orders");
  const { t: ts } = useTranslation("shipping");
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { order, items, events, steps, place } = data;
  const errorFor = (intent: string) =>
    actionData?.intent === intent ? [actionData.errors.form, ...Object.values(actionData.errors.fields)].filter((e): e is string => Boolean(e)) : null;
  const stepButton = (intent: keyof typeof STEP_INTENTS, label: string) => (
    <Form method="post" className="form">
      <FormError errors={errorFor(intent)} />
      <SubmitButton name="intent" value={intent} intent={intent}>
        {label}
      </SubmitButton>
    </Form>
  );
  return (
    <section className="orders-page order-detail">
      <p className="no-print">
        <Link to="/ban-hang/don-hang">{t("farm.backToOrders")}</Link>
      </p>
      <h1>{t("detail.title", { code: order.code })}</h1>
      {data.done ? <FormNotice>{t(`farm.done.${data.done}`)}</FormNotice> : null}
      {data.packingDone ? <FormNotice>{ts(`packing.done.${data.packingDone}`)}</FormNotice> : null}
      <p className="order-badges">
        <StatusBadge status={order.status} /> <PaymentBadge method={order.paymentMethod} status={order.paymentStatus} />
      </p>
      <p className="muted">{t("detail.placedAt", { at: formatDateTime(new Date(order.createdAt), locale) })}</p>
      {order.statusNote && (order.status === "rejected" || order.status === "cancelled") ? (
        <p>{t("detail.reason", { reason: order.statusNote })}</p>
      ) : null}

      {/* While a step waits for confirmation the other buttons step aside: one question at a time. */}
      {actionData && "confirm" in actionData ? (
        <ConfirmStep pending={actionData.confirm} code={order.code} backTo={`/ban-hang/don-hang/${order.code}`} />
      ) : (
        <div className="order-actions no-print">
          {steps.includes("confirmed") ? stepButton("confirm", t("farm.confirm")) : null}
          {order.status === "placed" && order.paymentMethod !== "cod" && order.paymentStatus !== "paid" ? (
            <p className="muted">{t("farm.waitForPayment")}</p>
          ) : null}
          {data.packing ? <PackingForm packing={data.packing} reply={actionData as PackingReply | undefined} /> : null}
          {steps.includes("shipped") ? stepButton("ship", order.deliveryMethod === "pickup" ? t("farm.readyForPickup") : t("farm.ship")) : null}
          {steps.includes("delivered") ? stepButton("deliver", t("farm.deliver")) : null}
          {data.canMarkTransfer ? (
            <Form method="post" className="form">
              <FormError errors={errorFor("transfer")} />
              <p className="muted">{t("farm.transferHelp", { reference: order.transferReference ?? "" })}</p>
              <SubmitButton name="intent" value="transfer" intent="transfer" className="button button-secondary button-block">
                {t("farm.markTransfer")}
              </SubmitButton>
            </Form>
          ) : null}
          {data.canMarkCash ? (
            <Form method="post" className="form">
              <FormError errors={errorFor("cash")} />
              <SubmitButton name="intent" value="cash" intent="cash" className="button button-secondary button-block">
                {t("farm.markCash")}
              </SubmitButton>
            </Form>
          ) : null}
          {steps.includes("rejected") ? <RejectOrderForm reply={actionData} /> : null}
        </div>
      )}

      <h2>{t("farm.packingSlip")}</h2>
      <ItemsTable items={items} subtotalVnd={order.subtotalVnd} feeVnd={order.deliveryFeeVnd} totalVnd={order.totalVnd} deliveryMethod={order.deliveryMethod} />
      <h2>{order.deliveryMethod === "pickup" ? t("farm.pickupBy") : t("farm.deliverTo")}</h2>
      <p>
        {order.recipientName} · {order.recipientPhoneLocal}
        <br />
        {order.addressLine}
        {place ? `, ${place.communeName}, ${place.provinceName}` : ""}
      </p>
      {order.note ? <p>{t("detail.noteLabel", { note: order.note })}</p> : null}
      <div className="no-print">
        <ContactLinks name={order.recipientName} phone={order.recipientPhone} />
      </div>

      <ShipmentPanel shipment={data.shipment} />
      <div className="no-print">
        <ComplaintLink to={`/ban-hang/don-hang/${order.code}/khieu-nai`} link={data.complaint.status ? data.complaint : null} />
      </div>

      <h2>{t("detail.timeline")}</h2>
      <Timeline events={events} />
    </section>
  );
}
