import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { loader } from "~/routes/api.prices";
import { testContext } from "~/accounts/test-utils";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import { upsertObservations } from "./observations.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

beforeAll(() => {
  const mango = upsertCommodity(db, { slug: "xoai-cat-hoa-loc", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit" }).id;
  const rice = upsertCommodity(db, { slug: "gao-trang", nameVi: "Gạo trắng", nameEn: "Rice", category: "rice-grains" }).id;
  const vk = upsertMarket(db, { slug: "vinh-kim", name: "Chợ Vĩnh Kim", kind: "wholesale" }).id;
  const mt = upsertMarket(db, { slug: "my-tho", name: "Chợ Mỹ Tho", kind: "retail" }).id;
  const base = { source: "test", unit: "kg" as const };
  // Mango at Vĩnh Kim is demo only: demo rows are shown only where no real one exists (counted.ts).
  upsertObservations(db, [
    { ...base, commodityId: mango, marketId: vk, date: "2026-05-01", minVnd: 40_000, maxVnd: 50_000, avgVnd: 45_000, isDemo: true },
    { ...base, commodityId: mango, marketId: vk, date: "2026-05-02", minVnd: 41_000, maxVnd: 51_000, avgVnd: 46_000, isDemo: true },
    { ...base, commodityId: mango, marketId: mt, date: "2026-05-02", priceType: "retail", minVnd: 55_000, maxVnd: 65_000, avgVnd: 60_000 },
    { ...base, commodityId: rice, marketId: vk, date: "2026-05-02", minVnd: 11_000, maxVnd: 12_000, avgVnd: 11_500 },
    { ...base, commodityId: rice, marketId: vk, date: "2025-01-02", minVnd: 10_000, maxVnd: 10_000, avgVnd: 10_000 },
  ]);
});

const get = (query: string, headers: Record<string, string> = {}) =>
  loader({ request: new Request(`http://localhost/api/prices${query}`, { headers }), params: {}, context: testContext() }) as Promise<Response>;

describe("GET /api/prices", () => {
  it("filters by commodity, market, dates and type", async () => {
    const all = await (await get("?from=2026-05-01&to=2026-05-31")).json();
    expect(all.count).toBe(4);
    const mango = await (await get("?commodity=xoai-cat-hoa-loc&from=2026-05-01&to=2026-05-31")).json();
    expect(mango.data.map((r: { date: string; market: string }) => `${r.date} ${r.market}`)).toEqual([
      "2026-05-01 vinh-kim",
      "2026-05-02 my-tho",
      "2026-05-02 vinh-kim",
    ]);
    const vk = await (await get("?commodity=xoai-cat-hoa-loc&market=vinh-kim&from=2026-05-02&to=2026-05-02")).json();
    expect(vk.data).toEqual([
      {
        date: "2026-05-02",
        commodity: "xoai-cat-hoa-loc",
        commodityName: "Xoài cát Hòa Lộc",
        commodityNameEn: "Hoa Loc mango",
        market: "vinh-kim",
        marketName: "Chợ Vĩnh Kim",
        grade: "",
        priceType: "wholesale",
        unit: "kg",
        minVnd: 41_000,
        maxVnd: 51_000,
        avgVnd: 46_000,
        source: "test",
        isDemo: true,
        // one month of history, now more than two months old
        spike: { status: "stale", deviation: null, month: "2026-05" },
      },
    ]);
    const retail = await (await get("?type=retail&from=2026-05-01&to=2026-05-31")).json();
    expect(retail.data.map((r: { market: string }) => r.market)).toEqual(["my-tho"]);
    const old = await (await get("?commodity=gao-trang&from=2025-01-01&to=2025-12-31")).json();
    expect(old.data.map((r: { avgVnd: number }) => r.avgVnd)).toEqual([10_000]);
  });

  it("gives minimum, maximum, modal price and count per market and day with group=market-day", async () => {
    const body = await (await get("?commodity=xoai-cat-hoa-loc&group=market-day&from=2026-05-01&to=2026-05-31")).json();
    expect(body.data.map((r: { date: string; marketSlug: string; minVnd: number; modalVnd: number; maxVnd: number; observations: number }) => [r.date, r.marketSlug, r.minVnd, r.modalVnd, r.maxVnd, r.observations])).toEqual([
      ["2026-05-02", "my-tho", 55_000, 60_000, 65_000, 1],
      ["2026-05-02", "vinh-kim", 41_000, 46_000, 51_000, 1],
      ["2026-05-01", "vinh-kim", 40_000, 45_000, 50_000, 1],
    ]);
    const refused = await get("?group=market-day");
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe("groupNeedsCommodity");
  });

  it("pages with limit and offset and links the next page", async () => {
    const first = await (await get("?from=2026-05-01&to=2026-05-31&limit=3")).json();
    expect(first.count).toBe(3);
    expect(first.next).toBe("/api/prices?from=2026-05-01&to=2026-05-31&limit=3&offset=3");
    const second = await (await get(first.next.replace("/api/prices", ""))).json();
    expect(second).toMatchObject({ count: 1, next: null });
  });

  it("sends caching headers and answers 304 to a matching If-None-Match", async () => {
    const response = await get("?commodity=gao-trang&from=2026-05-01&to=2026-05-31");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get("?commodity=gao-trang&from=2026-05-01&to=2026-05-31", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    const other = await get("?commodity=xoai-cat-hoa-loc&from=2026-05-01&to=2026-05-31", { "If-None-Match": etag });
    expect(other.status).toBe(200);
  });

  it.each([
    ["?commodity=sau-rieng", "unknownCommodity", "Không có mặt hàng “sau-rieng”."],
    ["?market=ben-thanh", "unknownMarket", "Không có chợ “ben-thanh”."],
    ["?from=01/05/2026", "badDate", "Tham số from phải là ngày dạng yyyy-mm-dd, nhận được “01/05/2026”."],
    ["?to=2026-02-30", "badDate", "Tham số to phải là ngày dạng yyyy-mm-dd, nhận được “2026-02-30”."],
    ["?from=2026-05-10&to=2026-05-01", "fromAfterTo", "Ngày bắt đầu (from) sau ngày kết thúc (to)."],
    ["?from=2000-01-01&to=2026-05-01", "rangeTooLong", "Khoảng ngày tối đa là 3660 ngày."],
    ["?limit=0", "badLimit", "Tham số limit phải là số nguyên từ 1 đến 10000."],
    ["?limit=abc", "badLimit", "Tham số limit phải là số nguyên từ 1 đến 10000."],
    ["?type=cheap", "badParam", "Tham số type không hợp lệ: “cheap”."],
    ["?comodity=xoai", "unknownParam", "Không hỗ trợ tham số “comodity”."],
  ])("refuses %s with a 400 and a message", async (query, code, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ error: { code, message } });
  });

  it("words the message in the caller's language", async () => {
    const response = await get("?commodity=durian", { "Accept-Language": "en-US,en;q=0.9" });
    expect(await response.json()).toEqual({ error: { code: "unknownCommodity", message: "There is no commodity “durian”." } });
  });
});
