/**
 * Complaints counted: the rate on a farm's public page and the table by commune on the dashboard.
 * Both look at the last 90 days: complaints opened (withdrawn ones left out, the buyer took them
 * back) over orders delivered (their delivered step) in the same days.
 */
import type { Actor } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { scopeFor } from "~/dashboard/scope.server";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";

export const RATE_DAYS = 90;
/** Below this many delivered orders the rate is not shown: one complaint must not brand a new farm. */
export const RATE_MIN_ORDERS = 5;
const DAY_MS = 86_400_000;

const DELIVERED = `SELECT o.household_id AS household_id, h.commune_code AS commune_code, count(DISTINCT o.id) AS n
  FROM orders o JOIN households h ON h.id = o.household_id
  JOIN order_events e ON e.order_id = o.id AND e.to_status = 'delivered' AND e.kind IS NULL AND e.created_at >= @since`;
const COMPLAINED = `SELECT c.household_id AS household_id, h.commune_code AS commune_code, count(*) AS n,
  sum(c.status IN ('open', 'answered', 'escalated')) AS pending
  FROM complaints c JOIN households h ON h.id = c.household_id
  WHERE c.status <> 'withdrawn' AND c.created_at >= @since`;

/** The farm's complaint rate over the last 90 days, or null while it has delivered fewer than RATE_MIN_ORDERS orders. */
export function farmComplaintRate(db: Db, householdId: number, at = now()): { complaints: number; orders: number; rate: number } | null {
  const since = at.getTime() - RATE_DAYS * DAY_MS;
  const delivered = db.$client.prepare(`${DELIVERED} WHERE o.household_id = @id`).get({ since, id: householdId }) as { n: number };
  if (delivered.n < RATE_MIN_ORDERS) return null;
  const complained = db.$client.prepare(`${COMPLAINED} AND c.household_id = @id`).get({ since, id: householdId }) as { n: number };
  return { complaints: complained.n, orders: delivered.n, rate: complained.n / delivered.n };
}

export interface CommuneComplaints {
  communeCode: string;
  communeName: string;
  complaints: number;
  pending: number;
  delivered: number;
}

/** Complaints by the farm's commune over the last 90 days, in the actor's areas (administrators: all); most first. */
export function complaintsByCommune(db: Db, actor: Actor, at = now()): CommuneComplaints[] {
  const scope = scopeFor(db, actor, {});
  const params = { ...scope.params, since: at.getTime() - RATE_DAYS * DAY_MS };
  const complained = db.$client.prepare(`${COMPLAINED} AND ${scope.where} GROUP BY h.commune_code`).all(params) as Array<{ commune_code: string; n: number; pending: number }>;
  if (complained.length === 0) return [];
  const delivered = db.$client.prepare(`${DELIVERED} WHERE ${scope.where} GROUP BY h.commune_code`).all(params) as Array<{ commune_code: string; n: number }>;
  const deliveredBy = new Map(delivered.map((d) => [d.commune_code, d.n]));
  return complained
    .map((c) => ({
      communeCode: c.commune_code,
      communeName: getCurrentCommune(db, c.commune_code)?.name ?? c.commune_code,
      complaints: c.n,
      pending: c.pending,
      delivered: deliveredBy.get(c.commune_code) ?? 0,
    }))
    .sort((a, b) => b.complaints - a.complaints || a.communeName.localeCompare(b.communeName, "vi"));
}
