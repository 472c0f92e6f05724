import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { seedPrices } from "../../db/seed/prices";
import { priceBand, priceBoard } from "./queries.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const all = <T>(sql: string) => db.$client.prepare(sql).all() as T[];

describe("price demo seed", () => {
  it("creates the area's markets in current communes, the real files and labelled demo series, once", async () => {
    await seedPrices(db, { days: 40, endDate: "2026-05-31" });
    const markets = all<{ slug: string; commune_code: string | null; province_code: string | null }>(
      "SELECT slug, commune_code, province_code FROM markets WHERE slug NOT LIKE 'wfp-%' ORDER BY slug",
    );
    expect(Object.fromEntries(markets.map((m) => [m.slug, m.commune_code]))).toMatchObject({
      "cho-dau-moi-trai-cay-vinh-kim": "28576",
      "cho-noi-cai-be": "28360",
      "cho-dau-moi-thanh-long-cho-gao": "28594",
      "cho-my-tho": "28261",
    });
    expect(markets.every((m) => m.province_code === "82")).toBe(true);

    const bySource = all<{ source: string; n: number; demo: number }>(
      "SELECT source, COUNT(*) AS n, SUM(is_demo) AS demo FROM price_observations GROUP BY source ORDER BY source",
    );
    expect(bySource.find((s) => s.source === "wfp")).toEqual({ source: "wfp", n: 311, demo: 0 });
    const demo = bySource.find((s) => s.source === "demo")!;
    expect(demo.demo).toBe(demo.n);
    expect(all<{ n: number }>("SELECT COUNT(*) AS n FROM reference_prices WHERE series_code = 'RICE_05_VNM'")[0].n).toBeGreaterThan(250);

    // Prices stay in a plausible band: min ≤ avg ≤ max, all positive.
    expect(all<{ n: number }>("SELECT COUNT(*) AS n FROM price_observations WHERE NOT (0 < min_vnd AND min_vnd <= avg_vnd AND avg_vnd <= max_vnd)")[0].n).toBe(0);

    const board = priceBoard(db);
    expect(board.map((r) => r.slug)).toEqual(expect.arrayContaining(["xoai-cat-hoa-loc", "vu-sua-lo-ren", "sau-rieng-ri6", "khom-tan-phuoc", "thanh-long-ruot-trang", "ngheu-go-cong", "buoi-da-xanh", "gao-trang", "heo-hoi"]));
    expect(board.find((r) => r.slug === "dua-xiem")).toMatchObject({ unit: "dozen", isDemo: true });
    const mango = board.find((r) => r.slug === "xoai-cat-hoa-loc")!;
    expect(mango.change7).not.toBeNull();
    expect(mango.change30).not.toBeNull();
    const mangoId = all<{ id: number }>("SELECT id FROM commodities WHERE slug = 'xoai-cat-hoa-loc'")[0].id;
    expect(priceBand(db, mangoId, 7, "kg", "2026-05-31")).toMatchObject({ unit: "kg", isDemo: true });

    const before = all<{ n: number }>("SELECT COUNT(*) AS n FROM price_observations")[0].n;
    await seedPrices(db, { days: 40, endDate: "2026-05-31" });
    expect(all<{ n: number }>("SELECT COUNT(*) AS n FROM price_observations")[0].n).toBe(before);
  });
});
