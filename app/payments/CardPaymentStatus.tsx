import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CardState } from "./card.server";

interface Data {
  checkoutId: number;
  state: CardState;
  canPay: boolean;
  total: string;
  expiresAt: string | null;
  orders: Array<{ code: string; farm: string; total: string; paymentStatus: string }>;
}

/** The state of a card checkout as stored (success and cancel pages share it). */
export function CardPaymentStatus({ data, page }: { data: Data; page: "success" | "cancel" }) {
  const { t } = useTranslation("orders");
  const heading =
    data.state === "paid"
      ? t("payments.card.paidTitle")
      : data.state === "pending" || data.state === "failed"
        ? page === "success"
          ? t("payments.card.pendingTitle")
          : t("payments.card.cancelTitle")
        : t(`payments.card.state.${data.state}`);
  return (
    <section className="payment-page" aria-live="polite">
      <h1>{heading}</h1>
      {data.state === "paid" ? <p className="alert alert-ok" role="status">{t("payments.card.paidText", { total: data.total })}</p> : null}
      {data.state === "pending" && page === "success" ? <p className="alert">{t("payments.card.pendingText")}</p> : null}
      {data.state === "failed" ? <p className="alert alert-error">{t("payments.card.failedText")}</p> : null}
      {(data.state === "pending" || data.state === "failed") && page === "cancel" ? (
        <p>{data.expiresAt ? t("payments.card.keptUntil", { time: data.expiresAt }) : t("payments.card.notPaid")}</p>
      ) : null}
      {data.state === "expired" || data.state === "closed" ? <p>{t("payments.card.closedText")}</p> : null}
      {data.state === "refunded" ? <p>{t("payments.card.refundedText")}</p> : null}

      <table className="payment-orders">
        <caption>{t("payments.card.ordersCaption", { total: data.total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("payments.card.order")}</th>
            <th scope="col">{t("payments.card.farm")}</th>
            <th scope="col">{t("payments.card.amount")}</th>
            <th scope="col">{t("payments.card.payment")}</th>
          </tr>
        </thead>
        <tbody>
          {data.orders.map((o) => (
            <tr key={o.code}>
              <td>
                <Link to={`/don-hang/${o.code}`}>{o.code}</Link>
              </td>
              <td>{o.farm}</td>
              <td>{o.total}</td>
              {/* eslint-disable-next-line @typescript-eslint/no-explicit-any */}
              <td>{t(`payments.paymentStatus.${o.paymentStatus}` as any) as string}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <p>
        {data.canPay && (page === "cancel" || data.state === "failed") ? (
          <>
            <Link className="button" to={`/thanh-toan/the?checkout=${data.checkoutId}`} reloadDocument>
              {page === "success" ? t("payments.card.retry") : t("payments.card.payAgain")}
            </Link>{" "}
          </>
        ) : null}
        <Link to="/don-hang">{t("payments.card.myOrders")}</Link>
      </p>
    </section>
  );
}
