import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import { upsertObservations, type ObservationInput } from "./observations.server";
import { commodityView, marketDay, marketIdsInCommune, priceBand, priceBoard, priceBoardPage, spikeFlags, yearOnYear } from "./queries.server";
import type { Commodity } from "../../db/schema";

const db = freshTestDb();
afterAll(() => db.cleanup());

let mango: number, coconut: number, clams: number, vinhKim: number, myTho: number;

const obs = (o: Partial<ObservationInput> & Pick<ObservationInput, "commodityId" | "marketId" | "date" | "avgVnd">): ObservationInput => ({
  source: "test",
  unit: "kg",
  minVnd: o.avgVnd,
  maxVnd: o.avgVnd,
  ...o,
});

beforeAll(() => {
  mango = upsertCommodity(db, { slug: "xoai", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit" }).id;
  coconut = upsertCommodity(db, { slug: "dua-xiem", nameVi: "Dừa xiêm", nameEn: "Green coconut", category: "fruit", defaultUnit: "dozen" }).id;
  clams = upsertCommodity(db, { slug: "ngheu", nameVi: "Nghêu", nameEn: "Clams", category: "seafood" }).id;
  vinhKim = upsertMarket(db, { slug: "vinh-kim", name: "Chợ Vĩnh Kim", kind: "wholesale", communeCode: "28576" }).id;
  myTho = upsertMarket(db, { slug: "my-tho", name: "Chợ Mỹ Tho", kind: "wholesale", communeCode: "28261" }).id;
  upsertObservations(db, [
    // mango: 40.000 thirty days back, 50.000 a week back, then 55.000 and 45.000 at two markets on 05-31
    obs({ commodityId: mango, marketId: vinhKim, date: "2026-05-01", avgVnd: 40_000 }),
    obs({ commodityId: mango, marketId: vinhKim, date: "2026-05-24", avgVnd: 50_000 }),
    obs({ commodityId: mango, marketId: vinhKim, date: "2026-05-31", minVnd: 50_000, maxVnd: 60_000, avgVnd: 55_000 }),
    // Mỹ Tho quotes per yến: 450.000 ₫/yến = 45.000 ₫/kg
    obs({ commodityId: mango, marketId: myTho, date: "2026-05-31", unit: "yen", minVnd: 400_000, maxVnd: 500_000, avgVnd: 450_000 }),
    // a per-fruit quote cannot be mixed into a per-kg price
    obs({ commodityId: mango, marketId: myTho, date: "2026-05-31", unit: "fruit", source: "other", avgVnd: 15_000 }),
    // coconut per chục, falling; nothing 30 days back
    obs({ commodityId: coconut, marketId: vinhKim, date: "2026-05-20", unit: "dozen", avgVnd: 90_000, isDemo: true }),
    obs({ commodityId: coconut, marketId: vinhKim, date: "2026-05-30", unit: "dozen", avgVnd: 80_000, isDemo: true }),
    // clams: retail only
    obs({ commodityId: clams, marketId: myTho, date: "2026-05-31", priceType: "retail", avgVnd: 40_000 }),
  ]);
});

describe("price board", () => {
  it("gives the latest price per commodity, in its unit, with the change against 7 and 30 days", () => {
    const board = priceBoard(db);
    expect(board.map((r) => r.slug)).toEqual(["dua-xiem", "xoai"]);
    const m = board.find((r) => r.slug === "xoai")!;
    expect(m).toMatchObject({ date: "2026-05-31", unit: "kg", minVnd: 40_000, maxVnd: 60_000, avgVnd: 50_000, markets: 2, isDemo: false });
    expect(m.change7).toEqual({ direction: "flat", deltaVnd: 0, percent: 0, previousDate: "2026-05-24" });
    expect(m.change30).toEqual({ direction: "up", deltaVnd: 10_000, percent: 25, previousDate: "2026-05-01" });
    const c = board.find((r) => r.slug === "dua-xiem")!;
    expect(c).toMatchObject({ unit: "dozen", avgVnd: 80_000, isDemo: true });
    expect(c.change7).toMatchObject({ direction: "down", deltaVnd: -10_000, percent: -11.1, previousDate: "2026-05-20" });
    expect(c.change30).toBeNull();
  });

  it("pages the board, counting every commodity that has a price", () => {
    expect(priceBoardPage(db, {}, { offset: 1, limit: 1 })).toMatchObject({ total: 2, rows: [{ slug: "xoai" }] });
    expect(priceBoardPage(db, {}, { offset: 2, limit: 1 })).toEqual({ total: 2, rows: [] });
  });

  it("filters by market, commune, category and price type", () => {
    const atVinhKim = priceBoard(db, { marketIds: [vinhKim] }).find((r) => r.slug === "xoai")!;
    expect(atVinhKim).toMatchObject({ avgVnd: 55_000, markets: 1 });
    expect(atVinhKim.change7).toMatchObject({ direction: "up", deltaVnd: 5_000, percent: 10 });
    expect(priceBoard(db, { marketIds: marketIdsInCommune(db, "28261") }).map((r) => r.slug)).toEqual(["xoai"]);
    expect(priceBoard(db, { category: "seafood" })).toEqual([]);
    expect(priceBoard(db, { category: "seafood", priceType: "retail" }).map((r) => r.avgVnd)).toEqual([40_000]);
    expect(priceBoard(db, { marketIds: [] })).toEqual([]);
  });
});

describe("commodity page and market page", () => {
  it("gives the daily band and the newest row per market within the range", () => {
    const commodity = { id: mango, defaultUnit: "kg" } as Parameters<typeof commodityView>[1];
    const view = commodityView(db, commodity, { days: 30 });
    expect(view.from).toBe("2026-05-02");
    expect(view.series).toEqual([
      { date: "2026-05-24", minVnd: 50_000, maxVnd: 50_000, avgVnd: 50_000, isDemo: false },
      { date: "2026-05-31", minVnd: 40_000, maxVnd: 60_000, avgVnd: 50_000, isDemo: false },
    ]);
    // every row of each market's newest day: Mỹ Tho quoted per yến and per fruit
    expect(view.byMarket.map((r) => [r.marketSlug, r.date, r.unit])).toEqual([
      ["my-tho", "2026-05-31", "fruit"],
      ["my-tho", "2026-05-31", "yen"],
      ["vinh-kim", "2026-05-31", "kg"],
    ]);
    expect(commodityView(db, commodity, { days: 90 }).series).toHaveLength(3);
  });

  it("lists a market's commodities on a date", () => {
    const rows = marketDay(db, myTho, "2026-05-31");
    expect(rows.map((r) => [r.slug, r.unit, r.avgVnd])).toEqual([
      ["ngheu", "kg", 40_000],
      ["xoai", "fruit", 15_000],
      ["xoai", "yen", 450_000],
    ]);
  });
});

describe("price band for listings", () => {
  it("gives the recent min–max in the asked unit when it converts", () => {
    expect(priceBand(db, mango, 7, undefined, "2026-05-31")).toMatchObject({ minVnd: 40_000, maxVnd: 60_000, unit: "kg", days: 7, observations: 2 });
    expect(priceBand(db, mango, 7, "yen", "2026-05-31")).toMatchObject({ minVnd: 400_000, maxVnd: 600_000, unit: "yen" });
    expect(priceBand(db, coconut, 7, "kg", "2026-05-31")).toMatchObject({ minVnd: 80_000, maxVnd: 80_000, unit: "dozen", isDemo: true });
  });

  it("is null without recent prices", () => {
    expect(priceBand(db, mango, 7, undefined, "2026-07-31")).toBeNull();
    expect(priceBand(db, 99_999)).toBeNull();
  });
});

describe("spike flags", () => {
  it("flags each market's monthly series and sees a new price at once", () => {
    const pepper = upsertCommodity(db, { slug: "tieu", nameVi: "Tiêu", nameEn: "Pepper", category: "rice-grains" }).id;
    const rows: ObservationInput[] = [];
    // four years of a seasonal monthly price at Vĩnh Kim, two observations a month; two years at Mỹ Tho
    for (let i = 0; i < 48; i++) {
      const year = 2023 + Math.floor(i / 12);
      const month = String((i % 12) + 1).padStart(2, "0");
      const price = 60_000 + 100 * i + (i % 12 < 6 ? 3_000 : -3_000) + (i % 3) * 400;
      rows.push(obs({ commodityId: pepper, marketId: vinhKim, date: `${year}-${month}-05`, avgVnd: price - 500 }));
      rows.push(obs({ commodityId: pepper, marketId: vinhKim, date: `${year}-${month}-20`, avgVnd: price + 500 }));
      if (i >= 24) rows.push(obs({ commodityId: pepper, marketId: myTho, date: `${year}-${month}-10`, avgVnd: price }));
    }
    upsertObservations(db, rows);
    const before = spikeFlags(db, pepper, "kg", "wholesale", "2026-12-28");
    expect(before.get(vinhKim)?.status).toBe("normal");
    expect(before.get(myTho)?.status).toBe("insufficient");
    // the same day, a third report far above the season lifts December's mean
    upsertObservations(db, [obs({ commodityId: pepper, marketId: vinhKim, date: "2026-12-27", avgVnd: 120_000 })]);
    const after = spikeFlags(db, pepper, "kg", "wholesale", "2026-12-28");
    expect(after.get(vinhKim)?.status).toBe("crisis");
    expect(spikeFlags(db, pepper, "kg", "wholesale", "2027-03-15").get(vinhKim)?.status).toBe("stale");
    const board = priceBoard(db, { asOf: "2026-12-31" }).find((r) => r.slug === "tieu");
    expect(board?.spike?.marketId).toBe(vinhKim);
  });

  it("keeps its monthly series while only other tables change, and drops them on a price write", () => {
    const version = () => db.$client.prepare("SELECT version FROM price_version WHERE id = 1").pluck().get() as number;
    const start = version();
    // A catalog write (its own counter moves) leaves the prices alone.
    db.$client.prepare("UPDATE catalog_version SET version = version + 1 WHERE id = 1").run();
    expect(version()).toBe(start);
    upsertObservations(db, [obs({ commodityId: mango, marketId: vinhKim, date: "2026-11-02", avgVnd: 41_000 })]);
    expect(version()).toBeGreaterThan(start);
  });

  it("moves with what price pages show besides prices: a new commodity or market (migration 0016)", () => {
    const version = () => db.$client.prepare("SELECT version FROM price_version WHERE id = 1").pluck().get() as number;
    const start = version();
    upsertCommodity(db, { slug: "khong-gia", nameVi: "Không giá", nameEn: "No price", category: "fruit" });
    expect(version()).toBeGreaterThan(start);
    const afterCommodity = version();
    db.$client.prepare("INSERT INTO markets (slug, name, kind) VALUES ('cho-thu-phien-ban', 'Chợ thử', 'retail')").run();
    expect(version()).toBeGreaterThan(afterCommodity);
  });
});

describe("year on year", () => {
  it("compares the latest month's mean with the same month a year before", () => {
    const rice = upsertCommodity(db, { slug: "gao-yoy", nameVi: "Gạo thử", nameEn: "Test rice", category: "rice-grains" });
    upsertObservations(db, [
      obs({ commodityId: rice.id, marketId: vinhKim, date: "2025-04-10", avgVnd: 20_000 }),
      obs({ commodityId: rice.id, marketId: vinhKim, date: "2026-04-03", avgVnd: 22_000 }),
      obs({ commodityId: rice.id, marketId: myTho, date: "2026-04-20", avgVnd: 24_000 }),
    ]);
    const yoy = yearOnYear(db, { ...rice, defaultUnit: "kg" } as Commodity, "2026-04-20", {});
    expect(yoy).toEqual({ month: "2026-04", avgVnd: 23_000, previousMonth: "2025-04", previousAvgVnd: 20_000, percent: 15 });
    expect(yearOnYear(db, { ...rice, defaultUnit: "kg" } as Commodity, "2026-04-20", { marketIds: [myTho] })).toBeNull();
  });
});
