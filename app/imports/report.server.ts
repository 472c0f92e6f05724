/**
 * The error report of a batch: the original header and cells of every rejected row, plus the row
 * number and the reasons in the officer's language. CSV with a UTF-8 BOM (Excel opens it with the
 * diacritics intact) or XLSX. The officer fixes the cells in place and uploads the report itself: the
 * two added columns are ignored by the header matcher.
 */
import type { TFunction } from "i18next";
import type { Locale } from "~/i18n/config";
import { i18nInstance } from "~/i18n/i18n.server";
import { toCsv } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import type { ImportBatch } from "../../db/schema";
import { getBatch, parseFileError } from "./batches.server";
import { batchRowErrors } from "./problem-groups.server";
import { loadExcel } from "./readers.server";
import { fileErrorMessage, rowErrorsMessage, type ImportsT } from "./messages";

export function importsTranslator(locale: Locale): { t: ImportsT; tAddresses: TFunction<"addresses"> } {
  const instance = i18nInstance(locale);
  const fixed = (instance.getFixedT as unknown as (lng: string, ns: string) => (key: string, options?: object) => string)(locale, "imports");
  return { t: (key, options) => fixed(key, options), tAddresses: instance.getFixedT(locale, "addresses") };
}

interface ReportTable {
  batch: ImportBatch;
  locale: Locale;
  headers: string[];
  rows: string[][];
}

/** The report's table: original columns, then "Dòng"/"Row" and "Lý do"/"Reason". */
export function errorReportTable(db: Db, batchId: number, locale?: Locale): ReportTable {
  const batch = getBatch(db, batchId);
  if (!batch) throw new AppError("imports:errors.batchNotFound", 404);
  const lang = locale ?? batch.locale;
  const { t, tAddresses } = importsTranslator(lang);
  const original = batch.headers ?? [];
  const headers = [...original, t("report.row"), t("report.reason")];
  const rows: string[][] = [];
  const fileError = batch.status === "failed" ? parseFileError(batch.error) : undefined;
  if (fileError) rows.push([...original.map(() => ""), "", fileErrorMessage(t, fileError)]);
  for (const error of batchRowErrors(db, batchId)) {
    // Rows shorter or longer than the header keep the added columns aligned under their titles.
    const cells = original.length ? original.map((_, i) => error.cells[i] ?? "") : error.cells;
    rows.push([...cells, String(error.rowNumber), rowErrorsMessage(t, tAddresses, error.reasons)]);
  }
  return { batch, locale: lang, headers, rows };
}

/**
 * Every cell is the officer's own text: one starting with = + - @ is quote-prefixed so a spreadsheet
 * shows it instead of running it, and the importer drops that quote when the report comes back.
 */
export function errorReportCsv(db: Db, batchId: number, locale?: Locale): Buffer {
  const { headers, rows } = errorReportTable(db, batchId, locale);
  return Buffer.from(toCsv(headers, rows), "utf8");
}

export async function errorReportXlsx(db: Db, batchId: number, locale?: Locale): Promise<Buffer> {
  const { headers, rows, locale: lang } = errorReportTable(db, batchId, locale);
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(importsTranslator(lang).t("report.sheet"));
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  // Cells stay text: a phone or ID typed back into the report keeps its leading zero.
  headers.forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    column.numFmt = "@";
    column.width = i === headers.length - 1 ? 80 : 18;
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "loi-ds-ho-2026.csv" from "ds-ho-2026.xlsx": the report's download name. */
export function errorReportFileName(batch: Pick<ImportBatch, "fileName" | "locale">, format: "csv" | "xlsx"): string {
  const base = batch.fileName.replace(/\.[^.]+$/, "") || "import";
  return `${batch.locale === "en" ? "errors" : "loi"}-${base}.${format}`;
}
