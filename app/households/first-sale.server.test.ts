import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { households } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { addPhoto, processPhotoNow } from "~/listings/photos.server";
import { generatePlaceholderPhoto } from "~/listings/demo-photos.server";
import { householdInput, listingInput } from "~/listings/test-utils";
import { placeCheckout } from "~/orders/checkout.server";
import { transitionOrder } from "~/orders/state-machine.server";
import { checkoutInput } from "~/orders/test-fixtures";
import { firstSaleChecklist, landingAfterPhoneConfirmed, type FirstSaleChecklist } from "./first-sale.server";
import { suspendHousehold, verifyHousehold } from "./lifecycle.server";
import { createOwnHousehold } from "./profile.server";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

/** "key:state:situation" per step: the whole checklist at a glance. */
const shape = (c: FirstSaleChecklist | null) => c?.steps.map((s) => `${s.key}:${s.state}:${s.situation}`) ?? null;

async function area() {
  const officer = await makeUser(db, "officer", { name: "Cán bộ Trần Văn Ba" });
  assignOfficerAreas(db, officer.id, [{ kind: "commune", code: "28249" }]);
  return officer;
}

describe("the steps to a first sale, from stored state", () => {
  it("walks a farmer from no household to a delivered first order, then disappears", async () => {
    const officer = await area();
    const farmer = await makeUser(db, "farmer");

    // New farmer without a household: everything starts at the sign-up wizard.
    let c = firstSaleChecklist(db, farmer);
    expect(c?.current).toBe("profile");
    expect(shape(c)).toEqual([
      "profile:current:start",
      "verification:todo:needsHousehold",
      "listing:todo:needsHousehold",
      "firstOrder:todo:waiting",
      "delivery:todo:waiting",
    ]);
    expect(c?.steps[0].href).toBe("/ban-hang/dang-ky");

    // Registered with an incomplete profile (no address, no products, neither pickup nor delivery).
    const household = createOwnHousehold(db, farmer, householdInput({ phone: "0912 000 111", nationalId: null }));
    db.update(households)
      .set({ addressLine: "", mainProducts: " ", delivery: { pickup: false, feeCommune: null, feeProvince: null, feeElsewhere: null, freeAbove: null }, bankAccountNumber: null })
      .where(eq(households.id, household.id))
      .run();
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.slice(0, 2)).toEqual(["profile:current:incomplete", "verification:todo:pending"]);
    expect(c?.missing).toEqual(["address", "products", "delivery"]);
    expect(c?.steps[0].href).toBe("/ban-hang/ho-so");

    // Complete, pending verification: what the officer needs and who covers the commune.
    db.update(households)
      .set({ addressLine: "Ấp Hòa Thuận", mainProducts: "Xoài", delivery: { pickup: true, feeCommune: null, feeProvince: null, feeElsewhere: null, freeAbove: null } })
      .where(eq(households.id, household.id))
      .run();
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.slice(0, 3)).toEqual(["profile:done:done", "verification:current:pending", "listing:todo:none"]);
    expect(c).toMatchObject({ missing: [], suggestBank: true, needsNationalId: true, canPublish: false, communeName: expect.stringContaining("Đạo Thạnh") });
    expect(c?.officers).toEqual([expect.objectContaining({ name: "Cán bộ Trần Văn Ba", areaName: expect.stringContaining("Đạo Thạnh") })]);

    // Verified without a listing: the listing step is current, linked to a new listing.
    verifyHousehold(db, officer, household.id, { method: "in_person_id_card" });
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.slice(1, 3)).toEqual(["verification:done:done", "listing:current:none"]);
    expect(c?.steps[2].href).toBe("/ban-hang/san-pham/moi");
    expect(c?.officers).toEqual([]);

    // A published listing without a photo does not count; its page is where to add one.
    const listing = createListing(db, farmer, household.id, listingInput({ minOrder: 1 }));
    setListingStatus(db, farmer, listing.id, "published");
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.[2]).toBe("listing:current:noPhoto");
    expect(c?.steps[2].href).toBe(`/ban-hang/san-pham/${listing.id}`);

    // A photo still processing is said so; once processed the listing counts.
    const photo = await addPhoto(db, farmer, listing.id, await generatePlaceholderPhoto("Xoài", 40));
    expect(shape(firstSaleChecklist(db, farmer))?.[2]).toBe("listing:current:photoProcessing");
    await processPhotoNow(db, photo.id);
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.slice(2)).toEqual(["listing:done:done", "firstOrder:current:waiting", "delivery:todo:waiting"]);

    // First order received: the delivery step links to it.
    const buyer = await makeUser(db, "buyer");
    const { orders } = placeCheckout(db, buyer, checkoutInput(db, [{ listingId: listing.id, quantity: 2 }]));
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.slice(3)).toEqual(["firstOrder:done:done", "delivery:current:open"]);
    expect(c?.steps[4].href).toBe(`/ban-hang/don-hang/${orders[0].code}`);

    // Delivered: the first sale is done, the checklist is gone.
    for (const to of ["confirmed", "shipped"] as const) transitionOrder(db, farmer, orders[0].id, to);
    expect(firstSaleChecklist(db, farmer)).not.toBeNull();
    transitionOrder(db, farmer, orders[0].id, "delivered");
    expect(firstSaleChecklist(db, farmer)).toBeNull();
  });

  it("a draft listing with a photo is what to publish; a suspended household is told why", async () => {
    const officer = await area();
    const farmer = await makeUser(db, "farmer");
    const household = createOwnHousehold(db, farmer, householdInput({ phone: "0912 000 222", bankBin: "970405", bankAccountNumber: "700012345678", bankAccountName: "NGUYEN VAN TU" }));
    verifyHousehold(db, officer, household.id, { method: "in_person_id_card" });
    const draft = createListing(db, farmer, household.id, listingInput({ title: "Bưởi da xanh" }));
    const photo = await addPhoto(db, farmer, draft.id, await generatePlaceholderPhoto("Bưởi", 90));
    await processPhotoNow(db, photo.id);
    let c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.[2]).toBe("listing:current:unpublished");
    expect(c?.steps[2].href).toBe(`/ban-hang/san-pham/${draft.id}`);
    expect(c).toMatchObject({ suggestBank: false, needsNationalId: false, canPublish: true });

    suspendHousehold(db, officer, household.id, "Ảnh sản phẩm không đúng hàng thật");
    c = firstSaleChecklist(db, farmer);
    expect(shape(c)?.slice(0, 2)).toEqual(["profile:done:done", "verification:current:suspended"]);
    expect(c?.suspendedReason).toBe("Ảnh sản phẩm không đúng hàng thật");
    expect(c?.officers.map((o) => o.name)).toContain("Cán bộ Trần Văn Ba");
  });

  it("is for farmers only", async () => {
    for (const role of ["buyer", "officer", "admin"] as const) expect(firstSaleChecklist(db, await makeUser(db, role))).toBeNull();
    expect(firstSaleChecklist(db, null)).toBeNull();
  });
});

describe("where a confirmed phone lands", () => {
  it("sends a farmer to the checklist unless they were going somewhere outside the seller section", () => {
    const farmer = { role: "farmer" as const };
    expect(landingAfterPhoneConfirmed(farmer, null)).toBe("/ban-hang");
    expect(landingAfterPhoneConfirmed(farmer, "/ban-hang/dang-ky")).toBe("/ban-hang");
    expect(landingAfterPhoneConfirmed(farmer, "/gio-hang")).toBe("/gio-hang");
    expect(landingAfterPhoneConfirmed(farmer, "//evil.example")).toBe("/ban-hang");
  });

  it("sends a buyer where they were going, or to their account", () => {
    const buyer = { role: "buyer" as const };
    expect(landingAfterPhoneConfirmed(buyer, "/gio-hang")).toBe("/gio-hang");
    expect(landingAfterPhoneConfirmed(buyer, "")).toBe("/tai-khoan");
  });
});
