import { describe, expect, it } from "vitest";
import { convertible, convertPrice, convertQuantity, parseUnit } from "./units";

describe("unit conversion", () => {
  it("converts quantities between kg, yến, tạ and tấn", () => {
    expect(convertQuantity(2, "ta", "kg")).toBe(200);
    expect(convertQuantity(3, "yen", "kg")).toBe(30);
    expect(convertQuantity(1, "tan", "ta")).toBe(10);
    expect(convertQuantity(250, "kg", "tan")).toBe(0.25);
    expect(convertQuantity(5, "kg", "kg")).toBe(5);
  });

  it("converts prices the other way from quantities, to whole VND", () => {
    expect(convertPrice(3_500_000, "ta", "kg")).toBe(35_000);
    expect(convertPrice(35_000, "kg", "yen")).toBe(350_000);
    expect(convertPrice(8_400, "kg", "tan")).toBe(8_400_000);
    expect(convertPrice(10_001, "yen", "kg")).toBe(1_000);
    expect(convertPrice(12_345, "kg", "kg")).toBe(12_345);
  });

  it("keeps chục and trái as their own units", () => {
    expect(convertQuantity(1, "dozen", "kg")).toBeNull();
    expect(convertPrice(120_000, "dozen", "kg")).toBeNull();
    expect(convertPrice(20_000, "kg", "fruit")).toBeNull();
    expect(convertPrice(120_000, "dozen", "dozen")).toBe(120_000);
    expect(convertible("dozen", "fruit")).toBe(false);
    expect(convertible("ta", "tan")).toBe(true);
  });

  it("reads units as written in files and forms", () => {
    expect(parseUnit("KG")).toBe("kg");
    expect(parseUnit("tạ")).toBe("ta");
    expect(parseUnit("Yến")).toBe("yen");
    expect(parseUnit("tấn")).toBe("tan");
    expect(parseUnit("chục")).toBe("dozen");
    expect(parseUnit("trái")).toBe("fruit");
    expect(parseUnit("$/mt")).toBeNull();
    expect(parseUnit("bushel")).toBeNull();
  });

  it("reads a unit the way every name is folded: spaces around it, a leading slash, decomposed marks", () => {
    expect(parseUnit(" /kg ")).toBe("kg");
    expect(parseUnit("\u00a0/Tạ.")).toBe("ta");
    expect(parseUnit("chu\u0323c")).toBe("dozen");
    expect(parseUnit("ĐỒNG")).toBeNull();
  });
});
