import { describe, expect, it } from "vitest";
import { median, outlierFlag } from "./outliers";

describe("outlier flagging", () => {
  it("takes the median of odd and even lists", () => {
    expect(median([40_000, 35_000, 42_000])).toBe(40_000);
    expect(median([30_000, 40_000])).toBe(35_000);
    expect(median([])).toBeNull();
  });

  it("flags an extra zero and a missing zero, not ordinary moves", () => {
    expect(outlierFlag(400_000, 40_000)).toBe("high");
    expect(outlierFlag(4_000, 40_000)).toBe("low");
    expect(outlierFlag(55_000, 40_000)).toBeNull();
    expect(outlierFlag(20_000, 40_000)).toBeNull();
    // exactly 3× is still accepted
    expect(outlierFlag(120_000, 40_000)).toBeNull();
    expect(outlierFlag(120_001, 40_000)).toBe("high");
  });

  it("says nothing without a history", () => {
    expect(outlierFlag(400_000, null)).toBeNull();
    expect(outlierFlag(400_000, 0)).toBeNull();
  });
});
