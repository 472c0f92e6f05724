import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import { marketDayStats } from "./market-day.server";
import { upsertObservations, type ObservationInput } from "./observations.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

let mango: number, vinhKim: number, caiBe: number;
const row = (marketId: number, date: string, source: string, min: number, avg: number, max: number, extra: Partial<ObservationInput> = {}): ObservationInput => ({
  commodityId: mango,
  marketId,
  date,
  source,
  unit: "kg",
  minVnd: min,
  maxVnd: max,
  avgVnd: avg,
  ...extra,
});

beforeAll(() => {
  mango = upsertCommodity(db, { slug: "xoai", nameVi: "Xoài", nameEn: "Mango", category: "fruit" }).id;
  vinhKim = upsertMarket(db, { slug: "vinh-kim", name: "Chợ Vĩnh Kim", kind: "wholesale" }).id;
  caiBe = upsertMarket(db, { slug: "cai-be", name: "Chợ nổi Cái Bè", kind: "wholesale" }).id;
  upsertObservations(db, [
    // Vĩnh Kim on 05-31: four reports, 50.000 twice → modal 50.000
    row(vinhKim, "2026-05-31", "officer", 45_000, 50_000, 52_000),
    row(vinhKim, "2026-05-31", "trader-a", 48_000, 50_000, 55_000),
    row(vinhKim, "2026-05-31", "trader-b", 40_000, 42_000, 44_000),
    row(vinhKim, "2026-05-31", "trader-c", 60_000, 61_000, 63_000),
    row(vinhKim, "2026-05-30", "officer", 47_000, 49_000, 51_000),
    // Cái Bè on 05-29: three distinct averages → the middle one
    row(caiBe, "2026-05-29", "officer", 30_000, 35_000, 36_000),
    row(caiBe, "2026-05-29", "trader-a", 38_000, 40_000, 41_000),
    row(caiBe, "2026-05-29", "trader-b", 50_000, 90_000, 95_000),
    // withdrawn reports are never counted
    row(caiBe, "2026-05-29", "trader-c", 1_000, 1_000, 1_000),
  ]);
  db.$client.prepare("UPDATE price_observations SET withdrawn_at = '2026-06-01' WHERE source = 'trader-c' AND market_id = ?").run(caiBe);
});

describe("per market and day", () => {
  it("gives minimum, maximum, modal price and the number of observations of the market-days asked for", () => {
    const days = [
      { marketId: vinhKim, date: "2026-05-31" },
      { marketId: caiBe, date: "2026-05-29" },
    ];
    const stats = marketDayStats(db, { commodityId: mango, from: "2026-05-01", to: "2026-05-31", days });
    expect(stats.map(({ marketSlug, date, minVnd, maxVnd, modalVnd, observations }) => ({ marketSlug, date, minVnd, maxVnd, modalVnd, observations }))).toEqual([
      { marketSlug: "vinh-kim", date: "2026-05-31", minVnd: 40_000, maxVnd: 63_000, modalVnd: 50_000, observations: 4 },
      { marketSlug: "cai-be", date: "2026-05-29", minVnd: 30_000, maxVnd: 95_000, modalVnd: 40_000, observations: 3 },
    ]);
  });

  it("lists every market-day of a range, newest first, and filters by market", () => {
    const stats = marketDayStats(db, { commodityId: mango, from: "2026-05-01", to: "2026-05-31", marketIds: [vinhKim] });
    expect(stats.map((s) => [s.date, s.observations, s.modalVnd])).toEqual([
      ["2026-05-31", 4, 50_000],
      ["2026-05-30", 1, 49_000],
    ]);
  });
});
