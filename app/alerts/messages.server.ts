/**
 * The texts alerts send, through the outbox (app/notifications/outbox.server.ts) in the user's
 * language, by SMS to the account's phone. Each carries its signed unsubscribe link.
 */
import { eq } from "drizzle-orm";
import { commodities, markets, users, type PriceAlert } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import { formatMoney, formatNumber } from "~/i18n/format";
import { i18nResources } from "~/i18n/resources.server";
import type { Db } from "~/lib/db.server";
import { enqueueMessage } from "~/notifications/outbox.server";
import type { PriceUnit } from "~/prices/units";
import type { AlertPrice } from "./prices.server";
import { messageUrl, unsubscribePath } from "./signing.server";

/** "12/05/2026" in Vietnamese, "2026-05-12" kept as is in English (SMS, no month names). */
export function dayLabel(day: string, locale: Locale): string {
  return locale === "vi" ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : day;
}

/** The unit's word in a language (common:units), for texts rendered outside a request. */
export function unitWord(unit: PriceUnit, locale: Locale): string {
  const common = i18nResources()[locale]?.common as { units?: Record<string, string> } | undefined;
  return common?.units?.[unit] ?? unit;
}

export function commodityName(row: { nameVi: string; nameEn: string }, locale: Locale): string {
  return locale === "vi" ? row.nameVi : row.nameEn;
}

/** Queues the message for a fired alert (the alert as it was before it fired: its old base). */
export function sendAlertMessage(db: Db, alert: PriceAlert, price: AlertPrice, fireNumber: number): void {
  const user = db.select({ phone: users.phone, locale: users.locale }).from(users).where(eq(users.id, alert.userId)).get();
  const commodity = db.select().from(commodities).where(eq(commodities.id, alert.commodityId)).get();
  if (!user || !commodity) return;
  const locale = user.locale;
  const market = alert.marketId === null ? null : db.select({ name: markets.name }).from(markets).where(eq(markets.id, alert.marketId)).get();
  const unit = commodity.defaultUnit as PriceUnit;
  const base = alert.baseVnd ?? price.vnd;
  const payload: Record<string, unknown> = {
    commodity: commodityName(commodity, locale),
    where: market ? market.name : "",
    date: dayLabel(price.date, locale),
    price: formatMoney(price.vnd, locale),
    unit: unitWord(unit, locale),
    threshold: alert.thresholdVnd === null ? "" : formatMoney(alert.thresholdVnd, locale),
    percent: alert.movePercent === null ? "" : formatNumber(alert.movePercent, locale, 1),
    base: formatMoney(base, locale),
    change: formatNumber(base > 0 ? Math.round(((price.vnd - base) / base) * 1000) / 10 : 0, locale, 1),
    url: messageUrl(unsubscribePath({ alertId: alert.id })),
  };
  const kind = alert.kind === "move" ? "move" : alert.kind;
  enqueueMessage(db, {
    channel: "sms",
    recipient: user.phone,
    template: `alerts.${kind}${market ? "AtMarket" : ""}`,
    locale,
    payload,
    dedupeKey: `price-alert:${alert.id}:${fireNumber}`,
  });
}
