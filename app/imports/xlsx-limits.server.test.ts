import fs from "node:fs";
import { errorKey } from "../../tests/support/errors";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/lib/errors";
import { bombParts, deflatedPart, sheetXml, workbookParts, zipParts, type ZipPart } from "../../tests/fixtures/imports/xlsx-zip";
import { readRows } from "./readers.server";
import { assertXlsxWithinLimits, readZipDirectory, XLSX_LIMITS } from "./xlsx-limits.server";

/** The refusal's key and which limit it names. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return `${error.messageKey} ${error.params.reason}`;
    throw error;
  }
  return "no error";
}

/** Bytes deflate cannot shrink much (xorshift). */
function noise(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const ROWS = [
  ["Họ và tên chủ hộ", "Số điện thoại", "Xã/Phường"],
  ["Nguyễn Văn Một", "0912345601", "Đạo Thạnh"],
  ["Trần Thị Hai", "0912345602", "Mỹ Tho"],
];
const sheet = (options: Partial<ZipPart> = {}) => deflatedPart("xl/worksheets/sheet1.xml", sheetXml(ROWS), options);

let tmp: string;
let bombFile: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cns-xlsx-limits-"));
  bombFile = path.join(tmp, "bom.xlsx");
  fs.writeFileSync(bombFile, zipParts(bombParts(400)));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the central directory", () => {
  it("lists the entries with their declared sizes, ZIP64 fields included", async () => {
    const parts = workbookParts(sheet({ zip64: true }));
    const directory = await readZipDirectory({ buffer: zipParts(parts) });
    expect(directory.entries.map((e) => e.name)).toEqual(parts.map((p) => p.name));
    const last = directory.entries.at(-1)!;
    expect(last.uncompressedSize).toBe(Buffer.byteLength(sheetXml(ROWS)));
    expect(last.compressedSize).toBe(parts.at(-1)!.data[0].length);
  });

  it("reads a workbook written by exceljs (data descriptors) and counts what it inflates", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Hộ dân");
    for (const row of ROWS) ws.addRow(row);
    const file = path.join(tmp, "exceljs.xlsx");
    await wb.xlsx.writeFile(file);
    const directory = await readZipDirectory({ path: file });
    const declared = directory.entries.reduce((n, e) => n + e.uncompressedSize, 0);
    const result = await assertXlsxWithinLimits({ path: file });
    expect(result).toEqual({ entries: directory.entries.length, inflatedBytes: declared });
  });
});

describe("a decompression bomb", () => {
  it("is a few hundred KB that inflate to 400 MiB, and it is refused from its declared sizes", async () => {
    const size = fs.statSync(bombFile).size;
    expect(size).toBeLessThan(1024 * 1024);
    const directory = await readZipDirectory({ path: bombFile });
    expect(directory.entries.at(-1)!.uncompressedSize).toBeGreaterThan(399 * 1024 * 1024);
    expect(await refusal(assertXlsxWithinLimits({ path: bombFile }))).toBe("imports:errors.xlsxTooLarge ratio");
  });

  it("is refused while inflating when its headers lie about the size", async () => {
    // 400 MiB declared as 64 KiB: nothing to see in the directory, the inflated bytes give it away
    const lying = zipParts(bombParts(400, { declaredSize: 64 * 1024 }));
    const directory = await readZipDirectory({ buffer: lying });
    expect(directory.entries.at(-1)!.uncompressedSize).toBe(64 * 1024);
    expect(await refusal(assertXlsxWithinLimits({ buffer: lying }))).toBe("imports:errors.xlsxTooLarge inflated");
    // the same lie in a data descriptor, as streaming writers put the sizes
    const described = zipParts(bombParts(400, { declaredSize: 64 * 1024, descriptor: true }));
    expect(await refusal(assertXlsxWithinLimits({ buffer: described }))).toBe("imports:errors.xlsxTooLarge inflated");
  });

  it("is refused when an entry the parser would inflate is missing from the central directory", async () => {
    const [bomb] = bombParts(40).slice(-1);
    const parts = [...workbookParts(sheet()).slice(0, 2), { ...bomb, name: "xl/media/image1.bin", hidden: true }, ...workbookParts(sheet()).slice(2)];
    expect(await errorKey(assertXlsxWithinLimits({ buffer: zipParts(parts) }))).toBe("imports:errors.xlsxInvalid");
  });

  it("is refused for too many entries, a large entry, a large total or a high ratio", async () => {
    const limits = { ...XLSX_LIMITS, maxEntries: 6, maxEntryBytes: 100_000, maxTotalBytes: 150_000, ratioGraceBytes: 10_000 };
    const many = zipParts([...workbookParts(sheet()), deflatedPart("a.xml", "a"), deflatedPart("b.xml", "b")]);
    expect(await refusal(assertXlsxWithinLimits({ buffer: many }, limits))).toBe("imports:errors.xlsxTooLarge entries");
    const big = zipParts(workbookParts(deflatedPart("xl/worksheets/sheet1.xml", noise(120_000))));
    expect(await refusal(assertXlsxWithinLimits({ buffer: big }, limits))).toBe("imports:errors.xlsxTooLarge entrySize");
    const total = zipParts([...workbookParts(deflatedPart("xl/worksheets/sheet1.xml", noise(90_000))), deflatedPart("xl/x.xml", noise(90_000))]);
    expect(await refusal(assertXlsxWithinLimits({ buffer: total }, { ...limits, maxEntries: 10 }))).toBe("imports:errors.xlsxTooLarge totalSize");
    const ratio = zipParts(workbookParts(deflatedPart("xl/worksheets/sheet1.xml", "<row/>".repeat(10_000))));
    expect(await refusal(assertXlsxWithinLimits({ buffer: ratio }, limits))).toBe("imports:errors.xlsxTooLarge ratio");
    // and each of them passes with the shipped limits
    for (const ok of [many, big, total, ratio]) await expect(assertXlsxWithinLimits({ buffer: ok })).resolves.toBeTruthy();
  });

  it("is not a valid workbook when cut short", async () => {
    const whole = zipParts(workbookParts(sheet()));
    expect(await errorKey(assertXlsxWithinLimits({ buffer: whole.subarray(0, whole.length - 30) }))).toBe("imports:errors.xlsxInvalid");
  });
});

describe("the reader", () => {
  it("refuses the bomb before exceljs opens it", async () => {
    expect(await errorKey(readRows({ path: bombFile }))).toBe("imports:errors.xlsxTooLarge");
    const lying = zipParts(bombParts(400, { declaredSize: 64 * 1024 }));
    expect(await errorKey(readRows({ buffer: lying, fileName: "bom.xlsx" }))).toBe("imports:errors.xlsxTooLarge");
  });

  it("still reads a normal workbook, hand-made or written with ZIP64 fields and data descriptors", async () => {
    for (const options of [{}, { zip64: true }, { descriptor: true }]) {
      const reader = await readRows({ buffer: zipParts(workbookParts(sheet(options))), fileName: "ds.xlsx" });
      const rows = [];
      for await (const row of reader.rows) rows.push(row.cells);
      expect(reader.sheet).toBe("Hộ dân");
      expect(rows).toEqual(ROWS.slice(1));
    }
  });
});
