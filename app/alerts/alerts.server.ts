/**
 * Price alerts (docs/decisions/0026-price-alerts.md): create, list and delete a user's alerts, and
 * evaluate them when observations arrive (upsertObservations calls evaluateAlerts in its transaction,
 * so the message is queued exactly when the price is written). A threshold fires once per crossing:
 * it disarms when it fires and re-arms when the price is back on the quiet side; a percentage move
 * fires against the price when it last fired or was created, which then becomes the new base.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { commodities, markets, priceAlerts, users, type AlertKind, type PriceAlert } from "../../db/schema";
import type { Actor } from "~/accounts/access";
import { mayManageAlert } from "~/accounts/access.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import type { PriceType } from "~/prices/observations.server";
import type { PriceUnit } from "~/prices/units";
import { ensureDigestJob } from "./digest.server";
import type { AlertFormValue } from "./schema";
import { sendAlertMessage } from "./messages.server";
import { alertPrice, type AlertPrice, type AlertPriceKey } from "./prices.server";

export interface NewAlert {
  commodityId: number;
  marketId: number | null;
  priceType: PriceType;
  kind: AlertKind;
  thresholdVnd: number | null;
  movePercent: number | null;
}

/** At most this many alerts per person: enough for a trader, few enough that no one floods the outbox. */
export const MAX_ALERTS_PER_USER = 50;

function priceKey(db: Db, alert: Pick<PriceAlert, "commodityId" | "marketId" | "priceType">): AlertPriceKey | null {
  const commodity = db.select({ unit: commodities.defaultUnit }).from(commodities).where(eq(commodities.id, alert.commodityId)).get();
  if (!commodity) return null;
  return { commodityId: alert.commodityId, marketId: alert.marketId, priceType: alert.priceType, unit: commodity.unit as PriceUnit };
}

/** Whether the price is on the side the alert watches for (threshold kinds only). */
function beyond(kind: AlertKind, thresholdVnd: number, price: number): boolean {
  return kind === "above" ? price >= thresholdVnd : price <= thresholdVnd;
}

export function createAlert(db: Db, userId: number, input: NewAlert): PriceAlert {
  const count = db.$client.prepare(`SELECT count(*) AS n FROM price_alerts WHERE user_id = ?`).get(userId) as { n: number };
  if (count.n >= MAX_ALERTS_PER_USER) throw new AppError("alerts:errors.tooMany", 400, { max: MAX_ALERTS_PER_USER });
  const key = priceKey(db, input);
  if (!key) throw new AppError("alerts:errors.noCommodity", 404, {}, "commodity");
  const price = alertPrice(db, key);
  const threshold = input.kind !== "move" && input.thresholdVnd !== null;
  return db.transaction(() => {
    const row = db
      .insert(priceAlerts)
      .values({
        userId,
        commodityId: input.commodityId,
        marketId: input.marketId,
        priceType: input.priceType,
        kind: input.kind,
        thresholdVnd: input.kind === "move" ? null : input.thresholdVnd,
        movePercent: input.kind === "move" ? input.movePercent : null,
        // Created while already beyond the threshold is not a crossing: wait until it comes back.
        armed: !(threshold && price !== null && beyond(input.kind, input.thresholdVnd!, price.vnd)),
        baseVnd: input.kind === "move" ? (price?.vnd ?? null) : null,
      })
      .returning()
      .get();
    ensureDigestJob(db);
    return row;
  });
}

/** The commodity page's form: the commodity by its slug, the market by its slug (or any). */
export function subscribe(db: Db, userId: number, commoditySlug: string, value: AlertFormValue): PriceAlert {
  const commodity = db.select({ id: commodities.id }).from(commodities).where(eq(commodities.slug, commoditySlug)).get();
  if (!commodity) throw new AppError("alerts:errors.noCommodity", 404);
  let marketId: number | null = null;
  if (value.marketSlug) {
    const market = db.select({ id: markets.id }).from(markets).where(eq(markets.slug, value.marketSlug)).get();
    if (!market) throw new AppError("alerts:errors.market", 400, {}, "market");
    marketId = market.id;
  }
  return createAlert(db, userId, {
    commodityId: commodity.id,
    marketId,
    priceType: value.priceType,
    kind: value.kind,
    thresholdVnd: value.thresholdVnd,
    movePercent: value.movePercent,
  });
}

export interface AlertRow extends PriceAlert {
  commoditySlug: string;
  commodityNameVi: string;
  commodityNameEn: string;
  unit: PriceUnit;
  marketName: string | null;
}

/** A user's alerts, oldest first, with the names the list page shows. */
export function listAlerts(db: Db, userId: number): AlertRow[] {
  return db
    .select({
      alert: priceAlerts,
      commoditySlug: commodities.slug,
      commodityNameVi: commodities.nameVi,
      commodityNameEn: commodities.nameEn,
      unit: commodities.defaultUnit,
      marketName: markets.name,
    })
    .from(priceAlerts)
    .innerJoin(commodities, eq(commodities.id, priceAlerts.commodityId))
    .leftJoin(markets, eq(markets.id, priceAlerts.marketId))
    .where(eq(priceAlerts.userId, userId))
    .orderBy(asc(priceAlerts.id))
    .all()
    .map(({ alert, ...names }) => ({ ...alert, ...names, unit: names.unit as PriceUnit }));
}

/** Deletes one alert of the actor's; someone else's is refused as if it did not exist to them. */
export function deleteAlert(db: Db, actor: Actor, alertId: number): void {
  const alert = db.select().from(priceAlerts).where(eq(priceAlerts.id, alertId)).get();
  if (!alert) throw new AppError("alerts:errors.notFound", 404);
  if (!mayManageAlert(actor, alert)) throw new AppError("common:errors.forbiddenText", 403);
  db.delete(priceAlerts).where(eq(priceAlerts.id, alertId)).run();
}

/** For the signed unsubscribe link: one alert, or every alert of a user. Returns how many went. */
export function removeAlerts(db: Db, scope: { alertId: number } | { userId: number }): number {
  const where = "alertId" in scope ? eq(priceAlerts.id, scope.alertId) : eq(priceAlerts.userId, scope.userId);
  return db.delete(priceAlerts).where(where).run().changes;
}

/**
 * What a signed unsubscribe link would stop: "all" for a person's every alert, the commodity's names
 * for one alert, null when that alert is already gone.
 */
export function unsubscribeTarget(db: Db, scope: { alertId: number } | { userId: number }): "all" | { nameVi: string; nameEn: string } | null {
  if ("userId" in scope) return "all";
  const row = db
    .select({ nameVi: commodities.nameVi, nameEn: commodities.nameEn })
    .from(priceAlerts)
    .innerJoin(commodities, eq(commodities.id, priceAlerts.commodityId))
    .where(eq(priceAlerts.id, scope.alertId))
    .get();
  return row ?? null;
}

export function getAlert(db: Db, alertId: number): PriceAlert | undefined {
  return db.select().from(priceAlerts).where(eq(priceAlerts.id, alertId)).get();
}

type Decision = { fire: boolean; update: Partial<Pick<PriceAlert, "armed" | "baseVnd">> };

/** What one price means for one alert (no I/O). */
export function decide(alert: PriceAlert, price: number): Decision {
  if (alert.kind === "move") {
    if (alert.baseVnd === null || alert.baseVnd <= 0) return { fire: false, update: { baseVnd: price } };
    const moved = (Math.abs(price - alert.baseVnd) / alert.baseVnd) * 100;
    return moved >= (alert.movePercent ?? Infinity) ? { fire: true, update: { baseVnd: price } } : { fire: false, update: {} };
  }
  const isBeyond = beyond(alert.kind, alert.thresholdVnd ?? 0, price);
  if (isBeyond && alert.armed) return { fire: true, update: { armed: false } };
  if (!isBeyond && !alert.armed) return { fire: false, update: { armed: true } };
  return { fire: false, update: {} };
}

/**
 * Looks at every alert on these commodities against their latest real counted price and queues a
 * message for each crossing. Synchronous: runs inside the transaction that wrote the observations.
 */
export function evaluateAlerts(db: Db, commodityIds: Iterable<number>, now = new Date()): { fired: number } {
  const ids = [...new Set(commodityIds)];
  if (ids.length === 0) return { fired: 0 };
  const alerts = db
    .select({ alert: priceAlerts, disabledAt: users.disabledAt })
    .from(priceAlerts)
    .innerJoin(users, eq(users.id, priceAlerts.userId))
    .where(inArray(priceAlerts.commodityId, ids))
    .all();
  const prices = new Map<string, AlertPrice | null>();
  let fired = 0;
  for (const { alert, disabledAt } of alerts) {
    const key = priceKey(db, alert);
    if (!key) continue;
    const cacheKey = `${key.commodityId}:${key.marketId ?? ""}:${key.priceType}`;
    if (!prices.has(cacheKey)) prices.set(cacheKey, alertPrice(db, key));
    const price = prices.get(cacheKey);
    if (!price) continue;
    const { fire, update } = decide(alert, price.vnd);
    // A disabled account keeps its alerts' state moving but gets no message.
    const send = fire && disabledAt === null;
    if (send) sendAlertMessage(db, alert, price, alert.firedCount + 1);
    if (fire || Object.keys(update).length > 0) {
      db.update(priceAlerts)
        .set({ ...update, ...(fire ? { firedCount: alert.firedCount + 1, lastFiredAt: now } : {}) })
        .where(and(eq(priceAlerts.id, alert.id)))
        .run();
    }
    if (send) fired++;
  }
  return { fired };
}
