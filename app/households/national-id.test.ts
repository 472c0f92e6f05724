import { describe, expect, it } from "vitest";
import { maskNationalId, parseNationalId } from "./national-id";

describe("parseNationalId", () => {
  it("takes a 12-digit CCCD typed with spaces or dots", () => {
    expect(parseNationalId("082 095 000 123")).toEqual({ ok: true, value: "082095000123", kind: "cccd" });
    expect(parseNationalId("082.095.000.123")).toEqual({ ok: true, value: "082095000123", kind: "cccd" });
  });
  it("accepts and flags a 9-digit CMND", () => {
    expect(parseNationalId("311234567")).toEqual({ ok: true, value: "311234567", kind: "cmnd" });
  });
  it("refuses other lengths, letters and impossible province codes", () => {
    expect(parseNationalId("12345678")).toEqual({ ok: false, reason: "wrongLength" });
    expect(parseNationalId("0820950001234")).toEqual({ ok: false, reason: "wrongLength" });
    expect(parseNationalId("08209500012a")).toEqual({ ok: false, reason: "invalidCharacters" });
    expect(parseNationalId("000095000123")).toEqual({ ok: false, reason: "badProvince" });
    expect(parseNationalId("099095000123")).toEqual({ ok: false, reason: "badProvince" });
  });
});

describe("maskNationalId", () => {
  it("hides all but the last four digits unless the viewer may see it", () => {
    expect(maskNationalId("082095001234", false)).toBe("********1234");
    expect(maskNationalId("311234567", false)).toBe("*****4567");
    expect(maskNationalId("082095001234", true)).toBe("082095001234");
    expect(maskNationalId(null, false)).toBeNull();
  });
});
