/**
 * A farm's statement: its ledger entries newest first (with the order each belongs to), what the
 * platform owes it, what is payable now, and its payouts. Also as CSV for its bookkeeping.
 */
import { desc, eq } from "drizzle-orm";
import { ledgerEntries, orders, type LedgerKind } from "../../db/schema";
import { toCsv } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { farmMoney, farmPayouts, type FarmMoney } from "./payout-runs.server";

export interface StatementEntry {
  id: number;
  at: Date;
  kind: LedgerKind;
  amountVnd: number;
  orderCode: string | null;
  sourceKey: string;
  note: string | null;
}

export interface Statement {
  money: FarmMoney;
  entries: StatementEntry[];
  payouts: ReturnType<typeof farmPayouts>;
}

function entries(db: Db, householdId: number, limit?: number): StatementEntry[] {
  const query = db
    .select({
      id: ledgerEntries.id,
      at: ledgerEntries.at,
      kind: ledgerEntries.kind,
      amountVnd: ledgerEntries.amountVnd,
      orderCode: orders.code,
      sourceKey: ledgerEntries.sourceKey,
      note: ledgerEntries.note,
    })
    .from(ledgerEntries)
    .leftJoin(orders, eq(orders.id, ledgerEntries.orderId))
    .where(eq(ledgerEntries.householdId, householdId))
    .orderBy(desc(ledgerEntries.at), desc(ledgerEntries.id));
  return limit === undefined ? query.all() : query.limit(limit).all();
}

export function farmStatement(db: Db, householdId: number, limit = 200): Statement {
  return { money: farmMoney(db, householdId), entries: entries(db, householdId, limit), payouts: farmPayouts(db, householdId) };
}

/** Every entry, newest first, for a spreadsheet (kind as its code; the sign says which way it went). */
export function statementCsv(db: Db, householdId: number): string {
  return toCsv(
    ["at", "kind", "order_code", "amount_vnd", "source", "note"],
    entries(db, householdId).map((e) => [e.at.toISOString(), e.kind, e.orderCode, e.amountVnd, e.sourceKey, e.note]),
  );
}
