import { describe, expect, it } from "vitest";
import { markedKey, parseUnitName } from "./names";

describe("parseUnitName", () => {
  it("strips full unit words with or without marks, in any case", () => {
    expect(parseUnitName("Xã Hòa Hưng")).toEqual({ type: "xa", name: "hoa hung" });
    expect(parseUnitName("xa hoa hung")).toEqual({ type: "xa", name: "hoa hung", unsure: true });
    expect(parseUnitName("THỊ TRẤN Cái Bè")).toEqual({ type: "thi tran", name: "cai be" });
    expect(parseUnitName("Thị xã Cai Lậy")).toEqual({ type: "thi xa", name: "cai lay" });
    expect(parseUnitName("Thành phố Mỹ Tho")).toEqual({ type: "thanh pho", name: "my tho" });
    expect(parseUnitName("Huyện Cái Bè")).toEqual({ type: "huyen", name: "cai be" });
    expect(parseUnitName("Quận Ba Đình")).toEqual({ type: "quan", name: "ba dinh" });
    expect(parseUnitName("Tỉnh Tiền Giang")).toEqual({ type: "tinh", name: "tien giang" });
    expect(parseUnitName("Đặc khu Côn Đảo")).toEqual({ type: "dac khu", name: "con dao" });
  });

  it("strips abbreviations with or without dots", () => {
    expect(parseUnitName("X. Hòa Hưng")).toEqual({ type: "xa", name: "hoa hung" });
    expect(parseUnitName("H. Cái Bè")).toEqual({ type: "huyen", name: "cai be" });
    expect(parseUnitName("TP Mỹ Tho")).toEqual({ type: "thanh pho", name: "my tho" });
    expect(parseUnitName("TP.Mỹ Tho")).toEqual({ type: "thanh pho", name: "my tho" });
    expect(parseUnitName("tx. Gò Công")).toEqual({ type: "thi xa", name: "go cong" });
    expect(parseUnitName("TT Cái Bè")).toEqual({ type: "thi tran", name: "cai be" });
    expect(parseUnitName("T. Tiền Giang")).toEqual({ type: "tinh", name: "tien giang" });
    expect(parseUnitName("Q.1")).toEqual({ type: "quan", name: "1" });
  });

  it("reads numbered wards however they are written", () => {
    for (const text of ["Phường 1", "P1", "P.1", "p. 01", "phuong 01", "Phường 01"]) {
      expect(parseUnitName(text)).toMatchObject({ type: "phuong", name: "1" });
    }
  });

  it("does not take a name for a unit word", () => {
    // "Phương" (no grave accent) is part of the name, not "Phường".
    expect(parseUnitName("Phương Thịnh")).toEqual({ name: "phuong thinh" });
    expect(parseUnitName("Quang Trung")).toEqual({ name: "quang trung" });
    expect(parseUnitName("Tân Phú")).toEqual({ name: "tan phu" });
  });
});

describe("markedKey", () => {
  it("ignores where the tone mark sits but not the tone", () => {
    expect(markedKey("Thanh Hoà")).toBe(markedKey("Thanh Hòa"));
    expect(markedKey("Thạnh Hoà")).not.toBe(markedKey("Thanh Hòa"));
    expect(markedKey("Mỹ Tho".normalize("NFD"))).toBe(markedKey("Mỹ Tho"));
  });
});
