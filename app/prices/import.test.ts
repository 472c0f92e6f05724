import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import { detectFormat, importPriceFile, importPriceStream, importPriceText, parseDate, parseVnd } from "./import.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const count = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number }).n;

beforeAll(() => {
  upsertCommodity(db, { slug: "xoai-cat-hoa-loc", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit", aliases: ["xoai", "mango"] });
  upsertCommodity(db, { slug: "khom-tan-phuoc", nameVi: "Khóm Tân Phước", nameEn: "Tan Phuoc pineapple", category: "fruit", aliases: ["khom", "thom", "dứa"] });
  upsertCommodity(db, { slug: "gao-trang", nameVi: "Gạo trắng", nameEn: "Rice", category: "rice-grains", aliases: ["gao", "rice"] });
  upsertMarket(db, { slug: "cho-dau-moi-trai-cay-vinh-kim", name: "Chợ đầu mối trái cây Vĩnh Kim", kind: "wholesale" });
});

describe("value parsing", () => {
  it("reads VND as people write it, never with decimals", () => {
    expect(parseVnd("35000")).toBe(35_000);
    expect(parseVnd("35.000")).toBe(35_000);
    expect(parseVnd("1.250.000 ₫")).toBe(1_250_000);
    expect(parseVnd("35,000đ")).toBe(35_000);
    expect(parseVnd("35.5")).toBeNull();
    expect(parseVnd("abc")).toBeNull();
    expect(parseVnd("")).toBeNull();
  });

  it("reads ISO and Vietnamese dates and refuses impossible ones", () => {
    expect(parseDate("2026-05-03")).toBe("2026-05-03");
    expect(parseDate("03/05/2026")).toBe("2026-05-03");
    expect(parseDate("31/02/2026")).toBeNull();
    expect(parseDate("2026/05/03")).toBeNull();
  });

  it("recognises the three formats by their headers", () => {
    expect(detectFormat(["date", "commodity", "market", "unit", "min_vnd"])).toBe("template");
    expect(detectFormat(["Ngày", "Mặt hàng", "Chợ", "Đơn vị", "Giá"])).toBe("template");
    expect(detectFormat(["date", "admin1", "admin2", "market", "priceflag", "pricetype", "price"])).toBe("wfp");
    expect(detectFormat(["month", "series_code", "commodity", "unit", "price_usd"])).toBe("worldbank");
    expect(detectFormat(["foo", "bar"])).toBeNull();
  });
});

describe("own template", () => {
  const csv = [
    "date,commodity,market,unit,min_vnd,max_vnd,avg_vnd,grade,price_type,source",
    "2026-05-01,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,kg,45.000,60.000,52.000,loại 1,wholesale,test",
    "2026-05-01,xoai cat hoa loc,cho-dau-moi-trai-cay-vinh-kim,kg,30000,40000,,loại 2,,test",
    "02/05/2026,thom,Chợ đầu mối trái cây Vĩnh Kim,tạ,800.000,900.000,850.000,,,test",
    "2026-05-02,sầu riêng,Chợ đầu mối trái cây Vĩnh Kim,kg,60000,70000,65000,,,test",
    "2026-05-02,Xoài cát Hòa Lộc,Chợ Bến Thành,kg,60000,70000,65000,,,test",
    "2026-13-02,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,kg,60000,70000,65000,,,test",
    "2026-05-02,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,kg,70000,60000,,,,test",
    "2026-05-02,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,bao,60000,70000,,,,test",
    "2026-05-02,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,kg,sáu mươi,70000,,,,test",
    "2026-05-02,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,kg,,,,,,test",
    "2030-05-02,Xoài cát Hòa Lộc,Chợ đầu mối trái cây Vĩnh Kim,kg,60000,70000,,,,test",
  ].join("\n");

  it("imports the good rows and reports each bad one with its line and reason", async () => {
    const summary = await importPriceText(db, csv, { today: "2026-06-01" });
    expect(summary.format).toBe("template");
    expect(summary.rows).toBe(11);
    expect(summary.valid).toBe(3);
    expect(summary.written).toBe(3);
    expect(summary.errors.map((e) => [e.row, e.reason])).toEqual([
      [5, "import.errors.unknownCommodity"],
      [6, "import.errors.unknownMarket"],
      [7, "import.errors.badDate"],
      [8, "import.errors.minAboveMax"],
      [9, "import.errors.badUnit"],
      [10, "import.errors.badPrice"],
      [11, "import.errors.noPrice"],
      [12, "import.errors.futureDate"],
    ]);
    expect(summary.errors[0].params).toEqual({ value: "sầu riêng" });
    const rows = db.$client
      .prepare("SELECT grade, unit, min_vnd, max_vnd, avg_vnd FROM price_observations ORDER BY date, grade")
      .all();
    // loại 2 had no average: the midpoint; the pineapple stays per tạ as entered.
    expect(rows).toEqual([
      { grade: "loại 1", unit: "kg", min_vnd: 45_000, max_vnd: 60_000, avg_vnd: 52_000 },
      { grade: "loại 2", unit: "kg", min_vnd: 30_000, max_vnd: 40_000, avg_vnd: 35_000 },
      { grade: "", unit: "ta", min_vnd: 800_000, max_vnd: 900_000, avg_vnd: 850_000 },
    ]);
  });

  it("is idempotent: the same file again writes nothing and duplicates nothing", async () => {
    const again = await importPriceText(db, csv, { today: "2026-06-01" });
    expect(again.written).toBe(0);
    expect(again.unchanged).toBe(3);
    expect(count("SELECT COUNT(*) AS n FROM price_observations")).toBe(3);
  });

  it("updates a changed price in place", async () => {
    const changed = csv.replace("45.000,60.000,52.000", "46.000,61.000,53.000");
    const summary = await importPriceText(db, changed, { today: "2026-06-01" });
    expect(summary.written).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM price_observations")).toBe(3);
    expect(count("SELECT avg_vnd AS n FROM price_observations WHERE grade = 'loại 1'")).toBe(53_000);
  });

  it("reads a cell the app's CSV writer quote-prefixed back to its value (a market's download imported again)", async () => {
    const summary = await importPriceText(
      db,
      "\ufeffdate,commodity,market,unit,avg_vnd,grade,source\r\n2026-05-21,gao,Chợ đầu mối trái cây Vĩnh Kim,kg,12000,'=loại 1,'-nguồn\r\n",
      { today: "2026-06-01" },
    );
    expect(summary).toMatchObject({ rows: 1, valid: 1, written: 1 });
    expect(db.$client.prepare("SELECT grade, source FROM price_observations WHERE date = '2026-05-21'").get()).toEqual({ grade: "=loại 1", source: "-nguồn" });
  });

  it("refuses a file in a legacy code page rather than importing mojibake", async () => {
    const latin1 = Buffer.from("date,commodity,market,unit,avg_vnd\n2026-05-22,G\xe9o,x,kg,1\n", "latin1");
    await expect(importPriceStream(db, Readable.from([latin1]))).rejects.toMatchObject({ reason: "import.errors.unreadable" });
  });

  it("checks everything and writes nothing in a dry run", async () => {
    const dry = await importPriceText(
      db,
      "date,commodity,market,unit,avg_vnd\n2026-05-20,gao,Chợ đầu mối trái cây Vĩnh Kim,kg,12000\n2026-05-20,gao,nowhere,kg,12000",
      { dryRun: true, today: "2026-06-01" },
    );
    expect(dry).toMatchObject({ dryRun: true, rows: 2, valid: 1, written: 0, errorCount: 1 });
    expect(count("SELECT COUNT(*) AS n FROM price_observations WHERE date = '2026-05-20'")).toBe(0);
  });
});

describe("WFP format", () => {
  const header =
    "date,admin1,admin2,market,latitude,longitude,category,commodity,unit,priceflag,pricetype,currency,price,usdprice\n" +
    "#date,#adm1+name,#adm2+name,#loc+market+name,#geo+lat,#geo+lon,#item+type,#item+name,#item+unit,#item+price+flag,#item+price+type,#currency,#value,#value+usd\n";

  it("skips the HXL row, drops forecasts, reports bad rows and rounds to whole VND", async () => {
    const text =
      header +
      [
        "2022-05-15,An Giang,Chau Phu,An Giang,10.522,105.126,cereals and tubers,Rice,KG,actual,Wholesale,VND,8512.5,0.37",
        "2022-06-15,An Giang,Chau Phu,An Giang,10.522,105.126,cereals and tubers,Rice,KG,forecast,Wholesale,VND,0,0",
        "2022-06-15,Bac Lieu,Dong Hai,Bac Lieu,9.15,105.45,cereals and tubers,Rice,KG,actual,Wholesale,VND,8400.0,0.36",
        "2022-06-15,Bac Lieu,Dong Hai,Bac Lieu,9.15,105.45,cereals and tubers,Rice,KG,actual,Wholesale,VND,,",
        "2022-06-15,Bac Lieu,Dong Hai,Bac Lieu,9.15,105.45,cereals and tubers,Maize,KG,actual,Wholesale,VND,5000,0.2",
      ].join("\n");
    const summary = await importPriceText(db, text);
    expect(summary).toMatchObject({ format: "wfp", rows: 5, valid: 2, written: 2, skipped: 1, errorCount: 2, marketsCreated: 2 });
    expect(summary.errors.map((e) => [e.row, e.reason])).toEqual([
      [6, "import.errors.badPrice"],
      [7, "import.errors.unknownCommodity"],
    ]);
    const angiang = db.$client
      .prepare(
        `SELECT m.name, m.province_code AS province, o.min_vnd, o.avg_vnd, o.source FROM price_observations o JOIN markets m ON m.id = o.market_id
         WHERE m.slug = 'wfp-an-giang-chau-phu'`,
      )
      .get();
    expect(angiang).toEqual({ name: "An Giang (Chau Phu) — WFP", province: "91", min_vnd: 8513, avg_vnd: 8513, source: "wfp" });
  });

  it("loads the shipped Viet Nam file: 311 actual prices, 30 forecasts dropped, twice without duplicates", async () => {
    const file = path.resolve("db/data/market-prices/wfp_food_prices_vnm.csv");
    const first = await importPriceFile(db, file);
    expect(first).toMatchObject({ format: "wfp", rows: 341, valid: 311, skipped: 30, errorCount: 0 });
    const second = await importPriceFile(db, file);
    expect(second).toMatchObject({ written: 0, unchanged: 311 });
    expect(count("SELECT COUNT(*) AS n FROM price_observations WHERE source = 'wfp'")).toBe(311);
  });
});

describe("World Bank file", () => {
  it("keeps the series in USD per tonne as published, as thousandths", async () => {
    const summary = await importPriceText(
      db,
      'month,series_code,commodity,unit,price_usd,wb_release_date\n2026-04-01,RICE_05_VNM,"Rice, Viet Namese 5%",$/mt,352.85,2026-05-04\n2026-13-01,RICE_05_VNM,x,$/mt,1,\n2026-03-01,RICE_05_VNM,x,$/mt,n/a,',
    );
    expect(summary).toMatchObject({ format: "worldbank", valid: 1, errorCount: 2 });
    expect(db.$client.prepare("SELECT month, unit, currency, price_milli FROM reference_prices").get()).toEqual({
      month: "2026-04",
      unit: "$/mt",
      currency: "USD",
      price_milli: 352_850,
    });
  });
});
