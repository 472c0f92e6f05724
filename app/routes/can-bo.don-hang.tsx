import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { db } from "~/lib/db.server";
import { orderPageData } from "~/orders/order-page.server";
import styles from "~/orders/orders.css";
import { officerOrders, parseOrderStatus, requireOrderView } from "~/orders/queries.server";
import { ORDER_STATUSES } from "~/orders/statuses";
import { ItemsTable, OrderList, PaymentBadge, StatusBadge, Timeline } from "~/orders/ui";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /can-bo/don-hang: orders of the households in the officer's areas, read-only (an administrator
 * sees all). ?ma=CNS-… opens one; a code outside the officer's areas is a 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const url = new URL(request.url);
  const code = url.searchParams.get("ma");
  const status = parseOrderStatus(url.searchParams.get("trang-thai"));
  const opened = code ? orderPageData(requireOrderView(db(), user, code, "officer").detail, []) : null;
  return json({
    title: await pageTitle(request, "orders:officer.title"),
    status,
    opened,
    rows: opened ? [] : officerOrders(db(), user, { status }).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function OfficerOrders() {
  const { t } = useTranslation("orders");
  const { rows, status, opened } = useLoaderData<typeof loader>();
  if (opened) {
    const { order } = opened;
    return (
      <section className="orders-page order-detail">
        <p>
          <Link to="/can-bo/don-hang">{t("officer.backToList")}</Link>
        </p>
        <h1>{t("detail.title", { code: order.code })}</h1>
        <p className="muted">{t("officer.readOnly")}</p>
        <p className="order-badges">
          <StatusBadge status={order.status} /> <PaymentBadge method={order.paymentMethod} status={order.paymentStatus} />
        </p>
        <p>
          {t("list.farm", { name: opened.farm.name })} · {t("list.buyer", { name: order.recipientName })}
        </p>
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
