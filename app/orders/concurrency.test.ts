/**
 * Stock under real concurrency: several processes, each with its own SQLite connection, check out
 * the same listing or cancel the same order at the same moment.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { orderItems, orders } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { placeCheckout } from "./checkout.server";
import { buyer, checkoutInput, farmWithListing, stockOf } from "./test-fixtures";

const run = promisify(execFile);
const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const file = () => db.$client.name;
const fixture = path.resolve(__dirname, "concurrency.fixture.ts");
const tsx = path.resolve(process.cwd(), "node_modules/.bin/tsx");

async function processes(args: string[][]) {
  const startAt = String(Date.now() + 4000);
  const results = await Promise.all(
    args.map((a) => run(tsx, [fixture, ...a], { env: { ...process.env, START_AT: startAt }, cwd: process.cwd(), timeout: 60_000 })),
  );
  return results.map((r) => JSON.parse(r.stdout) as { placed: number; refused: number; cancelled: number; released: number });
}

describe("stock under concurrent connections", () => {
  it("three processes racing 45 checkouts for 30 units sell exactly 30, never below 0", async () => {
    const farm = await farmWithListing(db, { stock: 30 });
    const user = await buyer(db);
    const results = await processes([1, 2, 3].map(() => ["checkout", file(), String(user.id), String(farm.listing.id), "15"]));
    const placed = results.reduce((s, r) => s + r.placed, 0);
    const refused = results.reduce((s, r) => s + r.refused, 0);
    expect({ placed, refused }).toEqual({ placed: 30, refused: 15 });
    expect(stockOf(db, farm.listing.id)).toEqual({ stock: 0, status: "sold_out" });
    const sold = db.select({ n: sql<number>`sum(${orderItems.quantity})` }).from(orderItems).where(eq(orderItems.listingId, farm.listing.id)).get();
    expect(sold?.n).toBe(30);
  }, 90_000);

  it("two processes cancelling and releasing one order at once give its stock back once", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 4 }])).orders;
    expect(stockOf(db, farm.listing.id).stock).toBe(6);
    const results = await processes([1, 2].map(() => ["release", file(), String(user.id), String(order.id)]));
    expect(results.reduce((s, r) => s + r.cancelled, 0)).toBe(1);
    // The cancellation released the stock; the explicit releases after it find it done.
    expect(results.reduce((s, r) => s + r.released, 0)).toBe(0);
    expect(stockOf(db, farm.listing.id).stock).toBe(10);
    expect(db.select({ s: orders.status }).from(orders).where(eq(orders.id, order.id)).get()?.s).toBe("cancelled");
  }, 90_000);
});
