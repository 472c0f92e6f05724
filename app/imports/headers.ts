/**
 * Header names of officers' household sheets: Vietnamese or English, with or without diacritics,
 * matched through fold() against aliases. Safe in the browser (the upload preview shows the mapping).
 */
import { cleanText, fold } from "~/lib/text";
import { assignColumns, EXTRA, type ColumnOverrides, type DuplicateTarget, type FieldSpec, type MappedColumn } from "./mapping";

export const IMPORT_FIELDS = [
  "representativeName",
  "phone",
  "nationalId",
  "province",
  "district",
  "commune",
  "communeCode",
  "hamlet",
  "addressLine",
  "mainProducts",
  "farmAreaM2",
  "kind",
  "consent",
  "displayName",
  "email",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The canonical headers, in template order (the downloadable templates use these). */
export const CANONICAL_HEADERS: Record<ImportField, { vi: string; en: string }> = {
  representativeName: { vi: "Họ và tên chủ hộ", en: "Representative name" },
  phone: { vi: "Số điện thoại", en: "Phone" },
  nationalId: { vi: "Số CCCD", en: "National ID" },
  province: { vi: "Tỉnh", en: "Province" },
  district: { vi: "Huyện (cũ)", en: "Former district" },
  commune: { vi: "Xã/Phường", en: "Commune" },
  communeCode: { vi: "Mã xã", en: "Commune code" },
  hamlet: { vi: "Ấp", en: "Hamlet" },
  addressLine: { vi: "Địa chỉ", en: "Address" },
  mainProducts: { vi: "Sản phẩm chính", en: "Main products" },
  farmAreaM2: { vi: "Diện tích (m2)", en: "Farm area (m2)" },
  kind: { vi: "Loại hình", en: "Kind" },
  consent: { vi: "Đồng ý", en: "Consent" },
  displayName: { vi: "Tên gian hàng", en: "Shop name" },
  email: { vi: "Email", en: "Email" },
};

/**
 * Aliases, folded and with punctuation reduced to spaces (see headerKey). A unit in brackets after
 * the area header ("Diện tích (ha)") is read separately, so only the bare words are listed here.
 */
const ALIASES: Record<ImportField, string[]> = {
  representativeName: [
    "ho va ten chu ho", "ho ten chu ho", "ten chu ho", "chu ho", "ho va ten", "ho ten", "ho ten nguoi dai dien",
    "nguoi dai dien", "ten", "name", "full name", "representative", "representative name", "representativename",
    "owner", "owner name", "head of household",
  ],
  phone: [
    "so dien thoai", "dien thoai", "sdt", "so dt", "dt", "dtdd", "di dong", "so di dong", "phone", "phone number",
    "mobile", "tel", "telephone",
  ],
  nationalId: [
    "so cccd", "cccd", "cccd cmnd", "cmnd cccd", "so cccd cmnd", "so cmnd cccd", "cmnd", "so cmnd", "can cuoc",
    "can cuoc cong dan", "so can cuoc", "so dinh danh", "so dinh danh ca nhan", "ma dinh danh", "national id",
    "national_id", "nationalid", "id number", "citizen id",
  ],
  province: ["tinh", "tinh thanh", "tinh thanh pho", "tinh tp", "province"],
  district: [
    "huyen", "quan huyen", "huyen quan", "huyen thi xa", "huyen thi xa thanh pho", "quan huyen thi xa", "huyen cu",
    "district", "former district",
  ],
  commune: ["xa phuong", "xa", "phuong", "phuong xa", "xa phuong thi tran", "xa thi tran", "commune", "ward", "commune ward"],
  communeCode: ["ma xa", "ma xa phuong", "ma don vi", "commune code", "commune_code", "communecode"],
  hamlet: ["ap", "ap khom", "khom", "ap khom to", "thon", "thon ap", "to", "hamlet", "village"],
  addressLine: ["dia chi", "dia chi chi tiet", "so nha", "so nha duong", "address", "address line", "addressline", "street"],
  mainProducts: [
    "san pham chinh", "san pham", "nong san", "nong san chinh", "mat hang", "cay trong vat nuoi", "main products",
    "mainproducts", "products", "product",
  ],
  farmAreaM2: ["dien tich", "dien tich canh tac", "dien tich dat", "dien tich san xuat", "farm area", "area", "farmaream2"],
  kind: ["loai hinh", "loai", "kind", "type"],
  consent: [
    "dong y", "dong y chia se", "dong y cung cap thong tin", "dong y xu ly du lieu", "chap thuan", "consent", "agreed",
  ],
  displayName: ["ten gian hang", "ten cua hang", "gian hang", "shop name", "display name", "displayname", "store name"],
  email: ["email", "e mail", "thu dien tu"],
};

/** Columns officers keep for themselves (row counters): known, never reported as unknown. */
const IGNORED = new Set([
  "stt", "tt", "so tt", "so thu tu", "no", "#", "ghi chu", "note", "notes", "ma ho",
  // the two columns an error report adds (report.row, report.reason): the report can be uploaded again
  "dong", "ly do", "row", "reason",
]);

/** Required to create a household; a commune code stands in for the commune name. */
export const REQUIRED_FIELDS: readonly ImportField[] = ["representativeName", "phone", "commune"];

/**
 * m² per unit. "công" is the Mekong Delta's 1,000 m² (công tầm cấy / tầm nhỏ, the unit officers in the
 * south write); the 1,296 m² "công tầm lớn" is not assumed. "1000m2" is how some sheets spell a công.
 */
export const AREA_UNITS: Record<string, number> = {
  m2: 1, "m 2": 1, "m²": 1, ha: 10_000, hecta: 10_000, hectare: 10_000, cong: 1_000,
  "1000m2": 1_000, "1000 m2": 1_000, "1 000 m2": 1_000, "1 000m2": 1_000,
};

/** Folded header with punctuation (/, -, _, ., :) as spaces and any bracketed part removed. */
export function headerKey(text: string): string {
  return fold(cleanText(text).replace(/\([^)]*\)|\[[^\]]*\]/g, " "))
    .replace(/[/\\\-_.:*,;]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  for (const alias of ALIASES[field]) LOOKUP.set(headerKey(alias), field);
  LOOKUP.set(headerKey(CANONICAL_HEADERS[field].vi), field);
  LOOKUP.set(headerKey(CANONICAL_HEADERS[field].en), field);
}

// ---------------------------------------------------------------------------------------------
// Matching by meaning: a header that joins several unit kinds ("Xã/Phường/TT", "Ấp/KP", "Huyện/TX/TP")
// names the column of those kinds. The fixed aliases above are tried first; this is the fallback.

/** Unit kinds, as folded words, and the column they belong to. "thanh pho" is decided by its company. */
const KIND_WORDS: Record<string, "commune" | "district" | "hamlet" | "province" | "city"> = {
  xa: "commune", phuong: "commune", "thi tran": "commune", "dac khu": "commune", commune: "commune", ward: "commune",
  huyen: "district", quan: "district", "thi xa": "district", district: "district",
  ap: "hamlet", khom: "hamlet", "khu pho": "hamlet", to: "hamlet", "to dan pho": "hamlet", thon: "hamlet", hamlet: "hamlet",
  village: "hamlet",
  tinh: "province", province: "province",
  "thanh pho": "city", city: "city",
};

/**
 * Short forms officers write, expanded only inside a header that also has another part: alone, "TT" is
 * the row counter (số thứ tự) and "TP" could be a province-level city, so a lone short form is not read.
 * "p."/"x."/"h."/"q." are the dotted prefixes of addresses (P. 5, X. An Hữu, H. Cái Bè, Q. Ninh Kiều).
 */
const SHORT_FORMS: Record<string, string> = {
  tt: "thi tran", tx: "thi xa", tp: "thanh pho", kp: "khu pho", p: "phuong", x: "xa", h: "huyen", q: "quan",
};

/** Words that only decorate a unit kind: "Tên xã", "Đơn vị cấp xã". */
const FILLER = new Set(["ten", "don vi", "cap", "cu", "moi"]);

/** Phone short forms: SĐT, ĐT, DĐ (di động). */
const PHONE_WORDS = new Set(["sdt", "dt", "dd", "dien thoai", "so dien thoai", "di dong", "so dt", "dtdd"]);
/** Words that only say whose phone or what for: "SĐT liên hệ", "Điện thoại liên lạc", "Số ĐT chủ hộ". */
const PHONE_QUALIFIERS = new Set(["lien he", "lien lac", "chu ho", "cua chu ho", "nguoi dai dien", "dai dien", "lh"]);

/** Parts made of phone words and their qualifiers only, with at least one phone word. */
function namesPhone(parts: string[]): boolean {
  let phoneWord = false;
  for (const part of parts) {
    const tokens = part.split(" ");
    for (let i = 0; i < tokens.length; ) {
      let step = 0;
      // the longest phrase first: "so dien thoai" before "dien thoai"
      for (let n = Math.min(3, tokens.length - i); n >= 1 && !step; n--) {
        const phrase = tokens.slice(i, i + n).join(" ");
        if (PHONE_WORDS.has(phrase)) phoneWord = true;
        if (PHONE_WORDS.has(phrase) || PHONE_QUALIFIERS.has(phrase)) step = n;
      }
      if (!step) return false;
      i += step;
    }
  }
  return phoneWord;
}

/**
 * Words that make "ĐT"/"DT" mean diện tích (area) rather than điện thoại (phone): a unit, or what the
 * area is of. Without them "ĐT" stays a phone, which is what it means on almost every sheet.
 */
const AREA_CONTEXT = /\b(m2|m 2|ha|hecta|hectare|cong|1000 ?m2|canh tac|dat|san xuat|trong|vuon|ruong|nuoi|ao|farm)\b/;

/** The parts of a header: folded, split on / , - ; and brackets, dots as spaces, short of empty parts. */
function headerParts(header: string): string[] {
  return fold(cleanText(header))
    .replace(/²/g, "2")
    .split(/[/\\,;()[\]]|\s-\s|-/)
    .map((part) => part.replace(/[._:*]+/g, " ").replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** The unit kinds of one part ("xa", "thi tran", "ten xa"), or null when it holds any other word. */
function kindsOfPart(part: string, expand: boolean): string[] | null {
  const words = part.split(" ").map((w) => (expand && SHORT_FORMS[w]) || w);
  const tokens = words.join(" ").split(" ");
  const kinds: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    // the longest phrase first: "to dan pho" before "to", "thi tran" before anything
    let step = 0;
    for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join(" ");
      if (KIND_WORDS[phrase]) {
        kinds.push(KIND_WORDS[phrase]);
        step = n;
        break;
      }
      if (FILLER.has(phrase)) {
        step = n;
        break;
      }
    }
    if (!step) return null;
    i += step;
  }
  return kinds;
}

/** The field a header names by the kinds of its parts, or null (see KIND_WORDS, SHORT_FORMS). */
function fieldByMeaning(header: string): ImportField | null {
  const parts = headerParts(header);
  if (!parts.length) return null;
  const key = parts.join(" ");

  // Area: "Diện tích …", "DT canh tác (ha)", "DT (1000m2)". "dt" is diện tích only in an area context.
  const first = parts[0].split(" ");
  if (first[0] === "dien" && first[1] === "tich") return "farmAreaM2";
  if (first[0] === "area" || (first[0] === "farm" && first[1] === "area")) return "farmAreaM2";
  if (first[0] === "dt" && AREA_CONTEXT.test(key.slice(2))) return "farmAreaM2";

  // Phone: every part phone words, perhaps with a qualifier ("SĐT/ĐT", "ĐT/DĐ", "SĐT (chủ hộ)").
  if (namesPhone(parts)) return "phone";

  // Unit kinds: short forms count only beside another part.
  const expand = parts.length > 1;
  const kinds = new Set<string>();
  for (const part of parts) {
    const found = kindsOfPart(part, expand);
    if (!found) return null;
    for (const kind of found) kinds.add(kind);
  }
  // "thành phố" is a district-level city beside huyện/quận/thị xã, a province-level one beside tỉnh.
  if (kinds.has("city")) {
    kinds.delete("city");
    if (!kinds.has("district") && !kinds.has("province")) return null;
  }
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  return kind as "commune" | "district" | "hamlet" | "province";
}

/** The field a header names, or null: the aliases first, then the header's meaning. */
export function fieldOf(header: string): ImportField | null {
  const key = headerKey(header);
  if (!key) return null;
  // "DT (1000m2)": the bracket drops out of the key, leaving "dt" — a phone alias — so the area reading,
  // which sees the unit, is asked first for a header starting with "dt".
  if (/^dt\b/.test(key)) {
    const byMeaning = fieldByMeaning(header);
    if (byMeaning === "farmAreaM2") return byMeaning;
  }
  return LOOKUP.get(key) ?? LOOKUP.get(key.replace(/ /g, "")) ?? fieldByMeaning(header);
}

/**
 * m² per unit written in a header ("Diện tích (ha)", "Diện tích - công", "DT (1000m2)"), or null when
 * none is written.
 */
export function areaUnitOf(header: string): number | null {
  const folded = fold(cleanText(header)).replace(/²/g, "2");
  const bracket = /[([]\s*([a-z0-9 .,]+?)\s*[)\]]/.exec(folded);
  const tail = /(?:dien tich|dt|area)\b.*?[-:/\s]\s*(m2|m 2|ha|hecta|hectare|cong)\s*$/.exec(folded);
  // "1.000 m2": a grouping dot or comma in the unit is dropped before the lookup
  const unit = (bracket?.[1] ?? tail?.[1])?.replace(/(\d)[.,](\d{3})/g, "$1$2").trim();
  return unit && unit in AREA_UNITS ? AREA_UNITS[unit] : null;
}

export interface HeaderMatch {
  /** field → 0-based column index (a chosen column, else the first column naming a field) */
  columns: Map<ImportField, number>;
  /** headers that name no known field, as written */
  unknown: string[];
  /** required fields with no column */
  missing: ImportField[];
  /** m² per unit of the area column, from its header; m² when it names no unit */
  areaUnitM2: number;
  /** every column and what it feeds (the mapping step, the command line's mapping lines) */
  mapping: MappedColumn[];
  /** columns kept with the household as extra attributes */
  extras: Array<{ index: number; header: string }>;
  /** two columns chosen for one field */
  duplicate: DuplicateTarget | null;
}

/** The fields of a household sheet, for the mapping step and the command line. */
export const HOUSEHOLD_FIELD_SPECS: readonly FieldSpec[] = IMPORT_FIELDS.map((name) => ({
  name,
  required: REQUIRED_FIELDS.includes(name),
  labelKey: `imports:fields.${name}`,
}));

/**
 * Header row → columns. overrides (header as written → field, "ignore" or "extra") win over the
 * automatic match; a column naming no field is kept as an extra attribute unless it is one the
 * importer leaves out by itself (IGNORED: row counters, the error report's Row and Reason).
 */
export function matchHeaders(cells: readonly string[], overrides?: ColumnOverrides): HeaderMatch {
  const assigned = assignColumns(cells, {
    auto: fieldOf,
    autoIgnored: (header) => IGNORED.has(headerKey(header)),
    fields: IMPORT_FIELDS,
    keepsExtras: true,
    overrides,
  });
  const { columns } = assigned;
  const unknown = assigned.mapping.filter((c) => c.how === "auto" && c.target === EXTRA && !fieldOf(c.header)).map((c) => c.header);
  const area = columns.get("farmAreaM2");
  const areaUnitM2 = area === undefined ? 1 : (areaUnitOf(cleanText(cells[area])) ?? 1);
  const missing = REQUIRED_FIELDS.filter(
    (field) => !columns.has(field) && !(field === "commune" && columns.has("communeCode")),
  );
  return { columns, unknown, missing, areaUnitM2, mapping: assigned.mapping, extras: assigned.extras, duplicate: assigned.duplicate };
}

/** How many cells name a known field: a header row has at least two. */
export function countKnownHeaders(cells: readonly string[]): number {
  const seen = new Set<ImportField>();
  for (const cell of cells) {
    const field = fieldOf(cell);
    if (field) seen.add(field);
  }
  return seen.size;
}
