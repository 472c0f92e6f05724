/**
 * Product sheets (the listings import), in the spirit of Open Food Network's product import: one row per
 * product of a household, the household named by its CCCD or its phone. Header aliases and the
 * per-cell readers live here; they are safe in the browser (the upload preview shows the mapping).
 */
import { CATEGORIES, UNITS, type Category, type Unit } from "~/listings/options";
import { parsePriceVnd, parseWholeNumber, MAX_QUANTITY } from "~/listings/price";
import { cleanText, fold } from "~/lib/text";
import { fieldOf, headerKey } from "./headers";
import { assignColumns, IGNORE, type ColumnOverrides, type DuplicateTarget, type FieldSpec, type MappedColumn } from "./mapping";

export const LISTING_IMPORT_FIELDS = [
  "nationalId",
  "phone",
  "representativeName",
  "title",
  "category",
  "unit",
  "price",
  "stock",
  "description",
  "status",
] as const;
export type ListingImportField = (typeof LISTING_IMPORT_FIELDS)[number];

/** The canonical headers, in template order. */
export const LISTING_CANONICAL_HEADERS: Record<ListingImportField, { vi: string; en: string }> = {
  nationalId: { vi: "Số CCCD", en: "National ID" },
  phone: { vi: "Số điện thoại", en: "Phone" },
  representativeName: { vi: "Họ và tên chủ hộ", en: "Representative name" },
  title: { vi: "Tên sản phẩm", en: "Product name" },
  category: { vi: "Danh mục", en: "Category" },
  unit: { vi: "Đơn vị", en: "Unit" },
  price: { vi: "Đơn giá (đ)", en: "Price (VND)" },
  stock: { vi: "Tồn kho", en: "Stock" },
  description: { vi: "Mô tả", en: "Description" },
  status: { vi: "Trạng thái", en: "Status" },
};

/** Product-sheet aliases (keys as headerKey makes them). The household columns reuse the household sheet's aliases. */
const ALIASES: Partial<Record<ListingImportField, string[]>> = {
  title: [
    "ten san pham", "san pham", "ten hang", "ten hang hoa", "mat hang", "ten mat hang", "hang hoa", "name", "product",
    "product name", "title", "productname",
  ],
  category: ["danh muc", "loai", "loai san pham", "loai hang", "nhom", "nhom hang", "nhom san pham", "phan loai", "category", "product category"],
  unit: ["don vi", "don vi tinh", "dvt", "don vi ban", "unit", "units", "unit of measure"],
  price: ["gia", "don gia", "gia ban", "gia ban le", "gia vnd", "price", "unit price", "price vnd"],
  stock: ["ton kho", "so luong", "so luong ton", "so luong con", "so luong ban", "kho", "stock", "quantity", "qty", "on hand"],
  description: ["mo ta", "mo ta san pham", "gioi thieu", "gioi thieu san pham", "description"],
  status: ["trang thai", "tinh trang", "trang thai ban", "status"],
};

/** Household sheet fields that carry over to product sheets (found through headers.ts's aliases). */
const HOUSEHOLD_FIELDS = new Set<ListingImportField>(["nationalId", "phone", "representativeName"]);
/**
 * Household aliases that mean something else on a product sheet: "Tên"/"name" alone is the product's
 * name here or nobody's, never silently the representative's.
 */
const NOT_HOUSEHOLD = new Set(["ten", "name"]);

/**
 * Columns known and left alone: officers' row counters and notes, and the two columns the error report
 * adds ("Dòng"/"Row", "Lý do"/"Reason"), so the report itself can be fixed and uploaded again.
 */
const IGNORED = new Set(
  ["stt", "tt", "so tt", "so thu tu", "no", "#", "ghi chu", "note", "notes", "dong", "row", "ly do", "reason", "reasons"].map(headerKey),
);

const LOOKUP = new Map<string, ListingImportField>();
for (const field of LISTING_IMPORT_FIELDS) {
  for (const alias of ALIASES[field] ?? []) LOOKUP.set(headerKey(alias), field);
  LOOKUP.set(headerKey(LISTING_CANONICAL_HEADERS[field].vi), field);
  LOOKUP.set(headerKey(LISTING_CANONICAL_HEADERS[field].en), field);
}

/** The product-sheet field a header names, or null. */
export function listingFieldOf(header: string): ListingImportField | null {
  const key = headerKey(header);
  if (!key) return null;
  const own = LOOKUP.get(key) ?? LOOKUP.get(key.replace(/ /g, ""));
  if (own) return own;
  if (NOT_HOUSEHOLD.has(key)) return null;
  const household = fieldOf(header);
  return household && HOUSEHOLD_FIELDS.has(household as ListingImportField) ? (household as ListingImportField) : null;
}

/** Required columns; "household" stands for "a CCCD column or a phone column". */
export const LISTING_REQUIRED = ["household", "title", "category", "unit", "price"] as const;
export type ListingRequired = (typeof LISTING_REQUIRED)[number];

export interface ListingHeaderMatch {
  /** field → 0-based column index (a chosen column, else the first column naming a field) */
  columns: Map<ListingImportField, number>;
  /** headers that name no known field, as written */
  unknown: string[];
  missing: ListingRequired[];
  /** every column and what it feeds; a column naming no field is ignored (products keep no extra attributes) */
  mapping: MappedColumn[];
  /** two columns chosen for one field */
  duplicate: DuplicateTarget | null;
}

/** The fields of a product sheet; the household is named by a CCCD or a phone column, either will do. */
export const LISTING_FIELD_SPECS: readonly FieldSpec[] = LISTING_IMPORT_FIELDS.map((name) => ({
  name,
  required: (LISTING_REQUIRED as readonly string[]).includes(name),
  labelKey: `imports:listings.fields.${name}`,
}));

export function matchListingHeaders(cells: readonly string[], overrides?: ColumnOverrides): ListingHeaderMatch {
  const assigned = assignColumns(cells, {
    auto: listingFieldOf,
    autoIgnored: (header) => IGNORED.has(headerKey(header)),
    fields: LISTING_IMPORT_FIELDS,
    keepsExtras: false,
    overrides,
  });
  const { columns } = assigned;
  const unknown = assigned.mapping
    .filter((c) => c.how === "auto" && c.target === IGNORE && !listingFieldOf(c.header) && !IGNORED.has(headerKey(c.header)))
    .map((c) => c.header);
  const missing = LISTING_REQUIRED.filter((field) =>
    field === "household" ? !columns.has("nationalId") && !columns.has("phone") : !columns.has(field),
  );
  return { columns, unknown, missing, mapping: assigned.mapping, duplicate: assigned.duplicate };
}

/** How many distinct product-sheet fields a row names: a header row names at least two. */
export function countKnownListingHeaders(cells: readonly string[]): number {
  const seen = new Set<ListingImportField>();
  for (const cell of cells) {
    const field = listingFieldOf(cell);
    if (field) seen.add(field);
  }
  return seen.size;
}

// ---------------------------------------------------------------------------------------------
// Cells

/** Folded, punctuation as spaces, bracketed parts dropped: "Gia súc, gia cầm" → "gia suc gia cam". */
function valueKey(text: string): string {
  return headerKey(text).replace(/&/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Categories by code, by their labels in both languages (public/locales/{vi,en}/listings.json
 * categories.*, kept in step by the test) and by the words officers use for them.
 */
const CATEGORY_WORDS: Record<Category, string[]> = {
  fruit: ["Trái cây", "Fruit", "fruits", "trái", "hoa quả", "cây ăn trái", "cây ăn quả"],
  vegetables: ["Rau củ", "Vegetables", "vegetable", "rau", "rau màu", "rau củ quả", "rau ăn lá"],
  "rice-grains": ["Gạo và ngũ cốc", "Rice and grains", "rice", "grains", "gạo", "lúa", "lúa gạo", "ngũ cốc"],
  seafood: ["Thủy hải sản", "Thuỷ hải sản", "Seafood and aquaculture", "aquaculture", "thủy sản", "thuỷ sản", "hải sản"],
  "livestock-poultry": ["Gia súc, gia cầm", "Livestock and poultry", "livestock", "poultry", "gia súc", "gia cầm", "chăn nuôi"],
  "processed-ocop": [
    "Sản phẩm chế biến, OCOP", "Processed and OCOP products", "processed", "ocop", "sản phẩm ocop", "chế biến", "hàng chế biến",
  ],
  seedlings: ["Cây giống", "Seedlings", "seedling", "giống", "cây con", "con giống"],
};

const CATEGORY_LOOKUP = new Map<string, Category>();
for (const code of CATEGORIES) {
  CATEGORY_LOOKUP.set(valueKey(code), code);
  for (const word of CATEGORY_WORDS[code]) CATEGORY_LOOKUP.set(valueKey(word), code);
}

export function parseCategory(text: string): Category | null {
  const key = valueKey(text);
  return key ? (CATEGORY_LOOKUP.get(key) ?? null) : null;
}

/**
 * Units. Marks matter for one pair: "tạ" is 100 kg but "tá" is a dozen, and both fold to "ta". So the
 * words are looked up as written (lowercase NFC) first; a bare "ta" is refused as ambiguous rather
 * than guessed. Everything else is also matched folded ("ky", "trai", "chuc"…).
 */
const UNIT_WORDS: Record<Unit, string[]> = {
  kg: ["kg", "kgs", "kilogram", "kilograms", "kilo", "ký", "kí", "ki lô", "ki lô gam"],
  yen: ["yến", "yến (10 kg)"],
  ta: ["tạ", "tạ (100 kg)", "quintal"],
  tan: ["tấn", "tonne", "tonnes", "ton", "tons"],
  fruit: ["trái", "quả", "fruit", "fruits", "piece", "pieces"],
  dozen: ["chục", "tá", "dozen", "dozen (chục)"],
  bunch: ["bó", "bunch", "bunches"],
  box: ["hộp", "box", "boxes"],
  bottle: ["chai", "bottle", "bottles"],
  head: ["con", "head", "heads"],
};

const UNIT_EXACT = new Map<string, Unit>();
const UNIT_FOLDED = new Map<string, Unit>();
const AMBIGUOUS_UNITS = new Set<string>();
for (const code of UNITS) {
  for (const word of [code, ...UNIT_WORDS[code]]) {
    const exact = unitExactKey(word);
    UNIT_EXACT.set(exact, code);
    const folded = valueKey(word);
    const earlier = UNIT_FOLDED.get(folded);
    if (earlier && earlier !== code) AMBIGUOUS_UNITS.add(folded);
    else UNIT_FOLDED.set(folded, code);
  }
}
for (const key of AMBIGUOUS_UNITS) UNIT_FOLDED.delete(key);
// The internal code "ta" is tạ; written bare in a sheet it is still ambiguous, so only "tạ" maps.
UNIT_EXACT.delete("ta");

function unitExactKey(text: string): string {
  return cleanText(text).toLowerCase().replace(/\([^)]*\)/g, " ").replace(/\s+/g, " ").trim();
}

export type UnitResult = { ok: true; value: Unit } | { ok: false; reason: "unknown" | "ambiguous" };

export function parseUnit(text: string): UnitResult {
  const exact = UNIT_EXACT.get(unitExactKey(text));
  if (exact) return { ok: true, value: exact };
  const key = valueKey(text);
  if (AMBIGUOUS_UNITS.has(key)) return { ok: false, reason: "ambiguous" };
  const folded = UNIT_FOLDED.get(key);
  return folded ? { ok: true, value: folded } : { ok: false, reason: "unknown" };
}

export type PriceRejection = "empty" | "invalid" | "decimal" | "negative" | "tooLarge" | "zero" | "shorthand";

/**
 * A price in whole VND, read by the listings module's own reader ("45.000", "45,000", "45 000", "45000đ").
 * Shorthands ("45k", "45 nghìn", "1,2tr") are refused, not expanded: "k" is also what a tired hand types
 * for "kg" ("45k" for 45 per kg?), and a wrong price published to buyers costs more than a refused row.
 */
export function parseImportPrice(text: string): { ok: true; value: number } | { ok: false; reason: PriceRejection } {
  const folded = fold(cleanText(text));
  if (/^[\d.,\s]+\s*(k|nghin|ngan|tr|trieu)\b/.test(folded)) return { ok: false, reason: "shorthand" };
  return parsePriceVnd(text);
}

export type StockRejection = "invalid" | "decimal" | "negative" | "tooLarge";

/** Stock in whole units of the listing's unit; empty is handled by the caller (kept or 0). */
export function parseStock(text: string): { ok: true; value: number } | { ok: false; reason: StockRejection } {
  const result = parseWholeNumber(text, MAX_QUANTITY);
  if (result.ok) return result;
  return { ok: false, reason: result.reason === "empty" ? "invalid" : result.reason };
}

/** What the sheet asks for: "nháp" keeps or takes the listing off sale, "đăng bán" puts it on sale. */
export type RequestedStatus = "draft" | "published";

const STATUS_WORDS: Record<RequestedStatus, string[]> = {
  draft: ["nháp", "bản nháp", "lưu nháp", "chưa đăng", "chưa bán", "ngừng bán", "draft", "unpublished", "hidden"],
  published: ["đăng bán", "đang bán", "đăng", "bán", "mở bán", "published", "publish", "on sale", "for sale", "active"],
};
const STATUS_LOOKUP = new Map<string, RequestedStatus>();
for (const status of ["draft", "published"] as const) {
  for (const word of STATUS_WORDS[status]) STATUS_LOOKUP.set(valueKey(word), status);
}

export function parseRequestedStatus(text: string): RequestedStatus | null {
  return STATUS_LOOKUP.get(valueKey(text)) ?? null;
}
