import { describe, expect, it } from "vitest";
import { shiftMonths, spikeFlag, spikeLevel, type MonthlyPrice } from "./alps";

/** A synthetic monthly series ending in `end` (yyyy-mm): trend + season + deterministic noise. */
function series(months: number, end: string, options: { noise?: number; skip?: (i: number) => boolean } = {}): MonthlyPrice[] {
  const out: MonthlyPrice[] = [];
  const [ey, em] = end.split("-").map(Number);
  const endIndex = ey * 12 + em - 1;
  let seed = 7;
  for (let i = 0; i < months; i++) {
    const index = endIndex - (months - 1 - i);
    seed = (seed * 48271) % 2147483647;
    const noise = ((seed / 2147483647) - 0.5) * 2 * (options.noise ?? 0);
    if (options.skip?.(i)) continue;
    const season = 2000 * Math.sin(((index % 12) / 12) * 2 * Math.PI);
    out.push({ month: `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`, priceVnd: Math.round(20000 + 50 * i + season + noise) });
  }
  return out;
}

describe("spikeFlag", () => {
  const today = "2026-12-03";

  it("reads a series that follows its trend and season as normal", () => {
    const flag = spikeFlag(series(48, "2026-12", { noise: 300 }), "2026-12-01", today);
    expect(flag.status).toBe("normal");
    expect(flag.deviation).toBeLessThan(0.25);
    expect(flag.expectedVnd).not.toBeNull();
    expect(flag.month).toBe("2026-12");
  });

  it("reads an exactly repeating season as normal (σ floor, no division by zero)", () => {
    const flag = spikeFlag(series(48, "2026-12"), "2026-12-01", today);
    expect(flag.status).toBe("normal");
    expect(flag.deviation).toBe(0);
  });

  it("flags a jump of three standard deviations as crisis", () => {
    const base = series(48, "2026-12", { noise: 300 });
    const calm = spikeFlag(base, "2026-12-01", today);
    const last = base.at(-1)!;
    // σ of uniform noise of ±300 is about 173; +3 σ above the fitted trend.
    const jumped = [...base.slice(0, -1), { ...last, priceVnd: (calm.expectedVnd ?? 0) + 3 * 200 }];
    const flag = spikeFlag(jumped, "2026-12-01", today);
    expect(flag.status).toBe("crisis");
    expect(flag.deviation).toBeGreaterThanOrEqual(2);
    expect(flag.actualVnd).toBe((calm.expectedVnd ?? 0) + 600);
  });

  it("says not enough history for two years", () => {
    expect(spikeFlag(series(24, "2026-12", { noise: 300 }), "2026-12-01", today).status).toBe("insufficient");
  });

  it("says not enough history when fewer than 70 % of the months have a price", () => {
    const sparse = series(48, "2026-12", { noise: 300, skip: (i) => i % 2 === 1 && i < 46 });
    expect(spikeFlag(sparse, "2026-12-01", today).status).toBe("insufficient");
  });

  it("withholds the flag when the latest observation is three months old", () => {
    const flag = spikeFlag(series(48, "2026-09", { noise: 300 }), "2026-09-02", today);
    expect(flag.status).toBe("stale");
    expect(flag.deviation).toBeNull();
  });

  it("still shows a flag on a price just under two months old", () => {
    expect(spikeFlag(series(48, "2026-10", { noise: 300 }), "2026-10-04", today).status).not.toBe("stale");
  });

  it("says not enough history for an empty series", () => {
    expect(spikeFlag([], null, today).status).toBe("insufficient");
  });
});

describe("spikeLevel", () => {
  it("uses the ALPS thresholds", () => {
    expect([-1, 0.24, 0.25, 0.99, 1, 1.99, 2, 5].map(spikeLevel)).toEqual(["normal", "normal", "stress", "stress", "alert", "alert", "crisis", "crisis"]);
  });
});

describe("shiftMonths", () => {
  it("clamps the day to the month's length and crosses years", () => {
    expect(shiftMonths("2026-12-31", -10)).toBe("2026-02-28");
    expect(shiftMonths("2026-01-15", -2)).toBe("2025-11-15");
  });
});
