import { afterAll, describe, expect, it } from "vitest";
import { seedPrices } from "../../db/seed/prices";
import { freshTestDb } from "../../tests/db";
import { getCommodityBySlug } from "./catalog.server";
import { listingPriceHint } from "./hint.server";

describe("listingPriceHint", () => {
  const db = freshTestDb({ adminUnits: true });
  afterAll(() => db.cleanup());

  it("gives the 7-day band of the listing's commodity in the listing's unit, or nothing", async () => {
    await seedPrices(db, { days: 30 });
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
