import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerEntries } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase, setDbForTests, type Db } from "~/lib/db.server";
import { ledgerBalance } from "./ledger.server";
import { ledgerMismatch } from "./reconcile.server";
import { checkoutOf, farmWithListing, makeBuyer, useStripe } from "./test-fixtures";
import { migrateToBefore } from "../../tests/support/migrations-before";

/**
 * Migration 0015 on a database as it was before it: card orders owed through payout_ledger, one of
 * them already paid out by hand. Afterwards the ledger holds each card payment and each payout once.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-backfill-"));
let db: Db;

beforeAll(() => {
  db = openDatabase(path.join(dir, "test.db"));
  migrateToBefore(db, dir, "0015_");
  ensureAdminUnits(db);
  setDbForTests(db);
  // Card checkouts are offered only with Stripe configured; nothing here calls it.
  useStripe("http://127.0.0.1:9");
});
afterAll(() => {
  useStripe(null);
  setDbForTests(undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("migration 0015 (ledger backfill)", () => {
  it("writes card:<order> for paid card orders and payout:<id> for payouts made, then drops payout_ledger", async () => {
    const farm = await farmWithListing(db, { priceVnd: 50_000 });
    const admin = await makeUser(db, "admin");
    const placed = [];
    for (const quantity of [1, 2, 3]) placed.push(checkoutOf(db, await makeBuyer(db), [{ listing: farm.listing, quantity }], "card").orders[0]);
    const [settled, owed, unpaid] = placed;
    const sql = db.$client;
    sql.prepare("UPDATE orders SET payment_status = 'paid', status = 'completed' WHERE id IN (?, ?)").run(settled.id, owed.id);
    const payout = sql.prepare("INSERT INTO payouts (household_id, amount_vnd, reference, made_by, created_at) VALUES (?, ?, 'FT1', ?, ?)").run(farm.household.id, settled.totalVnd, admin.id, Date.now());
    sql.prepare("INSERT INTO payout_ledger (order_id, household_id, amount_vnd, payout_id, created_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, NULL, ?)").run(
      settled.id, farm.household.id, settled.totalVnd, payout.lastInsertRowid, Date.now(), owed.id, farm.household.id, owed.totalVnd, Date.now(),
    );

    migrateDatabase(db);

    const entries = db.select().from(ledgerEntries).where(eq(ledgerEntries.householdId, farm.household.id)).all();
    expect(entries.map((e) => [e.sourceKey, e.amountVnd]).sort()).toEqual(
      [
        [`card:${settled.id}`, settled.totalVnd],
        [`card:${owed.id}`, owed.totalVnd],
        [`payout:${payout.lastInsertRowid}`, -settled.totalVnd],
      ].sort(),
    );
    expect(entries.some((e) => e.orderId === unpaid.id)).toBe(false);
    // What payout_ledger said was still owed is the balance; the table is gone.
    expect(ledgerBalance(db, farm.household.id)).toBe(owed.totalVnd);
    expect(ledgerMismatch(db)).toBe(0);
    expect(sql.prepare("SELECT name FROM sqlite_master WHERE name = 'payout_ledger'").get()).toBeUndefined();
  });
});
