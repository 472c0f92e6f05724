/**
 * The weekly digest: for each person with alerts, one message listing their commodities (at the
 * alert's market, or any) with the latest real counted price and its change over the week. One job
 * "alerts.digest" waits in the queue at a time; running it queues the next one a week on, and
 * creating an alert makes sure one is waiting (like orders.housekeeping).
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { commodities, jobs, markets, priceAlerts, users } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import { formatMoney, formatNumber } from "~/i18n/format";
import { addDays, todayInVietnam, VIETNAM_UTC_OFFSET_MS } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { enqueueMessage, renderTemplate } from "~/notifications/outbox.server";
import type { PriceUnit } from "~/prices/units";
import { commodityName, dayLabel, unitWord } from "./messages.server";
import { alertPrice } from "./prices.server";
import { messageUrl, unsubscribePath } from "./signing.server";

export const DIGEST_JOB = "alerts.digest";
const WEEK_MS = 7 * 86_400_000;

/** Next Monday 07:00 in Vietnam after `now` (the digest arrives at the start of the market week). */
export function nextDigestAt(now: Date): Date {
  const local = new Date(now.getTime() + VIETNAM_UTC_OFFSET_MS);
  const daysToMonday = (8 - local.getUTCDay()) % 7 || 7;
  const at = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + daysToMonday, 7) - VIETNAM_UTC_OFFSET_MS;
  return new Date(at - now.getTime() > WEEK_MS ? at - WEEK_MS : at);
}

/** Queues the digest job unless one is already waiting. Synchronous: callable inside a transaction. */
export function ensureDigestJob(db: Db, now = new Date()): void {
  const queued = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, DIGEST_JOB), eq(jobs.status, "queued")))
    .limit(1)
    .get();
  if (!queued) enqueueJob(db, DIGEST_JOB, {}, { runAfter: nextDigestAt(now) });
}

export interface DigestLine {
  commodity: string;
  market: string | null;
  unit: PriceUnit;
  priceVnd: number;
  date: string;
  /** percent against the latest price a week before the latest date; null without one */
  changePercent: number | null;
}

/** The lines of one person's digest: each distinct commodity, market and type they follow, once. */
export function digestLines(db: Db, userId: number, locale: "vi" | "en"): DigestLine[] {
  const follows = db
    .selectDistinct({
      commodityId: priceAlerts.commodityId,
      marketId: priceAlerts.marketId,
      priceType: priceAlerts.priceType,
      nameVi: commodities.nameVi,
      nameEn: commodities.nameEn,
      unit: commodities.defaultUnit,
      market: markets.name,
    })
    .from(priceAlerts)
    .innerJoin(commodities, eq(commodities.id, priceAlerts.commodityId))
    .leftJoin(markets, eq(markets.id, priceAlerts.marketId))
    .where(eq(priceAlerts.userId, userId))
    .orderBy(asc(commodities.nameVi))
    .all();
  const lines: DigestLine[] = [];
  for (const f of follows) {
    const key = { commodityId: f.commodityId, marketId: f.marketId, priceType: f.priceType, unit: f.unit as PriceUnit };
    const latest = alertPrice(db, key);
    if (!latest) continue;
    const weekBefore = alertPrice(db, key, addDays(latest.date, -7));
    const changePercent =
      weekBefore && weekBefore.vnd > 0 && weekBefore.date >= addDays(latest.date, -14)
        ? Math.round(((latest.vnd - weekBefore.vnd) / weekBefore.vnd) * 1000) / 10
        : null;
    lines.push({ commodity: commodityName(f, locale), market: f.market, unit: key.unit, priceVnd: latest.vnd, date: latest.date, changePercent });
  }
  return lines;
}

/** Sends this week's digests (once per person and week, by dedupe key) and queues the next run. */
export function runDigest(db: Db, now = new Date()): { sent: number } {
  const week = todayInVietnam(now);
  const people = db
    .selectDistinct({ id: users.id, phone: users.phone, locale: users.locale })
    .from(priceAlerts)
    .innerJoin(users, eq(users.id, priceAlerts.userId))
    .where(isNull(users.disabledAt))
    .all();
  let sent = 0;
  for (const person of people) {
    const locale = person.locale;
    const lines = digestLines(db, person.id, locale);
    if (lines.length === 0) continue;
    const text = lines
      .map((l) =>
        renderTemplate(l.changePercent === null ? "alerts.digestLineNoChange" : "alerts.digestLine", locale, {
          commodity: l.market ? `${l.commodity} (${l.market})` : l.commodity,
          price: formatMoney(l.priceVnd, locale),
          unit: unitWord(l.unit, locale),
          date: dayLabel(l.date, locale),
          change: l.changePercent === null ? "" : `${l.changePercent > 0 ? "+" : ""}${formatNumber(l.changePercent, locale, 1)}`,
        }),
      )
      .join("\n");
    enqueueMessage(db, {
      channel: "sms",
      recipient: person.phone,
      template: "alerts.digest",
      locale,
      payload: { lines: text, url: messageUrl(unsubscribePath({ userId: person.id })) },
      dedupeKey: `price-digest:${person.id}:${week}`,
    });
    sent++;
  }
  return { sent };
}
