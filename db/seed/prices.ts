/**
 * Market price demo data: two invented demo markets, about a year of invented daily prices marked
 * is_demo (labelled "demo data" on every page) on them and on the real reference markets, and the
 * real WFP and World Bank files (db/data/market-prices) through the price importer. The catalogue
 * and the real markets come from the reference data. Does nothing when the demo markets exist.
 */
import path from "node:path";
import { resolveAddress } from "../../app/addresses/resolve.server";
import { addDays, todayInVietnam } from "../../app/lib/clock";
import type { Db } from "../../app/lib/db.server";
import { getMarketBySlug, listCommodities, upsertMarket } from "../../app/prices/catalog.server";
import { importPriceFile } from "../../app/prices/import.server";
import { upsertObservations, type ObservationInput, type PriceType } from "../../app/prices/observations.server";
import { loadReferenceData } from "../../app/prices/reference.server";
import type { PriceUnit } from "../schema";
import { seededRandom } from "./random";

const PRICE_DATA_DIR = path.resolve(process.cwd(), "db/data/market-prices");

/**
 * Demo price-generation parameters per catalogue slug (the catalogue itself is reference data,
 * db/data/reference/commodities.csv): typical wholesale price in the commodity's unit (VND), day of
 * year when prices are lowest (main harvest), and the seasonal swing (0.2 = ±20 %).
 */
const DEMO_PRICES: Record<string, { base: number; harvestDay: number; swing: number }> = {
  "xoai-cat-hoa-loc": { base: 55_000, harvestDay: 100, swing: 0.25 },
  "xoai-cat-chu": { base: 28_000, harvestDay: 110, swing: 0.25 },
  "vu-sua-lo-ren": { base: 32_000, harvestDay: 40, swing: 0.3 },
  "sau-rieng-ri6": { base: 62_000, harvestDay: 160, swing: 0.3 },
  "sau-rieng-monthong": { base: 85_000, harvestDay: 170, swing: 0.3 },
  "khom-tan-phuoc": { base: 8_500, harvestDay: 120, swing: 0.2 },
  "thanh-long-ruot-trang": { base: 16_000, harvestDay: 200, swing: 0.35 },
  "thanh-long-ruot-do": { base: 26_000, harvestDay: 200, swing: 0.3 },
  "buoi-da-xanh": { base: 42_000, harvestDay: 250, swing: 0.15 },
  "buoi-long-co-co": { base: 26_000, harvestDay: 260, swing: 0.15 },
  "mang-cau-xiem": { base: 27_000, harvestDay: 60, swing: 0.2 },
  "chanh-khong-hat": { base: 14_000, harvestDay: 300, swing: 0.45 },
  "dua-xiem": { base: 85_000, harvestDay: 30, swing: 0.15 },
  "ngheu-go-cong": { base: 32_000, harvestDay: 330, swing: 0.15 },
  "tom-the-chan-trang": { base: 115_000, harvestDay: 280, swing: 0.1 },
  "gao-trang": { base: 11_500, harvestDay: 80, swing: 0.08 },
  "heo-hoi": { base: 62_000, harvestDay: 200, swing: 0.08 },
};

interface DemoCommodity {
  slug: string;
  unit: PriceUnit;
  base: number;
  harvestDay: number;
  swing: number;
}

/** Demo series per market: on the real reference markets (by slug) and on the invented demo markets. */
interface SeedMarket {
  slug: string;
  priceType: PriceType;
  commodities: string[] | "all";
  /** price level against the wholesale base (retail dearer, farm gate cheaper) */
  markup: number;
  /** only for the invented demo markets, which are created here with is_demo */
  demo?: {
    name: string;
    kind: "collection" | "farm_gate";
    /** where it is, as people wrote it before the 2025 reform (resolved to the current commune) */
    address: { province: string; district: string; commune: string };
  };
}

const SEED_MARKETS: SeedMarket[] = [
  {
    slug: "cho-dau-moi-trai-cay-vinh-kim",
    priceType: "wholesale",
    commodities: ["xoai-cat-hoa-loc", "xoai-cat-chu", "vu-sua-lo-ren", "sau-rieng-ri6", "sau-rieng-monthong", "thanh-long-ruot-trang", "buoi-da-xanh", "mang-cau-xiem", "chanh-khong-hat", "dua-xiem"],
    markup: 1,
  },
  {
    slug: "cho-noi-cai-be",
    priceType: "wholesale",
    commodities: ["xoai-cat-hoa-loc", "xoai-cat-chu", "buoi-long-co-co", "buoi-da-xanh", "sau-rieng-ri6", "khom-tan-phuoc", "dua-xiem", "gao-trang"],
    markup: 1.03,
  },
  {
    slug: "cho-dau-moi-thanh-long-cho-gao",
    priceType: "wholesale",
    commodities: ["thanh-long-ruot-trang", "thanh-long-ruot-do", "khom-tan-phuoc", "gao-trang", "heo-hoi", "ngheu-go-cong"],
    markup: 0.98,
  },
  { slug: "cho-my-tho", priceType: "retail", commodities: "all", markup: 1.3 },
  {
    slug: "vua-ngheu-tan-thanh",
    priceType: "wholesale",
    commodities: ["ngheu-go-cong", "tom-the-chan-trang"],
    markup: 0.95,
    demo: { name: "Vựa nghêu Tân Thành (Gò Công Đông)", kind: "collection", address: { province: "Tiền Giang", district: "Gò Công Đông", commune: "Tân Thành" } },
  },
  {
    slug: "vuon-xoai-hoa-hung",
    priceType: "farm_gate",
    commodities: ["xoai-cat-hoa-loc", "xoai-cat-chu", "sau-rieng-ri6"],
    markup: 0.82,
    demo: { name: "Giá tại vườn Hòa Hưng (Cái Bè)", kind: "farm_gate", address: { province: "Tiền Giang", district: "Cái Bè", commune: "Hòa Hưng" } },
  },
];

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** Rounds to a price people quote: whole hundreds below 100.000 ₫, whole thousands above. */
function quote(vnd: number): number {
  return vnd >= 100_000 ? Math.round(vnd / 1000) * 1000 : Math.round(vnd / 100) * 100;
}

/** Daily demo prices for one commodity at one market: season + slow random walk + daily noise. */
function demoSeries(commodity: DemoCommodity, market: SeedMarket, endDate: string, days: number): ObservationInput[] {
  const rand = seededRandom(hash(`${commodity.slug}@${market.slug}`));
  const rows: ObservationInput[] = [];
  let walk = 0;
  for (let i = days - 1; i >= 0; i--) {
    const date = addDays(endDate, -i);
    const dayOfYear = Math.floor((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000);
    // Lowest at harvest, highest half a year later.
    const season = -Math.cos(((dayOfYear - commodity.harvestDay) / 365) * 2 * Math.PI) * commodity.swing;
    walk = walk * 0.97 + (rand() - 0.5) * 0.03;
    const avg = commodity.base * market.markup * (1 + season + walk + (rand() - 0.5) * 0.02);
    const spread = 0.08 + rand() * 0.07;
    const minVnd = quote(avg * (1 - spread));
    const maxVnd = quote(avg * (1 + spread));
    const avgVnd = Math.min(maxVnd, Math.max(minVnd, quote(avg)));
    rows.push({
      commodityId: 0,
      marketId: 0,
      date,
      grade: "",
      source: "demo",
      priceType: market.priceType,
      unit: commodity.unit,
      minVnd,
      maxVnd,
      avgVnd,
      isDemo: true,
    });
  }
  return rows;
}

interface SeedPricesOptions {
  /** days of demo series (default 365) */
  days?: number;
  /** last day of the demo series (default: today in Vietnam) */
  endDate?: string;
}

export async function seedPrices(db: Db, options: SeedPricesOptions = {}): Promise<void> {
  // The catalogue and the real markets are reference data, loaded whatever SEED_DEMO says; the
  // demo adds only its own markets and observations on top.
  loadReferenceData(db);
  if (SEED_MARKETS.some((m) => m.demo && getMarketBySlug(db, m.slug))) return;

  const catalogue = new Map(listCommodities(db).map((c) => [c.slug, c]));
  const demoCommodity = (slug: string): DemoCommodity | null => {
    const c = catalogue.get(slug);
    const p = DEMO_PRICES[slug];
    return c && p ? { slug, unit: c.defaultUnit, ...p } : null;
  };

  const endDate = options.endDate ?? todayInVietnam();
  const days = options.days ?? 365;
  for (const m of SEED_MARKETS) {
    let market = getMarketBySlug(db, m.slug);
    if (m.demo) {
      // Current commune codes come from the address module, so the markets follow the 2025 reform.
      const resolved = resolveAddress(db, m.demo.address);
      const commune = resolved.status === "resolved" ? resolved.commune : null;
      market = upsertMarket(db, {
        slug: m.slug,
        name: m.demo.name,
        kind: m.demo.kind,
        provinceCode: commune?.provinceCode ?? null,
        provinceName: commune?.provinceName ?? null,
        communeCode: commune?.code ?? null,
        isDemo: true,
      });
    }
    if (!market) throw new Error(`seed market ${m.slug} is not in the reference markets`);
    const rows: ObservationInput[] = [];
    const slugs = m.commodities === "all" ? Object.keys(DEMO_PRICES) : m.commodities;
    for (const slug of slugs) {
      const commodity = demoCommodity(slug);
      if (!commodity) throw new Error(`seed market ${m.slug} lists ${slug}, which has no catalogue entry or demo prices`);
      const id = catalogue.get(slug)!.id;
      for (const r of demoSeries(commodity, m, endDate, days)) rows.push({ ...r, commodityId: id, marketId: market.id });
    }
    upsertObservations(db, rows);
  }

  // The real files, through the same importer as scripts/import-prices.ts.
  await importPriceFile(db, path.join(PRICE_DATA_DIR, "wfp_food_prices_vnm.csv"), { format: "wfp" });
  await importPriceFile(db, path.join(PRICE_DATA_DIR, "worldbank_pinksheet_monthly_selected.csv"), { format: "worldbank" });
}
