/**
 * Payout runs: what the platform owes each farm (its ledger balance), what of it may be paid now,
 * and the run that pays it by one bank bulk-transfer file. A payout is money out of the ledger only
 * when its run is marked paid (payout:<payoutId>, −amount), so an exported file that was never sent
 * takes nothing off; a run is paid once.
 *
 * Held back: money of an order not over yet (the buyer may still complain) or with a complaint
 * still open. Payable now = what is not held, at most the balance, less payouts of runs not yet paid.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { households, payoutRuns, payouts, type Household } from "../../db/schema";
import { allows, authorizeOrFail, type Actor } from "~/accounts/access.server";
import { recordActivity } from "~/activity/log.server";
import { findBankByBin } from "~/households/banks.server";
import { now } from "~/lib/clock";
import { toCsv } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { fold } from "~/lib/text";
import { recordLedgerEntry } from "./ledger.server";

/** Order steps after which no more money moves for the order except by a complaint. */
const SETTLED_ORDER_STATUSES = ["completed", "cancelled", "rejected", "expired", "returned"];
const OPEN_COMPLAINT_STATUSES = ["open", "answered", "escalated"];
const quoted = (list: string[]) => list.map((s) => `'${s}'`).join(", ");

const MONEY_BY_FARM = `
  SELECT le.household_id AS householdId,
    sum(le.amount_vnd) AS balanceVnd,
    coalesce(sum(CASE WHEN le.order_id IS NOT NULL AND (o.status NOT IN (${quoted(SETTLED_ORDER_STATUSES)})
      OR EXISTS (SELECT 1 FROM complaints c WHERE c.order_id = le.order_id AND c.status IN (${quoted(OPEN_COMPLAINT_STATUSES)})))
      THEN le.amount_vnd END), 0) AS heldVnd,
    (SELECT coalesce(sum(p.amount_vnd), 0) FROM payouts p JOIN payout_runs r ON r.id = p.run_id
      WHERE p.household_id = le.household_id AND r.status = 'open') AS pendingVnd
  FROM ledger_entries le LEFT JOIN orders o ON o.id = le.order_id`;

export interface FarmMoney {
  householdId: number;
  /** what the platform owes the farm (its ledger balance) */
  balanceVnd: number;
  /** of which money of orders not over yet or under complaint */
  heldVnd: number;
  /** in a run exported but not yet marked paid */
  pendingVnd: number;
  payableVnd: number;
}

type MoneyRow = Omit<FarmMoney, "payableVnd">;
const withPayable = (r: MoneyRow): FarmMoney => ({
  ...r,
  payableVnd: Math.max(0, Math.min(r.balanceVnd, r.balanceVnd - r.heldVnd) - r.pendingVnd),
});

export function farmMoney(db: Db, householdId: number): FarmMoney {
  const row = db.$client.prepare(`${MONEY_BY_FARM} WHERE le.household_id = ? GROUP BY le.household_id`).get(householdId) as MoneyRow | undefined;
  return withPayable(row ?? { householdId, balanceVnd: 0, heldVnd: 0, pendingVnd: 0 });
}

export type NotPayableReason = "noBankAccount" | "nothingPayable";

export interface FarmPayoutLine extends FarmMoney {
  displayName: string;
  bankBin: string | null;
  bankShortName: string | null;
  bankAccountNumber: string | null;
  bankAccountName: string | null;
  /** why the next run leaves the farm out (null: it is paid) */
  reason: NotPayableReason | null;
}

const hasBankAccount = (h: Pick<Household, "bankBin" | "bankAccountNumber">) => Boolean(h.bankBin && h.bankAccountNumber);

/** Every farm the ledger knows, with what it is owed and whether the next run pays it; payable first. */
export function payoutOverview(db: Db): FarmPayoutLine[] {
  const money = db.$client.prepare(`${MONEY_BY_FARM} GROUP BY le.household_id`).all() as MoneyRow[];
  if (money.length === 0) return [];
  const farms = new Map(
    db
      .select()
      .from(households)
      .where(
        inArray(
          households.id,
          money.map((m) => m.householdId),
        ),
      )
      .all()
      .map((h) => [h.id, h]),
  );
  return money
    .map((m) => {
      const farm = farms.get(m.householdId)!;
      const line = withPayable(m);
      const reason: NotPayableReason | null = line.payableVnd <= 0 ? "nothingPayable" : hasBankAccount(farm) ? null : "noBankAccount";
      return {
        ...line,
        displayName: farm.displayName,
        bankBin: farm.bankBin,
        bankShortName: farm.bankBin ? findBankByBin(farm.bankBin)?.shortName ?? farm.bankBin : null,
        bankAccountNumber: farm.bankAccountNumber,
        bankAccountName: farm.bankAccountName,
        reason,
      };
    })
    .sort((a, b) => b.payableVnd - a.payableVnd || b.balanceVnd - a.balanceVnd || a.displayName.localeCompare(b.displayName, "vi"));
}

/** The transfer content the farm sees on its bank statement: short, without marks (banks strip them). */
export const transferContent = (runId: number, householdId: number) => `CNS ${runId} ${householdId}`;

/**
 * Starts a run: every farm with something payable and a bank account gets one payout of what is
 * payable now. Nothing leaves the ledger yet. Null when no farm can be paid.
 */
export function createPayoutRun(db: Db, actor: Actor): { runId: number; farmCount: number; totalVnd: number } | null {
  authorizeOrFail(allows(actor, "administer"));
  return db.transaction(
    () => {
      const payable = payoutOverview(db).filter((f) => f.reason === null);
      if (payable.length === 0) return null;
      const totalVnd = payable.reduce((sum, f) => sum + f.payableVnd, 0);
      const run = db
        .insert(payoutRuns)
        .values({
          createdByUserId: actor.id,
          totalVnd,
          farmCount: payable.length,
          createdAt: now(),
        })
        .returning()
        .get();
      db.insert(payouts)
        .values(
          payable.map((f) => ({
            householdId: f.householdId,
            amountVnd: f.payableVnd,
            reference: transferContent(run.id, f.householdId),
            runId: run.id,
            madeBy: actor.id,
            madeAt: run.createdAt,
          })),
        )
        .run();
      recordActivity(db, {
        actorUserId: actor.id,
        action: "payout.run",
        detail: { runId: run.id, farms: payable.length, note: `CNS ${run.id}` },
      });
      return { runId: run.id, farmCount: payable.length, totalVnd };
    },
    { behavior: "immediate" },
  );
}

/** The administrator sent the bank file: each payout of the run leaves its farm's ledger, once. */
export function markRunPaid(db: Db, actor: Actor, runId: number): void {
  authorizeOrFail(allows(actor, "administer"));
  db.transaction(
    () => {
      const run = db.select().from(payoutRuns).where(eq(payoutRuns.id, runId)).get();
      if (!run) throw new AppError("common:errors.notFoundText", 404);
      if (run.status === "paid") throw new AppError("money:payouts.errors.alreadyPaid", 409);
      const at = now();
      const updated = db
        .update(payoutRuns)
        .set({ status: "paid", paidAt: at })
        .where(and(eq(payoutRuns.id, runId), eq(payoutRuns.status, "open")))
        .run();
      if (updated.changes !== 1) throw new AppError("money:payouts.errors.alreadyPaid", 409);
      const rows = db.update(payouts).set({ madeAt: at, madeBy: actor.id }).where(eq(payouts.runId, runId)).returning().all();
      recordActivity(db, {
        actorUserId: actor.id,
        action: "payout.paid",
        detail: { runId, farms: rows.length, note: `CNS ${runId}` },
      });
      for (const payout of rows) {
        recordLedgerEntry(db, {
          householdId: payout.householdId,
          kind: "payout",
          amountVnd: -payout.amountVnd,
          sourceKey: `payout:${payout.id}`,
          note: payout.reference,
          at,
        });
      }
    },
    { behavior: "immediate" },
  );
}

export function listPayoutRuns(db: Db, limit = 20) {
  return db.select().from(payoutRuns).orderBy(desc(payoutRuns.id)).limit(limit).all();
}

/** The payouts of one run with the bank details they go to (as the farm's profile holds them now). */
export function runPayouts(db: Db, runId: number) {
  return db
    .select({
      id: payouts.id,
      householdId: payouts.householdId,
      displayName: households.displayName,
      amountVnd: payouts.amountVnd,
      reference: payouts.reference,
      bankBin: households.bankBin,
      bankAccountNumber: households.bankAccountNumber,
      bankAccountName: households.bankAccountName,
    })
    .from(payouts)
    .innerJoin(households, eq(households.id, payouts.householdId))
    .where(eq(payouts.runId, runId))
    .orderBy(payouts.id)
    .all();
}

/**
 * The run as a bank bulk-transfer file: the columns every Vietnamese bank's bulk ("chi lương / chuyển
 * tiền theo lô") template asks for, in one CSV — row number, beneficiary bank BIN (NAPAS) and short
 * name, account number, account name in capitals without marks, amount in whole đồng, content.
 */
export function bankTransferCsv(db: Db, actor: Actor, runId: number): string {
  authorizeOrFail(allows(actor, "administer"));
  const run = db.select().from(payoutRuns).where(eq(payoutRuns.id, runId)).get();
  if (!run) throw new AppError("common:errors.notFoundText", 404);
  const header = ["STT", "BIN", "Ngan hang", "So tai khoan", "Ten tai khoan", "So tien", "Noi dung"];
  return toCsv(
    header,
    runPayouts(db, runId).map((p, i) => [
      i + 1,
      p.bankBin,
      p.bankBin ? findBankByBin(p.bankBin)?.shortName ?? p.bankBin : null,
      p.bankAccountNumber,
      fold(p.bankAccountName ?? p.displayName).toUpperCase(),
      p.amountVnd,
      p.reference,
    ]),
  );
}

/** A farm's payouts, newest first (for its statement), with whether each is paid yet. */
export function farmPayouts(db: Db, householdId: number, limit = 50) {
  return db
    .select({
      id: payouts.id,
      amountVnd: payouts.amountVnd,
      reference: payouts.reference,
      madeAt: payouts.madeAt,
      paid: sql<number>`(${payouts.runId} IS NULL OR ${payoutRuns.status} = 'paid')`,
    })
    .from(payouts)
    .leftJoin(payoutRuns, eq(payoutRuns.id, payouts.runId))
    .where(eq(payouts.householdId, householdId))
    .orderBy(desc(payouts.id))
    .limit(limit)
    .all()
    .map((p) => ({ ...p, paid: Boolean(p.paid) }));
}
