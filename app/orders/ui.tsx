import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { OrderEntryKind, OrderStatus, PaymentStatus } from "./statuses";
import { formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { formatPhone, zaloUrl } from "~/lib/phone";

/** Order components shared by the buyer, farm and officer pages. Browser-safe: no server code. */

export function Money({ vnd }: { vnd: number }) {
  return <span className="money">{formatMoney(vnd, useLocale())}</span>;
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation("orders");
  return <span className={`order-status order-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function PaymentBadge({ method, status }: { method: string; status: PaymentStatus }) {
  const { t } = useTranslation("orders");
  return (
    <span className={`order-payment order-payment-${status}`}>
      {t(`paymentMethod.${method as "cod"}`)} · {t(`paymentStatus.${status}`)}
    </span>
  );
}

/** How a cash order is paid, with its amount (a transfer shows its VietQR code instead); nothing for other methods. */
export function CashOnDeliveryNote({ method, totalVnd }: { method: string; totalVnd: number }) {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  if (method !== "cod") return null;
  return <p className="payment-instruction">{t("checkoutPerFarm.codInstruction", { amount: formatMoney(totalVnd, locale) })}</p>;
}

/** Call and Zalo buttons: big tap targets, plain links (work without JavaScript). */
export function ContactLinks({ name, phone, zalo }: { name: string; phone: string; zalo?: string | null }) {
  const { t } = useTranslation("orders");
  return (
    <p className="order-contact">
      <a className="button button-secondary" href={`tel:${phone}`}>
        {t("contact.call", { name })} · {formatPhone(phone)}
      </a>
      <a className="button button-secondary" href={zaloUrl(zalo ?? phone)} rel="noopener noreferrer" target="_blank">
        {t("contact.zalo")}
      </a>
    </p>
  );
}

interface ItemView {
  id: number;
  title: string;
  unit: string;
  priceVnd: number;
  quantity: number;
  lineTotalVnd: number;
  /** what was ordered, when a packed weight changed it */
  orderedQuantity?: number | null;
}

/** "Ordered 10 kg · packed 9,5 kg" under a line whose packed weight differs (pages load the shipping namespace). */
function OrderedPacked({ item }: { item: ItemView }) {
  const { t } = useTranslation("shipping");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  if (item.orderedQuantity == null || item.orderedQuantity === item.quantity) return null;
  const unit = tc(`units.${item.unit as "kg"}`);
  return (
    <>
      <br />
      <span className="order-packed">
        {t("packing.orderedPacked", { ordered: `${formatNumber(item.orderedQuantity, locale, 3)} ${unit}`, packed: `${formatNumber(item.quantity, locale, 3)} ${unit}` })}
      </span>
    </>
  );
}

export function ItemsTable({ items, subtotalVnd, feeVnd, totalVnd, deliveryMethod }: { items: ItemView[]; subtotalVnd: number; feeVnd: number; totalVnd: number; deliveryMethod: string }) {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  return (
    <table className="order-items">
      <caption className="visually-hidden">{t("detail.items")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("detail.product")}</th>
          <th scope="col" className="num">
            {t("detail.amount")}
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>
              {item.title}
              <br />
              <span className="muted">
                {formatNumber(item.quantity, locale, 3)} {tc(`units.${item.unit as "kg"}`)} × {formatMoney(item.priceVnd, locale)}
              </span>
              <OrderedPacked item={item} />
            </td>
            <td className="num">{formatMoney(item.lineTotalVnd, locale)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("detail.subtotal")}</th>
          <td className="num">{formatMoney(subtotalVnd, locale)}</td>
        </tr>
        <tr>
          <th scope="row">{deliveryMethod === "pickup" ? t("detail.pickupFee") : t("detail.deliveryFee")}</th>
          <td className="num">{formatMoney(feeVnd, locale)}</td>
        </tr>
        <tr className="order-total">
          <th scope="row">{t("detail.total")}</th>
          <td className="num">{formatMoney(totalVnd, locale)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

interface TimelineView {
  id: number;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  actorRole: string;
  actorName?: string | null;
  /** the farm's name when staff took its step on its behalf */
  onBehalfOf?: string | null;
  note: string | null;
  payment: PaymentStatus | null;
  /** a timeline entry that is not a step (shipment.picked_up, packed.adjusted …): its label is timeline.kind.<kind> */
  kind?: OrderEntryKind | null;
  at: string;
}

/** The order's story, oldest first: each status change and payment with who and when. */
export function Timeline({ events }: { events: TimelineView[] }) {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  return (
    <ol className="order-timeline">
      {events.map((e) => (
        <li key={e.id} className={e.kind ? `timeline-entry timeline-${e.kind.split(".")[0]}` : e.payment ? "timeline-payment" : `timeline-${e.toStatus}`}>
          <strong>{e.kind ? t(`timeline.kind.${e.kind}`) : e.payment ? t(`timeline.payment.${e.payment}`) : t(`timeline.status.${e.toStatus}`)}</strong>
          <span className="muted">
            {" "}
            · {formatDateTime(new Date(e.at), locale)} ·{" "}
            {e.onBehalfOf
              ? t("timeline.onBehalf", { name: e.actorName ?? t("timeline.actor.admin"), farm: e.onBehalfOf })
              : t(`timeline.actor.${(["buyer", "farm", "officer", "admin", "system"].includes(e.actorRole) ? e.actorRole : "system") as "buyer"}`)}
          </span>
          {e.note ? <p className="timeline-note">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}

interface OrderRowView {
  id: number;
  code: string;
  status: OrderStatus;
  paymentMethod: string;
  paymentStatus: PaymentStatus;
  totalVnd: number;
  createdAt: string;
  farmName: string;
  recipientName: string;
  itemCount: number;
  firstTitle: string;
}

/** A list of orders as cards: code, status, who, what, total. */
export function OrderList({ rows, hrefFor, show }: { rows: OrderRowView[]; hrefFor: (row: OrderRowView) => string; show: "farm" | "buyer" | "both" }) {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  return (
    <ul className="order-list">
      {rows.map((row) => (
        <li key={row.id} className="order-card">
          <p className="order-card-head">
            <Link to={hrefFor(row)} className="order-code">
              {row.code}
            </Link>
            <StatusBadge status={row.status} />
          </p>
          <p className="muted">
            {show !== "buyer" ? t("list.farm", { name: row.farmName }) : null}
            {show === "both" ? " · " : null}
            {show !== "farm" ? t("list.buyer", { name: row.recipientName }) : null}
          </p>
          <p>
            {row.itemCount > 1 ? t("list.items", { first: row.firstTitle, count: row.itemCount - 1 }) : row.firstTitle}
          </p>
          <p className="order-card-foot">
            <strong>{formatMoney(row.totalVnd, locale)}</strong>
            <span className="muted">{formatDateTime(new Date(row.createdAt), locale)}</span>
          </p>
          <p>
            <PaymentBadge method={row.paymentMethod} status={row.paymentStatus} />
          </p>
        </li>
      ))}
    </ul>
  );
}

/**
 * A farm's rating: "★ 4,6 (12 đánh giá)", or nothing before the first review. Pages showing it
 * add "orders" to handle.i18n and pass householdRating(db, id) from their loader.
 */
export function RatingSummary({ average, count }: { average: number | null; count: number }) {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  if (average === null || count === 0) return null;
  return (
    <span className="rating-summary" aria-label={t("rating.label", { average: formatNumber(average, locale, 1), count })}>
      <span aria-hidden="true">★ {formatNumber(average, locale, 1)}</span> <span className="muted">{t("rating.count", { count })}</span>
    </span>
  );
}
