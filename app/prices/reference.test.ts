import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { matchCommodity, matchMarket } from "./catalog.server";
import { loadReferenceData, readReferenceCommodities, readReferenceMarkets } from "./reference.server";

const run = promisify(execFile);
const db = freshTestDb();
afterAll(() => db.cleanup());

const snapshot = () => ({
  commodities: db.$client.prepare("SELECT * FROM commodities ORDER BY id").all(),
  markets: db.$client.prepare("SELECT * FROM markets ORDER BY id").all(),
});

describe("reference data", () => {
  it("loads the shipped catalogue and markets into an empty database, and a second load changes nothing", () => {
    const shipped = { commodities: readReferenceCommodities().length, markets: readReferenceMarkets().length };
    expect(loadReferenceData(db)).toMatchObject({ commoditiesAdded: shipped.commodities, marketsAdded: shipped.markets });
    const first = snapshot();
    expect(loadReferenceData(db)).toEqual({ commoditiesAdded: 0, commoditiesUpdated: 0, marketsAdded: 0, marketsUpdated: 0 });
    expect(snapshot()).toEqual(first);
  });

  it("matches the names the WFP and World Bank files use", () => {
    const rice = matchCommodity(db, "gao-trang");
    expect(rice).not.toBeNull();
    expect(matchCommodity(db, "Rice")).toBe(rice);
    expect(matchCommodity(db, "Rice, Viet Namese 5%")).toBe(rice);
    expect(matchCommodity(db, "Maize")).toBe(matchCommodity(db, "bap"));
    expect(matchMarket(db, "wfp-an-giang-chau-phu")).not.toBeNull();
  });

  it("never overwrites an admin's rename, nor brings back a merged-away commodity or market", () => {
    db.$client.prepare("UPDATE commodities SET name_vi = 'Xoài Hòa Lộc loại 1' WHERE slug = 'xoai-cat-hoa-loc'").run();
    // A merge keeps the removed slug as an alias of the kept row.
    db.$client.prepare("DELETE FROM commodities WHERE slug = 'xoai-cat-chu'").run();
    db.$client
      .prepare("UPDATE commodities SET aliases = json_insert(aliases, '$[#]', 'xoai-cat-chu') WHERE slug = 'xoai-cat-hoa-loc'")
      .run();
    db.$client.prepare("DELETE FROM markets WHERE slug = 'cho-noi-cai-be'").run();
    db.$client.prepare(`UPDATE markets SET aliases = '["cho-noi-cai-be"]', name = 'Chợ Vĩnh Kim' WHERE slug = 'cho-dau-moi-trai-cay-vinh-kim'`).run();
    const before = snapshot();
    loadReferenceData(db);
    expect(snapshot()).toEqual(before);
  });
});

describe("a province's database without the demo", () => {
  it("takes in every actual-price row of the WFP file and every World Bank row through the command line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-ref-"));
    const env = { ...process.env, DATABASE_PATH: path.join(dir, "prices.db"), SEED_DEMO: "false", NODE_ENV: "production" as const, LOG_LEVEL: "warn" };
    const tsx = path.resolve("node_modules/.bin/tsx");
    try {
      await run(tsx, ["scripts/db.ts", "migrate"], { env });
      const files = ["wfp_food_prices_vnm.csv", "worldbank_pinksheet_monthly_selected.csv"].map((f) => path.join("db/data/market-prices", f));
      // Exit code 0 means every row was taken in (1 would mean some were refused).
      const { stdout } = await run(tsx, ["scripts/import-prices.ts", "--lang", "en", ...files], { env });
      expect(stdout).not.toMatch(/line \d+/i);

      const check = new Database(env.DATABASE_PATH, { readonly: true });
      const one = <T>(sql: string) => check.prepare(sql).get() as T;
      // SOURCES.md: 341 price rows, 30 of them forecast placeholders (price 0) → 311 actual prices.
      expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM price_observations WHERE source = 'wfp' AND is_demo = 0").n).toBe(311);
      const byMarket = check
        .prepare("SELECT m.slug, COUNT(*) AS n FROM price_observations o JOIN markets m ON m.id = o.market_id GROUP BY m.slug ORDER BY m.slug")
        .all();
      expect(byMarket).toEqual([
        { slug: "wfp-an-giang-chau-phu", n: 152 },
        { slug: "wfp-bac-lieu-dong-hai", n: 18 },
        { slug: "wfp-dong-thap-tam-nong", n: 141 },
      ]);
      // The WFP markets are the shipped ones: the import created none.
      expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM markets").n).toBe(readReferenceMarkets().length);
      expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM reference_prices").n).toBe(13_840);
      expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM users").n).toBe(0);
      check.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
