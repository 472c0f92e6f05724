import { afterAll, describe, expect, it } from "vitest";
import { checkouts, listings, orders } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { listCurrentCommunes } from "~/addresses/lookup.server";
import { verifyHousehold } from "./lifecycle.server";
import { householdStageCounts, listHouseholdsForOfficer, officerCommuneChoices } from "./officer-list.server";
import { createOwnHousehold, type HouseholdInput } from "./profile.server";
import { registerHouseholdByOfficer } from "./registration.server";
import { DAO_THANH, input, MY_THO } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());


describe("officer list filters and search", () => {
  let calls = 0;
  async function area() {
    // Per call: two communes of province 82 no other test uses, an officer who covers only them,
    // and phones and ID numbers of its own (k).
    const k = calls++;
    const [a, b] = listCurrentCommunes(db, "82")
      .map((c) => c.code)
      .filter((c) => c !== DAO_THANH && c !== MY_THO)
      .slice(3 + 2 * k, 5 + 2 * k);
    const officer = await makeUser(db, "officer");
    assignOfficerAreas(db, officer.id, [
      { kind: "commune", code: a },
      { kind: "commune", code: b },
    ]);
    const admin = await makeUser(db, "admin");
    const buyer = await makeUser(db, "buyer");
    const consent = { consentAt: new Date(), consentSource: "Phiếu giấy" };
    const reg = (o: Partial<HouseholdInput>) => registerHouseholdByOfficer(db, officer, { ...input({ communeCode: a, ...o }), ...consent });
    const registered = reg({ representativeName: "Đặng Thị Hồng", displayName: "Vườn cam Hồng", phone: `0901 234 5${k}7`, nationalId: `08209012${k}456` });
    const farmer = await makeUser(db, "farmer");
    const listedOnly = createOwnHousehold(db, farmer, input({ communeCode: b, representativeName: "Võ Văn Kiệt", displayName: "Vườn Kiệt", phone: `0902 222 3${k}3` }));
    verifyHousehold(db, officer, listedOnly.id, { method: "in_person_id_card" });
    const seller = await makeUser(db, "farmer");
    const sold = createOwnHousehold(db, seller, input({ communeCode: a, representativeName: "Huỳnh Văn Sáu", displayName: "Vườn Sáu", phone: `0903 333 4${k}4` }));
    verifyHousehold(db, officer, sold.id, { method: "in_person_id_card" });
    const draftOnly = reg({ representativeName: "Phan Thị Út", displayName: "Vườn Út", phone: `0904 444 5${k}5`, nationalId: `08209065${k}321` });

    const listing = { category: "fruit" as const, title: "Cam sành", slug: "cam-sanh", unit: "kg" as const, priceVnd: 30_000, stock: 10 };
    db.insert(listings).values({ ...listing, householdId: listedOnly.id, status: "published", publishedAt: new Date() }).run();
    db.insert(listings).values({ ...listing, householdId: sold.id, status: "published", publishedAt: new Date() }).run();
    db.insert(listings).values({ ...listing, householdId: draftOnly.id, status: "draft" }).run();
    const checkout = db
      .insert(checkouts)
      .values({ buyerUserId: buyer.id, idempotencyKey: `k${sold.id}`, paymentMethod: "cod", recipientName: "B", recipientPhone: "+84909000000", communeCode: a, addressLine: "x", totalVnd: 30_000 })
      .returning()
      .get();
    const order = {
      checkoutId: checkout.id,
      buyerUserId: buyer.id,
      paymentMethod: "cod" as const,
      deliveryMethod: "pickup" as const,
      subtotalVnd: 30_000,
      deliveryFeeVnd: 0,
      totalVnd: 30_000,
      recipientName: "B",
      recipientPhone: "+84909000000",
      communeCode: a,
      addressLine: "x",
    };
    db.insert(orders).values({ ...order, code: `T-${sold.id}`, householdId: sold.id, status: "completed" }).run();
    // A cancelled order is no sale.
    db.insert(orders).values({ ...order, code: `T-${listedOnly.id}`, householdId: listedOnly.id, status: "cancelled" }).run();
    return { k, a, b, officer, admin, buyer, registered, listedOnly, sold, draftOnly };
  }

  const ids = (list: { rows: Array<{ id: number }> }) => list.rows.map((r) => r.id).sort((x, y) => x - y);

  it("filters by commune, stage, listings and sales, with counts under the other filters", async () => {
    const { a, b, officer, registered, listedOnly, sold, draftOnly } = await area();
    expect(listHouseholdsForOfficer(db, officer).total).toBe(4);
    expect(ids(listHouseholdsForOfficer(db, officer, { communeCode: b }))).toEqual([listedOnly.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { stage: "registered" }))).toEqual([registered.id, draftOnly.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { stage: "listed" }))).toEqual([listedOnly.id, sold.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { stage: "sold" }))).toEqual([sold.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { hasListings: true }))).toEqual([listedOnly.id, sold.id, draftOnly.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { hasListings: false }))).toEqual([registered.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { hasSales: false, stage: "verified" }))).toEqual([listedOnly.id]);
    expect(ids(listHouseholdsForOfficer(db, officer, { hasSales: true, communeCode: b }))).toEqual([]);
    // A commune outside the officer's areas yields nothing, never another area's households.
    expect(listHouseholdsForOfficer(db, officer, { communeCode: DAO_THANH }).total).toBe(0);

    const row = listHouseholdsForOfficer(db, officer, { stage: "sold" }).rows[0];
    expect(row).toMatchObject({ listed: true, sold: true, status: "verified", communeCode: a });

    expect(householdStageCounts(db, officer)).toEqual({ registered: 2, activated: 0, verified: 2, suspended: 0, listed: 2, sold: 1 });
    expect(householdStageCounts(db, officer, { communeCode: a })).toEqual({ registered: 2, activated: 0, verified: 1, suspended: 0, listed: 1, sold: 1 });
    expect(householdStageCounts(db, officer, { hasListings: false }).registered).toBe(1);
  });

  it("searches names with or without diacritics, phones in any form or in part, and ID numbers", async () => {
    const { k, officer, admin, buyer, registered, listedOnly } = await area();
    const search = (q: string) => ids(listHouseholdsForOfficer(db, officer, { q }));
    expect(search("dang thi hong")).toEqual([registered.id]);
    expect(search("Đặng Thị Hồng")).toEqual([registered.id]);
    expect(search("  HỒNG ")).toEqual([registered.id]);
    expect(search("Vườn Kiệt")).toEqual([listedOnly.id]);
    expect(search(`+84 901.234.5${k}7`)).toEqual([registered.id]);
    expect(search(`849012345${k}7`)).toEqual([registered.id]);
    expect(search(`9012345${k}7`)).toEqual([registered.id]);
    expect(search(`0902 222 3${k}`)).toEqual([listedOnly.id]);
    expect(search(`08209012${k}456`)).toEqual([registered.id]);
    // An ID number whose leading zero a spreadsheet dropped.
    expect(search(`8209012${k}456`)).toEqual([registered.id]);
    expect(search(`12${k}456`)).toEqual([registered.id]);
    // LIKE wildcards typed by the user are plain characters.
    expect(search("%")).toEqual([]);
    expect(search("_")).toEqual([]);
    // Search never leaves the officer's areas; an admin searches everywhere; a buyer sees nothing.
    expect(listHouseholdsForOfficer(db, admin, { q: "dang thi hong" }).total).toBeGreaterThanOrEqual(2);
    expect(search("nguyen van tu")).toEqual([]);
    expect(listHouseholdsForOfficer(db, buyer, { q: "dang thi hong" }).total).toBe(0);
  });

  it("pages through the list and keeps the last page for a page past the end", async () => {
    const { officer } = await area();
    const list = listHouseholdsForOfficer(db, officer, { page: 99 });
    expect(list).toMatchObject({ page: 1, pageCount: 1, total: 4 });
    expect(officerCommuneChoices(db, officer)).toHaveLength(2);
  });
});
