import { describe, expect, it } from "vitest";
import { axisTicks, priceChart, thin } from "./chart.server";

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("chart axis labels", () => {
  it("uses dd/mm within a year and adds the year when the range crosses one", () => {
    expect(axisTicks([d("2026-03-01")], { from: "2026-01-01", to: "2026-06-30" }, "vi")[0].label).toBe("01/03");
    expect(axisTicks([d("2026-01-01")], { from: "2025-11-01", to: "2026-02-01" }, "vi")[0].label).toBe("01/01/2026");
    expect(axisTicks([d("2026-01-01")], { from: "2025-11-01", to: "2026-02-01" }, "en")[0].label).toBe("01/01/2026");
  });

  it("uses mm/yyyy for ranges of several years", () => {
    expect(axisTicks([d("2024-07-01")], { from: "2020-01-15", to: "2026-11-30" }, "vi")[0].label).toBe("07/2024");
  });

  it("thins labels that would overlap and keeps the outermost inside the drawing", () => {
    const ticks = [0, 60, 120, 180, 240, 300, 358].map((x) => ({ x, label: "01/01/2026" }));
    const kept = thin(ticks, 360);
    expect(kept.length).toBeLessThan(ticks.length);
    for (let i = 1; i < kept.length; i++) expect(kept[i].x - kept[i - 1].x).toBeGreaterThanOrEqual(70);
    expect(Math.min(...kept.map((t) => t.x - 35))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...kept.map((t) => t.x + 35))).toBeLessThanOrEqual(360);
  });

  it("leaves room on the left for seven-figure prices", () => {
    const chart = priceChart(
      [
        { date: "2026-01-01", minVnd: 1_100_000, maxVnd: 1_300_000, avgVnd: 1_200_000 },
        { date: "2026-02-01", minVnd: 1_150_000, maxVnd: 1_350_000, avgVnd: 1_250_000 },
      ],
      { from: "2026-01-01", to: "2026-02-01" },
      "vi",
    )!;
    const widest = Math.max(...chart.yTicks.map((t) => t.label.length));
    expect(widest).toBe(9);
    expect(chart.plot.left).toBeGreaterThan(50);
  });
});
