/**
 * Downloadable templates with the canonical headers of an import kind (households, listings), in
 * Vietnamese or English. Every column is formatted as text in the XLSX so Excel keeps the leading zero
 * of a phone number or a CCCD typed into it.
 */
import type { Locale } from "~/i18n/config";
import { toCsv } from "~/lib/csv";
import type { ImportKind } from "../../db/schema";
import { loadExcel } from "./readers.server";
import { processorFor } from "./processor";
import "./processors.server";
import { importsTranslator } from "./report.server";

export function templateHeaders(kind: ImportKind, locale: Locale): string[] {
  return processorFor(kind).templateHeaders(locale);
}

export function templateCsv(kind: ImportKind, locale: Locale): Buffer {
  return Buffer.from(toCsv(templateHeaders(kind, locale)), "utf8");
}

export async function templateXlsx(kind: ImportKind, locale: Locale): Promise<Buffer> {
  const headers = templateHeaders(kind, locale);
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(importsTranslator(locale).t(`templates.sheet.${kind}`));
  sheet.addRow(headers).font = { bold: true };
  headers.forEach((header, i) => {
    const column = sheet.getColumn(i + 1);
    column.numFmt = "@";
    column.width = Math.max(14, header.length + 4);
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function templateFileName(kind: ImportKind, locale: Locale, format: "csv" | "xlsx"): string {
  const base = kind === "households" ? (locale === "vi" ? "mau-danh-sach-ho" : "households-template") : locale === "vi" ? "mau-san-pham" : "products-template";
  return `${base}.${format}`;
}
