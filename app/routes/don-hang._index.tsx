import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireUser } from "~/accounts/access.server";
import { FormNotice } from "~/components/ui/FormError";
import { db } from "~/lib/db.server";
import styles from "~/orders/orders.css";
import { buyerOrders, checkoutOrdersOf } from "~/orders/queries.server";
import { OrderList } from "~/orders/ui";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** /don-hang: the signed-in buyer's orders, newest first; ?dat=<checkout> after placing. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const checkoutId = Number(new URL(request.url).searchParams.get("dat"));
  const placed = Number.isSafeInteger(checkoutId) && checkoutId > 0 ? checkoutOrdersOf(db(), user.id, checkoutId) : [];
  return json({
    title: await pageTitle(request, "orders:history.title"),
    placed: placed.map((o) => ({ code: o.code, paymentMethod: o.paymentMethod })),
    rows: buyerOrders(db(), user.id).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function BuyerOrders() {
  const { t } = useTranslation("orders");
  const { rows, placed } = useLoaderData<typeof loader>();
  return (
    <section className="orders-page">
      <h1>{t("history.title")}</h1>
      {placed.length > 0 ? (
        <FormNotice>
          <p>{t("history.placed", { count: placed.length })}</p>
          {placed.some((p) => p.paymentMethod === "bank_transfer") ? <p>{t("history.payByTransfer")}</p> : null}
        </FormNotice>
      ) : null}
      {rows.length === 0 ? (
        <p>
          {t("history.empty")} <Link to="/">{t("cart.browse")}</Link>
        </p>
      ) : (
        <OrderList rows={rows} hrefFor={(r) => `/don-hang/${r.code}`} show="buyer" />
      )}
    </section>
  );
}
