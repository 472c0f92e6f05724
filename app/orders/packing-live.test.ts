import { describe, expect, it } from "vitest";
import { fill, livePacking, previewParagraphs, type LiveFigures, type PreviewTexts } from "./packing-live";

// 20 kg at 45.000 ₫ and two counted boxes at 10.000 ₫, 30.000 ₫ delivery.
const figures = (paidCapVnd: number | null = null): LiveFigures => ({
  subtotalVnd: 920_000,
  deliveryFeeVnd: 30_000,
  totalVnd: 950_000,
  tolerancePct: 10,
  paidCapVnd,
  lines: [
    { itemId: 1, unit: "kg", priceVnd: 45_000, ordered: 20, orderedLineTotalVnd: 900_000, weighed: true },
    { itemId: 2, unit: "box", priceVnd: 10_000, ordered: 2, orderedLineTotalVnd: 20_000, weighed: false },
  ],
});

const texts: PreviewTexts = {
  newTotal: "New total: {newTotal} (ordered: {oldTotal})",
  unchanged: "As ordered.",
  within: "Within ±10%.",
  beyond: "Beyond ±10%.",
  capped: "Held at {total}.",
  refund: "Refund {amount}.",
};
const money = (vnd: number) => `${vnd} VND`;

describe("live packing", () => {
  it("prices the weight as typed, the Vietnamese way, and says it is within the tolerance", () => {
    const live = livePacking(figures(), new Map([[1, "19,5"]]));
    expect(live.problems.size).toBe(0);
    expect(live.lineTotals).toEqual(new Map([[1, 877_500]]));
    expect(live.preview).toMatchObject({ oldTotalVnd: 950_000, newTotalVnd: 927_500, withinTolerance: true, unchanged: false, refundVnd: 0 });
    expect(previewParagraphs(live.preview!, texts, money)).toEqual(["New total: 927500 VND (ordered: 950000 VND)", "Within ±10%."]);
  });

  it("refuses a dot decimal with the spelling suggested, and shows no preview", () => {
    const live = livePacking(figures(), new Map([[1, "19.5"]]));
    expect(live.problems.get(1)).toEqual({ key: "dotDecimalSuggest", suggestion: "19,5" });
    expect(live.preview).toBeNull();
    expect(live.lineTotals.size).toBe(0);
  });

  it("names the reason for a negative or empty weight", () => {
    expect(livePacking(figures(), new Map([[1, "-3"]])).problems.get(1)?.key).toBe("negative");
    expect(livePacking(figures(), new Map([[1, " "]])).problems.get(1)?.key).toBe("empty");
  });

  it("holds a prepaid order at what was paid and refunds a lighter one", () => {
    const heavier = livePacking(figures(950_000), new Map([[1, "21"]])).preview!;
    expect(heavier).toMatchObject({ newTotalVnd: 950_000, capped: true, refundVnd: 0 });
    expect(previewParagraphs(heavier, texts, money)).toEqual(["New total: 950000 VND (ordered: 950000 VND)", "Within ±10%.", "Held at 950000 VND."]);
    const lighter = livePacking(figures(950_000), new Map([[1, "15"]])).preview!;
    expect(lighter).toMatchObject({ newTotalVnd: 725_000, withinTolerance: false, refundVnd: 225_000 });
    expect(previewParagraphs(lighter, texts, money).slice(1)).toEqual(["Beyond ±10%.", "Refund 225000 VND."]);
  });

  it("reads an untouched line as ordered", () => {
    expect(livePacking(figures(), new Map()).preview).toMatchObject({ unchanged: true, newTotalVnd: 950_000 });
  });
});

describe("fill", () => {
  it("fills the named holes and leaves unknown ones", () => {
    expect(fill("Có phải ý bạn là {suggestion}? {other}", { suggestion: "19,5" })).toBe("Có phải ý bạn là 19,5? {other}");
  });
});
