import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormNotice } from "~/components/ui/FormError";
import { db } from "~/lib/db.server";
import { ConfirmStep } from "~/orders/ConfirmStep";
import { pendingConfirmation } from "~/orders/confirm-step.server";
import { formError } from "~/orders/forms.server";
import { OnBehalfSteps, STEP_INTENTS, type StepIntent } from "~/orders/OnBehalfSteps";
import { PackingForm, type PackingReply } from "~/orders/PackingForm";
import { packedValues, packingDone, packingPageData, packingStep } from "~/orders/packing-page.server";
import { orderPageData } from "~/orders/order-page.server";
import styles from "~/orders/orders.css";
import { officerOrders, parseOrderStatus, requireOrderView } from "~/orders/queries.server";
import { transitionOrder } from "~/orders/state-machine.server";
import { ORDER_STATUSES } from "~/orders/statuses";
import { ItemsTable, OrderList, PaymentBadge, StatusBadge, Timeline } from "~/orders/ui";
import { refundWholeOrder } from "~/payments/refunds.server";

export const handle = { i18n: ["common", "orders", "shipping"], islands: ["packing"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /can-bo/don-hang: orders of the households in the officer's areas, read-only (an administrator
 * sees all). ?ma=CNS-… opens one; a code outside the officer's areas is a 404. For a farm nobody
 * has claimed yet the access policy lets staff of its area take the farm's steps on its behalf.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const url = new URL(request.url);
  const code = url.searchParams.get("ma");
  const status = parseOrderStatus(url.searchParams.get("trang-thai"));
  const view = code ? requireOrderView(db(), user, code, "officer") : null;
  const opened = view
    ? {
        ...orderPageData(view.detail, view.steps),
        onBehalf: view.onBehalf,
        packing: view.onBehalf && view.steps.includes("packed") ? packingPageData(db(), view.detail.order.id) : null,
      }
    : null;
  const done = url.searchParams.get("xong");
  return json({
    title: await pageTitle(request, "orders:officer.title"),
    status,
    opened,
    done: (Object.values(STEP_INTENTS) as string[]).includes(done ?? "") ? (done as (typeof STEP_INTENTS)[StepIntent]) : null,
    packingDone: packingDone(url),
    rows: opened ? [] : officerOrders(db(), user, { status }).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  });
}

/** A farm's step on its behalf: requireOrderView and transitionOrder ask the access policy again. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const { detail } = requireOrderView(db(), user, new URL(request.url).searchParams.get("ma") ?? undefined, "officer");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const reason = String(form.get("reason") ?? "");
  if (intent === "pack" || intent === "packPreview") {
    // Packing on the farm's behalf: the same rule as its other steps (transitionOrder's, asked by packOrder).
    try {
      const reply = await packingStep(db(), user, detail.order, intent, form, context.log, `/can-bo/don-hang?ma=${detail.order.code}`);
      if (reply.redirect) return redirect(reply.redirect);
      return json({ packPreview: reply.packPreview, values: reply.values ?? {}, intent, errors: { form: null, fields: {} } });
    } catch (error) {
      return formError(request, error, packedValues(form), { intent });
    }
  }
  if (!(intent in STEP_INTENTS)) return redirect(`/can-bo/don-hang?ma=${detail.order.code}`);
  const to = STEP_INTENTS[intent as StepIntent];
  try {
    // The same rule as the farm's own page: delivered and rejected are asked again before they happen.
    const confirm = pendingConfirmation(db(), user, detail.order.id, intent, to, form);
    if (confirm) return json({ confirm, intent, errors: { form: null, fields: {} }, values: { reason } });
    const order = transitionOrder(db(), user, detail.order.id, to, to === "rejected" ? reason : null);
    if (to === "rejected" && order.paymentMethod === "card" && order.paymentStatus === "paid") {
      // Same as the farm's own page: the refund follows; a failure is logged and retried by staff.
      await refundWholeOrder(db(), order.id).catch((err: unknown) => context.log.error({ err, orderId: order.id }, "refund after rejection failed"));
    }
    return redirect(`/can-bo/don-hang?ma=${order.code}&xong=${to}`);
  } catch (error) {
    return formError(request, error, { reason }, { intent });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function OfficerOrders() {
  const { t } = useTranslation("orders");
  const { t: ts } = useTranslation("shipping");
  const { rows, status, opened, done, packingDone: packed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (opened) {
    const { order } = opened;
    return (
      <section className="orders-page order-detail">
        <p>
          <Link to="/can-bo/don-hang">{t("officer.backToList")}</Link>
        </p>
        <h1>{t("detail.title", { code: order.code })}</h1>
        {done ? <FormNotice>{t(`onBehalf.done.${done}`)}</FormNotice> : null}
        {packed ? <FormNotice>{ts(`packing.done.${packed}`)}</FormNotice> : null}
        {opened.onBehalf ? null : <p className="muted">{t("officer.readOnly")}</p>}
        <p className="order-badges">
          <StatusBadge status={order.status} /> <PaymentBadge method={order.paymentMethod} status={order.paymentStatus} />
        </p>
        <p>
          {t("list.farm", { name: opened.farm.name })} · {t("list.buyer", { name: order.recipientName })}
        </p>
        {opened.onBehalf && reply && "confirm" in reply ? (
          <ConfirmStep pending={reply.confirm} code={order.code} backTo={`/can-bo/don-hang?ma=${order.code}`} />
        ) : opened.onBehalf && opened.steps.length > 0 ? (
          <>
            <OnBehalfSteps farm={opened.farm.name} steps={opened.steps} deliveryMethod={order.deliveryMethod} reply={reply} />
            {opened.packing ? <PackingForm packing={opened.packing} reply={reply as PackingReply | undefined} /> : null}
          </>
        ) : null}
        <ItemsTable items={opened.items} subtotalVnd={order.subtotalVnd} feeVnd={order.deliveryFeeVnd} totalVnd={order.totalVnd} deliveryMethod={order.deliveryMethod} />
        <h2>{t("detail.timeline")}</h2>
        <Timeline events={opened.events} />
      </section>
    );
  }
  return (
    <section className="orders-page">
      <p>
        <Link to="/can-bo">{t("officer.backToWorkspace")}</Link>
      </p>
      <h1>{t("officer.title")}</h1>
      <p className="muted">{t("officer.readOnly")}</p>
      <Form method="get" className="order-filter-form">
        <label htmlFor="trang-thai">{t("officer.statusFilter")}</label>
        <select id="trang-thai" name="trang-thai" defaultValue={status ?? ""}>
          <option value="">{t("farm.all")}</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small">
          {t("officer.apply")}
        </button>
      </Form>
      {rows.length === 0 ? <p>{t("officer.empty")}</p> : <OrderList rows={rows} hrefFor={(r) => `/can-bo/don-hang?ma=${r.code}`} show="both" />}
    </section>
  );
}
