/**
 * The farm's ledger: every đồng the platform holds for a farm (db/schema/fulfilment.ts
 * ledgerEntries). Positive is owed to the farm (a card payment, COD a carrier collected), negative
 * is taken off (a refund the platform paid, a carrier's fee, a payout). The balance is the sum.
 */
import { eq, sql } from "drizzle-orm";
import { ledgerEntries, type LedgerKind } from "../../db/schema";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";

export interface LedgerEntryInput {
  householdId: number;
  orderId?: number | null;
  kind: LedgerKind;
  /** signed whole đồng: + owed to the farm, − taken off */
  amountVnd: number;
  /** what the entry stands for, unique: "card:<orderId>", "refund:<refundId>", "cod:<shipmentId>" … */
  sourceKey: string;
  note?: string | null;
  at?: Date;
}

/**
 * Records one entry once: a second call with the same source key adds nothing (a replayed webhook,
 * a re-imported file). Synchronous, so it joins the caller's transaction. True when it was added.
 */
export function recordLedgerEntry(db: Db, entry: LedgerEntryInput): boolean {
  if (!Number.isInteger(entry.amountVnd)) throw new Error(`ledger amounts are whole đồng, got ${entry.amountVnd}`);
  const result = db
    .insert(ledgerEntries)
    .values({
      householdId: entry.householdId,
      orderId: entry.orderId ?? null,
      kind: entry.kind,
      amountVnd: entry.amountVnd,
      sourceKey: entry.sourceKey,
      note: entry.note ?? null,
      at: entry.at ?? now(),
    })
    .onConflictDoNothing({ target: ledgerEntries.sourceKey })
    .run();
  return result.changes === 1;
}

/** What the platform owes the farm now (the sum of its entries). */
export function ledgerBalance(db: Db, householdId: number): number {
  const row = db
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.amountVnd}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.householdId, householdId))
    .get();
  return row?.total ?? 0;
}
