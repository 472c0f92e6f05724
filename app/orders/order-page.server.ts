import { formatPhone } from "~/lib/phone";
import type { OrderDetail } from "./queries.server";
import { parsePaymentNote } from "./state-machine.server";
import type { OrderStatus } from "../../db/schema";

/** An order's detail as the order pages show it (the timeline with payment entries read back). */
export function orderPageData(detail: OrderDetail, steps: OrderStatus[]) {
  const { order } = detail;
  return {
    order: {
      id: order.id,
      code: order.code,
      status: order.status,
      statusNote: order.statusNote,
      paymentMethod: order.paymentMethod,
      paymentStatus: order.paymentStatus,
      deliveryMethod: order.deliveryMethod,
      subtotalVnd: order.subtotalVnd,
      deliveryFeeVnd: order.deliveryFeeVnd,
      totalVnd: order.totalVnd,
      recipientName: order.recipientName,
      recipientPhone: order.recipientPhone,
      /** "0901 000 004": for reading; links keep E.164 */
      recipientPhoneLocal: formatPhone(order.recipientPhone),
      addressLine: order.addressLine,
      note: order.note,
      createdAt: order.createdAt.toISOString(),
      expiresAt: order.expiresAt?.toISOString() ?? null,
      transferReference: order.transferReference,
    },
    place: detail.place,
    items: detail.items.map((i) => ({
      id: i.id,
      title: i.title,
      unit: i.unit,
      priceVnd: i.priceVnd,
      quantity: i.quantity,
      lineTotalVnd: i.lineTotalVnd,
      // set once a packed weight replaced what was ordered
      orderedQuantity: i.orderedQuantity,
    })),
    events: detail.events.map((e) => {
      const payment = parsePaymentNote(e.note);
      return {
        id: e.id,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actorRole: e.actorRole,
        actorName: e.actorName,
        // "by <officer> on behalf of <farm>": the farm's name as the timeline shows it.
        onBehalfOf: e.onBehalf ? detail.farm.name : null,
        // Payment notes are for the log ("cash collected", a refund id): the label says it all.
        note: payment ? null : e.note,
        payment: payment?.payment ?? null,
        kind: e.kind,
        at: e.at.toISOString(),
      };
    }),
    farm: { name: detail.farm.name, path: detail.farm.path, phone: detail.farm.phone, zalo: detail.farm.zalo },
    buyer: { name: detail.buyer.name, phone: detail.buyer.phone },
    review: detail.review ? { rating: detail.review.rating, comment: detail.review.comment, createdAt: detail.review.createdAt.toISOString() } : null,
    steps,
  };
}
