import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/accounts/access.server";
import { pageTitle } from "~/accounts/forms.server";
import { VietQr } from "~/components/VietQr";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { placedCheckoutPage } from "~/orders/checkout-page.server";
import styles from "~/orders/orders.css";
import { CashOnDeliveryNote, Money, PaymentBadge } from "~/orders/ui";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /thanh-toan/da-dat?checkout=… — where a placed checkout lands: every farm's order with its own
 * way to pay (a VietQR code to scan for a transfer, cash on delivery otherwise). Another buyer's
 * checkout, or a guessed id, is a 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const raw = new URL(request.url).searchParams.get("checkout") ?? "";
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  const placed = id > 0 ? await placedCheckoutPage(db(), user.id, id) : null;
  if (!placed) throw notFound();
  if (placed.every((o) => o.paymentMethod === "card")) throw redirect(`/thanh-toan/thanh-cong?checkout=${id}`);
  return json({ title: await pageTitle(request, "orders:checkoutPerFarm.placedTitle"), placed }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function CheckoutPlaced() {
  const { t } = useTranslation("orders");
  const { placed } = useLoaderData<typeof loader>();
  return (
    <section className="orders-page checkout-placed">
      <h1>{t("checkoutPerFarm.placedTitle")}</h1>
      <p>{t("checkoutPerFarm.placedIntro", { count: placed.length })}</p>
      {placed.map((order) => (
        <article key={order.code} className="checkout-section checkout-placed-order">
          <h2>
            {order.farmName} · <Money vnd={order.totalVnd} />
          </h2>
          <p>
            <PaymentBadge method={order.paymentMethod} status={order.paymentStatus} />
          </p>
          {order.transfer ? (
            <VietQr transfer={order.transfer} farmName={order.farmName} />
          ) : (
            <CashOnDeliveryNote method={order.paymentMethod} totalVnd={order.totalVnd} />
          )}
          <p>
            <Link to={`/don-hang/${order.code}`}>{t("checkoutPerFarm.openOrder", { code: order.code })}</Link>
          </p>
        </article>
      ))}
      <p>
        <Link to="/don-hang">{t("checkoutPerFarm.allOrders")}</Link>
      </p>
    </section>
  );
}
