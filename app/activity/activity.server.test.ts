import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { suspendHousehold, verifyHousehold } from "~/households/lifecycle.server";
import { createOwnHousehold } from "~/households/profile.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { createListing, setListingStatus, updateListing, updatePriceAndStock } from "~/listings/listings.server";
import { householdInput, listingInput, verifiedSeller } from "~/listings/test-utils";
import { ACTIVITY_PAGE_SIZE, activityActors, listActivity } from "./activity.server";
import { recordActivity } from "./log.server";
import { describeActivity } from "./present.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

describe("listing changes on a household's behalf", () => {
  it("are logged for the officer, never for the owner", async () => {
    const { farmer, officer, household } = await verifiedSeller(db);
    const before = listActivity(db, { action: "listing.create" }).total;
    const own = createListing(db, farmer, household.id, listingInput());
    updatePriceAndStock(db, farmer, own.id, { priceVnd: 50_000, stock: 10 });
    setListingStatus(db, farmer, own.id, "published");
    expect(listActivity(db, { actorUserId: farmer.id }).total).toBe(0);

    const helped = createListing(db, officer, household.id, listingInput({ title: "Bưởi da xanh" }));
    updateListing(db, officer, helped.id, listingInput({ title: "Bưởi da xanh loại 1", stock: 30 }));
    updatePriceAndStock(db, officer, helped.id, { priceVnd: 55_000, stock: 40 });
    setListingStatus(db, officer, helped.id, "published");
    expect(listActivity(db, { action: "listing.create" }).total).toBe(before + 1);
    const mine = listActivity(db, { actorUserId: officer.id }).rows.filter((r) => r.listingId === helped.id);
    expect(mine.map((r) => r.action)).toEqual(["listing.status", "listing.update", "listing.update", "listing.create"]);
    expect(mine[0]).toMatchObject({
      householdId: household.id,
      householdName: household.displayName,
      listingTitle: "Bưởi da xanh loại 1",
      actorName: officer.name,
      communeCode: household.communeCode,
      communeName: "Phường Đạo Thạnh",
      detail: { from: "draft", status: "published" },
    });
    expect(mine[1].detail).toMatchObject({ priceVnd: 55_000, stock: 40 });
  });
});

describe("listActivity", () => {
  it("filters by person, action and time, pages newest first, and keeps lines whose household is gone", async () => {
    const officer = await makeUser(db, "officer", { name: "Cán bộ Lan" });
    const admin = await makeUser(db, "admin", { name: "Quản trị Minh" });
    assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
    const registered = [];
    for (let i = 0; i < ACTIVITY_PAGE_SIZE + 3; i++) {
      registered.push(
        registerHouseholdByOfficer(db, officer, {
          ...householdInput({ representativeName: `Hộ số ${i}`, phone: `0987 654 ${String(100 + i)}` }),
          consentAt: new Date(),
          consentSource: "Phiếu giấy",
        }),
      );
    }
    suspendHousehold(db, admin, registered[0].id, "Trùng hộ");

    const page1 = listActivity(db, { actorUserId: officer.id });
    expect(page1).toMatchObject({ total: ACTIVITY_PAGE_SIZE + 3, page: 1, pageCount: 2 });
    expect(page1.rows).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(page1.rows[0]).toMatchObject({ action: "household.register", actorName: "Cán bộ Lan", householdId: registered.at(-1)!.id });
    const page2 = listActivity(db, { actorUserId: officer.id, page: 2 });
    expect(page2.rows.map((r) => r.householdId)).toEqual([registered[2].id, registered[1].id, registered[0].id]);
    // A page past the end shows the last page.
    expect(listActivity(db, { actorUserId: officer.id, page: 9 }).page).toBe(2);

    expect(listActivity(db, { action: "household.suspend", actorUserId: admin.id }).rows).toMatchObject([
      { householdId: registered[0].id, actorName: "Quản trị Minh", detail: { note: "Trùng hộ", to: "suspended" } },
    ]);
    expect(listActivity(db, { from: new Date(Date.now() + 60_000) }).total).toBe(0);
    expect(listActivity(db, { to: new Date(Date.now() - 3_600_000) }).total).toBe(0);
    expect(listActivity(db, { actorUserId: officer.id, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) }).total).toBe(ACTIVITY_PAGE_SIZE + 3);

    // The log outlives what it names.
    recordActivity(db, { actorUserId: null, action: "household.delete", householdId: 999_999 });
    expect(listActivity(db, { action: "household.delete" }).rows[0]).toMatchObject({ householdId: 999_999, householdName: null, actorName: null });

    const actors = activityActors(db).map((a) => a.id);
    expect(actors).toEqual(expect.arrayContaining([officer.id, admin.id]));
    const buyer = await makeUser(db, "buyer");
    expect(actors).not.toContain(buyer.id);
  });
});

describe("describeActivity", () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}${options ? JSON.stringify(options) : ""}`;
  it("puts each kind of detail into words and shows unknown details as they are", async () => {
    const farmer = await makeUser(db, "farmer");
    const h = createOwnHousehold(db, farmer, householdInput());
    const officer = await makeUser(db, "officer");
    assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
    verifyHousehold(db, officer, h.id, { method: "in_person_id_card", note: "Đã xem CCCD" });
    recordActivity(db, { actorUserId: officer.id, action: "household.update", householdId: h.id, detail: { fields: "phone,displayName" } });
    recordActivity(db, {
      actorUserId: officer.id,
      action: "import.households",
      batchId: 5,
      detail: { fileName: "ds.csv", rows: 14, created: 12, updated: 0, unchanged: 1, rejected: 1, sheet: "Xã An Hữu" },
    });
    const rows = listActivity(db, { actorUserId: officer.id }).rows;
    const [imported, updated, verified] = rows.map((r) => describeActivity(r, t, "vi"));
    expect(imported.action).toBe('activity:actions.import.households{"defaultValue":"import.households"}');
    expect(imported.details).toEqual([
      'activity:batch{"id":5}',
      'activity:detail.file{"file":"ds.csv"}',
      'activity:detail.importCounts{"rows":"14","created":"12","updated":"0","unchanged":"1","rejected":"1"}',
      "sheet: Xã An Hữu",
    ]);
    expect(updated.details[0]).toContain("activity:detail.fields");
    expect(updated.details[0]).toContain("households:fields.phone");
    expect(verified.details).toEqual([
      'activity:detail.status{"status":"households:statuses.verified"}',
      'activity:detail.method{"method":"households:verification.methods.in_person_id_card{\\"defaultValue\\":\\"in_person_id_card\\"}"}',
      'activity:detail.note{"note":"Đã xem CCCD"}',
    ]);
  });
});
