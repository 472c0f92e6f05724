import { describe, expect, it } from "vitest";
import { CHART, onboardingChart } from "./chart.server";

const points = [
  { start: "2026-01-01", registered: 10, activated: 4, verified: 0 },
  { start: "2026-02-01", registered: 20, activated: 10, verified: 5 },
  { start: "2026-03-01", registered: 40, activated: 20, verified: 10 },
];

describe("onboardingChart", () => {
  it("draws one line per stage across the plot, registered on top", () => {
    const chart = onboardingChart(points, "month", "vi")!;
    expect(chart.lines.map((l) => l.key)).toEqual(["registered", "activated", "verified"]);
    const [registered, , verified] = chart.lines;
    // First point at the left edge, last at the right edge; y grows downwards.
    expect(registered.dots[0].x).toBe(CHART.left);
    expect(registered.dots[2].x).toBe(CHART.width - CHART.right);
    expect(registered.dots[2].y).toBeLessThan(verified.dots[2].y);
    expect(verified.dots[0].y).toBe(CHART.height - CHART.bottom);
    expect(registered.path).toMatch(/^M52,/);
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
