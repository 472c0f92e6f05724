import { eq } from "drizzle-orm";
import { households, users, type Order, type OrderStatus } from "../../db/schema";
import { isLocale, type Locale } from "~/i18n/config";
import { formatMoney } from "~/i18n/format";
import type { Db } from "~/lib/db.server";
import { enqueueMessage } from "~/notifications/outbox.server";

/**
 * One SMS to the buyer and one to the farm at each step of an order, through the outbox, inside
 * the transaction that made the step (both commit or neither). The dedupe key per order, status
 * and party makes a retried step send nothing twice. A step staff took on behalf of a household
 * without an owner tells its phone just that (order code and step, nothing more: the phone may be
 * shared, and no one has signed in to it yet).
 */
export function notifyOrderStep(db: Db, order: Order, status: OrderStatus, reason: string | null, options: { onBehalf?: boolean } = {}) {
  const buyer = db.select({ phone: users.phone, locale: users.locale }).from(users).where(eq(users.id, order.buyerUserId)).get();
  const farm = db
    .select({ phone: households.phone, name: households.displayName, ownerUserId: households.ownerUserId, ownerLocale: users.locale })
    .from(households)
    .leftJoin(users, eq(users.id, households.ownerUserId))
    .where(eq(households.id, order.householdId))
    .get();
  if (!farm) return;
  const send = (party: "buyer" | "farm", recipient: string, locale: Locale) =>
    enqueueMessage(db, {
      channel: "sms",
      recipient,
      template: `order.${status}.${party}`,
      locale,
      payload: { code: order.code, farm: farm.name, total: formatMoney(order.totalVnd, locale), reason: reason ?? "" },
      dedupeKey: `order:${order.id}:${status}:${party}`,
    });
  if (buyer) send("buyer", buyer.phone, isLocale(buyer.locale) ? buyer.locale : "vi");
  // Nobody has claimed the farm yet: a new order is announced with who will handle it, code only.
  if (status === "placed" && farm.ownerUserId === null) {
    enqueueMessage(db, {
      channel: "sms",
      recipient: farm.phone,
      template: "order.placed.unclaimed",
      locale: "vi",
      payload: { code: order.code },
      dedupeKey: `order:${order.id}:${status}:farm`,
    });
    return;
  }
  if (options.onBehalf) {
    enqueueMessage(db, {
      channel: "sms",
      recipient: farm.phone,
      template: `order.${status}.onBehalf`,
      locale: "vi",
      payload: { code: order.code },
      dedupeKey: `order:${order.id}:${status}:farm`,
    });
    return;
  }
  send("farm", farm.phone, isLocale(farm.ownerLocale) ? farm.ownerLocale : "vi");
}
