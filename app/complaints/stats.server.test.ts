import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { TEST_COMMUNE } from "~/listings/test-utils";
import { farmWithListing } from "~/payments/test-fixtures";
import { openComplaint, withdrawComplaint } from "./complaints.server";
import { complaintsByCommune, farmComplaintRate, RATE_MIN_ORDERS } from "./stats.server";
import { form, orderAt } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
let farm: Awaited<ReturnType<typeof farmWithListing>>;

beforeAll(async () => {
  farm = await farmWithListing(db, { priceVnd: 30_000, stock: 1000 });
});
afterAll(() => db.cleanup());

describe("complaint figures", () => {
  it("the farm's rate appears only from the minimum number of delivered orders; withdrawn complaints do not count", async () => {
    const first = await orderAt(db, farm, "delivered");
    openComplaint(db, first.buyer, first.order.id, form({ remedy: "no_remedy", amount: "" }), []);
    expect(farmComplaintRate(db, farm.household.id)).toBeNull();
    for (let i = 1; i < RATE_MIN_ORDERS; i++) await orderAt(db, farm, "delivered");
    expect(farmComplaintRate(db, farm.household.id)).toEqual({ complaints: 1, orders: RATE_MIN_ORDERS, rate: 1 / RATE_MIN_ORDERS });
    const another = await orderAt(db, farm, "delivered");
    const taken = openComplaint(db, another.buyer, another.order.id, form({ remedy: "no_remedy", amount: "" }), []);
    withdrawComplaint(db, another.buyer, taken.id);
    expect(farmComplaintRate(db, farm.household.id)).toMatchObject({ complaints: 1, orders: RATE_MIN_ORDERS + 1 });
  });

  it("by commune for staff of the area and administrators; an officer elsewhere sees none", async () => {
    const rows = complaintsByCommune(db, farm.officer);
    expect(rows).toEqual([expect.objectContaining({ communeCode: TEST_COMMUNE, complaints: 1, pending: 1, delivered: RATE_MIN_ORDERS + 1 })]);
    expect(rows[0].communeName).not.toBe(TEST_COMMUNE);
    const admin = await makeUser(db, "admin");
    expect(complaintsByCommune(db, admin)).toEqual(rows);
    const elsewhere = await makeUser(db, "officer");
    assignOfficerAreas(db, elsewhere.id, [{ kind: "province", code: "01" }]);
    expect(complaintsByCommune(db, elsewhere)).toEqual([]);
  });
});
