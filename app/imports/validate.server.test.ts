import fs from "node:fs";
import path from "node:path";
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { matchHeaders, type ImportField } from "./headers";
import { rowErrorMessage, type ImportsT } from "./messages";
import { nationalIdOf, parseAreaM2, validateHouseholdRow, type ValidateContext } from "./validate.server";

let db: ReturnType<typeof freshTestDb>;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
});
afterAll(() => db.cleanup());

const HOME = "82"; // Đồng Tháp since 2025 (with the former Tiền Giang)
const ctx: ValidateContext = { homeProvinceCode: HOME, servedProvinceCodes: [HOME], batchConsent: true };

/** A row under a header naming exactly the given fields, in Vietnamese. */
function validate(fields: Partial<Record<ImportField | "areaHa", string>>, context: ValidateContext = ctx) {
  const headers: Record<string, string> = {
    representativeName: "Họ và tên chủ hộ", phone: "SĐT", nationalId: "Số CCCD", province: "Tỉnh",
    district: "Huyện", commune: "Xã/Phường", communeCode: "Mã xã", hamlet: "Ấp", addressLine: "Địa chỉ",
    mainProducts: "Sản phẩm chính", farmAreaM2: "Diện tích (m2)", areaHa: "Diện tích (ha)", kind: "Loại hình",
    consent: "Đồng ý", displayName: "Tên gian hàng", email: "Email",
  };
  const base = { representativeName: "Nguyễn Văn Bé", phone: "0912345678", commune: "Mỹ Thiện", ...fields };
  const keys = Object.keys(base) as (keyof typeof base)[];
  const match = matchHeaders(keys.map((k) => headers[k]));
  return validateHouseholdRow(db, { cells: keys.map((k) => base[k] ?? ""), match }, context);
}

function errorsOf(result: ReturnType<typeof validate>) {
  if (result.ok) throw new Error("expected errors");
  return result.errors.map((e) => [e.field, e.key]);
}

function valueOf(result: ReturnType<typeof validate>) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe("a clean row", () => {
  it("becomes a household with cleaned fields", () => {
    const value = valueOf(
      validate({
        representativeName: "  Nguyễn   Văn Bé ".normalize("NFD"),
        phone: "0912.345.678",
        nationalId: "082 123 456 789",
        hamlet: "Mỹ Lợi",
        addressLine: "Số 12",
        mainProducts: "Xoài cát Hòa Lộc",
        email: "be@example.vn",
      }),
    );
    expect(value).toMatchObject({
      kind: "household",
      representativeName: "Nguyễn Văn Bé",
      displayName: null,
      phone: "+84912345678",
      nationalId: "082123456789",
      nationalIdKind: "cccd",
      nationalIdFlags: { restoredZero: false, cmnd: false },
      communeCode: "28378",
      communeName: "Xã Mỹ Thiện",
      address: { via: "current", formerName: null },
      addressLine: "Ấp Mỹ Lợi, Số 12",
      mainProducts: "Xoài cát Hòa Lộc",
      farmAreaM2: null,
      email: "be@example.vn",
      consent: { source: "batch" },
    });
  });
});

describe("names", () => {
  it("requires the representative's name and bounds both names", () => {
    expect(errorsOf(validate({ representativeName: " " }))).toEqual([["representativeName", "imports:errors.required"]]);
    expect(errorsOf(validate({ displayName: "x".repeat(101) }))).toEqual([["displayName", "imports:errors.tooLong"]]);
  });
});

describe("phone", () => {
  it("restores the zero Excel dropped and refuses landlines and short numbers", () => {
    expect(valueOf(validate({ phone: "912345678" })).phone).toBe("+84912345678");
    expect(valueOf(validate({ phone: "+84 912 345 678" })).phone).toBe("+84912345678");
    expect(errorsOf(validate({ phone: "02773 822 222" }))).toEqual([["phone", "imports:errors.phone.landline"]]);
    expect(errorsOf(validate({ phone: "09123" }))).toEqual([["phone", "imports:errors.phone.wrongLength"]]);
    expect(errorsOf(validate({ phone: "" }))).toEqual([["phone", "imports:errors.phone.empty"]]);
  });
});

describe("national ID", () => {
  it("restores the leading zero of an 11-digit CCCD and flags it", () => {
    const value = valueOf(validate({ nationalId: "82123456789" }));
    expect(value.nationalId).toBe("082123456789");
    expect(value.nationalIdFlags).toEqual({ restoredZero: true, cmnd: false });
  });

  it("accepts a 9-digit CMND and flags it; refuses other lengths and mangled numbers", () => {
    const value = valueOf(validate({ nationalId: "079123456" }));
    expect(value).toMatchObject({ nationalId: "079123456", nationalIdKind: "cmnd", nationalIdFlags: { cmnd: true } });
    expect(errorsOf(validate({ nationalId: "1234567890" }))).toEqual([["nationalId", "imports:errors.nationalId.wrongLength"]]);
    expect(errorsOf(validate({ nationalId: "7.91234567891E+11" }))).toEqual([
      ["nationalId", "imports:errors.nationalId.invalidCharacters"],
    ]);
    expect(errorsOf(validate({ nationalId: "999123456789" }))).toEqual([["nationalId", "imports:errors.nationalId.badProvince"]]);
    expect(nationalIdOf("")).toEqual({ ok: true, value: null, kind: null, restoredZero: false });
  });
});

describe("address", () => {
  it("resolves a former commune with its former district, abbreviated or without diacritics", () => {
    for (const [commune, district] of [["X. Hòa Hưng", "H. Cái Bè"], ["xa hoa hung", "huyen cai be"], ["Hòa Hưng", "Cái Bè"]]) {
      const value = valueOf(validate({ commune, district }));
      expect(value.communeCode).toBe("28429");
      expect(value.address).toEqual({ via: "former", formerName: "Xã Hòa Hưng" });
    }
  });

  it("resolves a current commune by name or by code (in the commune column or its own)", () => {
    expect(valueOf(validate({ commune: "Xã Mỹ Thiện" })).communeCode).toBe("28378");
    expect(valueOf(validate({ commune: "28378" })).communeName).toBe("Xã Mỹ Thiện");
    expect(valueOf(validate({ commune: "", communeCode: "28378" })).communeCode).toBe("28378");
  });

  it("refuses an unknown commune naming the candidates", () => {
    const result = validate({ commune: "Mỹ Thiệnn" });
    expect(errorsOf(result)).toEqual([["commune", "imports:errors.addressUnknown"]]);
    if (result.ok) return;
    expect(result.errors[0].resolution).toMatchObject({ status: "unknown", candidates: [{ code: "28378" }] });
    expect(result.errors[0].params).toEqual({ address: "Mỹ Thiệnn" });
  });

  it("refuses an ambiguous commune instead of guessing", () => {
    const result = validate({ commune: "Phường 2" });
    expect(errorsOf(result)).toEqual([["commune", "imports:errors.addressAmbiguous"]]);
    if (!result.ok) expect(result.errors[0].resolution?.status).toBe("ambiguous");
  });

  it("refuses a commune of another province and one outside the officer's areas", () => {
    expect(errorsOf(validate({ commune: "24823" }))).toEqual([["commune", "imports:errors.outsideProvince"]]);
    const officer = { ...ctx, officerCovers: (code: string) => code === "28429" };
    expect(valueOf(validate({ commune: "Hòa Hưng", district: "Cái Bè" }, officer)).communeCode).toBe("28429");
    const result = validate({ commune: "Mỹ Thiện" }, officer);
    expect(errorsOf(result)).toEqual([["commune", "imports:errors.outsideArea"]]);
    if (!result.ok) expect(result.errors[0].params).toEqual({ commune: "Xã Mỹ Thiện" });
  });

  // Xã Thạnh Phú is a current commune (28444) and the name of a former commune of Châu Thành that went
  // into Xã Long Hưng (28537): without a district, the officer's areas decide when they hold just one.
  it("lets the officer's areas decide between a current and a former commune of the same name, never between two of their own", () => {
    const coveringOnly = (codes: string[]) => ({ ...ctx, officerCovers: (code: string) => codes.includes(code) });
    expect(valueOf(validate({ commune: "Thạnh Phú" }, coveringOnly(["28444"]))).communeCode).toBe("28444");
    const former = valueOf(validate({ commune: "Thạnh Phú" }, coveringOnly(["28537"])));
    expect(former.communeCode).toBe("28537");
    expect(errorsOf(validate({ commune: "Thạnh Phú" }, coveringOnly(["28444", "28537"])))).toEqual([["commune", "imports:errors.addressAmbiguous"]]);
    expect(errorsOf(validate({ commune: "Thạnh Phú" }))).toEqual([["commune", "imports:errors.addressAmbiguous"]]);
    expect(errorsOf(validate({ commune: "Thạnh Phú" }, coveringOnly(["28429"])))).toEqual([["commune", "imports:errors.addressAmbiguous"]]);
  });

  it("requires a commune", () => {
    expect(errorsOf(validate({ commune: "" }))).toEqual([["commune", "imports:errors.communeRequired"]]);
  });

  it("keeps a hamlet written with its own word or as a number", () => {
    expect(valueOf(validate({ hamlet: "Khóm 3" })).addressLine).toBe("Khóm 3");
    expect(valueOf(validate({ hamlet: "3" })).addressLine).toBe("3");
  });
});

describe("farm area", () => {
  it("reads m², hectares and công from the header or the cell", () => {
    expect(valueOf(validate({ farmAreaM2: "1.500" })).farmAreaM2).toBe(1500);
    expect(valueOf(validate({ farmAreaM2: "2 ha" })).farmAreaM2).toBe(20_000);
    expect(valueOf(validate({ farmAreaM2: "3 công" })).farmAreaM2).toBe(3_000);
    expect(valueOf(validate({ areaHa: "1,5" })).farmAreaM2).toBe(15_000);
    expect(errorsOf(validate({ farmAreaM2: "khoảng 2 sào" }))).toEqual([["farmAreaM2", "imports:errors.farmAreaInvalid"]]);
    expect(errorsOf(validate({ areaHa: "20000" }))).toEqual([["farmAreaM2", "imports:errors.farmAreaTooLarge"]]);
  });

  it("parses Vietnamese and English number forms", () => {
    expect(parseAreaM2("1.234,5", 1)).toBe(1235);
    expect(parseAreaM2("1,234.5", 1)).toBe(1235);
    expect(parseAreaM2("0,5", 10_000)).toBe(5000);
    expect(parseAreaM2("12,000", 1)).toBe(12000);
    expect(parseAreaM2("1500m2", 10_000)).toBe(1500);
    expect(parseAreaM2("0", 1)).toBeNull();
    expect(parseAreaM2("1.2.3", 1)).toBeNull();
  });

  it("converts the unit of a sheet's header, decimal commas and dots alike (issue 12)", () => {
    const row = (header: string, cell: string) => {
      const match = matchHeaders(["Họ tên", "SĐT", "Xã/Phường/TT", header]);
      return valueOf(validateHouseholdRow(db, { cells: ["Nguyễn Văn Bé", "0912345678", "Mỹ Thiện", cell], match }, ctx)).farmAreaM2;
    };
    expect(row("DT canh tác (ha)", "2,5")).toBe(25_000);
    expect(row("DT canh tác (ha)", "2.5")).toBe(25_000);
    expect(row("Diện tích (công)", "2,5")).toBe(2_500);
    expect(row("DT (1000m2)", "3")).toBe(3_000);
    expect(row("Diện tích (m²)", "1.000")).toBe(1_000);
    expect(row("Diện tích (m2)", "1.000,5")).toBe(1_001);
  });

  it("reads a unit written in the cell, bracketed or hyphenated, over the header's", () => {
    expect(parseAreaM2("2,5 (ha)", 1)).toBe(25_000);
    expect(parseAreaM2("1,5 héc-ta", 1)).toBe(15_000);
    expect(parseAreaM2("0,5 (công)", 1)).toBe(500);
    expect(parseAreaM2("2 x 1000m2", 1)).toBeNull();
    expect(parseAreaM2("4 (1000m2)", 10_000)).toBe(4_000);
  });
});

describe("kind, email", () => {
  it("reads Vietnamese kinds and refuses others", () => {
    expect(valueOf(validate({ kind: "HTX" })).kind).toBe("cooperative");
    expect(valueOf(validate({ kind: "Doanh nghiệp" })).kind).toBe("enterprise");
    expect(valueOf(validate({ kind: "hộ gia đình" })).kind).toBe("household");
    expect(errorsOf(validate({ kind: "trang trại lớn" }))).toEqual([["kind", "imports:errors.kind"]]);
    expect(errorsOf(validate({ email: "be@" }))).toEqual([["email", "imports:errors.email"]]);
  });
});

describe("consent", () => {
  const noBatch = { ...ctx, batchConsent: false };
  it("takes the column's yes, refuses its no even with the batch attestation", () => {
    for (const yes of ["Có", "co", "x", "1", "Đồng ý", "yes"]) {
      expect(valueOf(validate({ consent: yes }, noBatch)).consent).toEqual({ source: "column" });
    }
    for (const no of ["Không", "no", "0"]) {
      expect(errorsOf(validate({ consent: no }))).toEqual([["consent", "imports:errors.consentRefused"]]);
    }
    expect(errorsOf(validate({ consent: "có lẽ" }))).toEqual([["consent", "imports:errors.consentInvalid"]]);
  });

  it("falls back to the batch attestation, else refuses", () => {
    expect(valueOf(validate({ consent: "" })).consent).toEqual({ source: "batch" });
    expect(errorsOf(validate({}, noBatch))).toEqual([["consent", "imports:errors.consentMissing"]]);
  });
});

it("reports every problem of a row at once", () => {
  expect(errorsOf(validate({ representativeName: "", phone: "abc", commune: "" }, { ...ctx, batchConsent: false }))).toEqual([
    ["representativeName", "imports:errors.required"],
    ["phone", "imports:errors.phone.invalidCharacters"],
    ["commune", "imports:errors.communeRequired"],
    ["consent", "imports:errors.consentMissing"],
  ]);
});

describe("messages", () => {
  it("words every error key in both languages, naming address candidates", async () => {
    const load = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: "vi",
      resources: {
        vi: { imports: load(path.resolve(__dirname, "../../public/locales/vi/imports.json")), addresses: load(path.resolve(__dirname, "../../public/locales/vi/addresses.json")) },
        en: { imports: load(path.resolve(__dirname, "../../public/locales/en/imports.json")), addresses: load(path.resolve(__dirname, "../../public/locales/en/addresses.json")) },
      },
      interpolation: { escapeValue: false },
    });
    // "imports" is not yet a declared namespace (app/i18n/i18next.d.ts), so its translator is typed loosely.
    const importsT = (lng: string): ImportsT => {
      const fixed = (i18n.getFixedT.bind(i18n) as (lng: string, ns: string) => (key: string, options?: object) => string)(lng, "imports");
      return (key, options) => fixed(key, options);
    };
    const result = validate({ commune: "Mỹ Thiệnn", representativeName: "", phone: "02773822222", nationalId: "12" }, { ...ctx, batchConsent: false });
    if (result.ok) throw new Error("expected errors");
    for (const lng of ["vi", "en"]) {
      const t = importsT(lng);
      const tAddresses = i18n.getFixedT(lng, "addresses");
      for (const error of result.errors) {
        const message = rowErrorMessage(t, tAddresses, error);
        expect(message).not.toContain("errors.");
        expect(message).not.toContain("{{");
      }
    }
    const vi = importsT("vi");
    const address = result.errors.find((e) => e.field === "commune")!;
    expect(rowErrorMessage(vi, i18n.getFixedT("vi", "addresses"), address)).toContain("Xã Mỹ Thiện");
    const name = result.errors.find((e) => e.field === "representativeName")!;
    expect(rowErrorMessage(vi, i18n.getFixedT("vi", "addresses"), name)).toBe("Chưa ghi Họ và tên chủ hộ.");
  });
});
