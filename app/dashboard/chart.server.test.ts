import { describe, expect, it } from "vitest";
import { CHART, LISTING_KEYS, onboardingChart } from "./chart.server";
import type { SeriesPoint } from "./series.server";

const point = (start: string, [registered, activated, verified, listed, sold]: number[], listingsPublished = 0, productsListed = 0): SeriesPoint => ({
  start,
  registered,
  activated,
  verified,
  listed,
  sold,
  added: { registered: 0, activated: 0, verified: 0, listed: 0, sold: 0 },
  listingsPublished,
  productsListed,
});

const points = [
  point("2026-01-01", [10, 4, 0, 0, 0], 2, 1),
  point("2026-02-01", [20, 10, 5, 3, 1], 8, 3),
  point("2026-03-01", [40, 20, 10, 6, 2], 5, 2),
];

describe("onboardingChart", () => {
  it("draws one line per stage across the plot, registered on top", () => {
    const chart = onboardingChart(points, "month", "vi")!;
    expect(chart.lines.map((l) => l.key)).toEqual(["registered", "activated", "verified", "listed", "sold"]);
    const [registered, , verified] = chart.lines;
    // First point at the left edge, last at the right edge; y grows downwards.
    expect(registered.dots[0].x).toBe(CHART.left);
    expect(registered.dots[2].x).toBe(CHART.width - CHART.right);
    expect(registered.dots[2].y).toBeLessThan(verified.dots[2].y);
    expect(verified.dots[0].y).toBe(CHART.height - CHART.bottom);
    expect(registered.path).toMatch(/^M52,/);
  });

  it("draws listings and products per period on a scale of their own", () => {
    const chart = onboardingChart(points, "month", "en", LISTING_KEYS)!;
    expect(chart.lines.map((l) => l.key)).toEqual(["listingsPublished", "productsListed"]);
    // The largest value drawn (8 listings in February) sets the scale, not the 40 households.
    expect(chart.yTicks.at(-1)!.label).toBe("8");
    expect(chart.lines[0].dots[1].y).toBe(CHART.top);
  });

  it("labels months as MM/yyyy and counts in the locale's digits", () => {
    const chart = onboardingChart(points, "month", "vi")!;
    expect(chart.xTicks.map((t) => t.label)).toEqual(["01/2026", "02/2026", "03/2026"]);
    expect(chart.yTicks.map((t) => t.label)).toEqual(["0", "10", "20", "30", "40"]);
  });

  it("draws a single point and nothing for an empty series", () => {
    const chart = onboardingChart([points[0]], "week", "en")!;
    expect(chart.lines[0].dots).toHaveLength(1);
    expect(chart.xTicks.map((t) => t.label)).toEqual(["01/01"]);
    expect(onboardingChart([], "month", "vi")).toBeNull();
  });
});
