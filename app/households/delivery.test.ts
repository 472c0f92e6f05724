import { describe, expect, it } from "vitest";
import { deliversAnywhere, feeForZone } from "./delivery";

const rule = { pickup: true, feeCommune: 10_000, feeProvince: 25_000, feeElsewhere: null, freeAbove: 300_000 };

describe("feeForZone", () => {
  it("uses the zone's fee below the free amount and 0 from it", () => {
    expect(feeForZone(rule, "commune", 299_999)).toBe(10_000);
    expect(feeForZone(rule, "province", 100_000)).toBe(25_000);
    expect(feeForZone(rule, "province", 300_000)).toBe(0);
  });
  it("returns null where the farm does not deliver, whatever the subtotal", () => {
    expect(feeForZone(rule, "elsewhere", 100_000)).toBeNull();
    expect(feeForZone(rule, "elsewhere", 10_000_000)).toBeNull();
  });
  it("falls back to the wider zone's fee; 0 means free delivery", () => {
    const provinceOnly = { pickup: false, feeCommune: null, feeProvince: 0, feeElsewhere: null, freeAbove: null };
    expect(feeForZone(provinceOnly, "commune", 1)).toBe(0);
    expect(feeForZone(provinceOnly, "elsewhere", 1)).toBeNull();
    expect(deliversAnywhere(provinceOnly)).toBe(true);
    expect(deliversAnywhere({ pickup: true, feeCommune: null, feeProvince: null, feeElsewhere: null, freeAbove: null })).toBe(false);
  });
});
