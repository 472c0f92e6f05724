/**
 * What a row means in each price file format: the project's own template (with the Vietnamese
 * headings people write), the World Food Programme (HDX) file and the World Bank Pink Sheet series.
 * A reader turns one CSV record into an observation or a reference price, or throws a RowProblem
 * with a locale key; import.server.ts streams the file and writes the rows.
 */
import { todayInVietnam } from "~/lib/clock";
import { listProvinces } from "~/addresses/lookup.server";
import type { Db } from "~/lib/db.server";
import { readWholeNumber } from "~/lib/quantity";
import { cleanText, fold, slugify } from "~/lib/text";
import { matchCommodity, matchMarket, upsertMarket } from "./catalog.server";
import type { ObservationInput, PriceType, ReferencePriceInput } from "./observations.server";
import { parseUnit, type PriceUnit } from "./units";

export const IMPORT_FORMATS = ["template", "wfp", "worldbank"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Columns of the project's own template (docs in db/data/market-prices/README.md). */
export const TEMPLATE_COLUMNS = ["date", "commodity", "market", "unit", "min_vnd", "max_vnd", "avg_vnd", "grade", "price_type", "source"] as const;
type TemplateColumn = (typeof TEMPLATE_COLUMNS)[number];

// Vietnamese headings people write in spreadsheets, folded, mapped to the template's columns.
const TEMPLATE_ALIASES: Record<string, TemplateColumn> = {
  ngay: "date",
  "mat hang": "commodity",
  "mat_hang": "commodity",
  "san pham": "commodity",
  cho: "market",
  "don vi": "unit",
  "don_vi": "unit",
  "gia thap nhat": "min_vnd",
  "gia_thap_nhat": "min_vnd",
  min: "min_vnd",
  "gia cao nhat": "max_vnd",
  "gia_cao_nhat": "max_vnd",
  max: "max_vnd",
  "gia trung binh": "avg_vnd",
  "gia_trung_binh": "avg_vnd",
  gia: "avg_vnd",
  price: "avg_vnd",
  avg: "avg_vnd",
  loai: "grade",
  "loai gia": "price_type",
  "loai_gia": "price_type",
  nguon: "source",
};

/** A bad row: its reason is a locale key of the prices namespace ("import.errors.…"). */
export class RowProblem extends Error {
  constructor(
    public reason: string,
    public params?: Record<string, string | number>,
  ) {
    super(reason);
  }
}

/** yyyy-mm-dd or dd/mm/yyyy → yyyy-mm-dd, checking the calendar; null if not a date. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A VND amount as people write it: "35000", "35.000", "35,000", "35 000", "35.000 ₫", "35000đ".
 * Dots and commas are thousands separators only (VND has no cents); null when not a whole number.
 * The number itself is read by the one reader (lib/quantity.ts readWholeNumber).
 */
export function parseVnd(text: string): number | null {
  const result = readWholeNumber(text.replace(/[₫đĐ]|vnd|VND/g, ""));
  return result.ok ? result.value : null;
}

/** Upper bound for one price (per tấn of the dearest fruit is far below it): catches pasted garbage. */
const MAX_VND = 10_000_000_000;

function checkPrices(min: number | null, max: number | null, avg: number | null): { minVnd: number; maxVnd: number; avgVnd: number } {
  const given = [min, max, avg].filter((v): v is number => v !== null);
  if (given.length === 0) throw new RowProblem("import.errors.noPrice");
  for (const v of given) {
    if (v <= 0) throw new RowProblem("import.errors.priceNotPositive", { value: v });
    if (v > MAX_VND) throw new RowProblem("import.errors.priceTooLarge", { value: v });
  }
  const minVnd = min ?? Math.min(...given);
  const maxVnd = max ?? Math.max(...given);
  if (minVnd > maxVnd) throw new RowProblem("import.errors.minAboveMax", { min: minVnd, max: maxVnd });
  const avgVnd = avg ?? Math.round((minVnd + maxVnd) / 2);
  if (avgVnd < minVnd || avgVnd > maxVnd) throw new RowProblem("import.errors.avgOutside", { avg: avgVnd, min: minVnd, max: maxVnd });
  return { minVnd, maxVnd, avgVnd };
}

function priceCell(value: string | undefined, column: string): number | null {
  if (value === undefined || value.trim() === "") return null;
  const n = parseVnd(value);
  if (n === null) throw new RowProblem("import.errors.badPrice", { column, value: value.trim() });
  return n;
}

const PRICE_TYPES: Record<string, PriceType> = {
  wholesale: "wholesale",
  si: "wholesale",
  "gia si": "wholesale",
  retail: "retail",
  le: "retail",
  "ban le": "retail",
  "gia le": "retail",
  farm_gate: "farm_gate",
  "farm gate": "farm_gate",
  "tai vuon": "farm_gate",
  "gia tai vuon": "farm_gate",
};

function parsePriceType(text: string | undefined): PriceType {
  if (!text || !text.trim()) return "wholesale";
  const type = PRICE_TYPES[fold(text)];
  if (!type) throw new RowProblem("import.errors.badPriceType", { value: text.trim() });
  return type;
}

function checkDate(text: string | undefined, today: string): string {
  const date = parseDate(text ?? "");
  if (!date) throw new RowProblem("import.errors.badDate", { value: (text ?? "").trim() });
  if (date > today) throw new RowProblem("import.errors.futureDate", { value: date });
  return date;
}

/** WFP units: "KG", "100 KG", "L"… only weights convert to ours. */
function parseWfpUnit(text: string): PriceUnit | null {
  const t = text.trim().toUpperCase();
  if (t === "KG") return "kg";
  const m = /^(\d+)\s*KG$/.exec(t);
  if (m) return ({ "10": "yen", "100": "ta", "1000": "tan" } as Record<string, PriceUnit>)[m[1]] ?? null;
  return parseUnit(t);
}

export function detectFormat(header: string[]): ImportFormat | null {
  const cols = new Set(header.map((h) => h.trim().toLowerCase()));
  if (cols.has("priceflag") && cols.has("pricetype") && cols.has("admin1")) return "wfp";
  if (cols.has("series_code") && cols.has("price_usd")) return "worldbank";
  const folded = header.map((h) => fold(h).replace(/_/g, " "));
  const mapped = new Set(folded.map((h) => templateColumn(h)).filter(Boolean));
  if (mapped.has("date") && mapped.has("commodity") && mapped.has("market")) return "template";
  return null;
}

function templateColumn(foldedHeading: string): TemplateColumn | null {
  const underscored = foldedHeading.replace(/ /g, "_");
  if ((TEMPLATE_COLUMNS as readonly string[]).includes(underscored)) return underscored as TemplateColumn;
  return TEMPLATE_ALIASES[foldedHeading] ?? TEMPLATE_ALIASES[underscored] ?? null;
}

/**
 * Caches a per-text reader for one import, including the problem it throws, so a bad value
 * repeated on many rows is reported on each of them. Bounded so a file of unique values cannot grow it.
 */
function memo<T>(read: (text: string) => T): (text: string) => T {
  const cache = new Map<string, { value: T } | { problem: RowProblem }>();
  return (text) => {
    let hit = cache.get(text);
    if (!hit) {
      try {
        hit = { value: read(text) };
      } catch (error) {
        if (!(error instanceof RowProblem)) throw error;
        hit = { problem: error };
      }
      if (cache.size < 10_000) cache.set(text, hit);
    }
    if ("problem" in hit) throw hit.problem;
    return hit.value;
  };
}

/** What the row readers need of an import's options. */
export interface RowReaderOptions {
  dryRun?: boolean;
  /** source written on template rows that do not name one */
  defaultSource?: string;
  /** rows are marked as demo data (seed and benchmark) */
  isDemo?: boolean;
  enteredBy?: number | null;
  /** today's date (yyyy-mm-dd) for the "date in the future" check; defaults to Vietnam's today */
  today?: string;
}

/** One record in, one row out (or "skip"); throws RowProblem. */
export type Reader = (record: string[]) => "skip" | { kind: "observation"; row: ObservationInput } | { kind: "reference"; row: ReferencePriceInput };

/** The reader of a format for a file with this header; null when the header lacks the format's columns. */
export function rowReader(db: Db, format: ImportFormat, header: string[], options: RowReaderOptions, counts: { marketsCreated: number }): Reader | null {
  if (format === "template") return templateReader(db, header, options);
  if (format === "wfp") return wfpReader(db, header, options, counts);
  return worldBankReader(header);
}

function templateReader(db: Db, header: string[], options: RowReaderOptions): Reader | null {
  const index = new Map<TemplateColumn, number>();
  header.forEach((h, i) => {
    const col = templateColumn(fold(h).replace(/_/g, " "));
    if (col && !index.has(col)) index.set(col, i);
  });
  for (const required of ["date", "commodity", "market", "unit"] as const) if (!index.has(required)) return null;
  const cell = (record: string[], col: TemplateColumn) => {
    const i = index.get(col);
    return i === undefined ? undefined : record[i];
  };
  const today = options.today ?? todayInVietnam();
  // Files repeat the same few dates, names and units on every row: each distinct text is read once.
  const dates = memo((text: string) => checkDate(text, today));
  const commodityIds = memo((raw: string) => {
    const text = cleanText(raw);
    const id = text ? matchCommodity(db, text) : null;
    if (id === null) throw new RowProblem("import.errors.unknownCommodity", { value: text });
    return id;
  });
  const marketIds = memo((raw: string) => {
    const text = cleanText(raw);
    const id = text ? matchMarket(db, text) : null;
    if (id === null) throw new RowProblem("import.errors.unknownMarket", { value: text });
    return id;
  });
  const units = memo((raw: string) => {
    const unit = parseUnit(raw.trim());
    if (!unit) throw new RowProblem("import.errors.badUnit", { value: raw.trim() });
    return unit;
  });
  const priceTypes = memo((raw: string) => parsePriceType(raw));
  const texts = memo((raw: string) => cleanText(raw));
  return (record) => {
    const date = dates(cell(record, "date") ?? "");
    const commodityId = commodityIds(cell(record, "commodity") ?? "");
    const marketId = marketIds(cell(record, "market") ?? "");
    const unit = units(cell(record, "unit") ?? "");
    const prices = checkPrices(
      priceCell(cell(record, "min_vnd"), "min_vnd"),
      priceCell(cell(record, "max_vnd"), "max_vnd"),
      priceCell(cell(record, "avg_vnd"), "avg_vnd"),
    );
    const source = texts(cell(record, "source") ?? "") || options.defaultSource || "import";
    return {
      kind: "observation",
      row: {
        commodityId,
        marketId,
        date,
        grade: texts(cell(record, "grade") ?? ""),
        source,
        priceType: priceTypes(cell(record, "price_type") ?? ""),
        unit,
        ...prices,
        isDemo: options.isDemo ?? false,
        enteredBy: options.enteredBy ?? null,
      },
    };
  };
}

const WFP_COLUMNS = ["date", "admin1", "admin2", "market", "commodity", "unit", "priceflag", "pricetype", "currency", "price"] as const;

function wfpReader(db: Db, header: string[], options: RowReaderOptions, counts: { marketsCreated: number }): Reader | null {
  const idx = Object.fromEntries(WFP_COLUMNS.map((c) => [c, header.findIndex((h) => h.toLowerCase() === c)])) as Record<
    (typeof WFP_COLUMNS)[number],
    number
  >;
  if (Object.values(idx).some((i) => i < 0)) return null;
  const today = options.today ?? todayInVietnam();
  const provinces = new Map(listProvinces(db).map((p) => [fold(p.shortName), p]));
  const marketIds = new Map<string, number>();
  let dryRunIds = 0;

  // WFP names its markets by province (and district); each becomes one market of ours.
  const marketFor = (admin1: string, admin2: string, market: string, kind: "wholesale" | "retail"): number => {
    const slug = `wfp-${slugify(market)}${admin2 ? `-${slugify(admin2)}` : ""}`;
    const known = marketIds.get(slug) ?? matchMarket(db, slug);
    if (known !== null && known !== undefined) {
      marketIds.set(slug, known);
      return known;
    }
    counts.marketsCreated++;
    let id: number;
    if (options.dryRun) id = --dryRunIds;
    else {
      const province = provinces.get(fold(admin1));
      id = upsertMarket(db, {
        slug,
        name: `${market}${admin2 ? ` (${admin2})` : ""} — WFP`,
        kind,
        provinceCode: province?.code ?? null,
        provinceName: admin1,
      }).id;
    }
    marketIds.set(slug, id);
    return id;
  };

  return (record) => {
    const get = (c: (typeof WFP_COLUMNS)[number]) => (record[idx[c]] ?? "").trim();
    const flag = get("priceflag").toLowerCase();
    if (flag !== "actual") {
      if (flag === "forecast" || flag === "aggregate") return "skip";
      throw new RowProblem("import.errors.badPriceFlag", { value: get("priceflag") });
    }
    const date = checkDate(get("date"), today);
    const commodityId = matchCommodity(db, get("commodity"));
    if (commodityId === null) throw new RowProblem("import.errors.unknownCommodity", { value: get("commodity") });
    const unit = parseWfpUnit(get("unit"));
    if (!unit) throw new RowProblem("import.errors.badUnit", { value: get("unit") });
    if (get("currency").toUpperCase() !== "VND") throw new RowProblem("import.errors.badCurrency", { value: get("currency") });
    const raw = get("price");
    const price = Number(raw);
    if (raw === "" || !Number.isFinite(price)) throw new RowProblem("import.errors.badPrice", { column: "price", value: raw });
    // WFP publishes averages with decimals; ours are whole VND.
    const vnd = Math.round(price);
    const prices = checkPrices(vnd, vnd, vnd);
    const type = get("pricetype").toLowerCase();
    const priceType: PriceType = type === "retail" ? "retail" : type === "wholesale" ? "wholesale" : "wholesale";
    const marketId = marketFor(get("admin1"), get("admin2"), get("market"), priceType === "retail" ? "retail" : "wholesale");
    return {
      kind: "observation",
      row: { commodityId, marketId, date, grade: "", source: "wfp", priceType, unit, ...prices, isDemo: false, enteredBy: null },
    };
  };
}

const WB_COLUMNS = ["month", "series_code", "commodity", "unit", "price_usd", "wb_release_date"] as const;

function worldBankReader(header: string[]): Reader | null {
  const idx = Object.fromEntries(WB_COLUMNS.map((c) => [c, header.findIndex((h) => h.toLowerCase() === c)])) as Record<
    (typeof WB_COLUMNS)[number],
    number
  >;
  if (["month", "series_code", "unit", "price_usd"].some((c) => idx[c as (typeof WB_COLUMNS)[number]] < 0)) return null;
  return (record) => {
    const get = (c: (typeof WB_COLUMNS)[number]) => (idx[c] < 0 ? "" : (record[idx[c]] ?? "").trim());
    const monthMatch = /^(\d{4})-(\d{2})(-\d{2})?$/.exec(get("month"));
    if (!monthMatch || Number(monthMatch[2]) < 1 || Number(monthMatch[2]) > 12) {
      throw new RowProblem("import.errors.badDate", { value: get("month") });
    }
    const seriesCode = get("series_code");
    if (!/^[A-Z0-9_]+$/.test(seriesCode)) throw new RowProblem("import.errors.badSeries", { value: seriesCode });
    const raw = get("price_usd");
    const price = Number(raw);
    if (raw === "" || !Number.isFinite(price) || price <= 0) throw new RowProblem("import.errors.badPrice", { column: "price_usd", value: raw });
    const unit = get("unit");
    if (!unit) throw new RowProblem("import.errors.badUnit", { value: unit });
    const release = get("wb_release_date");
    return {
      kind: "reference",
      row: {
        seriesCode,
        month: `${monthMatch[1]}-${monthMatch[2]}`,
        commodity: get("commodity") || seriesCode,
        unit,
        currency: "USD",
        priceMilli: Math.round(price * 1000),
        releaseDate: parseDate(release) ?? null,
      },
    };
  };
}
