/**
 * Price imports: the project's own CSV template, the World Food Programme (HDX) food price file
 * and the World Bank Pink Sheet monthly series (what a row means in each: import-rows.server.ts).
 * Rows stream through the app's one CSV reader; each bad row is reported with its row number and a
 * reason (a locale key) while the others are imported; writes are idempotent upserts in batches, so
 * running the same file twice changes nothing.
 */
import fs from "node:fs";
import { CsvEncodingError, readCsv } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { detectFormat, rowReader, RowProblem, type ImportFormat, type RowReaderOptions } from "./import-rows.server";
import { upsertObservations, upsertReferencePrices, type ObservationInput, type ReferencePriceInput, type WriteResult } from "./observations.server";

// The values people write in price files are read by these; other modules use them from here.
export { IMPORT_FORMATS, TEMPLATE_COLUMNS, detectFormat, parseDate, parseVnd, type ImportFormat } from "./import-rows.server";

export interface RowError {
  /** the row as a spreadsheet numbers it, the header being row 1 (the line, unless a cell spans lines) */
  row: number;
  /** locale key in the prices namespace, e.g. "import.errors.unknownCommodity" */
  reason: string;
  params?: Record<string, string | number>;
}

export interface ImportSummary {
  format: ImportFormat;
  dryRun: boolean;
  /** data rows read (header and HXL tag row excluded) */
  rows: number;
  /** rows that passed validation */
  valid: number;
  /** inserted or changed (0 in a dry run) */
  written: number;
  /** already present with the same values */
  unchanged: number;
  /** rows dropped on purpose (WFP forecasts) */
  skipped: number;
  /** every bad row is counted; the first MAX_KEPT_ERRORS are kept with their reasons */
  errorCount: number;
  errors: RowError[];
  /** markets created from the file (WFP) */
  marketsCreated: number;
}

export interface ImportOptions extends RowReaderOptions {
  format?: ImportFormat;
  dryRun?: boolean;
  batchSize?: number;
  /** called every progressEvery rows with the rows read so far */
  onProgress?: (rowsRead: number) => void;
  progressEvery?: number;
}

const MAX_KEPT_ERRORS = 1000;

/** Imports a CSV file from disk (see importPriceStream). */
export function importPriceFile(db: Db, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importPriceStream(db, fs.createReadStream(file), options);
}

/** Imports CSV text (tests, small uploads). */
export function importPriceText(db: Db, text: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importPriceStream(db, [Buffer.from(text, "utf8")], options);
}

/** Nothing can be imported from the file: its reason is a locale key of the prices namespace. */
export class ImportFormatError extends Error {
  constructor(
    public reason: string,
    public params?: Record<string, string | number>,
  ) {
    super(reason);
  }
}

/** The file's non-empty records with their row numbers (an empty line still counts as a row). */
async function* numberedRecords(bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<{ record: string[]; row: number }> {
  let row = 0;
  try {
    for await (const batch of readCsv(bytes)) {
      for (const record of batch) {
        row++;
        if (record.length === 1 && record[0] === "") continue;
        yield { record, row };
      }
    }
  } catch (error) {
    if (error instanceof CsvEncodingError) throw new ImportFormatError("import.errors.unreadable");
    throw error;
  }
}

/** Imports CSV bytes (a file stream, an upload): UTF-8 or UTF-16, comma, semicolon or tab separated. */
export async function importPriceStream(
  db: Db,
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const iterator = numberedRecords(input);
  const first = await iterator.next();
  if (first.done) throw new ImportFormatError("import.errors.emptyFile");
  const header = first.value.record.map((h) => h.trim());
  const format = options.format ?? detectFormat(header);
  if (!format) {
    await iterator.return(undefined);
    throw new ImportFormatError("import.errors.unknownFormat", { columns: header.join(", ") });
  }

  const summary: ImportSummary = {
    format,
    dryRun: options.dryRun ?? false,
    rows: 0,
    valid: 0,
    written: 0,
    unchanged: 0,
    skipped: 0,
    errorCount: 0,
    errors: [],
    marketsCreated: 0,
  };
  const rest: AsyncIterable<{ record: string[]; row: number }> = { [Symbol.asyncIterator]: () => iterator };
  const reader = rowReader(db, format, header, options, summary);
  if (!reader) {
    await iterator.return(undefined);
    throw new ImportFormatError("import.errors.missingColumns", { format });
  }
  const readRow = reader;

  const batchSize = options.batchSize ?? 5_000;
  const progressEvery = options.progressEvery ?? 10_000;
  let batch: ObservationInput[] = [];
  let refBatch: ReferencePriceInput[] = [];
  const add = (r: WriteResult) => {
    summary.written += r.written;
    summary.unchanged += r.unchanged;
  };
  const flush = () => {
    if (!summary.dryRun) {
      // In index order, consecutive rows land on the same index pages.
      if (batch.length) add(upsertObservations(db, batch.sort(byKey)));
      if (refBatch.length) add(upsertReferencePrices(db, refBatch));
    }
    batch = [];
    refBatch = [];
  };

  // A bulk import touches index pages all over a large table: a bigger page cache for its duration
  // (restored afterwards) keeps it from re-reading them from disk.
  const sqlite = db.$client;
  const cacheBefore = sqlite.pragma("cache_size", { simple: true }) as number;
  if (!summary.dryRun) sqlite.pragma("cache_size = -262144");
  try {
    await readAll();
  } finally {
    sqlite.pragma(`cache_size = ${Number(cacheBefore)}`);
  }
  options.onProgress?.(summary.rows);
  return summary;

  async function readAll() {
    for await (const { record, row } of rest) {
      // The HXL tag row (#date, #adm1+name…) right under the WFP header is metadata, not data.
      if (format === "wfp" && summary.rows === 0 && summary.errorCount === 0 && record[0]?.startsWith("#")) continue;
      summary.rows++;
      try {
        const out = readRow(record);
        if (out === "skip") summary.skipped++;
        else {
          summary.valid++;
          if (out.kind === "observation") batch.push(out.row);
          else refBatch.push(out.row);
        }
      } catch (error) {
        if (!(error instanceof RowProblem)) throw error;
        summary.errorCount++;
        if (summary.errors.length < MAX_KEPT_ERRORS) summary.errors.push({ row, reason: error.reason, params: error.params });
      }
      if (batch.length + refBatch.length >= batchSize) flush();
      if (options.onProgress && summary.rows % progressEvery === 0) options.onProgress(summary.rows);
    }
    flush();
  }
}

const byKey = (a: ObservationInput, b: ObservationInput) =>
  a.commodityId - b.commodityId || a.marketId - b.marketId || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
