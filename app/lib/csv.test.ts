import { describe, expect, it } from "vitest";
import { CsvEncodingError, CsvTokenizer, csvCell, csvLine, csvObjects, neutralise, readCsv, restoreCell, sniffDelimiter, toCsv, type CsvFormat } from "./csv";

function tokenize(text: string, delimiter = ",", chunk = text.length): string[][] {
  const t = new CsvTokenizer(delimiter);
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...t.push(text.slice(i, i + chunk)));
  return [...out, ...t.end()];
}

async function readAll(chunks: Uint8Array[], format: CsvFormat = {}): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of readCsv(chunks, format)) out.push(...batch);
  return out;
}

describe("writer", () => {
  it("quote-prefixes a text cell that starts with = + - @ tab or carriage return (OWASP), and quotes as CSV needs", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+84 912 345 678")).toBe("'+84 912 345 678");
    expect(csvCell("-")).toBe("'-");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("\"'\tcmd\"");
    expect(csvCell("\rcmd")).toBe("\"'\rcmd\"");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Only the first character matters; the quote itself is not a trigger.
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("'=x")).toBe("''=x");
    expect(csvCell("'x")).toBe("'x");
  });

  it("keeps true numbers numbers: typed numbers as they are, negative numeric text unprefixed", () => {
    expect(csvCell(-12)).toBe("-12");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell("-12")).toBe("-12");
    expect(csvCell("-3.5")).toBe("-3.5");
    expect(csvCell("-1.234,5")).toBe('"-1.234,5"');
    // A phone or a signed "+5" is text with a formula lead: prefixed, so a spreadsheet neither runs nor mangles it.
    expect(csvCell("+84912345678")).toBe("'+84912345678");
    expect(csvCell("-12+A1")).toBe("'-12+A1");
    expect(csvCell("-1e5")).toBe("'-1e5");
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe("'-Infinity");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("quotes delimiters of every dialect the reader sniffs, quotes and line breaks", () => {
    expect(csvLine(["Rice, Viet Namese 5%", 'Xoài "cát"', "a;b", "x\ny", 45_000])).toBe('"Rice, Viet Namese 5%","Xoài ""cát""","a;b","x\ny",45000');
  });

  it("toCsv: a BOM, the header and rows as CRLF lines, every one neutralised", () => {
    expect(toCsv(["name", "=price"], [["=HYPERLINK()", -1], [null, true]])).toBe("\ufeffname,'=price\r\n'=HYPERLINK(),-1\r\n,true\r\n");
    expect(toCsv(["only", "header"])).toBe("\ufeffonly,header\r\n");
  });
});

describe("restoring neutralised cells", () => {
  it("drops the quote only before a formula lead, which is where the writer adds one: every text reads back exactly", () => {
    for (const original of ["=1+2", "@SUM(A1)", "-", "+84 912 345 678", "\tx", "\rx", "-12", "-1.234,5", "'=x", "''-1", "'-12", "'x", "plain", ""]) {
      expect(restoreCell(neutralise(original))).toBe(original);
    }
    expect(restoreCell("'quoted")).toBe("'quoted");
    expect(restoreCell("'")).toBe("'");
  });
});

describe("CsvTokenizer", () => {
  const sample = 'a,"b, c","say ""hi""",\r\n"multi\r\nline",x\n\n"",last';
  const expected = [["a", "b, c", 'say "hi"', ""], ["multi\r\nline", "x"], [""], ["", "last"]];

  it("reads quotes, doubled quotes, empty fields, CRLF/LF, empty lines and a last line without break", () => {
    expect(tokenize(sample)).toEqual(expected);
  });

  it("gives the same records whatever the chunk boundaries (one character at a time)", () => {
    for (const size of [1, 2, 3, 7]) expect(tokenize(sample, ",", size)).toEqual(expected);
  });

  it("uses the given delimiter, keeps stray quotes inside unquoted text, and a lone CR ends a line", () => {
    expect(tokenize('a;b,c;5" TV\rnext;"x"y\n', ";")).toEqual([["a", "b,c", '5" TV'], ["next", "xy"]]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("a\tb\n", "\t")).toEqual([["a", "b"]]);
  });
});

describe("sniffDelimiter", () => {
  it("picks the delimiter that splits the header, not the one inside a title or quoted cells", () => {
    expect(sniffDelimiter('DANH SÁCH, XÃ A\n"Nguyễn, A";SĐT;Xã;Ấp\n')).toBe(";");
    expect(sniffDelimiter("Ho ten\tSDT\tXa\n")).toBe("\t");
    expect(sniffDelimiter("Ho ten,SDT,Xa\n")).toBe(",");
  });
});

describe("readCsv", () => {
  it("reads what toCsv wrote back to the original values, whatever the chunking", async () => {
    const header = ["h1", "h2", "h3", "h4", "h5", "h6", "h7"];
    const rows = [["=1+2", "@SUM(A1)", "-", "+84 912 345 678", "-12", "Lúa, nếp", 'a "b"']];
    const bytes = Buffer.from(toCsv(header, rows), "utf8");
    const format: CsvFormat = {};
    expect(await readAll([bytes], format)).toEqual([header, ...rows]);
    expect(format).toEqual({ encoding: "utf-8", delimiter: "," });
    // One byte at a time: the BOM and every multi-byte letter split across chunks.
    const bytewise = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(await readAll(bytewise)).toEqual([header, ...rows]);
  });

  it("decodes UTF-16 with its BOM, sniffs the delimiter, and refuses a legacy code page", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Tên;Xã\r\nBé;Đạo Thạnh\r\n", "utf16le")]);
    const format: CsvFormat = {};
    expect(await readAll([utf16], format)).toEqual([["Tên", "Xã"], ["Bé", "Đạo Thạnh"]]);
    expect(format).toEqual({ encoding: "utf-16le", delimiter: ";" });
    await expect(readAll([Buffer.from([0x48, 0x6f, 0x20, 0x74, 0xea, 0x6e, 0x0a])])).rejects.toBeInstanceOf(CsvEncodingError);
  });

  it("uses a given delimiter instead of sniffing", async () => {
    expect(await readAll([Buffer.from("a;b,c\n")], { delimiter: "," })).toEqual([["a;b", "c"]]);
  });
});

describe("csvObjects", () => {
  it("keys each record by the header, skips empty lines and the BOM, and refuses a ragged record", () => {
    expect(csvObjects('\ufeffcode,name\r\n1,"An, Bình"\r\n\r\n2, Mỹ \r\n')).toEqual([
      { code: "1", name: "An, Bình" },
      { code: "2", name: " Mỹ " },
    ]);
    expect(csvObjects("code,name\n2, Mỹ \n", { trim: true })).toEqual([{ code: "2", name: "Mỹ" }]);
    expect(() => csvObjects("code,name\n1\n")).toThrow(/line 2/);
  });
});
