/**
 * Market price demo data: the area's commodities and markets, the real WFP and World Bank files
 * (db/data/market-prices) through the price importer, and about a year of invented daily prices
 * marked is_demo (labelled "demo data" on every page). Does nothing when commodities exist.
 */
import path from "node:path";
import { count } from "drizzle-orm";
import { resolveAddress } from "../../app/addresses/resolve.server";
import { addDays, todayInVietnam } from "../../app/lib/clock";
import type { Db } from "../../app/lib/db.server";
import { upsertCommodity, upsertMarket, type CommodityInput } from "../../app/prices/catalog.server";
import { importPriceFile } from "../../app/prices/import.server";
import { upsertObservations, type ObservationInput, type PriceType } from "../../app/prices/observations.server";
import { commodities } from "../schema";
import { seededRandom } from "./random";

const PRICE_DATA_DIR = path.resolve(process.cwd(), "db/data/market-prices");

interface SeedCommodity extends CommodityInput {
  slug: string;
  /** typical wholesale price in its unit, VND */
  base: number;
  /** day of year when prices are lowest (main harvest), and the seasonal swing (0.2 = ±20 %) */
  harvestDay: number;
  swing: number;
}

const SEED_COMMODITIES: SeedCommodity[] = [
  { slug: "xoai-cat-hoa-loc", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit", aliases: ["xoai", "xoai cat", "mango", "hoa loc mango"], base: 55_000, harvestDay: 100, swing: 0.25 },
  { slug: "xoai-cat-chu", nameVi: "Xoài cát Chu", nameEn: "Cat Chu mango", category: "fruit", aliases: ["xoai cat chu", "cat chu mango"], base: 28_000, harvestDay: 110, swing: 0.25 },
  { slug: "vu-sua-lo-ren", nameVi: "Vú sữa Lò Rèn", nameEn: "Lo Ren star apple", category: "fruit", aliases: ["vu sua", "vu sua vinh kim", "star apple", "milk fruit"], base: 32_000, harvestDay: 40, swing: 0.3 },
  { slug: "sau-rieng-ri6", nameVi: "Sầu riêng Ri6", nameEn: "Ri6 durian", category: "fruit", aliases: ["sau rieng", "sau rieng ri 6", "durian"], base: 62_000, harvestDay: 160, swing: 0.3 },
  { slug: "sau-rieng-monthong", nameVi: "Sầu riêng Monthong", nameEn: "Monthong durian", category: "fruit", aliases: ["sau rieng thai", "monthong durian"], base: 85_000, harvestDay: 170, swing: 0.3 },
  { slug: "khom-tan-phuoc", nameVi: "Khóm Tân Phước", nameEn: "Tan Phuoc pineapple", category: "fruit", aliases: ["khom", "thom", "dua", "pineapple"], base: 8_500, harvestDay: 120, swing: 0.2 },
  { slug: "thanh-long-ruot-trang", nameVi: "Thanh long ruột trắng", nameEn: "White dragon fruit", category: "fruit", aliases: ["thanh long", "dragon fruit", "pitaya"], base: 16_000, harvestDay: 200, swing: 0.35 },
  { slug: "thanh-long-ruot-do", nameVi: "Thanh long ruột đỏ", nameEn: "Red dragon fruit", category: "fruit", aliases: ["thanh long do", "red dragon fruit"], base: 26_000, harvestDay: 200, swing: 0.3 },
  { slug: "buoi-da-xanh", nameVi: "Bưởi da xanh", nameEn: "Green-skin pomelo", category: "fruit", aliases: ["buoi", "pomelo"], base: 42_000, harvestDay: 250, swing: 0.15 },
  { slug: "buoi-long-co-co", nameVi: "Bưởi lông Cổ Cò", nameEn: "Co Co pomelo", category: "fruit", aliases: ["buoi long", "co co pomelo"], base: 26_000, harvestDay: 260, swing: 0.15 },
  { slug: "mang-cau-xiem", nameVi: "Mãng cầu xiêm", nameEn: "Soursop", category: "fruit", aliases: ["mang cau", "soursop"], base: 27_000, harvestDay: 60, swing: 0.2 },
  { slug: "chanh-khong-hat", nameVi: "Chanh không hạt", nameEn: "Seedless lime", category: "fruit", aliases: ["chanh", "lime"], base: 14_000, harvestDay: 300, swing: 0.45 },
  { slug: "dua-xiem", nameVi: "Dừa xiêm", nameEn: "Green coconut", category: "fruit", defaultUnit: "dozen", aliases: ["dua xiem", "dua tuoi", "coconut"], base: 85_000, harvestDay: 30, swing: 0.15 },
  { slug: "ngheu-go-cong", nameVi: "Nghêu Gò Công", nameEn: "Go Cong clams", category: "seafood", aliases: ["ngheu", "clam", "clams"], base: 32_000, harvestDay: 330, swing: 0.15 },
  { slug: "tom-the-chan-trang", nameVi: "Tôm thẻ chân trắng", nameEn: "Whiteleg shrimp", category: "seafood", aliases: ["tom the", "tom", "shrimp"], base: 115_000, harvestDay: 280, swing: 0.1 },
  { slug: "gao-trang", nameVi: "Gạo trắng", nameEn: "Rice", category: "rice-grains", aliases: ["gao", "gao te", "rice", "lua gao"], referenceSeries: "RICE_05_VNM", base: 11_500, harvestDay: 80, swing: 0.08 },
  { slug: "heo-hoi", nameVi: "Heo hơi", nameEn: "Live pigs (pork)", category: "livestock-poultry", aliases: ["heo", "lon hoi", "pork", "live pig", "pigs"], base: 62_000, harvestDay: 200, swing: 0.08 },
];

interface SeedMarket {
  slug: string;
  name: string;
  kind: "wholesale" | "retail" | "collection" | "farm_gate";
  priceType: PriceType;
  /** where it is, as people wrote it before the 2025 reform (resolved to the current commune) */
  address: { province: string; district: string; commune: string };
  isDemo: boolean;
  commodities: string[];
  /** price level against the wholesale base (retail dearer, farm gate cheaper) */
  markup: number;
}

const SEED_MARKETS: SeedMarket[] = [
  {
    slug: "cho-dau-moi-trai-cay-vinh-kim",
    name: "Chợ đầu mối trái cây Vĩnh Kim",
    kind: "wholesale",
    priceType: "wholesale",
    address: { province: "Tiền Giang", district: "Châu Thành", commune: "Vĩnh Kim" },
    isDemo: false,
    commodities: ["xoai-cat-hoa-loc", "xoai-cat-chu", "vu-sua-lo-ren", "sau-rieng-ri6", "sau-rieng-monthong", "thanh-long-ruot-trang", "buoi-da-xanh", "mang-cau-xiem", "chanh-khong-hat", "dua-xiem"],
    markup: 1,
  },
  {
    slug: "cho-noi-cai-be",
    name: "Chợ nổi Cái Bè",
    kind: "wholesale",
    priceType: "wholesale",
    address: { province: "Tiền Giang", district: "Cái Bè", commune: "Thị trấn Cái Bè" },
    isDemo: false,
    commodities: ["xoai-cat-hoa-loc", "xoai-cat-chu", "buoi-long-co-co", "buoi-da-xanh", "sau-rieng-ri6", "khom-tan-phuoc", "dua-xiem", "gao-trang"],
    markup: 1.03,
  },
  {
    slug: "cho-dau-moi-thanh-long-cho-gao",
    name: "Chợ đầu mối thanh long Chợ Gạo",
    kind: "wholesale",
    priceType: "wholesale",
    address: { province: "Tiền Giang", district: "Chợ Gạo", commune: "Thị trấn Chợ Gạo" },
    isDemo: false,
    commodities: ["thanh-long-ruot-trang", "thanh-long-ruot-do", "khom-tan-phuoc", "gao-trang", "heo-hoi", "ngheu-go-cong"],
    markup: 0.98,
  },
  {
    slug: "cho-my-tho",
    name: "Chợ Mỹ Tho",
    kind: "retail",
    priceType: "retail",
    address: { province: "Tiền Giang", district: "Mỹ Tho", commune: "Phường 1" },
    isDemo: false,
    commodities: SEED_COMMODITIES.map((c) => c.slug),
    markup: 1.3,
  },
  {
    slug: "vua-ngheu-tan-thanh",
    name: "Vựa nghêu Tân Thành (Gò Công Đông)",
    kind: "collection",
    priceType: "wholesale",
    address: { province: "Tiền Giang", district: "Gò Công Đông", commune: "Tân Thành" },
    isDemo: true,
    commodities: ["ngheu-go-cong", "tom-the-chan-trang"],
    markup: 0.95,
  },
  {
    slug: "vuon-xoai-hoa-hung",
    name: "Giá tại vườn Hòa Hưng (Cái Bè)",
    kind: "farm_gate",
    priceType: "farm_gate",
    address: { province: "Tiền Giang", district: "Cái Bè", commune: "Hòa Hưng" },
    isDemo: true,
    commodities: ["xoai-cat-hoa-loc", "xoai-cat-chu", "sau-rieng-ri6"],
    markup: 0.82,
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
function demoSeries(commodity: SeedCommodity, market: SeedMarket, endDate: string, days: number): ObservationInput[] {
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
      unit: commodity.defaultUnit ?? "kg",
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
  const existing = db.select({ n: count() }).from(commodities).get();
  if ((existing?.n ?? 0) > 0) return;

  const commodityIds = new Map<string, number>();
  for (const c of SEED_COMMODITIES) {
    const row = upsertCommodity(db, {
      slug: c.slug,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      category: c.category,
      defaultUnit: c.defaultUnit,
      aliases: c.aliases,
      referenceSeries: c.referenceSeries,
    });
    commodityIds.set(c.slug, row.id);
  }

  const endDate = options.endDate ?? todayInVietnam();
  const days = options.days ?? 365;
  for (const m of SEED_MARKETS) {
    // Current commune codes come from the address module, so the markets follow the 2025 reform.
    const resolved = resolveAddress(db, m.address);
    const commune = resolved.status === "resolved" ? resolved.commune : null;
    const market = upsertMarket(db, {
      slug: m.slug,
      name: m.name,
      kind: m.kind,
      provinceCode: commune?.provinceCode ?? null,
      provinceName: commune?.provinceName ?? null,
      communeCode: commune?.code ?? null,
      isDemo: m.isDemo,
    });
    const rows: ObservationInput[] = [];
    for (const slug of m.commodities) {
      const commodity = SEED_COMMODITIES.find((c) => c.slug === slug);
      if (!commodity) throw new Error(`seed market ${m.slug} lists unknown commodity ${slug}`);
      for (const r of demoSeries(commodity, m, endDate, days)) rows.push({ ...r, commodityId: commodityIds.get(slug)!, marketId: market.id });
    }
    upsertObservations(db, rows);
  }

  // The real files, through the same importer as scripts/import-prices.ts.
  await importPriceFile(db, path.join(PRICE_DATA_DIR, "wfp_food_prices_vnm.csv"), { format: "wfp" });
  await importPriceFile(db, path.join(PRICE_DATA_DIR, "worldbank_pinksheet_monthly_selected.csv"), { format: "worldbank" });
}
