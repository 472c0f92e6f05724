import { describe, expect, it } from "vitest";
import { HouseholdProfileSchema } from "./schemas";

const base = { kind: "household", representativeName: "Nguyễn Văn Út", phone: "0907000111", communeCode: "28249" };
const area = (farmAreaM2: string) => {
  const r = HouseholdProfileSchema.safeParse({ ...base, farmAreaM2 });
  return r.success ? r.data.farmAreaM2 : r.error.issues.map((i) => i.message);
};

describe("the profile's farm area, as farmers type it", () => {
  it("reads công, ha and m² with the Vietnamese decimal comma (1 công = 1,000 m²)", () => {
    expect(area("2 công")).toBe(2000);
    expect(area("2,5 công")).toBe(2500);
    expect(area("0,3 ha")).toBe(3000);
    expect(area("2500 m2")).toBe(2500);
    expect(area("2.500 m²")).toBe(2500);
    expect(area("1500")).toBe(1500);
    expect(area("")).toBeNull();
  });

  it("reads back what the form shows after saving", () => {
    expect(area("2500 m²")).toBe(2500);
  });

  it("refuses what it cannot read with a message that says how to write it", () => {
    expect(area("hai công")).toEqual(["households:errors.farmAreaInvalid"]);
    expect(area("2 sào")).toEqual(["common:numberInput.areaUnit"]);
    expect(area("2.5 công")).toEqual(["common:numberInput.dotDecimal"]);
    expect(area("0 công")).toEqual(["common:numberInput.zero"]);
  });
});
