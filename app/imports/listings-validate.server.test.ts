import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchListingHeaders, type ListingImportField } from "./listings-headers";
import { validateListingRow } from "./listings-validate.server";

const HEADERS: Record<ListingImportField, string> = {
  nationalId: "Số CCCD",
  phone: "SĐT",
  representativeName: "Họ và tên chủ hộ",
  title: "Tên sản phẩm",
  category: "Danh mục",
  unit: "ĐVT",
  price: "Đơn giá (đ)",
  stock: "Tồn kho",
  description: "Mô tả",
  status: "Trạng thái",
};

/** A row under a header naming exactly the given fields. */
function validate(fields: Partial<Record<ListingImportField, string>>) {
  const base: Partial<Record<ListingImportField, string>> = {
    phone: "0912345678",
    title: "Xoài cát Hòa Lộc",
    category: "Trái cây",
    unit: "kg",
    price: "45.000",
    ...fields,
  };
  const keys = Object.keys(base) as ListingImportField[];
  const match = matchListingHeaders(keys.map((k) => HEADERS[k]));
  return validateListingRow(
    keys.map((k) => base[k] ?? ""),
    match.columns,
  );
}

function errorsOf(result: ReturnType<typeof validate>) {
  if (result.ok) throw new Error("expected errors");
  return result.errors.map((e) => [e.field, e.key.replace("imports:listings.errors.", "")]);
}

function valueOf(result: ReturnType<typeof validate>) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe("a clean row", () => {
  it("gives the household key and the listing's fields", () => {
    const value = valueOf(
      validate({
        nationalId: "82123456789",
        phone: "912.345.678",
        representativeName: " Nguyễn  Văn Bé ",
        title: "  Xoài cát   Hòa Lộc ".normalize("NFD"),
        stock: "1.200",
        description: "Trái to.\nGiao trong ngày.",
        status: "Đăng bán",
      }),
    );
    expect(value).toEqual({
      household: { nationalId: "082123456789", phone: "+84912345678", representativeName: "Nguyễn Văn Bé" },
      title: "Xoài cát Hòa Lộc",
      titleFolded: "xoai cat hoa loc",
      category: "fruit",
      unit: "kg",
      priceVnd: 45_000,
      stock: 1200,
      description: "Trái to.\nGiao trong ngày.",
      status: "published",
    });
  });

  it("leaves empty optional cells as null (kept on update)", () => {
    const value = valueOf(validate({ stock: "", description: "  ", status: "" }));
    expect(value.stock).toBeNull();
    expect(value.description).toBeNull();
    expect(value.status).toBeNull();
    expect(value.household).toEqual({ nationalId: null, phone: "+84912345678", representativeName: null });
  });
});

describe("each column", () => {
  it("household: a CCCD or a phone is needed, and each must be readable", () => {
    expect(errorsOf(validate({ phone: "" }))).toEqual([["phone", "householdMissing"]]);
    expect(errorsOf(validate({ phone: "", nationalId: "" }))).toEqual([["nationalId", "householdMissing"]]);
    expect(errorsOf(validate({ nationalId: "7,91E+11" }))).toEqual([["nationalId", "nationalId.invalidCharacters"]]);
    expect(errorsOf(validate({ nationalId: "12345" }))).toEqual([["nationalId", "nationalId.wrongLength"]]);
    expect(errorsOf(validate({ phone: "0273 3812 345" }))).toEqual([["phone", "phone.landline"]]);
    expect(errorsOf(validate({ phone: "09123" }))).toEqual([["phone", "phone.wrongLength"]]);
    expect(valueOf(validate({ nationalId: "082123456789", phone: "" })).household.nationalId).toBe("082123456789");
    expect(valueOf(validate({ nationalId: "123456789" })).household.nationalId).toBe("123456789");
  });

  it("representative name: optional, bounded", () => {
    expect(errorsOf(validate({ representativeName: "A".repeat(101) }))).toEqual([["representativeName", "representativeNameTooLong"]]);
  });

  it("title: required, 3 to 120 characters", () => {
    expect(errorsOf(validate({ title: "" }))).toEqual([["title", "titleRequired"]]);
    expect(errorsOf(validate({ title: "Ổi" }))).toEqual([["title", "titleTooShort"]]);
    expect(errorsOf(validate({ title: "x".repeat(121) }))).toEqual([["title", "titleTooLong"]]);
  });

  it("category: required, from the listing categories", () => {
    expect(errorsOf(validate({ category: "" }))).toEqual([["category", "categoryRequired"]]);
    expect(errorsOf(validate({ category: "Điện tử" }))).toEqual([["category", "categoryUnknown"]]);
    expect(valueOf(validate({ category: "rau cu" })).category).toBe("vegetables");
  });

  it("unit: required, known, and never a guess between tạ and tá", () => {
    expect(errorsOf(validate({ unit: "" }))).toEqual([["unit", "unitRequired"]]);
    expect(errorsOf(validate({ unit: "bao" }))).toEqual([["unit", "unit.unknown"]]);
    expect(errorsOf(validate({ unit: "ta" }))).toEqual([["unit", "unit.ambiguous"]]);
    expect(valueOf(validate({ unit: "Yến" })).unit).toBe("yen");
  });

  it("price: whole VND, shorthands refused", () => {
    expect(valueOf(validate({ price: "45,000" })).priceVnd).toBe(45_000);
    expect(valueOf(validate({ price: "45000đ" })).priceVnd).toBe(45_000);
    expect(errorsOf(validate({ price: "" }))).toEqual([["price", "price.empty"]]);
    expect(errorsOf(validate({ price: "45k" }))).toEqual([["price", "price.shorthand"]]);
    expect(errorsOf(validate({ price: "45,5" }))).toEqual([["price", "price.decimal"]]);
    expect(errorsOf(validate({ price: "0" }))).toEqual([["price", "price.zero"]]);
  });

  it("stock: optional whole number", () => {
    expect(valueOf(validate({ stock: "0" })).stock).toBe(0);
    expect(errorsOf(validate({ stock: "2,5" }))).toEqual([["stock", "stock.decimal"]]);
    expect(errorsOf(validate({ stock: "-1" }))).toEqual([["stock", "stock.negative"]]);
    expect(errorsOf(validate({ stock: "nhiều" }))).toEqual([["stock", "stock.invalid"]]);
  });

  it("description: optional, bounded", () => {
    expect(errorsOf(validate({ description: "x".repeat(4001) }))).toEqual([["description", "descriptionTooLong"]]);
  });

  it("status: nháp or đăng bán, else refused", () => {
    expect(valueOf(validate({ status: "nháp" })).status).toBe("draft");
    expect(errorsOf(validate({ status: "hết hàng" }))).toEqual([["status", "statusUnknown"]]);
  });

  it("reports every problem of the row at once", () => {
    expect(errorsOf(validate({ phone: "", title: "", category: "x", unit: "", price: "abc" }))).toEqual([
      ["phone", "householdMissing"],
      ["title", "titleRequired"],
      ["category", "categoryUnknown"],
      ["unit", "unitRequired"],
      ["price", "price.invalid"],
    ]);
  });
});

describe("locale keys", () => {
  it("every key the validator and processor emit exists in both languages", () => {
    const sources = ["listings-validate.server.ts", "listings-import.server.ts"].map((f) => fs.readFileSync(path.join(__dirname, f), "utf8"));
    const used = new Set<string>();
    for (const source of sources) {
      for (const m of source.matchAll(/err\("\w+", `?"?([\w.]+)/g)) used.add(`errors.${m[1]}`);
      for (const m of source.matchAll(/problem\("\w+", "([\w.]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(25);
    // dynamic sub-keys
    for (const r of ["invalidCharacters", "wrongLength", "badProvince"]) used.add(`errors.nationalId.${r}`);
    for (const r of ["invalidCharacters", "wrongLength", "landline", "notMobile"]) used.add(`errors.phone.${r}`);
    for (const r of ["unknown", "ambiguous"]) used.add(`errors.unit.${r}`);
    for (const r of ["empty", "invalid", "decimal", "negative", "tooLarge", "zero", "shorthand"]) used.add(`errors.price.${r}`);
    for (const r of ["invalid", "decimal", "negative", "tooLarge"]) used.add(`errors.stock.${r}`);
    for (const locale of ["vi", "en"]) {
      const listings = JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../public/locales/${locale}/imports.json`), "utf8")).listings;
      for (const key of used) {
        if (key.endsWith(".")) continue;
        const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], listings);
        expect({ locale, key, found: typeof value === "string" }).toEqual({ locale, key, found: true });
      }
    }
  });
});
