/**
 * The contract between the import runner (preview, background run, command line) and what a file
 * imports: households (households-import.server.ts) or listings (listings-import.server.ts). The
 * runner reads rows, batches them into transactions, records rejected rows and counts; a processor
 * decides, row by row, what the row means and writes it. One processor, one code path, whichever
 * door (web or command line) the file came through.
 */
import type { Actor } from "~/households/households.server";
import type { Db } from "~/lib/db.server";
import type { ImportBatch, ImportKind } from "../../db/schema";

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

export type HeaderCheck = { ok: true; columns: unknown } | { ok: false; missing: string[] };

export interface ProcessorContext {
  batch: ImportBatch;
  actor: Actor;
  /** what matchHeaders returned for this file */
  columns: unknown;
  /** decide every outcome as a real run would, write nothing */
  dryRun: boolean;
}

export interface ImportProcessor {
  kind: ImportKind;
  /**
   * Is this row the header row? (readers look below title rows for it). Typically: it names at least
   * two known columns.
   */
  isHeaderRow(cells: readonly string[]): boolean;
  /**
   * Header row → column map. Missing required columns are a file-level error (exit code 2, shown on
   * the upload page). Unknown columns (e.g. the "Row" and "Reason" columns of an error report
   * uploaded again) are ignored.
   */
  matchHeaders(headers: readonly string[]): HeaderCheck;
  /** Canonical headers for the downloadable templates, in column order. */
  templateHeaders(locale: "vi" | "en"): string[];
  /**
   * One call per batch (and per resumed run): prepared statements, caches, the in-file duplicate
   * tracker. The returned function is called once per row, in file order, inside the runner's
   * transaction; it writes the row (unless dryRun) and returns its outcome. It must not throw for a
   * bad row (return "rejected"); a throw fails the batch.
   */
  begin(db: Db, ctx: ProcessorContext): RowProcessor;
}

/** What begin() returns: called once per row, in file order, inside the runner's chunk transaction. */
export interface RowProcessor {
  (row: SheetRow): RowOutcome;
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
