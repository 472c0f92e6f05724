import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { pricesApiResponse } from "./api.server";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import { upsertObservations, type ObservationInput } from "./observations.server";
import { commodityView, marketDay, priceBand, priceBoard } from "./queries.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

let mango: number, vinhKim: number, caiBe: number;
const TODAY = "2026-05-31";

const demo = (marketId: number, date: string, avgVnd: number): ObservationInput => ({
  commodityId: mango,
  marketId,
  date,
  source: "demo",
  unit: "kg",
  minVnd: avgVnd,
  maxVnd: avgVnd,
  avgVnd,
  isDemo: true,
});

beforeAll(() => {
  mango = upsertCommodity(db, { slug: "xoai", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit" }).id;
  vinhKim = upsertMarket(db, { slug: "vinh-kim", name: "Chợ Vĩnh Kim", kind: "wholesale" }).id;
  caiBe = upsertMarket(db, { slug: "cai-be", name: "Chợ nổi Cái Bè", kind: "wholesale" }).id;
  // Demo series at both markets: 10.000 ₫ a week back and today.
  upsertObservations(db, [demo(vinhKim, "2026-05-24", 10_000), demo(vinhKim, TODAY, 10_000), demo(caiBe, "2026-05-24", 9_000), demo(caiBe, TODAY, 9_000)]);
  // A confirmed officer price at Vĩnh Kim today, the same commodity, market and type.
  upsertObservations(db, [
    { commodityId: mango, marketId: vinhKim, date: TODAY, source: "officer", unit: "kg", minVnd: 44_000, maxVnd: 48_000, avgVnd: 46_200 },
  ]);
});

describe("demo and real observations never mix", () => {
  it("gives the officer's figure alone where a real price exists, with no change against demo prices", () => {
    const view = commodityView(db, { id: mango, defaultUnit: "kg" } as never, { days: 30, marketIds: [vinhKim] });
    expect(view.series).toEqual([{ date: TODAY, minVnd: 44_000, maxVnd: 48_000, avgVnd: 46_200, isDemo: false }]);
    expect(view.byMarket.map((r) => [r.source, r.avgVnd, r.isDemo])).toEqual([["officer", 46_200, false]]);

    const [row] = priceBoard(db, { marketIds: [vinhKim] });
    expect(row).toMatchObject({ avgVnd: 46_200, isDemo: false, change7: null });
    expect(marketDay(db, vinhKim, TODAY).map((r) => r.source)).toEqual(["officer"]);
  });

  it("keeps demo figures, labelled, where no real price exists", () => {
    const [row] = priceBoard(db, { marketIds: [caiBe] });
    expect(row).toMatchObject({ avgVnd: 9_000, isDemo: true });
    expect(row.change7).toMatchObject({ percent: 0 });
    expect(priceBand(db, mango, 7, "kg", TODAY)).toMatchObject({ minVnd: 9_000, maxVnd: 48_000, observations: 2, isDemo: true });
  });

  it("serves the API from the same rule", async () => {
    const response = await pricesApiResponse(db, new Request(`http://x/api/prices?commodity=xoai&from=2026-05-01&to=${TODAY}`));
    const body = (await response.json()) as { data: Array<{ market: string; source: string }> };
    expect(body.data.map((r) => `${r.market}/${r.source}`).sort()).toEqual(["cai-be/demo", "cai-be/demo", "vinh-kim/officer"]);
  });

  it("counts a withdrawn observation nowhere, and the demo figure comes back in its place", () => {
    db.$client.prepare("UPDATE price_observations SET withdrawn_at = '2026-06-01T00:00:00Z' WHERE source = 'officer'").run();
    const [row] = priceBoard(db, { marketIds: [vinhKim] });
    expect(row).toMatchObject({ avgVnd: 10_000, isDemo: true });
    expect(marketDay(db, vinhKim, TODAY).map((r) => r.source)).toEqual(["demo"]);
  });
});
