import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone, phoneDigitForms, zaloUrl, maskPhone } from "./phone";

const ok = (e164: string) => ({ ok: true, e164 });
const no = (reason: string) => ({ ok: false, reason });

describe("normalizePhone", () => {
  it.each([
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "+84 912 345 678",
    "84912345678",
    "(+84) 912345678",
    "(+84) 912.345.678",
    "912345678", // Excel dropped the zero
    "  0912345678  ",
    "0912\u00a0345\u00a0678", // no-break spaces from a copied web page
    "+84 0912 345 678",
    "0084 912 345 678",
    "+84912345678",
  ])("accepts %s", (input) => {
    expect(normalizePhone(input)).toEqual(ok("+84912345678"));
  });

  it.each([
    ["0321234567", "+84321234567"], // Viettel, former 0162
    ["0386 123 456", "+84386123456"],
    ["0523456789", "+84523456789"], // Vietnamobile
    ["0559876543", "+84559876543"], // Reddi
    ["0589876543", "+84589876543"],
    ["0599876543", "+84599876543"], // Gmobile
    ["0701234567", "+84701234567"], // Mobifone, former 0120
    ["0769 999 888", "+84769999888"],
    ["0791234567", "+84791234567"],
    ["0812345678", "+84812345678"],
    ["0862345678", "+84862345678"],
    ["0872345678", "+84872345678"], // Itel
    ["0889999999", "+84889999999"],
    ["0901234567", "+84901234567"],
    ["0931234567", "+84931234567"],
    ["0961234567", "+84961234567"],
    ["0991234567", "+84991234567"],
    ["861234567", "+84861234567"], // 9 digits starting with 8 is still a dropped zero
  ])("accepts every current mobile range: %s", (input, e164) => {
    expect(normalizePhone(input)).toEqual(ok(e164));
  });

  it("refuses empty input", () => {
    expect(normalizePhone("")).toEqual(no("empty"));
    expect(normalizePhone("   ")).toEqual(no("empty"));
    expect(normalizePhone(null)).toEqual(no("empty"));
    expect(normalizePhone(undefined)).toEqual(no("empty"));
  });

  it("refuses letters and symbols", () => {
    expect(normalizePhone("0912 345 67a")).toEqual(no("invalidCharacters"));
    expect(normalizePhone("không có")).toEqual(no("invalidCharacters"));
    expect(normalizePhone("0912+345678")).toEqual(no("invalidCharacters"));
    expect(normalizePhone("091234567#")).toEqual(no("invalidCharacters"));
  });

  it("refuses landlines", () => {
    expect(normalizePhone("028 3829 1234")).toEqual(no("landline")); // Hồ Chí Minh City
    expect(normalizePhone("0273 3871 234")).toEqual(no("landline")); // Tiền Giang
    expect(normalizePhone("+84 24 3825 1234")).toEqual(no("landline")); // Hà Nội
    expect(normalizePhone("2773871234")).toEqual(no("wrongLength"));
  });

  it("refuses wrong lengths", () => {
    expect(normalizePhone("091234567")).toEqual(no("wrongLength"));
    expect(normalizePhone("09123456789")).toEqual(no("wrongLength"));
    expect(normalizePhone("+8491234567")).toEqual(no("wrongLength"));
    expect(normalizePhone("+849123456789")).toEqual(no("wrongLength"));
    expect(normalizePhone("12345")).toEqual(no("wrongLength"));
    expect(normalizePhone("0")).toEqual(no("wrongLength"));
    expect(normalizePhone("01681234567")).toEqual(no("wrongLength")); // pre-2018 11-digit number
  });

  it("refuses numbers outside the mobile ranges", () => {
    expect(normalizePhone("0951234567")).toEqual(no("notMobile")); // 095 closed
    expect(normalizePhone("0571234567")).toEqual(no("notMobile"));
    expect(normalizePhone("0312345678")).toEqual(no("notMobile"));
    expect(normalizePhone("0801234567")).toEqual(no("notMobile"));
    expect(normalizePhone("0112345678")).toEqual(no("notMobile"));
    expect(normalizePhone("0612345678")).toEqual(no("notMobile"));
    expect(normalizePhone("123456789")).toEqual(no("notMobile"));
  });

  it("refuses other countries", () => {
    expect(normalizePhone("+1 415 555 0100")).toEqual(no("notMobile"));
    expect(normalizePhone("+66 81 234 5678")).toEqual(no("notMobile"));
  });
});

describe("formatPhone", () => {
  it("shows the national form in groups", () => {
    expect(formatPhone("+84912345678")).toBe("0912 345 678");
    expect(formatPhone("+84321234567")).toBe("0321 234 567");
  });
  it("round-trips with normalizePhone", () => {
    const result = normalizePhone(formatPhone("+84886123456"));
    expect(result).toEqual(ok("+84886123456"));
  });
  it("leaves anything else as it is", () => {
    expect(formatPhone("+14155550100")).toBe("+14155550100");
  });
});

describe("phoneDigitForms", () => {
  it("lists the ways the number is written", () => {
    expect(phoneDigitForms("+84912345678")).toEqual(["0912345678", "912345678", "84912345678", "+84912345678"]);
  });
});

describe("zaloUrl", () => {
  it("links to Zalo with the national form of the number", () => {
    expect(zaloUrl("+84912345678")).toBe("https://zalo.me/0912345678");
  });
});

describe("maskPhone", () => {
  it("shows the first four and last three digits of a mobile, nothing of a short number it cannot read", () => {
    expect(maskPhone("+84912345678")).toBe("0912 *** 678");
    expect(maskPhone("+8428")).toBe(formatPhone("+8428"));
  });
});
