import type { Actor } from "~/accounts/access";
import { now as clockNow } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { scopeFor, type OnboardingOptions } from "./scope.server";

/**
 * Sales as the dashboard's series and "active sellers" count them. A sale is an order that reached
 * delivered (or completed, which follows delivery): the farm handed the goods over. Orders placed,
 * confirmed or shipped are not sales yet; rejected, cancelled and expired ones never were. Once
 * delivered an order never leaves delivered/completed (orders/state-machine.server.ts), so the
 * current status tells whether it is a sale.
 */
export const SALE_STATUSES = "('delivered','completed')";

/**
 * SQLite expression: the instant an order o became a sale — its first order_events row to delivered
 * or completed; orders without that history (written before events were kept) fall back to their
 * last change.
 */
export const SALE_AT = `COALESCE((SELECT MIN(e.created_at) FROM order_events e
  WHERE e.order_id = o.id AND e.to_status IN ${SALE_STATUSES}), o.updated_at)`;

export const ACTIVE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ActiveSellers {
  /** households with a sale in the last 30 days (the 30 × 24 hours up to now) */
  last30: number;
  /** households with a sale in the 30 days before those */
  previous30: number;
}

/** Sellers of the actor's scope (and registration cohort) who made a sale in the last 30 days, and in the 30 before. */
export function activeSellers(db: Db, actor: Actor, options: OnboardingOptions & { now?: Date }): ActiveSellers {
  const scope = scopeFor(db, actor, options);
  if (scope.communes !== null && scope.communes.length === 0) return { last30: 0, previous30: 0 };
  const end = (options.now ?? clockNow()).getTime();
  const middle = end - ACTIVE_WINDOW_DAYS * DAY_MS;
  const start = middle - ACTIVE_WINDOW_DAYS * DAY_MS;
  // Only the window's sales are read (migration 0018's partial indexes): an order's first sale event in the window
  // (none earlier), or a sold order without sale events whose last change is in it; then its household for the scope.
  const row = db.$client
    .prepare(
      `SELECT COUNT(DISTINCT CASE WHEN t >= @middle THEN hid END) AS last30,
              COUNT(DISTINCT CASE WHEN t < @middle THEN hid END) AS previous30
       FROM (
         SELECT o.household_id AS hid, e.created_at AS t
         FROM order_events e INDEXED BY order_events_sale_idx
         CROSS JOIN orders o ON o.id = e.order_id
         CROSS JOIN households h ON h.id = o.household_id
         WHERE e.to_status IN ${SALE_STATUSES} AND e.created_at >= @start AND e.created_at <= @end
           AND o.status IN ${SALE_STATUSES} AND ${scope.where}
           AND NOT EXISTS (SELECT 1 FROM order_events p WHERE p.order_id = e.order_id AND p.to_status IN ${SALE_STATUSES}
                           AND p.created_at < e.created_at)
         UNION ALL
         SELECT o.household_id, o.updated_at
         FROM orders o INDEXED BY orders_sale_updated_idx
         CROSS JOIN households h ON h.id = o.household_id
         WHERE o.status IN ${SALE_STATUSES} AND o.updated_at >= @start AND o.updated_at <= @end AND ${scope.where}
           AND NOT EXISTS (SELECT 1 FROM order_events p WHERE p.order_id = o.id AND p.to_status IN ${SALE_STATUSES}))`,
    )
    .get({ ...scope.params, start, middle, end }) as { last30: number; previous30: number };
  return { last30: row.last30, previous30: row.previous30 };
}
