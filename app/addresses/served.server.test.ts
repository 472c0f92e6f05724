import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { isAppError } from "~/lib/errors";
import { resetEnvForTests } from "~/lib/env.server";
import { createOwnHousehold } from "~/households/profile.server";
import { profileFormOptions } from "~/households/forms.server";
import { householdInput } from "~/listings/test-utils";
import { isServedProvince, servedCommuneOptions, servedProvinceCodes } from "./served.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());
afterEach(() => {
  delete process.env.SERVED_PROVINCE_CODES;
  resetEnvForTests();
});

const serve = (codes: string) => {
  process.env.SERVED_PROVINCE_CODES = codes;
  resetEnvForTests();
};
/** A current commune of Vĩnh Long (86), a neighbour of the home province. */
const vinhLongCommune = () =>
  (db.$client.prepare("SELECT code FROM admin_units WHERE set_id = 'current' AND level = 'commune' AND parent_code = '86' ORDER BY code LIMIT 1").pluck().get() as string);

describe("the provinces a market serves", () => {
  it("is the home province alone by default", () => {
    expect(servedProvinceCodes()).toEqual(["82"]);
    expect(isServedProvince("86")).toBe(false);
  });

  it("adds the provinces the operator lists, home first, each once", () => {
    serve(" 86, 82,92 ");
    expect(servedProvinceCodes()).toEqual(["82", "86", "92"]);
  });

  it("refuses a farm outside the served provinces, naming them, and accepts it once its province is served", async () => {
    const code = vinhLongCommune();
    const farmer = await makeUser(db, "farmer");
    let refused: unknown;
    try {
      createOwnHousehold(db, farmer, householdInput({ communeCode: code }));
    } catch (error) {
      refused = error;
    }
    expect(isAppError(refused) && refused.messageKey).toBe("households:errors.communeOutsideProvince");
    expect(isAppError(refused) && refused.params).toMatchObject({ provinces: expect.stringContaining("Đồng Tháp") });

    serve("86");
    const household = createOwnHousehold(db, farmer, householdInput({ communeCode: code }));
    expect(household.communeCode).toBe(code);
  });

  it("offers the communes of every served province, each naming its province when there are several", () => {
    const home = profileFormOptions(db).communes;
    expect(home.every((c) => !c.name.includes("("))).toBe(true);
    serve("86");
    const both = servedCommuneOptions(db);
    expect(both.length).toBeGreaterThan(home.length);
    expect(both.find((c) => c.code === vinhLongCommune())?.name).toMatch(/\(Tỉnh Vĩnh Long\)$/);
    expect(profileFormOptions(db).provinceName).toMatch(/Đồng Tháp, Tỉnh Vĩnh Long$/);
  });
});
