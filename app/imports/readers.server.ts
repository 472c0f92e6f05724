/**
 * Streaming readers for officers' household sheets (CSV in any encoding Excel writes, XLSX). They find
 * the header row below any title rows and yield the data rows, skipping blank rows and totals rows, so
 * those never show up as bad households. Nothing here holds the whole file in memory.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import { readCsv } from "~/lib/csv";
import { AppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";
import { cleanText, fold } from "~/lib/text";
import { countKnownHeaders, matchHeaders, type HeaderMatch } from "./headers";
import { assertXlsxWithinLimits } from "./xlsx-limits.server";

export type ImportSource = { path: string } | { buffer: Buffer | Uint8Array; fileName: string };

export interface SheetRow {
  /** 1-based row number as the officer sees it in Excel (CSV: record number) */
  rowNumber: number;
  /** NFC-normalised, trimmed cells */
  cells: string[];
}

export interface SheetHeader extends SheetRow {
  match: HeaderMatch;
}

export interface SkipCounts {
  title: number;
  blank: number;
  totals: number;
}

export interface RowReader {
  format: "csv" | "xlsx";
  /** CSV only */
  encoding?: "utf-8" | "utf-16le" | "utf-16be";
  /** CSV only */
  delimiter?: "," | ";" | "\t";
  /** XLSX only: the sheet read */
  sheet?: string;
  header: SheetHeader;
  /**
   * Data rows below the header, in batches as read (a CSV chunk, a few hundred XLSX rows): a bulk import
   * goes through them without an async step per row. Read once, either this or `rows`.
   */
  batches: AsyncIterable<SheetRow[]>;
  /** the same data rows one by one */
  rows: AsyncIterable<SheetRow>;
  /** rows skipped so far (complete once the rows are read) */
  skipped: SkipCounts;
  /** stops reading and closes the file (reading to the end closes it too) */
  close(): Promise<void>;
}

/** Title rows allowed above the header before the file is declared headerless. */
const MAX_TITLE_ROWS = 30;
/** XLSX rows per batch (a CSV batch is what one chunk of the file holds). */
const XLSX_BATCH_ROWS = 500;

function fail(key: string, params: Record<string, string | number> = {}): never {
  throw new AppError(`imports:errors.${key}`, 422, params);
}

/**
 * Reads a CSV or XLSX file (by extension, else by its first bytes) and returns its header and a stream
 * of data rows. Throws AppError imports:errors.{unreadable,noHeader,sheetNotFound} when there is nothing
 * to import (the command line exits with code 2 on these).
 */
export async function readRows(
  source: ImportSource,
  options: { sheet?: string; isHeaderRow?: (cells: readonly string[]) => boolean } = {},
): Promise<RowReader> {
  const format = await detectFormat(source);
  const raw = format === "xlsx" ? xlsxRows(source, options.sheet) : csvRows(source);
  // Households by default; a listings sheet names other columns (see ImportProcessor.isHeaderRow).
  return frame(raw.rows, format, raw.meta, options.isHeaderRow ?? ((cells) => countKnownHeaders(cells) >= 2));
}

// ---------------------------------------------------------------------------------------------
// Framing: header detection and skipping of blank/totals rows, shared by both formats.

interface RawMeta {
  encoding?: RowReader["encoding"];
  delimiter?: RowReader["delimiter"];
  sheet?: string;
}

async function frame(
  raw: AsyncIterator<SheetRow[]>,
  format: RowReader["format"],
  meta: RawMeta,
  isHeaderRow: (cells: readonly string[]) => boolean,
): Promise<RowReader> {
  const skipped: SkipCounts = { title: 0, blank: 0, totals: 0 };
  let header: SheetHeader | null = null;
  /** the rows read with the header that follow it */
  let rest: SheetRow[] = [];
  try {
    let seen = 0;
    search: for (;;) {
      const next = await raw.next();
      if (next.done) break;
      for (let i = 0; i < next.value.length; i++) {
        const row = next.value[i];
        if (isHeaderRow(row.cells)) {
          header = { ...row, match: matchHeaders(row.cells) };
          rest = next.value.slice(i + 1);
          break search;
        }
        if (isBlank(row.cells)) skipped.blank++;
        else skipped.title++;
        if (++seen > MAX_TITLE_ROWS) break search;
      }
    }
  } catch (error) {
    await raw.return?.();
    if (error instanceof AppError) throw error;
    fail("unreadable", { detail: error instanceof Error ? error.message : String(error) });
  }
  if (!header) {
    await raw.return?.();
    fail("noHeader");
  }
  const batches = dataBatches(raw, rest, skipped);
  return {
    format,
    ...meta,
    header,
    batches,
    rows: (async function* () {
      for await (const batch of batches) yield* batch;
    })(),
    skipped,
    async close() {
      await batches.return(undefined);
      await raw.return?.();
    },
  };
}

async function* dataBatches(raw: AsyncIterator<SheetRow[]>, first: SheetRow[], skipped: SkipCounts): AsyncGenerator<SheetRow[]> {
  // Rows holding only numbers may be a totals row, but only if nothing but such rows follows them;
  // they wait here until a real data row releases them.
  let pending: SheetRow[] = [];
  let pendingBlank = 0;
  try {
    for (let input: SheetRow[] | null = first; input; ) {
      const out: SheetRow[] = [];
      for (const row of input) {
        if (isBlank(row.cells)) {
          if (pending.length) pendingBlank++;
          else skipped.blank++;
          continue;
        }
        if (isLabelledTotals(row.cells)) {
          skipped.totals++;
          continue;
        }
        if (isNumbersOnly(row.cells)) {
          pending.push(row);
          continue;
        }
        for (const held of pending) out.push(held);
        skipped.blank += pendingBlank;
        pending = [];
        pendingBlank = 0;
        out.push(row);
      }
      if (out.length) yield out;
      const next = await raw.next();
      input = next.done ? null : next.value;
    }
  } finally {
    await raw.return?.();
  }
  skipped.totals += pending.length;
  skipped.blank += pendingBlank;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c === "");
}

const TOTAL_WORDS = new Set(["tong cong", "tong", "total", "cong", "tong so", "grand total", "sum"]);
/** Every totals word folds to a word starting with one of these letters; checked before folding (every row is). */
const TOTAL_INITIAL = /^[tcgs]/i;
const TOTAL_WORD_MAX = 12;

/** "Tổng cộng", "Tổng: 125 hộ", "Total" as the first non-empty cell. */
function isLabelledTotals(cells: readonly string[]): boolean {
  const first = cells.find((c) => c !== "");
  if (!first || !TOTAL_INITIAL.test(first)) return false;
  const folded = fold(first).replace(/[:.]+$/, "");
  if (TOTAL_WORDS.has(folded)) return true;
  return /^(tong cong|tong so|tong|total)\b[\s:]/.test(folded);
}

const NUMBER_CELL = /^[\d.,\s%+-]+$/;

/** Only numbers (or the word "Cộng"): a totals row when it comes after the last household. */
function isNumbersOnly(cells: readonly string[]): boolean {
  let filled = 0;
  for (const c of cells) {
    if (c === "") continue;
    filled++;
    if (NUMBER_CELL.test(c)) continue;
    if (c.length > TOTAL_WORD_MAX || !TOTAL_INITIAL.test(c) || !TOTAL_WORDS.has(fold(c))) return false;
  }
  return filled > 0;
}

// ---------------------------------------------------------------------------------------------
// Format detection.

async function firstBytes(source: ImportSource, count: number): Promise<Buffer> {
  if ("buffer" in source) return Buffer.from(source.buffer.subarray(0, count));
  const handle = await fs.promises.open(source.path, "r").catch(() => fail("unreadable", { detail: "open" }));
  try {
    const buf = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buf, 0, count, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function detectFormat(source: ImportSource): Promise<"csv" | "xlsx"> {
  const head = await firstBytes(source, 4);
  // XLSX is a zip: "PK\x03\x04". A legacy .xls (OLE2) is refused by name rather than misread as text.
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) fail("legacyXls");
  const name = "path" in source ? source.path : source.fileName;
  const ext = path.extname(name).toLowerCase();
  if (ext === ".xlsx") fail("unreadable", { detail: "not a zip" });
  return "csv";
}

function byteStream(source: ImportSource): Readable {
  if ("buffer" in source) {
    const buf = Buffer.from(source.buffer.buffer, source.buffer.byteOffset, source.buffer.byteLength);
    // Chunks, so a large upload is decoded and parsed piece by piece like a file.
    return Readable.from(
      (function* () {
        for (let i = 0; i < buf.length; i += 64 * 1024) yield buf.subarray(i, i + 64 * 1024);
      })(),
    );
  }
  return fs.createReadStream(source.path, { highWaterMark: 64 * 1024 });
}

// ---------------------------------------------------------------------------------------------
// CSV.

function csvRows(source: ImportSource): { rows: AsyncIterator<SheetRow[]>; meta: RawMeta } {
  const meta: RawMeta = {};
  async function* rows(): AsyncGenerator<SheetRow[]> {
    const bytes = byteStream(source);
    let rowNumber = 0;
    try {
      // The one CSV reader: decoding, delimiter, tokenizing, and cells the app's writer quote-prefixed restored.
      for await (const records of readCsv(bytes, meta)) {
        const batch: SheetRow[] = new Array(records.length);
        for (let i = 0; i < records.length; i++) {
          // cleaned in place: the reader's arrays are this reader's own
          const cells = records[i];
          for (let k = 0; k < cells.length; k++) cells[k] = cleanText(cells[k]);
          batch[i] = { rowNumber: ++rowNumber, cells };
        }
        yield batch;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      fail("unreadable", { detail: error instanceof Error ? error.message : String(error) });
    } finally {
      bytes.destroy();
    }
  }
  return { rows: rows(), meta };
}

// ---------------------------------------------------------------------------------------------
// XLSX.

/** exceljs costs half a second to load: only when an XLSX file is read or written. */
export async function loadExcel(): Promise<typeof ExcelJS> {
  const module = await import("exceljs");
  return (module as unknown as { default?: typeof ExcelJS }).default ?? (module as unknown as typeof ExcelJS);
}

function xlsxRows(source: ImportSource, sheetName?: string): { rows: AsyncIterator<SheetRow[]>; meta: RawMeta } {
  const meta: RawMeta = {};
  async function* rows(): AsyncGenerator<SheetRow[]> {
    // exceljs inflates every entry without limit: a decompression bomb is refused before it opens the file.
    await assertXlsxWithinLimits(source);
    const input = "path" in source ? source.path : byteStream(source);
    const reader = new (await loadExcel()).stream.xlsx.WorkbookReader(input, {
      worksheets: "emit",
      sharedStrings: "cache",
      // styles give number formats, so zero-padded codes keep their displayed zeros
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore",
    });
    const wanted = sheetName ? fold(cleanText(sheetName)) : null;
    let found = false;
    try {
      for await (const worksheet of reader) {
        const name = (worksheet as unknown as { name: string }).name;
        if (wanted !== null && fold(cleanText(name)) !== wanted) {
          // A zip stream cannot seek: a sheet before the wanted one is read through. Left unread, exceljs
          // deletes its temporary copy before the lazy read stream opens it, and that ENOENT goes uncaught.
          for await (const _row of worksheet) void _row;
          continue;
        }
        found = true;
        meta.sheet = name;
        let expected = 1;
        let batch: SheetRow[] = [];
        for await (const row of worksheet) {
          // The stream skips empty rows; account for them so row numbers stay Excel's.
          for (; expected < row.number; expected++) batch.push({ rowNumber: expected, cells: [] });
          expected = row.number + 1;
          const cells: string[] = [];
          row.eachCell({ includeEmpty: true }, (cell, col) => {
            cells[col - 1] = cellText(cell);
          });
          for (let i = 0; i < cells.length; i++) cells[i] ??= "";
          batch.push({ rowNumber: row.number, cells });
          if (batch.length >= XLSX_BATCH_ROWS) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
        break;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      // exceljs's own message is for the log; the officer reads imports:errors.unreadable
      logger().warn({ err: error }, "workbook unreadable");
      fail("unreadable");
    }
    if (!found) fail("sheetNotFound", { sheet: sheetName ?? "" });
  }
  return { rows: rows(), meta };
}

/** The text Excel shows for a cell, as far as it can be known without a full formatter. */
export function cellText(cell: Pick<ExcelJS.Cell, "value" | "numFmt">): string {
  return cleanText(valueText(cell.value, cell.numFmt));
}

function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return numberText(value, numFmt);
  if (value instanceof Date) {
    // Dates appear in these sheets only as birth dates or notes: day/month/year as Vietnamese write them.
    const d = value;
    return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
  }
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return valueText((value.result ?? null) as ExcelJS.CellValue, numFmt);
    if ("error" in value) return "";
  }
  return "";
}

function numberText(value: number, numFmt: string | undefined): string {
  // A format of zeros only ("0000000000") pads: that is how officers keep the leading zero of a phone.
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value)) return String(value).padStart(numFmt.length, "0");
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  // Binary float noise (0.1 + 0.2) rounded off at Excel's 15 significant digits.
  return String(Number(value.toPrecision(15)));
}
