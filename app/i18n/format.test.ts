import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatQuantity } from "./format";

const nbsp = "\u00a0";

describe("formatMoney", () => {
  it("writes VND the Vietnamese way", () => {
    expect(formatMoney(45000, "vi")).toBe(`45.000${nbsp}₫`);
    expect(formatMoney(1250000, "vi")).toBe(`1.250.000${nbsp}₫`);
  });
  it("writes VND the English way", () => {
    expect(formatMoney(45000, "en")).toBe("₫45,000");
  });
  it("refuses non-integer amounts", () => {
    expect(() => formatMoney(1.5, "vi")).toThrow(TypeError);
  });
});

describe("formatDate", () => {
  // 2026-11-23T18:30Z is already 24/11 in Vietnam (UTC+7)
  const late = Date.UTC(2026, 10, 23, 18, 30);
  it("uses dd/MM/yyyy and Vietnam's time zone in Vietnamese", () => {
    expect(formatDate(late, "vi")).toBe("24/11/2026");
  });
  it("uses a readable English date", () => {
    expect(formatDate(late, "en")).toBe("24 Nov 2026");
  });
  it("shows 24-hour time in Vietnam", () => {
    expect(formatDateTime(late, "vi")).toBe("01:30 24/11/2026");
  });
});

describe("formatQuantity", () => {
  it("uses the locale's decimal mark", () => {
    expect(formatQuantity(12.5, "kg", "vi")).toBe(`12,5${nbsp}kg`);
    expect(formatQuantity(12.5, "kg", "en")).toBe(`12.5${nbsp}kg`);
  });
});
