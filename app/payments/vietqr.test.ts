import { describe, expect, it } from "vitest";
import { crc16Ccitt, vietQrPayload } from "./vietqr";

/** A second, table-driven CRC-16/CCITT-FALSE to check the bitwise one against. */
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
  return c & 0xffff;
});
function crcByTable(text: string): number {
  let crc = 0xffff;
  for (const b of Buffer.from(text, "utf8")) crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ b) & 0xff]) & 0xffff;
  return crc;
}

/** Splits an EMVCo string into its top-level objects. */
function parseTlv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < text.length; ) {
    const id = text.slice(i, i + 2);
    const len = Number(text.slice(i + 2, i + 4));
    out[id] = text.slice(i + 4, i + 4 + len);
    i += 4 + len;
  }
  return out;
}

describe("crc16Ccitt", () => {
  it("gives the published CRC-16/CCITT-FALSE check value for 123456789", () => {
    expect(crc16Ccitt("123456789")).toBe(0x29b1);
  });

  it("agrees with a table-driven implementation", () => {
    for (const s of ["", "A", "000201010212", "CNS-2026-000123 Hòa Lộc", "x".repeat(300)]) {
      expect(crc16Ccitt(s)).toBe(crcByTable(s));
    }
  });
});

describe("vietQrPayload", () => {
  it("reproduces a published VietQR payload (subiz/vietqr README: 120.000 ₫ to VietinBank 0011001932418)", () => {
    expect(
      vietQrPayload({ bin: "970415", accountNumber: "0011001932418", amountVnd: 120_000, reference: "ung ho lu lut" }),
    ).toBe(
      "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
    );
  });

  it("carries the bank, account, amount and reference in the right objects, with a valid CRC", () => {
    const payload = vietQrPayload({ bin: "970405", accountNumber: "7000 1234 5678", amountVnd: 245_000, reference: "CNS123456" });
    const top = parseTlv(payload);
    expect(top["00"]).toBe("01");
    expect(top["01"]).toBe("12");
    expect(top["53"]).toBe("704");
    expect(top["54"]).toBe("245000");
    expect(top["58"]).toBe("VN");
    const merchant = parseTlv(top["38"]);
    expect(merchant["00"]).toBe("A000000727");
    expect(merchant["02"]).toBe("QRIBFTTA");
    expect(parseTlv(merchant["01"])).toEqual({ "00": "970405", "01": "700012345678" });
    expect(parseTlv(top["62"])).toEqual({ "08": "CNS123456" });
    expect(payload.slice(-8, -4)).toBe("6304");
    expect(payload.slice(-4)).toBe(crcByTable(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, "0"));
  });

  it("makes a static code without an amount, and strips marks from the memo", () => {
    const top = parseTlv(vietQrPayload({ bin: "970405", accountNumber: "123", reference: "Đơn hàng #12" }));
    expect(top["01"]).toBe("11");
    expect(top["54"]).toBeUndefined();
    expect(parseTlv(top["62"])["08"]).toBe("Don hang 12");
  });

  it("folds the memo like every name (marks and đ gone, capitals kept), a tab or line break becoming a space", () => {
    const memo = (reference: string) => parseTlv(parseTlv(vietQrPayload({ bin: "970405", accountNumber: "123", reference }))["62"])["08"];
    expect(memo("Đơn hàng\tCNS000123")).toBe("Don hang CNS000123");
    expect(memo("Trả tiền đơn\nCNS000124".normalize("NFD"))).toBe("Tra tien don CNS000124");
  });

  it("refuses a bad BIN, account or amount", () => {
    expect(() => vietQrPayload({ bin: "9704", accountNumber: "123" })).toThrow(/BIN/);
    expect(() => vietQrPayload({ bin: "970405", accountNumber: "1".repeat(20) })).toThrow(/account/);
    expect(() => vietQrPayload({ bin: "970405", accountNumber: "123", amountVnd: 10.5 })).toThrow(/amount/);
    expect(() => vietQrPayload({ bin: "970405", accountNumber: "123", amountVnd: 0 })).toThrow(/amount/);
  });
});
