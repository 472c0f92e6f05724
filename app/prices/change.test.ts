import { describe, expect, it } from "vitest";
import { comparisonWindow, priceChange } from "./change";

describe("change against 7 and 30 days", () => {
  it("compares with the newest price in the window N..2N days back", () => {
    expect(comparisonWindow("2026-05-10", 7)).toEqual({ from: "2026-04-26", to: "2026-05-03" });
    expect(comparisonWindow("2026-05-10", 30)).toEqual({ from: "2026-03-11", to: "2026-04-10" });
  });

  it("computes the difference and the percentage, rounded to one decimal", () => {
    expect(priceChange(42_000, { avgVnd: 40_000, date: "2026-05-03" })).toEqual({
      direction: "up",
      deltaVnd: 2_000,
      percent: 5,
      previousDate: "2026-05-03",
    });
    expect(priceChange(35_000, { avgVnd: 38_000, date: "2026-05-03" })).toMatchObject({ direction: "down", deltaVnd: -3_000, percent: -7.9 });
    expect(priceChange(38_000, { avgVnd: 38_000, date: "2026-05-03" })).toMatchObject({ direction: "flat", deltaVnd: 0, percent: 0 });
    expect(priceChange(1_000, { avgVnd: 0, date: "2026-05-03" })).toMatchObject({ direction: "up", percent: null });
    expect(priceChange(1_000, null)).toBeNull();
  });
});
