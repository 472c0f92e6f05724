import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { testContext } from "~/accounts/test-utils";
import { CsvTokenizer } from "~/lib/csv";
import { loader as boardCsv } from "~/routes/gia-ca.csv";
import { loader as commodityCsv } from "~/routes/gia-ca.$commodity_.csv";
import { loader as marketCsv } from "~/routes/gia-ca.cho.$market_.csv";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import { upsertObservations } from "./observations.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

beforeAll(() => {
  const rice = upsertCommodity(db, {
    slug: "gao-trang",
    nameVi: "Gạo trắng",
    nameEn: "Rice",
    category: "rice-grains",
  }).id;
  const mango = upsertCommodity(db, {
    slug: "xoai",
    nameVi: "Xoài",
    nameEn: "Mango",
    category: "fruit",
  }).id;
  const vk = upsertMarket(db, {
    slug: "vinh-kim",
    name: "Chợ Vĩnh Kim",
    kind: "wholesale",
  }).id;
  const mt = upsertMarket(db, {
    slug: "my-tho",
    name: "Chợ Mỹ Tho",
    kind: "wholesale",
  }).id;
  const day = { date: "2026-05-15", unit: "kg" as const };
  upsertObservations(db, [
    {
      ...day,
      commodityId: rice,
      marketId: vk,
      source: "wfp",
      minVnd: 11_000,
      maxVnd: 11_000,
      avgVnd: 11_000,
    },
    {
      ...day,
      commodityId: rice,
      marketId: mt,
      source: "officer",
      minVnd: 12_000,
      maxVnd: 13_000,
      avgVnd: 12_500,
    },
    {
      ...day,
      commodityId: mango,
      marketId: mt,
      source: "officer",
      minVnd: 40_000,
      maxVnd: 50_000,
      avgVnd: 45_000,
    },
  ]);
});

const args = (path: string, params: Record<string, string> = {}) => ({
  request: new Request(`http://localhost${path}`, {
    headers: { "Accept-Language": "vi" },
  }),
  params,
  context: testContext(),
});

async function records(response: Response | Promise<Response>) {
  const tokenizer = new CsvTokenizer(",");
  const text = (await (await response).text()).replace(/^\uFEFF/, "");
  const [header, ...rows] = tokenizer.push(text).concat(tokenizer.end());
  return {
    header,
    rows: rows
      .filter((r) => r.length === header.length)
      .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))),
    extra: rows.filter((r) => r.length !== header.length),
  };
}

const WFP_LINE = ["wfp: World Food Programme (WFP), via HDX, CC BY-IGO"];

describe("CSV downloads name their market and source", () => {
  it("board: the markets and sources behind each commodity's figure, with WFP's attribution", async () => {
    const { rows, extra } = await records(boardCsv(args("/gia-ca/csv")));
    expect(rows.map((r) => [r.commodity, r.market, r.source])).toEqual(
      expect.arrayContaining([
        ["gao-trang", "my-tho; vinh-kim", "officer; wfp"],
        ["xoai", "my-tho", "officer"],
      ])
    );
    expect(extra).toEqual([WFP_LINE]);
  });

  it("board filtered to one market: only that market and its source, no WFP line", async () => {
    const { rows, extra } = await records(
      boardCsv(args("/gia-ca/csv?market=my-tho"))
    );
    expect(rows.find((r) => r.commodity === "gao-trang")).toMatchObject({
      market: "my-tho",
      source: "officer",
    });
    expect(extra).toEqual([]);
  });

  it("commodity: each day with its markets and sources", async () => {
    const { rows, extra } = await records(
      commodityCsv(args("/gia-ca/gao-trang/csv", { commodity: "gao-trang" }))
    );
    expect(rows.map((r) => [r.date, r.market, r.price_type, r.source])).toEqual(
      [["2026-05-15", "my-tho; vinh-kim", "wholesale", "officer; wfp"]]
    );
    expect(extra).toEqual([WFP_LINE]);
  });

  it("market: market and source on every row, attribution when WFP data is in", async () => {
    const vk = await records(
      marketCsv(
        args("/gia-ca/cho/vinh-kim/csv?date=2026-05-15", { market: "vinh-kim" })
      )
    );
    expect(vk.rows.map((r) => [r.market, r.commodity, r.source])).toEqual([
      ["vinh-kim", "gao-trang", "wfp"],
    ]);
    expect(vk.extra).toEqual([WFP_LINE]);
    const mt = await records(
      marketCsv(
        args("/gia-ca/cho/my-tho/csv?date=2026-05-15", { market: "my-tho" })
      )
    );
    expect(
      mt.rows.every((r) => r.market === "my-tho" && r.source === "officer")
    ).toBe(true);
    expect(mt.extra).toEqual([]);
  });
});
