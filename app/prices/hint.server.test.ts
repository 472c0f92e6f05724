import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { households, type Role } from "../../db/schema";
import { seedPrices } from "../../db/seed/prices";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { addHousehold, COMMUNES } from "~/catalog/test-fixtures";
import { getCommodityBySlug } from "./catalog.server";
import { listingPageHint, listingPriceHint } from "./hint.server";

const db = freshTestDb({ adminUnits: true });
beforeAll(() => seedPrices(db, { days: 30 }));
afterAll(() => db.cleanup());

describe("listingPriceHint", () => {
  it("gives the 7-day band of the listing's commodity in the listing's unit, or nothing", async () => {
    const mango = getCommodityBySlug(db, "xoai-cat-hoa-loc");
    expect(mango).not.toBeNull();
    const perKg = listingPriceHint(db, mango!.id, "kg");
    expect(perKg?.commoditySlug).toBe("xoai-cat-hoa-loc");
    expect(perKg?.band).toMatchObject({ unit: "kg", days: 7 });
    expect(perKg!.band!.minVnd).toBeLessThanOrEqual(perKg!.band!.maxVnd);
    // A yến is 10 kg: the same band, ten times the price.
    const perYen = listingPriceHint(db, mango!.id, "yen");
    expect(perYen?.band?.minVnd).toBe(perKg!.band!.minVnd * 10);
    expect(listingPriceHint(db, null, "kg")).toBeNull();
    expect(listingPriceHint(db, 999_999, "kg")).toBeNull();
  });
});

describe("listingPageHint: the seller's note on a listing's public page", () => {
  it("carries the band to everyone but marks it for the seller only for whoever sets this listing's price", async () => {
    const mango = getCommodityBySlug(db, "xoai-cat-hoa-loc")!;
    const owner = await makeUser(db, "farmer");
    const otherFarmer = await makeUser(db, "farmer");
    const buyer = await makeUser(db, "buyer");
    const admin = await makeUser(db, "admin");
    const farm = addHousehold(db, { name: "Vườn Tư Lộc", communeCode: COMMUNES.caiBe });
    db.update(households).set({ ownerUserId: owner.id }).where(eq(households.id, farm)).run();

    const hint = (actor: { id: number; role: Role } | null) => listingPageHint(db, actor, farm, mango.id, "kg");
    expect(hint(null)?.band).toMatchObject({ unit: "kg", days: 7 });
    expect(hint(null)?.forSeller).toBe(false);
    expect(hint(buyer)?.forSeller).toBe(false);
    expect(hint(otherFarmer)?.forSeller).toBe(false);
    expect(hint(owner)?.forSeller).toBe(true);
    // Staff may set the price on the farm's behalf.
    expect(hint(admin)?.forSeller).toBe(true);
    expect(listingPageHint(db, owner, farm, null, "kg")).toBeNull();
  });
});
