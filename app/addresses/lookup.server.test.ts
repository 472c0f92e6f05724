import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formerDistricts, getUnit, listCurrentCommunes, listProvinces } from "./lookup.server";

let db: ReturnType<typeof freshTestDb>;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
});
afterAll(() => db.cleanup());

describe("helpers", () => {
  it("getUnit keys by set and code", () => {
    expect(getUnit(db, "current", "82")).toMatchObject({ name: "Tỉnh Đồng Tháp", level: "province" });
    expect(getUnit(db, "2025-03-01", "82")).toMatchObject({ name: "Tỉnh Tiền Giang", level: "province" });
    expect(getUnit(db, "2025-03-01", "28432")).toMatchObject({ districtName: "Huyện Cái Bè", provinceName: "Tỉnh Tiền Giang" });
    expect(getUnit(db, "current", "99999")).toBeNull();
  });

  it("lists provinces and the communes of one for pickers", () => {
    const provinces = listProvinces(db);
    expect(provinces).toHaveLength(34);
    expect(provinces[0].shortName).toBe("An Giang");
    const communes = listCurrentCommunes(db, "82");
    expect(communes).toHaveLength(102);
    expect(communes.find((c) => c.code === "28249")).toEqual({ code: "28249", name: "Phường Đạo Thạnh", shortName: "Đạo Thạnh", type: "Phường" });
  });

  it("lists the former districts now in a province (old Tiền Giang and old Đồng Tháp for 82)", () => {
    const districts = formerDistricts(db, "82");
    expect(new Set(districts.map((d) => d.provinceCode))).toEqual(new Set(["82", "87"]));
    expect(districts.filter((d) => d.provinceCode === "82")).toHaveLength(11);
    expect(districts.find((d) => d.code === "819")).toEqual({ code: "819", name: "Huyện Cái Bè", provinceCode: "82", provinceName: "Tỉnh Tiền Giang" });
  });
});
