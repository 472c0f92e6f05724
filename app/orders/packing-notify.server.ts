import { eq } from "drizzle-orm";
import { households, users, type Order } from "../../db/schema";
import { isLocale, type Locale } from "~/i18n/config";
import { formatMoney } from "~/i18n/format";
import type { Db } from "~/lib/db.server";
import { enqueueMessage } from "~/notifications/outbox.server";

/**
 * The packed-weight messages (notifications:templates.packing.*), through the outbox inside the
 * transaction that decided them. One per adjustment, party and template: a replayed answer or a
 * second run of the lapse job sends nothing twice. The farm is told in its owner's language, or in
 * Vietnamese when nobody has claimed it (its phone then only learns the code and what to pack).
 */
export function tellPacking(
  db: Db,
  order: Order,
  party: "buyer" | "farm",
  template: string,
  adjustmentId: number,
  money: Record<string, number> = {},
  extra: Record<string, string | number> = {},
) {
  const to =
    party === "buyer"
      ? db.select({ phone: users.phone, locale: users.locale }).from(users).where(eq(users.id, order.buyerUserId)).get()
      : db
          .select({ phone: households.phone, locale: users.locale })
          .from(households)
          .leftJoin(users, eq(users.id, households.ownerUserId))
          .where(eq(households.id, order.householdId))
          .get();
  if (!to) return;
  const locale: Locale = isLocale(to.locale) ? to.locale : "vi";
  const farm = db.select({ name: households.displayName }).from(households).where(eq(households.id, order.householdId)).get();
  const payload: Record<string, unknown> = { code: order.code, farm: farm?.name ?? "", ...extra };
  for (const [name, vnd] of Object.entries(money)) payload[name] = formatMoney(vnd, locale);
  enqueueMessage(db, {
    channel: "sms",
    recipient: to.phone,
    template: `packing.${template}`,
    locale,
    payload,
    dedupeKey: `packing:${adjustmentId}:${template}`,
  });
}
