import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { login } from "~/accounts/auth.server";
import { officerCoversCommune } from "~/addresses/areas.server";
import { findBankByBin } from "~/households/banks.server";
import { ORDER_STATUSES } from "~/orders/statuses";
import { reportedReviews } from "~/orders/reviews.server";
import { freshTestDb } from "../../tests/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from ".";

describe("seedDemoData", () => {
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "cns-seed-uploads-"));
  process.env.UPLOADS_DIR = uploads;
  const db = freshTestDb({ adminUnits: true });
  afterAll(() => {
    db.cleanup();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it("creates the demo accounts once, usable for log-in", async () => {
    const first = await seedDemoData(db);
    expect(first?.logins.map((l) => l.role)).toEqual(["admin", "officer", "farmer", "buyer"]);
    expect(await seedDemoData(db)).toBeNull();
    const officer = await login(db, { phone: DEMO_USERS[1].phone, password: DEMO_PASSWORD });
    expect(officer.role).toBe("officer");
    // The demo officer covers the home province: 28249 Phường Đạo Thạnh (Đồng Tháp, former Mỹ Tho).
    expect(officerCoversCommune(db, officer.id, "28249")).toBe(true);
    expect(officerCoversCommune(db, officer.id, "00004")).toBe(false); // Ba Đình, Hà Nội
  }, 60_000);

  it("fills the catalogue: verified farms of the former Tiền Giang, ~100 published and indexed listings, prices", () => {
    const q = <T>(sql: string) => db.$client.prepare(sql).all() as T[];
    expect(q<{ status: string; n: number }>("select status, count(*) n from households group by status")).toEqual([{ status: "verified", n: 20 }]);
    expect(q<{ n: number }>("select count(*) n from listings where status = 'published'")[0].n).toBe(100);
    expect(q<{ n: number }>("select count(*) n from listings_fts")[0].n).toBe(100);
    // Every farm sits in a current commune of Đồng Tháp (82) that took in former Tiền Giang communes.
    const provinces = q<{ p: string }>(
      "select distinct u.province_code p from households h join admin_units u on u.set_id = 'current' and u.code = h.commune_code",
    );
    expect(provinces).toEqual([{ p: "82" }]);
    expect(q<{ n: number }>("select count(*) n from listings where commodity_id is not null")[0].n).toBeGreaterThan(50);
    expect(q<{ n: number }>("select count(*) n from listing_photos where status = 'ready'")[0].n).toBeGreaterThanOrEqual(12);
    expect(q<{ n: number }>("select count(*) n from price_observations")[0].n).toBeGreaterThan(1000);
  });

  it("shows the product: the demo farmer's verified farm with a bank account, photos and orders in every state; the demo buyer's past orders and reviews", () => {
    const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;
    const all = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
    const farm = one<{ id: number; status: string; bankBin: string | null; account: string | null }>(
      `select h.id, h.status, h.bank_bin bankBin, h.bank_account_number account from households h join users u on u.id = h.owner_user_id where u.phone = ?`,
      "+84901000003",
    );
    expect(farm).toMatchObject({ status: "verified" });
    expect(findBankByBin(farm.bankBin ?? "")).toBeDefined();
    expect(farm.account).toMatch(/^\d{6,19}$/);
    // Its listings are the catalogue's own (no extra demo listings), each with a photo.
    const listings = one<{ n: number; withPhoto: number }>(
      "select count(*) n, sum(exists (select 1 from listing_photos p where p.listing_id = l.id)) withPhoto from listings l where l.household_id = ? and l.status = 'published'",
      farm.id,
    );
    expect(listings.n).toBeGreaterThan(0);
    expect(listings.withPhoto).toBe(listings.n);

    const statuses = all<{ status: string }>("select distinct status from orders where household_id = ?", farm.id).map((r) => r.status);
    expect([...statuses].sort()).toEqual([...ORDER_STATUSES].sort());
    // Money confirmed the way a farm does it: a transfer received, cash collected.
    const paid = all<{ method: string }>("select distinct payment_method method from orders where household_id = ? and payment_status = 'paid'", farm.id).map((r) => r.method);
    expect(paid.sort()).toEqual(["bank_transfer", "cod"]);
    // Every order went through the state machine: its timeline starts at "placed" and ends at its status.
    const broken = all<{ code: string }>(
      `select o.code from orders o where o.household_id = ? and (
         (select to_status from order_events e where e.order_id = o.id order by e.id limit 1) <> 'placed' or
         (select to_status from order_events e where e.order_id = o.id order by e.id desc limit 1) <> o.status)`,
      farm.id,
    );
    expect(broken).toEqual([]);

    const buyerReviews = all<{ rating: number; comment: string; status: string; createdAt: number }>(
      `select r.rating, r.comment, o.status, r.created_at createdAt from reviews r join orders o on o.id = r.order_id join users u on u.id = o.buyer_user_id where u.phone = ?`,
      "+84901000004",
    );
    expect(buyerReviews.length).toBeGreaterThanOrEqual(3);
    expect(buyerReviews.every((r) => r.status === "completed" && r.comment.length > 0)).toBe(true);
    expect(buyerReviews.some((r) => r.rating < 5)).toBe(true);
    // Past orders: written days ago, not all at the moment of seeding.
    expect(Math.min(...buyerReviews.map((r) => r.createdAt))).toBeLessThan(Date.now() - 7 * 86_400_000);
    // The farm's page has more reviews than one page shows, and the administrators' queue one to decide.
    expect(one<{ n: number }>("select count(*) n from reviews where household_id = ?", farm.id).n).toBeGreaterThan(5);
    expect(reportedReviews(db).length).toBeGreaterThanOrEqual(1);

    const banks = all<{ bin: string | null }>("select bank_bin bin from households");
    const withBank = banks.filter((b) => b.bin !== null);
    expect(withBank.length).toBeGreaterThanOrEqual(Math.floor(banks.length * 0.4));
    expect(withBank.length).toBeLessThanOrEqual(Math.ceil(banks.length * 0.6));
    expect(withBank.every((b) => findBankByBin(b.bin!))).toBe(true);
  });
});
