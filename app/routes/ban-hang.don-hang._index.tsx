import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { ORDER_STATUSES } from "~/orders/statuses";
import { requireOwnHousehold } from "~/households/records.server";
import { ToggleLinks } from "~/components/ui/ToggleLinks";
import { ScrollRegion } from "~/components/ui/ScrollRegion";
import { formatNumber } from "~/i18n/format";
import { db } from "~/lib/db.server";
import styles from "~/orders/orders.css";
import { farmOrders, farmStatusCounts, packingList, parseOrderStatus } from "~/orders/queries.server";
import { OrderList } from "~/orders/ui";
import { useLocale } from "~/i18n/use-locale";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** /ban-hang/don-hang: the farm's orders, new first, filterable by status, with the packing list. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household } = await requireOwnHousehold(request);
  const status = parseOrderStatus(new URL(request.url).searchParams.get("trang-thai"));
  return json({
    title: await pageTitle(request, "orders:farm.title"),
    farmName: household.displayName,
    status,
    counts: farmStatusCounts(db(), household.id),
    packing: packingList(db(), household.id),
    rows: farmOrders(db(), household.id, { status }).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function FarmOrders() {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const { rows, status, counts, packing, farmName } = useLoaderData<typeof loader>();
  return (
    <section className="orders-page">
      <p>
        <Link to="/ban-hang">{t("farm.backToDashboard")}</Link>
      </p>
      <h1>{t("farm.title")}</h1>
      <p className="muted">{farmName}</p>
      <ToggleLinks
        label={t("farm.filter")}
        current={status ?? "all"}
        options={[
          { key: "all", to: "/ban-hang/don-hang", text: t("farm.all") },
          ...ORDER_STATUSES.filter((s) => counts[s]).map((s) => ({
            key: s,
            to: `/ban-hang/don-hang?trang-thai=${s}`,
            text: `${t(`status.${s}`)} (${formatNumber(counts[s] ?? 0, locale)})`,
          })),
        ]}
      />
      {packing.lines.length > 0 ? (
        <details className="packing-list" open={status === "confirmed"}>
          <summary>{t("farm.packing", { count: packing.orderCount })}</summary>
          <ScrollRegion label={t("farm.packing", { count: packing.orderCount })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("detail.product")}</th>
                  <th scope="col" className="num">
                    {t("farm.packQuantity")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {packing.lines.map((line) => (
                  <tr key={line.listingId}>
                    <td>
                      {line.title}
                      <br />
                      <span className="muted">{t("farm.packOrders", { count: line.orders })}</span>
                    </td>
                    <td className="num">
                      {formatNumber(line.quantity, locale)} {tc(`units.${line.unit}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
      ) : null}
      {rows.length === 0 ? <p>{t("farm.empty")}</p> : <OrderList rows={rows} hrefFor={(r) => `/ban-hang/don-hang/${r.code}`} show="farm" />}
    </section>
  );
}
