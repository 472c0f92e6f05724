/**
 * The payout ledger: card money reaches the platform's Stripe account (Stripe does not onboard
 * Vietnamese farms), so every completed card-paid order owes its total to its farm until an
 * administrator records the bank transfer that settled it.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { households, orders, payoutLedger, payouts, users } from "../../db/schema";
import { allows, authorizeOrFail, type Actor } from "~/accounts/access.server";
import { findBankByBin } from "~/households/banks.server";
import { toCsv } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText } from "~/lib/text";

export const REFERENCE_MAX = 100;

/**
 * Adds a ledger row for every completed, card-paid order that has none (idempotent: the order id is
 * the ledger's key). Run before the ledger is read or settled. Returns the rows added.
 */
function syncPayoutLedger(db: Db, now = new Date()): number {
  return db.$client
    .prepare(
      `INSERT INTO payout_ledger (order_id, household_id, amount_vnd, created_at)
       SELECT id, household_id, total_vnd, ? FROM orders
       WHERE status = 'completed' AND payment_method = 'card' AND payment_status = 'paid'
       ON CONFLICT (order_id) DO NOTHING`,
    )
    .run(now.getTime()).changes;
}

interface PayoutOwed {
  householdId: number;
  displayName: string;
  bankName: string | null;
  bankAccountNumber: string | null;
  bankAccountName: string | null;
  owedVnd: number;
  orderCount: number;
  paidOutVnd: number;
}

/** What each farm is owed now (unsettled ledger rows) and has been paid so far; owed first. */
export function payoutSummary(db: Db): PayoutOwed[] {
  syncPayoutLedger(db);
  const rows = db
    .select({
      householdId: payoutLedger.householdId,
      displayName: households.displayName,
      bankBin: households.bankBin,
      bankAccountNumber: households.bankAccountNumber,
      bankAccountName: households.bankAccountName,
      owedVnd: sql<number>`coalesce(sum(case when ${payoutLedger.payoutId} is null then ${payoutLedger.amountVnd} end), 0)`,
      orderCount: sql<number>`count(case when ${payoutLedger.payoutId} is null then 1 end)`,
      paidOutVnd: sql<number>`coalesce(sum(case when ${payoutLedger.payoutId} is not null then ${payoutLedger.amountVnd} end), 0)`,
    })
    .from(payoutLedger)
    .innerJoin(households, eq(households.id, payoutLedger.householdId))
    .groupBy(payoutLedger.householdId)
    .all();
  return rows
    .map(({ bankBin, ...r }) => ({ ...r, bankName: bankBin ? (findBankByBin(bankBin)?.shortName ?? bankBin) : null }))
    .sort((a, b) => b.owedVnd - a.owedVnd || a.displayName.localeCompare(b.displayName, "vi"));
}

/**
 * Records that the platform transferred a farm what it was owed: the payout takes every unsettled
 * ledger row of the farm. When the administrator confirmed an amount, it must still be the amount
 * owed (a newly completed order in between is settled next time, not silently included).
 */
export function markPayoutMade(db: Db, actor: Actor, householdId: number, reference: string, expectedAmountVnd?: number) {
  authorizeOrFail(allows(actor, "administer"));
  const ref = cleanText(reference);
  if (!ref) throw new AppError("orders:payments.payouts.referenceRequired", 400, {}, "reference");
  if (ref.length > REFERENCE_MAX) throw new AppError("orders:payments.payouts.referenceTooLong", 400, { max: REFERENCE_MAX }, "reference");
  return db.transaction(
    () => {
      syncPayoutLedger(db);
      const open = db
        .select({ orderId: payoutLedger.orderId, amountVnd: payoutLedger.amountVnd })
        .from(payoutLedger)
        .where(and(eq(payoutLedger.householdId, householdId), isNull(payoutLedger.payoutId)))
        .all();
      const amountVnd = open.reduce((sum, r) => sum + r.amountVnd, 0);
      if (open.length === 0) throw new AppError("orders:payments.payouts.nothingOwed", 409);
      if (expectedAmountVnd !== undefined && expectedAmountVnd !== amountVnd) {
        throw new AppError("orders:payments.payouts.amountChanged", 409, { amountVnd });
      }
      const payout = db.insert(payouts).values({ householdId, amountVnd, reference: ref, madeBy: actor.id }).returning().get();
      db.update(payoutLedger)
        .set({ payoutId: payout.id })
        .where(and(inArray(payoutLedger.orderId, open.map((r) => r.orderId)), isNull(payoutLedger.payoutId)))
        .run();
      return { ...payout, orderCount: open.length };
    },
    { behavior: "immediate" },
  );
}

interface PayoutHistoryRow {
  id: number;
  householdId: number;
  displayName: string;
  amountVnd: number;
  reference: string;
  madeAt: Date;
  madeByName: string | null;
}

export function payoutHistory(db: Db, limit = 50): PayoutHistoryRow[] {
  return db
    .select({
      id: payouts.id,
      householdId: payouts.householdId,
      displayName: households.displayName,
      amountVnd: payouts.amountVnd,
      reference: payouts.reference,
      madeAt: payouts.madeAt,
      madeByName: users.name,
    })
    .from(payouts)
    .innerJoin(households, eq(households.id, payouts.householdId))
    .leftJoin(users, eq(users.id, payouts.madeBy))
    .orderBy(desc(payouts.madeAt), desc(payouts.id))
    .limit(limit)
    .all();
}

/** The whole ledger, one row per order, for accounting (UTF-8 with BOM so spreadsheets read the marks). */
export function payoutLedgerCsv(db: Db): string {
  syncPayoutLedger(db);
  const rows = db
    .select({
      householdId: payoutLedger.householdId,
      displayName: households.displayName,
      bankBin: households.bankBin,
      bankAccountNumber: households.bankAccountNumber,
      orderCode: orders.code,
      amountVnd: payoutLedger.amountVnd,
      owedSince: payoutLedger.createdAt,
      payoutId: payouts.id,
      reference: payouts.reference,
      paidAt: payouts.madeAt,
    })
    .from(payoutLedger)
    .innerJoin(households, eq(households.id, payoutLedger.householdId))
    .innerJoin(orders, eq(orders.id, payoutLedger.orderId))
    .leftJoin(payouts, eq(payouts.id, payoutLedger.payoutId))
    .orderBy(payoutLedger.householdId, payoutLedger.orderId)
    .all();
  const header = ["household_id", "farm", "bank_bin", "account_number", "order_code", "amount_vnd", "owed_since", "payout_id", "payout_reference", "paid_at"];
  // Names and references are typed by people: the writer neutralises any that a spreadsheet would run.
  return toCsv(
    header,
    rows.map((r) => [
      r.householdId,
      r.displayName,
      r.bankBin,
      r.bankAccountNumber,
      r.orderCode,
      r.amountVnd,
      r.owedSince.toISOString(),
      r.payoutId,
      r.reference,
      r.paidAt ? r.paidAt.toISOString() : null,
    ]),
  );
}
