import fs from "node:fs";
import { fold } from "~/lib/text";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATEGORIES, UNITS } from "~/listings/options";
import {
  countKnownListingHeaders,
  LISTING_CANONICAL_HEADERS,
  LISTING_IMPORT_FIELDS,
  listingFieldOf,
  matchListingHeaders,
  parseCategory,
  parseImportPrice,
  parseRequestedStatus,
  parseStock,
  parseUnit,
} from "./listings-headers";

const locales = path.resolve(__dirname, "../../public/locales");
const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.join(locales, locale, `${ns}.json`), "utf8"));

describe("listingFieldOf", () => {
  it.each([
    ["Số CCCD", "nationalId"],
    ["CCCD/CMND", "nationalId"],
    ["national_id", "nationalId"],
    ["SĐT", "phone"],
    ["Số điện thoại", "phone"],
    ["phone", "phone"],
    ["Họ và tên chủ hộ", "representativeName"],
    ["Chủ hộ", "representativeName"],
    ["Tên sản phẩm", "title"],
    ["Sản phẩm", "title"],
    ["San pham", "title"],
    ["name", "title"],
    ["product", "title"],
    ["Danh mục", "category"],
    ["Loại", "category"],
    ["category", "category"],
    ["Đơn vị", "unit"],
    ["ĐVT", "unit"],
    ["unit", "unit"],
    ["Giá", "price"],
    ["Đơn giá (đ)", "price"],
    ["price", "price"],
    ["Tồn kho", "stock"],
    ["Số lượng", "stock"],
    ["stock", "stock"],
    ["Mô tả", "description"],
    ["description", "description"],
    ["Trạng thái", "status"],
    ["Tên sản phẩm".normalize("NFD"), "title"],
    ["TỒN KHO", "stock"],
  ])("%s → %s", (header, field) => {
    expect(listingFieldOf(header)).toBe(field);
  });

  it("does not read a bare “Tên” as the representative's name, nor household-only columns", () => {
    expect(listingFieldOf("Tên")).toBeNull();
    expect(listingFieldOf("Xã/Phường")).toBeNull();
    expect(listingFieldOf("Sản phẩm chính")).toBeNull();
  });

  it("matches every canonical header in both languages", () => {
    for (const field of LISTING_IMPORT_FIELDS) {
      expect(listingFieldOf(LISTING_CANONICAL_HEADERS[field].vi)).toBe(field);
      expect(listingFieldOf(LISTING_CANONICAL_HEADERS[field].en)).toBe(field);
    }
  });
});

describe("matchListingHeaders", () => {
  it("maps columns, ignores counters and the error report's own columns, lists unknown ones", () => {
    const match = matchListingHeaders(["STT", "SĐT", "Tên sản phẩm", "Loại", "ĐVT", "Giá", "Tồn kho", "Màu sắc", "Dòng", "Lý do"]);
    expect(Object.fromEntries(match.columns)).toEqual({ phone: 1, title: 2, category: 3, unit: 4, price: 5, stock: 6 });
    expect(match.unknown).toEqual(["Màu sắc"]);
    expect(match.missing).toEqual([]);
    expect(matchListingHeaders(["Số CCCD", "Product name", "Category", "Unit", "Price", "Row", "Reason"]).unknown).toEqual([]);
  });

  it("needs a CCCD or a phone column, and the product's name, category, unit and price", () => {
    expect(matchListingHeaders(["Tên sản phẩm", "Giá"]).missing).toEqual(["household", "category", "unit"]);
    expect(matchListingHeaders(["Số CCCD", "Tên sản phẩm", "Danh mục", "Đơn vị", "Giá"]).missing).toEqual([]);
    expect(matchListingHeaders(["Số CCCD", "SĐT", "Tên sản phẩm", "Danh mục", "Đơn vị"]).missing).toEqual(["price"]);
  });

  it("the first of two columns naming the same field wins", () => {
    const match = matchListingHeaders(["SĐT", "Số điện thoại", "Tên sản phẩm", "Danh mục", "Đơn vị", "Giá"]);
    expect(match.columns.get("phone")).toBe(0);
  });

  it("a header row names at least two product-sheet fields; a title row does not", () => {
    expect(countKnownListingHeaders(["DANH SÁCH SẢN PHẨM XÃ MỸ THIỆN", "", ""])).toBe(0);
    expect(countKnownListingHeaders(["SĐT", "Tên sản phẩm", "Ghi chú"])).toBe(2);
  });
});

describe("parseCategory", () => {
  it("knows every code and both languages' labels (public/locales/*/listings.json)", () => {
    for (const locale of ["vi", "en"]) {
      const labels = load(locale, "listings").categories as Record<string, string>;
      for (const code of CATEGORIES) {
        expect(parseCategory(labels[code])).toBe(code);
        expect(parseCategory(fold(labels[code]))).toBe(code);
        expect(parseCategory(labels[code].toUpperCase())).toBe(code);
      }
    }
    for (const code of CATEGORIES) expect(parseCategory(code)).toBe(code);
  });

  it.each([
    ["trai cay", "fruit"],
    ["Rau", "vegetables"],
    ["Lúa gạo", "rice-grains"],
    ["thuy san", "seafood"],
    ["Gia cầm", "livestock-poultry"],
    ["OCOP", "processed-ocop"],
    ["cay giong", "seedlings"],
    ["rice grains", "rice-grains"],
  ])("%s → %s", (text, code) => {
    expect(parseCategory(text)).toBe(code);
  });

  it("refuses what it does not know", () => {
    expect(parseCategory("Đồ điện tử")).toBeNull();
    expect(parseCategory("")).toBeNull();
  });
});

describe("parseUnit", () => {
  it("knows every code's label in both languages (common:units)", () => {
    for (const locale of ["vi", "en"]) {
      const labels = load(locale, "common").units as Record<string, string>;
      for (const code of UNITS) expect(parseUnit(labels[code])).toEqual({ ok: true, value: code });
    }
  });

  it.each([
    ["Kg", "kg"],
    ["ký", "kg"],
    ["ky", "kg"],
    ["yen", "yen"],
    ["tấn", "tan"],
    ["tan", "tan"],
    ["quả", "fruit"],
    ["trai", "fruit"],
    ["chuc", "dozen"],
    ["tá", "dozen"],
    ["bo", "bunch"],
    ["hop", "box"],
    ["chai", "bottle"],
    ["con", "head"],
  ])("%s → %s", (text, code) => {
    expect(parseUnit(text)).toEqual({ ok: true, value: code });
  });

  it("refuses a bare “ta”: tạ (100 kg) and tá (a dozen) fold to the same letters", () => {
    expect(parseUnit("ta")).toEqual({ ok: false, reason: "ambiguous" });
    expect(parseUnit("TA")).toEqual({ ok: false, reason: "ambiguous" });
    expect(parseUnit("tạ")).toEqual({ ok: true, value: "ta" });
    expect(parseUnit("TẠ")).toEqual({ ok: true, value: "ta" });
  });

  it("refuses unknown units", () => {
    expect(parseUnit("bao")).toEqual({ ok: false, reason: "unknown" });
    expect(parseUnit("kg/bao")).toEqual({ ok: false, reason: "unknown" });
  });
});

describe("parseImportPrice", () => {
  it.each([
    ["45000", 45_000],
    ["45.000", 45_000],
    ["45,000", 45_000],
    ["45 000", 45_000],
    ["45000đ", 45_000],
    ["45.000 ₫", 45_000],
    ["1.250.000", 1_250_000],
  ])("%s → %d", (text, value) => {
    expect(parseImportPrice(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "empty"],
    ["45k", "shorthand"],
    ["45K", "shorthand"],
    ["45 nghìn", "shorthand"],
    ["1,2tr", "shorthand"],
    ["45.5", "decimal"],
    ["12,75", "decimal"],
    ["-5000", "negative"],
    ["0", "zero"],
    ["45 kg", "invalid"],
    ["liên hệ", "invalid"],
    ["2000000000", "tooLarge"],
  ])("%s is refused: %s", (text, reason) => {
    expect(parseImportPrice(text)).toEqual({ ok: false, reason });
  });
});

describe("parseStock", () => {
  it("reads whole numbers, with thousands separators", () => {
    expect(parseStock("200")).toEqual({ ok: true, value: 200 });
    expect(parseStock("1.500")).toEqual({ ok: true, value: 1500 });
    expect(parseStock("0")).toEqual({ ok: true, value: 0 });
  });

  it.each([
    ["12,5", "decimal"],
    ["-3", "negative"],
    ["nhiều", "invalid"],
    ["99999999999", "tooLarge"],
  ])("%s is refused: %s", (text, reason) => {
    expect(parseStock(text)).toEqual({ ok: false, reason });
  });
});

describe("parseRequestedStatus", () => {
  it.each([
    ["nháp", "draft"],
    ["Bản nháp", "draft"],
    ["draft", "draft"],
    ["Đăng bán", "published"],
    ["dang ban", "published"],
    ["Đang bán", "published"],
    ["published", "published"],
  ])("%s → %s", (text, status) => {
    expect(parseRequestedStatus(text)).toBe(status);
  });

  it("refuses other words", () => {
    expect(parseRequestedStatus("hết hàng")).toBeNull();
  });
});
