/**
 * The contract between the import runner (preview, background run, command line) and what a file
 * imports: households (households-import.server.ts) or listings (listings-import.server.ts). The
 * runner reads rows, batches them into transactions, records rejected rows and counts; a processor
 * checks each row on its own (check), then decides, row by row in file order, what it does to the
 * database and writes it (begin). One processor, one code path, whichever
 * door (web or command line) the file came through.
 */
import type { Actor } from "~/accounts/access";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText } from "~/lib/text";
import type { ImportBatch, ImportKind } from "../../db/schema";
import { overrideFor, type ColumnOverrides, type DuplicateTarget, type FieldSpec, type MappedColumn } from "./mapping";

export type { ImportKind } from "../../db/schema";

/** One data row as read (see readers.server.ts): NFC-normalised, trimmed cells. */
export interface SheetRow {
  /** 1-based row number as the officer sees it in Excel (CSV: record number) */
  rowNumber: number;
  cells: readonly string[];
}

/** One problem of a row (an error that rejects it, or a note on an accepted row). */
export interface RowProblem {
  /** the field (column) it belongs to, e.g. "phone"; processor-specific names */
  field: string;
  /** locale key, e.g. "imports:errors.phone.wrongLength" */
  key: string;
  params: Record<string, string | number>;
  /** address problems: the lookup's Resolution, worded with describeResolution (addresses namespace) */
  resolution?: unknown;
}

export type RowOutcome =
  | { outcome: "created" | "updated" | "unchanged"; notes?: RowProblem[] }
  | { outcome: "rejected"; errors: RowProblem[] };

/** The header row matched: the columns (processor-specific) and, for every column, what it feeds. */
export type HeaderCheck =
  | { ok: true; columns: unknown; mapping: MappedColumn[] }
  | { ok: false; missing: string[]; duplicate: DuplicateTarget | null; mapping: MappedColumn[] };

/**
 * The file-level error for required columns a file lacks: the missing fields, and the headers the
 * importer read as written (quoted, in file order), so the officer sees which one to rename — never a
 * bare "missing column". Worded by messages.ts fileErrorMessage for the command line and the upload page.
 */
export function missingColumnsError(missing: readonly string[], headers: readonly string[]): AppError {
  const read = headers.map((header) => cleanText(header)).filter(Boolean);
  return new AppError("imports:errors.missingColumns", 422, {
    columns: missing.join(","),
    headers: read.map((header) => `“${header}”`).join(", "),
  });
}

/** A header check that failed as the file-level error it is: two columns chosen for one field, else missing columns. */
export function headerCheckError(check: Extract<HeaderCheck, { ok: false }>, headers: readonly string[]): AppError {
  if (check.duplicate) {
    return new AppError("imports:errors.duplicateMapping", 422, {
      columns: check.duplicate.field,
      headers: check.duplicate.headers.map((header) => `“${header}”`).join(", "),
    });
  }
  return missingColumnsError(check.missing, headers);
}

/**
 * The reader's header-row test with the officer's choices: a row naming two columns the officer chose
 * is the header even when the importer knows fewer of its headers by itself.
 */
export function headerRowTest(processor: ImportProcessor, overrides: ColumnOverrides | undefined): (cells: readonly string[]) => boolean {
  if (!overrides || !Object.keys(overrides).length) return processor.isHeaderRow;
  return (cells) => processor.isHeaderRow(cells) || cells.filter((cell) => overrideFor(overrides, cleanText(cell)) !== undefined).length >= 2;
}

/** What a row check knows: the batch, who imports, and the file's columns. */
export interface CheckContext {
  batch: ImportBatch;
  actor: Actor;
  /** what matchHeaders returned for this file */
  columns: unknown;
  /** the pass shows each row (the preview): accepted rows carry their notes; otherwise none are made */
  detail: boolean;
}

export interface ProcessorContext extends CheckContext {
  /** decide every outcome as a real run would, write nothing */
  dryRun: boolean;
}

/**
 * A row checked on its own: the value the writer needs, with notes for the report, or every problem
 * that rejects it. Plain data (it may cross from the check worker thread to the writer).
 */
export type CheckedRow = { ok: true; value: unknown; notes?: RowProblem[] } | { ok: false; errors: RowProblem[] };
export type AcceptedRow = Extract<CheckedRow, { ok: true }>;

export interface ImportProcessor {
  kind: ImportKind;
  /**
   * Is this row the header row? (readers look below title rows for it). Typically: it names at least
   * two known columns.
   */
  isHeaderRow(cells: readonly string[]): boolean;
  /** The fields a column can feed (the mapping step's choices, the command line's `--map` names). */
  fields: readonly FieldSpec[];
  /** columns naming no field are kept as extra attributes ("extra" is a valid choice) */
  keepsExtras: boolean;
  /**
   * Header row → column map, the officer's overrides (header as written → field, "ignore" or
   * "extra") winning over the automatic match. Missing required columns, or two columns chosen for
   * one field, are a file-level error (exit code 2; the upload page's mapping step). The "Row" and
   * "Reason" columns of an error report uploaded again are ignored. Deterministic: the check worker
   * matches the header again with the overrides stored on the batch.
   */
  matchHeaders(headers: readonly string[], overrides?: ColumnOverrides): HeaderCheck;
  /** Canonical headers for the downloadable templates, in column order. */
  templateHeaders(locale: "vi" | "en"): string[];
  /**
   * One call per batch: the row check, i.e. everything a row means on its own (the cells, reference
   * data such as administrative units and the officer's areas). It never reads households or listings,
   * which earlier rows of the file may change, and never writes: the runner may run it in a worker
   * thread, ahead of the writes (check-rows.server.ts). It must not throw for a bad row.
   */
  check(db: Db, ctx: CheckContext): RowChecker;
  /**
   * One call per batch (and per resumed run): prepared statements, caches, the in-file duplicate
   * tracker. The returned writer is called once per accepted row, in file order, inside the runner's
   * transaction; it writes the row (unless dryRun) and returns its outcome. It must not throw for a
   * bad row (return "rejected"); a throw fails the batch.
   */
  begin(db: Db, ctx: ProcessorContext): RowWriter;
}

export type RowChecker = (row: SheetRow) => CheckedRow;

/** What begin() returns: called once per accepted row, in file order, inside the runner's chunk transaction. */
export interface RowWriter {
  (row: SheetRow, checked: AcceptedRow): RowOutcome;
  /**
   * Called inside the same transaction after the chunk's last row, before its progress is saved: a
   * processor may write per chunk what is cheaper written at once (e.g. one INSERT … SELECT).
   */
  endChunk?(): void;
}

const registry = new Map<ImportKind, ImportProcessor>();

/**
 * Each processor module registers itself when imported. app/imports/processors.server.ts imports every
 * processor module (households-import.server.ts, listings-import.server.ts); the runner, the job handler
 * and the scripts import that file, never a processor module directly.
 */
export function registerProcessor(processor: ImportProcessor): void {
  registry.set(processor.kind, processor);
}

/** The processor of a kind; processors.server.ts imports every processor module so they are registered. */
export function processorFor(kind: ImportKind): ImportProcessor {
  const processor = registry.get(kind);
  if (!processor) throw new Error(`no import processor registered for "${kind}"`);
  return processor;
}

/** A checked row's outcome: rejected by its check, else what the writer makes of it. */
export function writeChecked(write: RowWriter, row: SheetRow, checked: CheckedRow): RowOutcome {
  return checked.ok ? write(row, checked) : { outcome: "rejected", errors: checked.errors };
}
