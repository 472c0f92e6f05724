import { describe, expect, it } from "vitest";
import { cleanMultilineText, cleanText, fold, shortPersonName, slugify } from "./text";
import { seededRandom } from "../../db/seed/random";

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
  it("drops control characters and DEL, and turns tabs and line breaks into one space", () => {
    expect(cleanText("Xoài\u0000 cát\u0007\u001b[31m Hòa\u007f Lộc")).toBe("Xoài cát[31m Hòa Lộc");
    expect(cleanText("Nguyễn\r\nVăn\tA")).toBe("Nguyễn Văn A");
    expect(cleanText("\u0001\u001f")).toBe("");
  });
  it("drops the direction embedding, override and isolate characters that can disguise text", () => {
    // "gnp.exe" shown backwards; a name that reads differently from what is stored
    expect(cleanText("Vườn \u202Eexe.gnp\u202C Tư")).toBe("Vườn exe.gnp Tư");
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(cleanText(`A${String.fromCharCode(code)}b`), `U+${code.toString(16)}`).toBe("Ab");
    }
  });
  it("composes a mark that a control character separated from its letter", () => {
    expect(cleanText("Ca\u0000\u0300 Mau")).toBe("Cà Mau");
  });
});

describe("cleanMultilineText", () => {
  it("keeps paragraphs, trims lines and allows at most one blank line in a row", () => {
    expect(cleanMultilineText("  Xoài ngọt \r\n\r\n\r\n\tGiao  tận\u00a0nơi \rHết ")).toBe("Xoài ngọt\n\nGiao tận nơi\nHết");
  });
  it("drops control characters, DEL and direction overrides but keeps line breaks and tabs' spacing", () => {
    expect(cleanMultilineText("Dòng\u0000 một\u0008\nDòng\thai\u007f\u202E\u2066")).toBe("Dòng một\nDòng hai");
    expect(cleanMultilineText("Mo\u0301\u000b\u000c")).toBe("Mó");
  });
});

describe("shortPersonName", () => {
  it("keeps the word before the given name and the given name's initial, for reviews shown to everyone", () => {
    expect(shortPersonName("Lê Minh Anh")).toBe("Minh A.");
    expect(shortPersonName("  Nguyễn   Thị  Ánh  ")).toBe("Thị Á.");
    expect(shortPersonName("Trần đức")).toBe("Trần Đ.");
    // What a demo or staff account adds in brackets is not part of the name.
    expect(shortPersonName("Lê Minh Anh (người mua, demo)")).toBe("Minh A.");
    // A decomposed mark stays with its letter.
    expect(shortPersonName("Võ Thanh Đờn".normalize("NFD"))).toBe("Thanh Đ.");
    expect(shortPersonName("Hoa")).toBe("Hoa");
    expect(shortPersonName("")).toBe("");
  });
});

describe("slugify", () => {
  it("makes ASCII slugs", () => {
    expect(slugify("Xoài cát Hòa Lộc")).toBe("xoai-cat-hoa-loc");
    expect(slugify("Đặc sản: Nghêu Gò Công!")).toBe("dac-san-ngheu-go-cong");
  });
});

/** The definitions fold() and cleanText() had before their fast paths: they must agree with them. */
function foldReference(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
function cleanTextReference(input: string): string {
  return input
    // eslint-disable-next-line no-control-regex -- the definition being checked
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
}

const VIETNAMESE =
  "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ" +
  "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ0123456789,.-/()";
const SPACES = [" ", "  ", "\t", "\u00a0", "\n", " \u3000 "];

describe("fold and cleanText fast paths agree with their definitions", () => {
  it("for every code point U+0000–U+2FFF, alone, between letters and before a combining mark", () => {
    for (let code = 0; code <= 0x2fff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCodePoint(code);
      for (const text of [ch, `A${ch}b`, ` ${ch}\u0301 x `, `${ch}${ch}`, `Đ ${ch}`]) {
        expect(fold(text), `fold U+${code.toString(16)}`).toBe(foldReference(text));
        expect(cleanText(text), `cleanText U+${code.toString(16)}`).toBe(cleanTextReference(text));
      }
    }
  });
  it("for random Vietnamese strings, composed (NFC) and decomposed (NFD), with odd spacing", () => {
    const random = seededRandom(5);
    const pick = <T>(list: readonly T[] | string) => list[Math.floor(random() * list.length)];
    for (let n = 0; n < 5_000; n++) {
      let text = random() < 0.2 ? pick(SPACES) : "";
      const words = 1 + Math.floor(random() * 5);
      for (let w = 0; w < words; w++) {
        const length = 1 + Math.floor(random() * 7);
        for (let i = 0; i < length; i++) text += pick(VIETNAMESE);
        text += random() < 0.8 ? " " : pick(SPACES);
      }
      if (random() < 0.5) text = text.trim();
      for (const form of [text, text.normalize("NFC"), text.normalize("NFD")]) {
        expect(fold(form)).toBe(foldReference(form));
        expect(cleanText(form)).toBe(cleanTextReference(form));
      }
    }
  });
  it("for long texts (beyond the fast path's length)", () => {
    const long = "Sầu riêng Ri6  Cái Mơn\t".repeat(400);
    expect(fold(long)).toBe(foldReference(long));
    expect(fold(long.normalize("NFD"))).toBe(foldReference(long));
  });
  it("for the empty string and spaces only", () => {
    for (const text of ["", " ", "   ", "\t\n", "\u00a0"]) {
      expect(fold(text)).toBe(foldReference(text));
      expect(cleanText(text)).toBe(cleanTextReference(text));
    }
  });
});
