import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/accounts/access";
import { freshTestDb } from "../../tests/db";
import { HEADER, makeActor, writeCsv } from "../../tests/fixtures/imports/support";
import { batchForCli, runImport } from "./batches.server";
import { readRows } from "./readers.server";
import { errorReportCsv, errorReportFileName, errorReportTable, errorReportXlsx } from "./report.server";
import { templateCsv, templateHeaders, templateXlsx } from "./templates.server";

let db: ReturnType<typeof freshTestDb>;
let admin: Actor;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  admin = makeActor(db, "admin");
});
afterAll(() => db.cleanup());

async function importFile(file: string, fileName = path.basename(file), locale: "vi" | "en" = "vi") {
  const { batch } = await batchForCli(db, { kind: "households", actor: admin, filePath: file, fileName, batchConsent: true, locale, dryRun: false });
  return runImport(db, batch.id);
}

function tmpFile(name: string, bytes: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cns-report-")), name);
  fs.writeFileSync(file, bytes);
  return file;
}

const MESSY = [
  HEADER,
  ["Nguyễn Văn Bé", "0912345678", "", "Đạo Thạnh", "", "Xoài", "", "Có"],
  ["Trần Thị Hoa", "12345", "", "Đạo Thạnh", "", "Lúa, nếp", "", "Có"],
  ["Lê Văn Tư", "0987654321", "", "Xã Không Có", "Huyện Lạ", "", "", "Có"],
];

describe("error report", () => {
  it("CSV: BOM, the original header and cells, then row number and reason in the batch's language", async () => {
    const summary = await importFile(writeCsv(MESSY));
    expect(summary).toMatchObject({ created: 1, rejected: 2 });
    const csv = errorReportCsv(db, summary.batchId);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe([...HEADER, "Dòng", "Lý do"].join(","));
    expect(lines[1]).toMatch(/^Trần Thị Hoa,12345,,Đạo Thạnh,,"Lúa, nếp",,Có,3,"Số điện thoại “12345” không đủ/);
    expect(lines[2]).toMatch(/^Lê Văn Tư,0987654321,,Xã Không Có,Huyện Lạ,,,Có,4,"?Không xác định được địa chỉ/);

    const en = errorReportTable(db, summary.batchId, "en");
    expect(en.headers.slice(-2)).toEqual(["Row", "Reason"]);
    expect(en.rows[0][9]).toMatch(/^The phone number “12345”/);
    expect(errorReportFileName({ fileName: "ds-ho.xlsx", locale: "vi" }, "csv")).toBe("loi-ds-ho.csv");
  });

  it("the CSV report, fixed in place and uploaded again, imports the fixed rows", async () => {
    const first = await importFile(writeCsv(MESSY));
    const report = errorReportCsv(db, first.batchId).toString("utf8");
    const fixed = report.replace(",12345,", ",0912345679,").replace("Xã Không Có,Huyện Lạ", "Mỹ Tho,");
    const again = await importFile(tmpFile("loi.csv", Buffer.from(fixed, "utf8")));
    expect(again).toMatchObject({ status: "completed", created: 2, rejected: 0 });
    const names = db.$client.prepare(`SELECT representative_name AS n FROM households ORDER BY id`).all();
    expect(names).toContainEqual({ n: "Trần Thị Hoa" });
    expect(names).toContainEqual({ n: "Lê Văn Tư" });
  });

  it("CSV: cells an officer typed as formulas are quote-prefixed, numbers are not, and the report reads back to the original values", async () => {
    const header = [...HEADER, "Tên gian hàng", "Địa chỉ"];
    const formulas = ["Phạm Văn Mười", "+84 913 222 111", "", "Xã Không Có", "", "=1+2", "", "Có", "@SUM(A1)", "-"];
    const negative = ["Đỗ Thị Mai", "0913222112", "", "Đạo Thạnh", "", "Xoài", "-1.234,5", "Có", "", ""];
    const first = await importFile(writeCsv([header, formulas, negative]));
    expect(first).toMatchObject({ rejected: 2 });
    const report = errorReportCsv(db, first.batchId);
    const text = report.toString("utf8");
    expect(text).toContain(`Phạm Văn Mười,'+84 913 222 111,,Xã Không Có,,'=1+2,,Có,'@SUM(A1),'-,2,`);
    expect(text).toContain(`Đỗ Thị Mai,0913222112,,Đạo Thạnh,,Xoài,"-1.234,5",Có,,,3,`);

    // The report as uploaded: the reader gives back exactly the officer's cells.
    const reread = await readRows({ buffer: report, fileName: "loi.csv" });
    const rows: string[][] = [];
    for await (const row of reread.rows) rows.push(row.cells.slice(0, header.length));
    expect(rows).toEqual([formulas, negative]);

    // Fixed in place and imported: the stored values are the original ones, not the neutralised ones.
    const fixed = text.replace("Xã Không Có", "Đạo Thạnh").replace('"-1.234,5"', "");
    const again = await importFile(tmpFile("loi.csv", Buffer.from(fixed, "utf8")));
    expect(again).toMatchObject({ created: 2, rejected: 0 });
    const stored = db.$client
      .prepare(`SELECT display_name AS displayName, main_products AS products, address_line AS line, phone FROM households WHERE representative_name = ?`)
      .get("Phạm Văn Mười");
    expect(stored).toEqual({ displayName: "@SUM(A1)", products: "=1+2", line: "-", phone: "+84913222111" });
  });

  it("XLSX: the same table, text cells; fixed and uploaded again it imports", async () => {
    const summary = await importFile(writeCsv([HEADER, ["Võ Văn Năm", "0912", "", "Đạo Thạnh", "", "", "", "Có"]]));
    const xlsx = await errorReportXlsx(db, summary.batchId);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Dòng bị lỗi");
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([...HEADER, "Dòng", "Lý do"]);
    expect(sheet.getRow(2).getCell(2).value).toBe("0912");
    sheet.getRow(2).getCell(2).value = "0912000555";
    const file = tmpFile("loi.xlsx", Buffer.from(await workbook.xlsx.writeBuffer()));
    const again = await importFile(file);
    expect(again).toMatchObject({ created: 1, rejected: 0 });
  });

  it("a batch that failed on its file reports the reason", async () => {
    const summary = await importFile(writeCsv([["Họ và tên chủ hộ", "Huyện"], ["A", "B"]]));
    expect(summary.status).toBe("failed");
    const table = errorReportTable(db, summary.batchId);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].at(-1)).toBe("Tệp thiếu cột bắt buộc: Số điện thoại, Xã/Phường. Tiêu đề đã đọc trong tệp: “Họ và tên chủ hộ”, “Huyện”.");
  });
});

describe("templates", () => {
  it("CSV and XLSX templates carry the canonical headers, which the reader recognises", async () => {
    expect(templateHeaders("households", "vi").slice(0, 3)).toEqual(["Họ và tên chủ hộ", "Số điện thoại", "Số CCCD"]);
    expect(templateHeaders("households", "en").slice(0, 3)).toEqual(["Representative name", "Phone", "National ID"]);
    for (const locale of ["vi", "en"] as const) {
      const csv = templateCsv("households", locale);
      expect(csv.toString("utf8").startsWith("\uFEFF")).toBe(true);
      const fromCsv = await readRows({ buffer: csv, fileName: "t.csv" });
      expect(fromCsv.header.match.missing).toEqual([]);
      expect(fromCsv.header.match.unknown).toEqual([]);
      const fromXlsx = await readRows({ buffer: await templateXlsx("households", locale), fileName: "t.xlsx" });
      expect(fromXlsx.header.cells).toEqual(templateHeaders("households", locale));
    }
  });
});
