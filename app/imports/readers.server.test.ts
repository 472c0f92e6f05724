import fs from "node:fs";
import { errorKey } from "../../tests/support/errors";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRows, type RowReader, type SheetRow } from "./readers.server";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/imports");
const fixture = (name: string) => ({ path: path.join(FIXTURES, name) });

async function all(reader: RowReader): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return rows;
}

let tmp: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cns-imports-"));
  // An officer's workbook: a cover sheet first, then the list with a title row, a numeric phone
  // column (one formatted with zeros), a numeric CCCD that lost its zero, a blank row and totals.
  const wb = new ExcelJS.Workbook();
  const cover = wb.addWorksheet("Hướng dẫn");
  cover.addRow(["Điền mỗi hộ một dòng"]);
  const ws = wb.addWorksheet("Hộ dân");
  ws.addRow(["DANH SÁCH HỘ NÔNG DÂN XÃ AN HỮU"]);
  ws.addRow([]);
  ws.addRow(["STT", "Họ và tên chủ hộ", "Số điện thoại", "Số CCCD", "Xã", "Diện tích (m2)"]);
  ws.addRow([1, "Nguyễn Văn Bé", 912345678, 82123456789, "An Hữu", 1500]);
  const padded = ws.addRow([2, { richText: [{ text: "Trần " }, { text: "Thị Hoa" }] }, 912345679, "082123456780", "An Hữu", 0.5]);
  padded.getCell(3).numFmt = "0000000000";
  ws.addRow([]);
  ws.addRow(["Tổng cộng", "", "", "", "", { formula: "SUM(F4:F5)", result: 1500.5 }]);
  await wb.xlsx.writeFile(path.join(tmp, "ho-dan.xlsx"));

  const single = new ExcelJS.Workbook();
  const only = single.addWorksheet("Sheet1");
  only.addRow(["name", "phone", "commune"]);
  only.addRow(["Võ Thị Sáu".normalize("NFD"), 933111222, "Mỹ Thiện"]);
  await single.xlsx.writeFile(path.join(tmp, "single.xlsx"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("CSV", () => {
  it("reads UTF-8 with BOM, skipping the title rows, blank rows and the totals row", async () => {
    const reader = await readRows(fixture("utf8-bom-title-totals.csv"));
    expect(reader).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: "," });
    expect(reader.header.rowNumber).toBe(4);
    expect(reader.header.cells[0]).toBe("STT"); // no BOM left on the first header
    expect(reader.header.match.missing).toEqual([]);
    expect(reader.header.match.areaUnitM2).toBe(10_000);
    const rows = await all(reader);
    expect(rows.map((r) => r.rowNumber)).toEqual([5, 6, 7]);
    expect(rows[0].cells).toEqual(["1", "Nguyễn Văn Bé", "0912 345 678", "082123456789", "X. Hòa Hưng", "H. Cái Bè", "1,5"]);
    expect(rows[2].cells[1]).toBe("Lê Văn Tư, Út");
    expect(reader.skipped).toEqual({ title: 2, blank: 2, totals: 1 });
  });

  it("gives the same rows in batches (a large file: several chunks), totals held back across chunks", async () => {
    // ≈ 200 KB: the reader decodes it in 64 KiB chunks, so batches end mid-file; numbers-only rows wait
    // for the next data row even when it comes in the next batch.
    const lines = ["Họ và tên chủ hộ,Số điện thoại,Xã"];
    for (let i = 0; i < 5_000; i++) lines.push(i % 997 === 0 ? "1,2,3" : `Nguyễn Văn ${i},09123${String(i).padStart(5, "0")},Đạo Thạnh`);
    lines.push("", "Tổng cộng,5000,");
    const file = path.join(tmp, "large.csv");
    fs.writeFileSync(file, lines.join("\n"));
    const one = await all(await readRows({ path: file }));
    const reader = await readRows({ path: file });
    const batches: SheetRow[][] = [];
    for await (const batch of reader.batches) batches.push(batch);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(one);
    expect(one).toHaveLength(5_000);
    expect(reader.skipped).toEqual({ title: 0, blank: 1, totals: 1 });
  });

  it("close() stops reading before the end", async () => {
    const reader = await readRows(fixture("utf8-bom-title-totals.csv"));
    await reader.close();
    expect(await all(reader)).toEqual([]);
  });

  it("reads Excel's UTF-16 LE tab-separated Unicode text", async () => {
    const reader = await readRows(fixture("utf16le-tab.txt"));
    expect(reader).toMatchObject({ encoding: "utf-16le", delimiter: "\t" });
    expect([...reader.header.match.columns.keys()]).toEqual([
      "representativeName", "phone", "nationalId", "commune", "hamlet", "mainProducts",
    ]);
    const rows = await all(reader);
    expect(rows.map((r) => r.cells[0])).toEqual(["Phạm Văn Năm", "Võ Thị Sáu"]);
    expect(rows[0].cells[5]).toBe("Xoài cát Hòa Lộc");
  });

  it("reads UTF-16 BE with BOM", async () => {
    const reader = await readRows(fixture("utf16be-tab.txt"));
    expect(reader.encoding).toBe("utf-16be");
    expect((await all(reader))[0].cells).toEqual(["Phạm Văn Năm", "0901234567", "Mỹ Thiện"]);
  });

  it("reads semicolon CSV without BOM and drops the 'Cộng' row", async () => {
    const reader = await readRows(fixture("semicolon.csv"));
    expect(reader.delimiter).toBe(";");
    expect(reader.header.match.areaUnitM2).toBe(1_000);
    const rows = await all(reader);
    expect(rows.map((r) => r.cells[0])).toEqual(["Huỳnh Văn Lộc", "Đặng Thị Mai"]);
    expect(rows[0].cells[4]).toBe("3,5");
    expect(reader.skipped.totals).toBe(1);
  });

  it("NFC-normalises decomposed text from macOS, headers included", async () => {
    const reader = await readRows(fixture("nfd-mac.csv"));
    expect(reader.header.match.columns.get("hamlet")).toBe(5);
    const rows = await all(reader);
    expect(rows[0].cells[0]).toBe("Nguyễn Thị Lựa".normalize("NFC"));
    expect(rows[0].cells[0]).toBe("Nguyễn Thị Lựa");
    expect(rows[0].cells[0].length).toBe("Nguyễn Thị Lựa".normalize("NFC").length);
  });

  it("keeps Excel-mangled numbers as written and drops a numbers-only totals row at the end", async () => {
    const reader = await readRows(fixture("excel-mangled.csv"));
    const rows = await all(reader);
    expect(rows.map((r) => r.cells.slice(1, 3))).toEqual([
      ["912345678", "82123456789"],
      ["0912345678", ""],
    ]);
    expect(reader.skipped).toMatchObject({ blank: 1, totals: 1 });
  });

  it("keeps a numbers-only row that is followed by data (it is a bad household, not a total)", async () => {
    const csv = "Họ tên,SĐT,Xã\n,912345678,\nLê Văn A,0912345678,Mỹ Thiện\n";
    const reader = await readRows({ buffer: Buffer.from(csv), fileName: "x.csv" });
    expect((await all(reader)).map((r) => r.rowNumber)).toEqual([2, 3]);
  });

  it("reads the last line of a file that does not end with a line break", async () => {
    const csv = "Họ tên;SĐT;Xã\r\nLê Văn A;0912345678;Mỹ Thiện";
    const rows = await all(await readRows({ buffer: Buffer.from(csv), fileName: "x.csv" }));
    expect(rows).toEqual([{ rowNumber: 2, cells: ["Lê Văn A", "0912345678", "Mỹ Thiện"] }]);
  });

  it("reads an upload given as a buffer the same way as a file", async () => {
    const buffer = fs.readFileSync(path.join(FIXTURES, "utf8-bom-title-totals.csv"));
    const rows = await all(await readRows({ buffer, fileName: "danh-sach.csv" }));
    expect(rows).toHaveLength(3);
  });

  it("refuses a file with no recognisable header, and text in a legacy code page", async () => {
    expect(await errorKey(readRows({ buffer: Buffer.from("a,b\n1,2\n"), fileName: "x.csv" }))).toBe("imports:errors.noHeader");
    const latin1 = Buffer.from([0x48, 0x6f, 0x20, 0x74, 0xea, 0x6e, 0x2c, 0x53, 0x44, 0x54, 0x0a]); // "Ho tên,SDT" in Latin-1
    expect(await errorKey(readRows({ buffer: latin1, fileName: "x.csv" }))).toBe("imports:errors.unreadable");
  });
});

describe("XLSX", () => {
  it("reads the named sheet, skipping its title, blank and totals rows; numbers as displayed", async () => {
    const reader = await readRows({ path: path.join(tmp, "ho-dan.xlsx") }, { sheet: "Ho dan" });
    expect(reader).toMatchObject({ format: "xlsx", sheet: "Hộ dân" });
    expect(reader.header.rowNumber).toBe(3);
    const rows = await all(reader);
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 5]);
    expect(rows[0].cells).toEqual(["1", "Nguyễn Văn Bé", "912345678", "82123456789", "An Hữu", "1500"]);
    expect(rows[1].cells).toEqual(["2", "Trần Thị Hoa", "0912345679", "082123456780", "An Hữu", "0.5"]);
    expect(reader.skipped).toEqual({ title: 1, blank: 2, totals: 1 });
  });

  it("reads the first sheet by default, from a buffer too, NFC-normalised", async () => {
    const buffer = fs.readFileSync(path.join(tmp, "single.xlsx"));
    const reader = await readRows({ buffer, fileName: "upload.xlsx" });
    expect(reader.sheet).toBe("Sheet1");
    expect((await all(reader))[0].cells).toEqual(["Võ Thị Sáu", "933111222", "Mỹ Thiện"]);
  });

  it("refuses a missing sheet and a first sheet without a header", async () => {
    const file = { path: path.join(tmp, "ho-dan.xlsx") };
    expect(await errorKey(readRows(file, { sheet: "Không có" }))).toBe("imports:errors.sheetNotFound");
    expect(await errorKey(readRows(file))).toBe("imports:errors.noHeader");
  });

  it("refuses a broken .xlsx", async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]);
    // not a ZIP exceljs could read: refused by the container check (xlsx-limits.server.ts) before exceljs
    expect(await errorKey(readRows({ buffer: broken, fileName: "x.xlsx" }))).toBe("imports:errors.xlsxInvalid");
  });
});
