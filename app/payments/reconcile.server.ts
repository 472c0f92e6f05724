/**
 * The ledger checked against everything else: each farm's balance recomputed from orders, payments,
 * refunds, shipments and payouts, without reading ledger_entries. The benchmark and the tests call
 * ledgerMismatch and must see 0; a difference means some path moved money without its entry (or
 * wrote one twice).
 *
 *   + what card-paid orders paid (the platform took the card money)
 *   + COD a partner carrier collected (the platform is remitted it)
 *   − refunds the platform paid (Stripe refunds that succeeded, COD money it owes back)
 *   − carrier fees charged (a partner's parcel not cancelled, at its fee as last corrected)
 *   − payouts paid (recorded by hand before runs, or in a run marked paid)
 */
import { sql } from "drizzle-orm";
import { ledgerEntries } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { PARTNER_COD_CARRIERS } from "./methods/cod/method.server";

const partners = PARTNER_COD_CARRIERS.map((c) => `'${c}'`).join(", ");

/** Card orders still paid, or refunded through a refunds row (older refunds left no row and no entry). */
const RECOMPUTED = `
  SELECT household_id AS h, sum(v) AS balance FROM (
    SELECT o.household_id, coalesce(
      (SELECT w.old_total_vnd FROM weight_adjustments w WHERE w.order_id = o.id ORDER BY w.id LIMIT 1), o.total_vnd) AS v
    FROM orders o
    WHERE o.payment_method = 'card' AND (o.payment_status = 'paid' OR (o.payment_status = 'refunded' AND EXISTS (
      SELECT 1 FROM refunds r WHERE r.order_id = o.id AND r.method = 'stripe' AND r.status = 'succeeded')))
    UNION ALL
    SELECT household_id, cod_collected_vnd FROM shipments WHERE carrier IN (${partners}) AND cod_collected_vnd IS NOT NULL
    UNION ALL
    SELECT household_id, -amount_vnd FROM refunds
    WHERE (method = 'stripe' AND status = 'succeeded') OR (method = 'platform_owes' AND status <> 'failed')
    UNION ALL
    SELECT household_id, -fee_vnd FROM shipments WHERE carrier IN (${partners}) AND status <> 'cancelled'
    UNION ALL
    SELECT p.household_id, -p.amount_vnd FROM payouts p
    WHERE p.run_id IS NULL OR EXISTS (SELECT 1 FROM payout_runs r WHERE r.id = p.run_id AND r.status = 'paid')
  ) GROUP BY household_id`;

/** Every farm's recomputed balance (farms with no money movement are absent: 0). */
export function recomputedBalances(db: Db): Map<number, number> {
  const rows = db.$client.prepare(RECOMPUTED).all() as Array<{ h: number; balance: number }>;
  return new Map(rows.map((r) => [r.h, r.balance]));
}

/** What the platform owes the farm, recomputed without the ledger. */
export function recomputedBalance(db: Db, householdId: number): number {
  const row = db.$client.prepare(`SELECT balance FROM (${RECOMPUTED}) WHERE h = ?`).get(householdId) as { balance: number } | undefined;
  return row?.balance ?? 0;
}

/** Σ over farms of |ledger balance − recomputed balance|, in đồng: 0 when every movement has its entry once. */
export function ledgerMismatch(db: Db): number {
  const recomputed = recomputedBalances(db);
  const ledger = db
    .select({ h: ledgerEntries.householdId, balance: sql<number>`sum(${ledgerEntries.amountVnd})` })
    .from(ledgerEntries)
    .groupBy(ledgerEntries.householdId)
    .all();
  let mismatch = 0;
  for (const { h, balance } of ledger) {
    mismatch += Math.abs(balance - (recomputed.get(h) ?? 0));
    recomputed.delete(h);
  }
  for (const balance of recomputed.values()) mismatch += Math.abs(balance);
  return mismatch;
}
