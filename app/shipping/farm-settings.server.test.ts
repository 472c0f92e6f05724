import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { AppError } from "~/lib/errors";
import { OTHER_COMMUNE, TEST_COMMUNE, verifiedSeller } from "~/listings/test-utils";
import { farmShippingSettings, saveFarmShipping, type FarmShippingInput } from "./farm-settings.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const input = (overrides: Partial<FarmShippingInput> = {}): FarmShippingInput => ({
  carriers: ["ghn"],
  pickupName: "  Nguyễn Văn Tư ",
  pickupPhone: "0912 345 678",
  pickupCommuneCode: OTHER_COMMUNE,
  pickupAddressLine: "Ấp 3, đường đê",
  weightTolerancePct: "15",
  ...overrides,
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("a farm's delivery settings", () => {
  it("before any save: no partner, the household's name, phone and address, 10 % tolerance", async () => {
    const { household } = await verifiedSeller(db);
    expect(farmShippingSettings(db, household)).toEqual({
      carriers: [],
      pickupName: household.displayName,
      pickupPhone: household.phone,
      pickupCommuneCode: TEST_COMMUNE,
      pickupAddressLine: household.addressLine,
      weightTolerancePct: 10,
    });
  });

  it("the owner saves them, cleaned (phone in E.164), and saves again over them", async () => {
    const { farmer, household } = await verifiedSeller(db);
    saveFarmShipping(db, farmer, household.id, input(), ["ghn", "ghtk"]);
    expect(farmShippingSettings(db, household)).toEqual({
      carriers: ["ghn"],
      pickupName: "Nguyễn Văn Tư",
      pickupPhone: "+84912345678",
      pickupCommuneCode: OTHER_COMMUNE,
      pickupAddressLine: "Ấp 3, đường đê",
      weightTolerancePct: 15,
    });
    saveFarmShipping(db, farmer, household.id, input({ carriers: [], weightTolerancePct: "0" }), ["ghn", "ghtk"]);
    expect(farmShippingSettings(db, household)).toMatchObject({ carriers: [], weightTolerancePct: 0 });
  });

  it("refuses each bad field on that field: a partner not configured, tolerance outside 0–50, no commune, bad phone, empty name or address", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const cases: Array<[Partial<FarmShippingInput>, string, string]> = [
      [{ carriers: ["ghtk"] }, "carriers", "shipping:settings.errors.carrierUnavailable"],
      [{ carriers: ["farm"] }, "carriers", "shipping:settings.errors.carrierUnavailable"],
      [{ weightTolerancePct: "51" }, "weightTolerancePct", "shipping:settings.errors.tolerance"],
      [{ weightTolerancePct: "-1" }, "weightTolerancePct", "shipping:settings.errors.tolerance"],
      [{ weightTolerancePct: "7.5" }, "weightTolerancePct", "shipping:settings.errors.tolerance"],
      [{ weightTolerancePct: "" }, "weightTolerancePct", "shipping:settings.errors.tolerance"],
      [{ pickupCommuneCode: "" }, "pickupCommuneCode", "shipping:settings.errors.communeRequired"],
      [{ pickupPhone: "12ab" }, "pickupPhone", "accounts:phone.invalidCharacters"],
      [{ pickupName: "   " }, "pickupName", "shipping:settings.errors.required"],
      [{ pickupAddressLine: "" }, "pickupAddressLine", "shipping:settings.errors.required"],
      [{ pickupAddressLine: "x".repeat(201) }, "pickupAddressLine", "shipping:settings.errors.tooLong"],
    ];
    for (const [overrides, field, key] of cases) {
      const error = refusal(() => saveFarmShipping(db, farmer, household.id, input(overrides), ["ghn"]));
      expect([error.field, error.messageKey]).toEqual([field, key]);
    }
    expect(farmShippingSettings(db, household).carriers).toEqual([]);
  });

  it("the area's officer may save on the farm's behalf; another farmer may not", async () => {
    const { officer, household } = await verifiedSeller(db);
    saveFarmShipping(db, officer, household.id, input({ weightTolerancePct: "20" }), ["ghn"]);
    expect(farmShippingSettings(db, household).weightTolerancePct).toBe(20);
    const logged = db.select().from(activityLog).where(eq(activityLog.householdId, household.id)).all();
    expect(logged.map((l) => [l.actorUserId, l.action, l.detail])).toContainEqual([officer.id, "household.update", { fields: "shipping" }]);
    const stranger = await makeUser(db, "farmer");
    expect(refusal(() => saveFarmShipping(db, stranger, household.id, input(), ["ghn"])).messageKey).toBe("households:errors.notYourHousehold");
  });
});
