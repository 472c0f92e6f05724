/**
 * Synthetic catalog for the benchmark: households spread over the home province's communes and
 * listings with realistic Vietnamese titles, written in one transaction, then indexed with the
 * catalog's own rebuildSearchIndex (the same rows indexListing writes). With `sellersFrom: "existing"`
 * (bench:national) no household is written: the listings go to `households` of the households already
 * there (imported ones, spread evenly over their ids), which are verified first, as sellers are.
 */
import { listCurrentCommunes } from "~/addresses/lookup.server";
import { rebuildSearchIndex } from "~/catalog/search-index.server";
import type { Db } from "~/lib/db.server";
import { fold, slugify } from "~/lib/text";
import { seededRandom } from "../db/seed/random";

interface Product {
  name: string;
  category: string;
  unit: string;
  price: [number, number];
  varieties: string[];
  weight: number;
}

// Weighted like the area's real catalog: fruit dominates, so "trái cây" and the province match most of it.
const PRODUCTS: Product[] = [
  { name: "Xoài cát Hòa Lộc", category: "fruit", unit: "kg", price: [45_000, 90_000], varieties: ["loại 1", "loại 2", "trái to", "chín cây"], weight: 6 },
  { name: "Xoài cát chu", category: "fruit", unit: "kg", price: [25_000, 45_000], varieties: ["loại 1", "vườn nhà"], weight: 4 },
  { name: "Xoài tứ quý", category: "fruit", unit: "kg", price: [20_000, 40_000], varieties: ["trái to", "xuất khẩu"], weight: 2 },
  { name: "Vú sữa Lò Rèn Vĩnh Kim", category: "fruit", unit: "kg", price: [30_000, 60_000], varieties: ["trái tròn", "GlobalGAP", "loại 1"], weight: 5 },
  { name: "Sầu riêng Ri6", category: "fruit", unit: "kg", price: [60_000, 120_000], varieties: ["Ngũ Hiệp", "Cai Lậy", "cơm vàng hạt lép"], weight: 6 },
  { name: "Sầu riêng Monthong", category: "fruit", unit: "kg", price: [70_000, 130_000], varieties: ["Cai Lậy", "loại 1"], weight: 4 },
  { name: "Khóm Tân Phước", category: "fruit", unit: "fruit", price: [8_000, 20_000], varieties: ["khóm Queen", "trái lớn", "chín vàng"], weight: 4 },
  { name: "Thanh long Chợ Gạo", category: "fruit", unit: "kg", price: [12_000, 35_000], varieties: ["ruột trắng", "ruột đỏ", "loại 1"], weight: 5 },
  { name: "Bưởi lông Cổ Cò", category: "fruit", unit: "fruit", price: [35_000, 70_000], varieties: ["trái lớn", "vườn Cai Lậy"], weight: 3 },
  { name: "Bưởi da xanh", category: "fruit", unit: "kg", price: [30_000, 60_000], varieties: ["ruột hồng", "loại 1"], weight: 4 },
  { name: "Mãng cầu xiêm Tân Phú Đông", category: "fruit", unit: "kg", price: [25_000, 50_000], varieties: ["trái lớn", "chín cây"], weight: 3 },
  { name: "Chôm chôm Java", category: "fruit", unit: "kg", price: [15_000, 35_000], varieties: ["chôm chôm nhãn", "đường phèn"], weight: 3 },
  { name: "Nhãn xuồng cơm vàng", category: "fruit", unit: "kg", price: [30_000, 60_000], varieties: ["loại 1"], weight: 2 },
  { name: "Mít Thái", category: "fruit", unit: "kg", price: [15_000, 30_000], varieties: ["múi vàng", "loại 1"], weight: 2 },
  { name: "Dừa xiêm xanh", category: "fruit", unit: "fruit", price: [8_000, 15_000], varieties: ["nước ngọt", "bến tre"], weight: 2 },
  { name: "Cam sành", category: "fruit", unit: "kg", price: [15_000, 30_000], varieties: ["loại 1", "vỏ mỏng"], weight: 2 },
  { name: "Nghêu Gò Công", category: "seafood", unit: "kg", price: [40_000, 80_000], varieties: ["nghêu trắng", "size lớn"], weight: 3 },
  { name: "Tôm càng xanh", category: "seafood", unit: "kg", price: [180_000, 320_000], varieties: ["size 10 con/kg", "ao nuôi"], weight: 2 },
  { name: "Cá lóc đồng", category: "seafood", unit: "kg", price: [60_000, 110_000], varieties: ["cá sống", "làm sạch"], weight: 2 },
  { name: "Gạo ST25", category: "rice-grains", unit: "kg", price: [28_000, 40_000], varieties: ["gạo thơm", "túi 5 kg", "vụ mới"], weight: 3 },
  { name: "Gạo VD 20 Gò Công", category: "rice-grains", unit: "kg", price: [20_000, 30_000], varieties: ["gạo thơm", "OCOP"], weight: 2 },
  { name: "Bắp nếp", category: "vegetables", unit: "bunch", price: [15_000, 30_000], varieties: ["bắp trắng", "bắp tím"], weight: 2 },
  { name: "Rau muống", category: "vegetables", unit: "bunch", price: [5_000, 12_000], varieties: ["rau sạch", "VietGAP"], weight: 2 },
  { name: "Khổ qua", category: "vegetables", unit: "kg", price: [12_000, 25_000], varieties: ["vườn nhà"], weight: 1 },
  { name: "Gà ta Gò Công", category: "livestock-poultry", unit: "kg", price: [90_000, 150_000], varieties: ["gà thả vườn", "làm sạch"], weight: 2 },
  { name: "Heo quay", category: "livestock-poultry", unit: "kg", price: [180_000, 260_000], varieties: ["heo thả vườn"], weight: 1 },
  { name: "Mật ong hoa nhãn", category: "processed-ocop", unit: "bottle", price: [120_000, 250_000], varieties: ["chai 500 ml", "OCOP 3 sao"], weight: 1 },
  { name: "Mắm tôm chà", category: "processed-ocop", unit: "bottle", price: [50_000, 90_000], varieties: ["Gò Công", "OCOP 4 sao"], weight: 1 },
  { name: "Trà mãng cầu xiêm", category: "processed-ocop", unit: "box", price: [60_000, 120_000], varieties: ["hộp quà", "OCOP"], weight: 1 },
  { name: "Đậu phộng rang", category: "processed-ocop", unit: "kg", price: [60_000, 100_000], varieties: ["tỏi ớt", "nguyên vỏ"], weight: 1 },
  { name: "Cây giống sầu riêng Ri6", category: "seedlings", unit: "head", price: [30_000, 80_000], varieties: ["ghép mắt", "cao 60 cm"], weight: 1 },
  { name: "Cây giống xoài cát Hòa Lộc", category: "seedlings", unit: "head", price: [25_000, 60_000], varieties: ["ghép cành"], weight: 1 },
];
const DESCRIPTIONS = [
  "Trái cây vườn nhà, hái khi khách đặt, giao trong ngày ở Mỹ Tho và các xã lân cận.",
  "Sản phẩm đạt chuẩn VietGAP, đóng thùng carton, giao xe khách đi Sài Gòn.",
  "Vườn canh tác theo hướng hữu cơ, không dùng thuốc kích thích, bao trái từ nhỏ.",
  "Hàng tuyển chọn, đều trái, ngọt đậm. Nhận đặt số lượng lớn cho sạp chợ và cửa hàng.",
  "Nhà vườn ở cù lao, thu hoạch mỗi sáng, đóng gói cẩn thận.",
  "Hợp tác xã thu mua của nhiều hộ, chất lượng đồng đều, có hóa đơn.",
];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Quốc", "Kim"];
const GIVEN = ["Út", "Tư", "Sáu", "Bảy", "Lộc", "Phúc", "Hạnh", "Tâm", "Dũng", "Hoa", "Lan", "Hùng", "Nam", "Mai", "Đực", "Thảo", "Tài", "Hiền"];
const SHOP = ["Vườn", "Nhà vườn", "Vựa", "HTX", "Trang trại"];
const CERTS = ["vietgap", "globalgap", "organic", "ocop3", "ocop4"];

interface BenchCatalog {
  households: number;
  listings: number;
  indexed: number;
  /** a few published listings for page requests */
  sampleListings: Array<{ id: number; slug: string }>;
  buildMs: number;
  indexMs: number;
}

export function buildBenchCatalog(
  db: Db,
  options: { households: number; listings: number; provinceCode: string; sellersFrom?: "existing" },
): BenchCatalog {
  const random = seededRandom(20260301);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const existing = options.sellersFrom === "existing";
  const communes = existing ? [] : listCurrentCommunes(db, options.provinceCode).map((c) => c.code);
  if (!existing && communes.length === 0) throw new Error(`no communes for province ${options.provinceCode}`);
  const weighted = PRODUCTS.flatMap((p) => Array.from({ length: p.weight }, () => p));
  const sqlite = db.$client;
  const started = performance.now();

  const insertHousehold = sqlite.prepare(
    `INSERT INTO households (id, kind, display_name, representative_name, name_folded, phone, commune_code, certifications,
       delivery, show_contact, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertListing = sqlite.prepare(
    `INSERT INTO listings (id, household_id, category, title, slug, description, unit, price_vnd, stock, min_order, status,
       available_from, available_to, certifications, created_at, updated_at, published_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPhoto = sqlite.prepare(
    `INSERT INTO listing_photos (listing_id, position, hash, width, height, status, created_at) VALUES (?, 0, ?, 1600, 1200, 'ready', ?)`,
  );
  const delivery = JSON.stringify({ pickup: true, feeCommune: 15000, feeProvince: 30000, feeElsewhere: null, freeAbove: 500000 });
  const t0 = Date.UTC(2025, 0, 1);
  const sampleListings: BenchCatalog["sampleListings"] = [];

  // The listings' households: 1..households written below, or every step-th existing one.
  let sellerIds: number[] = [];
  if (existing) {
    const total = (sqlite.prepare("SELECT count(*) AS n FROM households").get() as { n: number }).n;
    const step = Math.max(1, Math.floor(total / options.households));
    sellerIds = sqlite.prepare("SELECT id FROM households WHERE id % ? = 0 ORDER BY id LIMIT ?").pluck().all(step, options.households) as number[];
    if (sellerIds.length === 0) throw new Error("no households to sell from");
  }
  const sellerOf = (listingId: number) => (existing ? sellerIds[(listingId - 1) % sellerIds.length] : 1 + ((listingId - 1) % options.households));

  sqlite.transaction(() => {
    if (existing) {
      const verify = sqlite.prepare("UPDATE households SET status = 'verified', delivery = ?, updated_at = ? WHERE id = ?");
      for (const id of sellerIds) verify.run(delivery, t0, id);
    }
    for (let id = 1; !existing && id <= options.households; id++) {
      const person = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
      const shop = `${pick(SHOP)} ${person.split(" ").slice(-1)[0]} ${pick(["Cái Bè", "Cai Lậy", "Chợ Gạo", "Vĩnh Kim", "Tân Phước", "Gò Công", "Mỹ Tho", "Cao Lãnh"])}`;
      const certs = random() < 0.3 ? [pick(CERTS)] : [];
      const status = random() < 0.95 ? "verified" : pick(["registered", "activated", "suspended"]);
      const at = t0 + Math.floor(random() * 300) * 86_400_000;
      insertHousehold.run(id, random() < 0.9 ? "household" : "cooperative", shop, person, fold(person), `+8490${String(1_000_000 + id).slice(-7)}`,
        pick(communes), JSON.stringify(certs), delivery, random() < 0.5 ? 1 : 0, status, at, at);
    }
    for (let id = 1; id <= options.listings; id++) {
      const householdId = sellerOf(id);
      const product = pick(weighted);
      const title = random() < 0.7 ? `${product.name} ${pick(product.varieties)}` : product.name;
      const price = Math.round((product.price[0] + random() * (product.price[1] - product.price[0])) / 1000) * 1000;
      const status = random() < 0.9 ? "published" : pick(["draft", "paused", "sold_out"]);
      const at = t0 + id * 60_000;
      const month = 1 + Math.floor(random() * 12);
      const from = `2026-${String(month).padStart(2, "0")}-01`;
      const to = `2026-${String(Math.min(12, month + 2 + Math.floor(random() * 4))).padStart(2, "0")}-28`;
      const slug = slugify(title);
      insertListing.run(id, householdId, product.category, title, slug, pick(DESCRIPTIONS), product.unit, price, 10 + Math.floor(random() * 500),
        1, status, from, to, JSON.stringify(random() < 0.2 ? [pick(CERTS)] : []), at, at, status === "published" ? at : null);
      if (random() < 0.8) insertPhoto.run(id, (id * 2654435761 >>> 0).toString(16).padStart(8, "0").repeat(4), at);
      if (status === "published" && sampleListings.length < 50 && id % 997 === 0) sampleListings.push({ id, slug });
    }
  })();
  const built = performance.now();
  const indexed = rebuildSearchIndex(db);
  const done = performance.now();
  return {
    households: existing ? sellerIds.length : options.households,
    listings: options.listings,
    indexed,
    sampleListings,
    buildMs: Math.round(built - started),
    indexMs: Math.round(done - built),
  };
}
