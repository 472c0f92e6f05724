import { describe, expect, it } from "vitest";
import { pagerSlots, type PagerSlot } from "./pager";

/** Every page between two shown numbers is either shown or marked by a gap. */
function skipsNothing(slots: PagerSlot[]): boolean {
  for (let i = 1; i < slots.length; i++) {
    const before = slots[i - 1];
    const here = slots[i];
    if (typeof before === "number" && typeof here === "number" && here !== before + 1) return false;
  }
  return true;
}

describe("pagerSlots", () => {
  it("shows nothing without pages and one number for one page", () => {
    expect(pagerSlots(1, 0)).toEqual([]);
    expect(pagerSlots(1, 1)).toEqual([1]);
  });

  it("never jumps from 2 to 4 on the first page of four (the bug: 1 2 4)", () => {
    expect(pagerSlots(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pagerSlots(1, 5)).toEqual([1, 2, "gap", 5]);
    expect(pagerSlots(1, 3)).toEqual([1, 2, 3]);
  });

  it("fills a one-page hole instead of drawing a gap", () => {
    expect(pagerSlots(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pagerSlots(3, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps first, last and current ±1 with gaps on long runs", () => {
    expect(pagerSlots(10, 20)).toEqual([1, "gap", 9, 10, 11, "gap", 20]);
    expect(pagerSlots(20, 20)).toEqual([1, "gap", 19, 20]);
    expect(pagerSlots(2, 20)).toEqual([1, 2, 3, "gap", 20]);
  });

  it("clamps a page outside the range", () => {
    expect(pagerSlots(0, 5)).toEqual([1, 2, "gap", 5]);
    expect(pagerSlots(99, 5)).toEqual([1, "gap", 4, 5]);
  });

  it("skips no page without a mark, for every page of every length up to 30", () => {
    for (let count = 1; count <= 30; count++) {
      for (let page = 1; page <= count; page++) {
        const slots = pagerSlots(page, count);
        expect(skipsNothing(slots), `${page}/${count}: ${slots.join(" ")}`).toBe(true);
        expect(slots[0]).toBe(1);
        expect(slots.at(-1)).toBe(count);
        for (const near of [page - 1, page, page + 1].filter((p) => p >= 1 && p <= count)) expect(slots).toContain(near);
      }
    }
  });
});
