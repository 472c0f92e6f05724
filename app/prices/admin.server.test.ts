import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { seedDemoData } from "../../db/seed";
import { addCommodity, addMarket, correctObservation, findObservations, mergeCommodities, mergeMarkets, renameCommodity, withdrawObservation } from "./admin.server";
import { getCommodityBySlug, getMarketBySlug, matchCommodity } from "./catalog.server";
import { upsertObservations } from "./observations.server";
import { marketDay } from "./queries.server";
import { loadReferenceData } from "./reference.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());
const admin = { id: 0, role: "admin" as const };
const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;
const actions = () => (db.$client.prepare("SELECT action FROM activity_log ORDER BY id").all() as Array<{ action: string }>).map((r) => r.action);

beforeAll(async () => {
  await seedDemoData(db);
  admin.id = one<{ id: number }>("SELECT id FROM users WHERE role = 'admin'").id;
  db.$client.prepare("DELETE FROM activity_log").run();
});

describe("price reference administration", () => {
  it("adds and renames a commodity, keeping the old name findable, and logs both", () => {
    const added = addCommodity(db, admin, { nameVi: "Mít Thái", nameEn: "Thai jackfruit", category: "fruit", defaultUnit: "kg" });
    expect(added.slug).toBe("mit-thai");
    renameCommodity(db, admin, added.id, { nameVi: "Mít Thái siêu sớm", nameEn: "Early Thai jackfruit" });
    expect(matchCommodity(db, "Mít Thái")).toBe(added.id);
    expect(actions()).toEqual(["commodity.add", "commodity.rename"]);
    expect(() => addCommodity(db, admin, { nameVi: " ", nameEn: "x", category: "fruit", defaultUnit: "kg" })).toThrow(/nameRequired/);
  });

  it("merges a commodity: observations, listings and names move to the kept one, and the reference load does not bring it back", () => {
    const keep = getCommodityBySlug(db, "xoai-cat-chu")!;
    const gone = getCommodityBySlug(db, "xoai-cat-hoa-loc")!;
    // The demo series of both share markets and days (duplicates); an officer's report does not.
    upsertObservations(db, [{ commodityId: gone.id, marketId: getMarketBySlug(db, "cho-my-tho")!.id, date: "2026-01-05", source: "officer", priceType: "retail", unit: "kg", minVnd: 60_000, maxVnd: 70_000, avgVnd: 65_000 }]);
    const goneBefore = one<{ n: number }>("SELECT COUNT(*) AS n FROM price_observations WHERE commodity_id = ?", gone.id).n;
    const listingsBefore = one<{ n: number }>("SELECT COUNT(*) AS n FROM listings WHERE commodity_id = ?", gone.id).n;
    expect(listingsBefore).toBeGreaterThan(0);

    const watcher = one<{ id: number }>("SELECT id FROM users WHERE role = 'buyer'").id;
    const alertId = one<{ id: number }>(
      "INSERT INTO price_alerts (user_id, commodity_id, kind, threshold_vnd, created_at) VALUES (?, ?, 'above', 80000, ?) RETURNING id",
      watcher,
      gone.id,
      Date.now(),
    ).id;

    const result = mergeCommodities(db, admin, keep.id, gone.id);
    // A buyer's price alert follows the commodity it watched instead of vanishing with it.
    expect(one<{ commodity_id: number }>("SELECT commodity_id FROM price_alerts WHERE id = ?", alertId).commodity_id).toBe(keep.id);
    expect(result.moved + result.duplicates).toBe(goneBefore);
    expect(result.moved).toBe(1);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM price_observations WHERE commodity_id = ?", gone.id).n).toBe(0);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM listings WHERE commodity_id = ?", keep.id).n).toBeGreaterThanOrEqual(listingsBefore);
    expect(matchCommodity(db, "Xoài cát Hòa Lộc")).toBe(keep.id);
    expect(matchCommodity(db, "xoai-cat-hoa-loc")).toBe(keep.id);

    expect(loadReferenceData(db)).toEqual({ commoditiesAdded: 0, commoditiesUpdated: 0, marketsAdded: 0, marketsUpdated: 0 });
    expect(getCommodityBySlug(db, "xoai-cat-hoa-loc")).toBeNull();
    expect(actions().at(-1)).toBe("commodity.merge");
    expect(() => mergeCommodities(db, admin, keep.id, keep.id)).toThrow(/mergeSame/);
  });

  it("adds a market in a current commune and merges it into another", () => {
    const added = addMarket(db, admin, { name: "Chợ Cai Lậy", kind: "retail", communeCode: "28439" });
    expect(added.provinceCode).toBe("82");
    expect(() => addMarket(db, admin, { name: "Chợ X", kind: "retail", communeCode: "99999" })).toThrow(/badCommune/);
    const keep = getMarketBySlug(db, "cho-my-tho")!;
    mergeMarkets(db, admin, keep.id, added.id);
    expect(getMarketBySlug(db, "cho-cai-lay")).toBeNull();
    expect(actions().slice(-2)).toEqual(["market.add", "market.merge"]);
  });

  it("corrects and withdraws an observation; a withdrawn one is kept but no longer counted", () => {
    const market = getMarketBySlug(db, "cho-dau-moi-trai-cay-vinh-kim")!;
    const [row] = findObservations(db, { marketId: market.id });
    expect(() => correctObservation(db, admin, row.id, { min: "50.000", avg: "40.000", max: "60.000" })).toThrow(/priceOrder/);
    correctObservation(db, admin, row.id, { min: "40.000", avg: "45.000", max: "50.000" });
    expect(one<{ avg_vnd: number }>("SELECT avg_vnd FROM price_observations WHERE id = ?", row.id).avg_vnd).toBe(45_000);

    const before = marketDay(db, market.id, row.date).length;
    withdrawObservation(db, admin, row.id);
    expect(marketDay(db, market.id, row.date)).toHaveLength(before - 1);
    expect(findObservations(db, { marketId: market.id, date: row.date }).find((r) => r.id === row.id)?.withdrawn).toBe(true);
    expect(actions().slice(-2)).toEqual(["price.correct", "price.withdraw"]);
  });
});
