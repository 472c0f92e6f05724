import { describe, expect, it } from "vitest";
import { cleanText, fold, slugify } from "./text";

describe("fold", () => {
  it("strips tone and vowel marks", () => {
    expect(fold("Xoài cát Hòa Lộc")).toBe("xoai cat hoa loc");
    expect(fold("Vú sữa Lò Rèn Vĩnh Kim")).toBe("vu sua lo ren vinh kim");
    expect(fold("Bưởi lông Cổ Cò")).toBe("buoi long co co");
  });
  it("folds đ and Đ to d, which Unicode decomposition does not", () => {
    expect(fold("Đồng Tháp")).toBe("dong thap");
    expect(fold("đậu phộng")).toBe("dau phong");
  });
  it("gives the same result for composed (NFC) and decomposed (NFD, macOS) input", () => {
    const nfd = "Tiền Giang".normalize("NFD");
    expect(nfd).not.toBe("Tiền Giang");
    expect(fold(nfd)).toBe(fold("Tiền Giang"));
    expect(fold(nfd)).toBe("tien giang");
  });
  it("is insensitive to where the tone mark sits (Hòa / Hoà)", () => {
    expect(fold("Hoà")).toBe(fold("Hòa"));
  });
  it("lowercases and collapses whitespace", () => {
    expect(fold("  SẦU   RIÊNG\tNgũ Hiệp ")).toBe("sau rieng ngu hiep");
  });
});

describe("cleanText", () => {
  it("normalises to NFC and trims", () => {
    const out = cleanText("  Mỹ  Tho ".normalize("NFD"));
    expect(out).toBe("Mỹ Tho");
    expect(out).toBe(out.normalize("NFC"));
  });
});

describe("slugify", () => {
  it("makes ASCII slugs", () => {
    expect(slugify("Xoài cát Hòa Lộc")).toBe("xoai-cat-hoa-loc");
    expect(slugify("Đặc sản: Nghêu Gò Công!")).toBe("dac-san-ngheu-go-cong");
  });
});
