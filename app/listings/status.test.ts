import { describe, expect, it } from "vitest";
import { LISTING_STATUSES } from "./options";
import { canTransition, STATUS_TRANSITIONS, statusAfterStockChange } from "./status";

describe("listing status map", () => {
  it("follows draft → published → paused / sold_out → archived", () => {
    expect(canTransition("draft", "published")).toBe(true);
    expect(canTransition("published", "paused")).toBe(true);
    expect(canTransition("published", "sold_out")).toBe(true);
    expect(canTransition("paused", "published")).toBe(true);
    expect(canTransition("sold_out", "archived")).toBe(true);
    expect(canTransition("archived", "draft")).toBe(true);
  });

  it("refuses jumps the map does not allow", () => {
    expect(canTransition("draft", "paused")).toBe(false);
    expect(canTransition("draft", "sold_out")).toBe(false);
    expect(canTransition("archived", "published")).toBe(false);
    expect(canTransition("published", "draft")).toBe(false);
  });

  it("never maps a status to itself and covers every status", () => {
    for (const status of LISTING_STATUSES) {
      expect(STATUS_TRANSITIONS[status]).not.toContain(status);
      for (const to of STATUS_TRANSITIONS[status]) expect(LISTING_STATUSES).toContain(to);
    }
  });

  it("sells out at stock 0 and goes back on sale when stock returns", () => {
    expect(statusAfterStockChange("published", 0)).toBe("sold_out");
    expect(statusAfterStockChange("sold_out", 5)).toBe("published");
    expect(statusAfterStockChange("sold_out", 0)).toBe("sold_out");
    expect(statusAfterStockChange("draft", 0)).toBe("draft");
    expect(statusAfterStockChange("paused", 0)).toBe("paused");
  });
});
