/**
 * The row checks of a pass (ImportProcessor.check), ahead of its writes. A large file's rows are checked
 * in a worker thread (check-worker.entry.ts) while this thread writes the chunks before them: on two
 * cores an import takes about the time of its writes instead of checks + writes (decision 0007). A
 * small file, an in-memory database (tests) or `parallel: false` checks here, in this thread. Same
 * checks in the same order either way: the writer sees the same rows with the same results.
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Actor } from "~/accounts/access";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { startTsWorker } from "~/lib/ts-worker.server";
import type { ImportBatch } from "../../db/schema";
import type { CheckedRow, RowChecker, SheetRow } from "./processor";
import type { RowReader } from "./readers.server";

/** Rows per message from the worker (and per batch in this thread). */
export const CHECK_BATCH_ROWS = 1_000;
/**
 * Batches the worker may check ahead of the writer: enough to keep it busy through a chunk's
 * transaction (CHUNK_ROWS_MAX rows: 10 batches), few enough to bound the memory they hold. 16 kept
 * ≈ 7 MB more at 276,882 rows for no measurable speed, once the checks outran the writer (decision 0042).
 */
export const CHECK_BATCHES_AHEAD = 10;
/** Below this size a file is checked in this thread: a worker takes a few tenths of a second to start. */
export const PARALLEL_MIN_BYTES = 2_000_000;
/** Rows whose size estimates the number of rows of a CSV file (for the progress bar). */
const ESTIMATE_SAMPLE_ROWS = 2_000;
/**
 * The worker's young generation (MB): its rows die young, and a small nursery is collected in less time
 * than a large one (measured: 8 MB fastest, and lowest in memory, of 4–48 MB). The old generation is left
 * to V8: capping it made the worker collect over and over (≈ 0.4 s slower on 276,882 rows).
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * Set by scripts/cli.mjs when it bundles a command (esbuild `define`): the worker's own bundle, beside the
 * command's, started without the TypeScript loader. Undefined when running from source (tsx, vitest).
 */
declare const __CHECK_WORKER_BUNDLE__: string | undefined;
const WORKER_BUNDLE = typeof __CHECK_WORKER_BUNDLE__ === "string" ? path.resolve(process.cwd(), __CHECK_WORKER_BUNDLE__) : null;

export interface CheckedSheetRow extends SheetRow {
  /** from the worker, an accepted row's cells (and notes) are left out unless detail (the writer does not read them) */
  cells: readonly string[];
  checked: CheckedRow;
}

export interface CheckInput {
  batch: ImportBatch;
  actor: Actor;
  /** the file's reader, header read (this thread; a worker reads the file again) */
  reader: RowReader;
  /** the pass shows every row (the preview): accepted rows keep their cells and notes */
  detail: boolean;
  /** true / false, or by file size and database (default) */
  parallel?: boolean | "auto";
}

/** Checked rows after batch.lastRowNumber, in file order, in batches. */
export function checkedRows(db: Db, check: () => RowChecker, input: CheckInput): AsyncGenerator<CheckedBatch> {
  const file = db.$client.name;
  const parallel =
    input.parallel === true ||
    (input.parallel !== false && file !== ":memory:" && file !== "" && input.batch.fileBytes >= PARALLEL_MIN_BYTES);
  if (!parallel) return checkBatches(input.reader, check(), { lastRowNumber: input.batch.lastRowNumber, fileBytes: input.batch.fileBytes });
  return checkInWorker(input, path.resolve(file));
}

export interface CheckedBatch {
  rows: CheckedSheetRow[];
  /** CSV: the file's rows estimated from the size of its first rows */
  estimatedRows?: number;
}

/** The one checking loop, in this thread or in the worker. */
export async function* checkBatches(
  reader: RowReader,
  check: RowChecker,
  options: { lastRowNumber: number; fileBytes: number },
): AsyncGenerator<CheckedBatch> {
  let bytesSeen = 0;
  let rowsSeen = 0;
  const estimatedRows = () =>
    reader.format === "csv" && rowsSeen && bytesSeen ? Math.round((options.fileBytes * rowsSeen) / bytesSeen) : undefined;
  let rows: CheckedSheetRow[] = [];
  for await (const batch of reader.batches) {
    for (const row of batch) {
      // Bytes of the first rows as written, roughly (delimiters and a line break): enough for an ETA.
      if (rowsSeen < ESTIMATE_SAMPLE_ROWS) {
        rowsSeen++;
        for (const cell of row.cells) bytesSeen += Buffer.byteLength(cell) + 1;
      }
      if (row.rowNumber <= options.lastRowNumber) continue;
      rows.push({ rowNumber: row.rowNumber, cells: row.cells, checked: check(row) });
      if (rows.length >= CHECK_BATCH_ROWS) {
        yield { rows, estimatedRows: estimatedRows() };
        rows = [];
      }
    }
  }
  if (rows.length) yield { rows, estimatedRows: estimatedRows() };
}

// ---------------------------------------------------------------------------------------------
// The worker thread

/** The worker's run (workerData.job). */
export interface CheckWorkerJob {
  databasePath: string;
  batch: ImportBatch;
  actor: Actor;
  detail: boolean;
}

/**
 * A batch on its way from the worker, as JSON: an accepted row without detail is [rowNumber, value] (the
 * writer needs nothing else of it), any other row [rowNumber, cells, checked]. Arrays rather than
 * CheckedSheetRow objects: a third less to encode and parse.
 */
type WireRow = [number, unknown] | [number, readonly string[], CheckedRow];

export function encodeBatch(batch: CheckedBatch, detail: boolean): string {
  const rows = batch.rows.map((row): WireRow => (row.checked.ok && !detail ? [row.rowNumber, row.checked.value] : [row.rowNumber, row.cells, row.checked]));
  return JSON.stringify({ rows, estimatedRows: batch.estimatedRows ?? null });
}

const NO_CELLS: readonly string[] = [];

export function decodeBatch(json: string): CheckedBatch {
  const wire = JSON.parse(json) as { rows: WireRow[]; estimatedRows: number | null };
  const rows = wire.rows.map(
    (row): CheckedSheetRow =>
      row.length === 2 ? { rowNumber: row[0], cells: NO_CELLS, checked: { ok: true, value: row[1] } } : { rowNumber: row[0], cells: row[1], checked: row[2] },
  );
  return { rows, estimatedRows: wire.estimatedRows ?? undefined };
}

export type CheckWorkerMessage =
  | { type: "rows"; json: string }
  | { type: "done" }
  | { type: "error"; appError: { key: string; status: number; params: Record<string, string | number> } | null; message: string };

/** start: the run; credit: sent by the writer for each batch it takes, the worker may check one more ahead. */
export type CheckHostMessage = { type: "start"; job: CheckWorkerJob } | { type: "credit" };

function spawnCheckWorker(): Worker {
  const options = { name: "cns-import-check", resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } };
  return WORKER_BUNDLE ? new Worker(WORKER_BUNDLE, options) : startTsWorker("app/imports/check-worker.entry.ts", options);
}

// The launcher (scripts/cli.mjs) starts the worker from its own small bundle of this module, and the
// command's bundle holds another copy of it: the waiting worker lives on globalThis.
const shared = globalThis as { __cnsCheckWorker?: { thread: Worker; exited: boolean } };

/**
 * Starts the check worker before the command loads the importer, so that the thread's start overlaps
 * the process's: for the first existing file among the arguments of PARALLEL_MIN_BYTES or more. The
 * next run in a worker takes it; an unused one does not keep the process alive.
 */
export function prestartCheckWorker(args: readonly string[]): void {
  const file = args.find((arg) => !arg.startsWith("-") && fs.existsSync(arg) && fs.statSync(arg).size >= PARALLEL_MIN_BYTES);
  if (!file || shared.__cnsCheckWorker) return;
  const waiting = { thread: spawnCheckWorker(), exited: false };
  waiting.thread.once("exit", () => (waiting.exited = true));
  waiting.thread.unref();
  shared.__cnsCheckWorker = waiting;
}

function takeCheckWorker(): Worker {
  const waiting = shared.__cnsCheckWorker;
  shared.__cnsCheckWorker = undefined;
  if (waiting && !waiting.exited) {
    waiting.thread.ref();
    return waiting.thread;
  }
  return spawnCheckWorker();
}

async function* checkInWorker(input: CheckInput, databasePath: string): AsyncGenerator<CheckedBatch> {
  // The worker reads the file again from its start; this thread's reader is not needed any more.
  await input.reader.close();
  const job: CheckWorkerJob = { databasePath, batch: input.batch, actor: { id: input.actor.id, role: input.actor.role }, detail: input.detail };
  const worker = takeCheckWorker();
  const inbox: Array<CheckWorkerMessage | { type: "exit"; code: number } | { type: "failed"; error: Error }> = [];
  let wake: (() => void) | null = null;
  const deliver = (message: (typeof inbox)[number]) => {
    inbox.push(message);
    wake?.();
    wake = null;
  };
  worker.on("message", (message: CheckWorkerMessage) => deliver(message));
  worker.on("error", (error) => deliver({ type: "failed", error }));
  worker.on("exit", (code) => deliver({ type: "exit", code }));
  worker.postMessage({ type: "start", job } satisfies CheckHostMessage);
  try {
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift()!;
      switch (message.type) {
        case "rows":
          worker.postMessage({ type: "credit" } satisfies CheckHostMessage);
          yield decodeBatch(message.json);
          break;
        case "done":
          return;
        case "error":
          if (message.appError) throw new AppError(message.appError.key, message.appError.status, message.appError.params);
          throw new Error(`import check worker: ${message.message}`);
        case "failed":
          throw message.error;
        case "exit":
          throw new Error(`import check worker exited (code ${message.code}) before the end of the file`);
      }
    }
  } finally {
    await worker.terminate();
  }
}
