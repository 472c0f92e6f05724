/**
 * Import batches: the one runner behind the upload page (preview → confirm → background job) and the
 * command line (scripts/import-*.ts). Rows are read as a stream and processed in chunks; each chunk's
 * writes, its rejected rows, the batch counters and lastRowNumber commit in ONE transaction, so a run
 * killed at any point resumes after the last committed row and ends exactly as an uninterrupted run.
 */
import path from "node:path";
import { recordActivity } from "~/activity/log.server";
import { allows, authorizeOrFail, mayReadImportBatch, type Actor } from "~/accounts/access.server";
import type { Locale } from "~/i18n/config";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";
import { AppError, isAppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";
import { and, desc, eq } from "drizzle-orm";
import { importBatches, type BatchColumnMap, type ImportBatch, type ImportKind } from "../../db/schema";
import { checkedRows, type CheckedSheetRow } from "./check-rows.server";
import { rememberColumnMap, rememberedColumnMap } from "./column-maps.server";
import { fileDigest } from "./files.server";
import { clearReasonsAfter, clearRejectedRows, fieldColumnsJson, fillRejectedCells, rowProblemRecorder } from "./problem-groups.server";
import { headerCheckError, headerRowTest, processorFor, writeChecked, type RowOutcome, type RowProblem, type SheetRow } from "./processor";
import { readRows } from "./readers.server";
import { assertUploadWithinLimits } from "./xlsx-limits.server";
import "./processors.server";

/**
 * Rows per transaction: the first chunk is small (progress shows at once, a kill loses little), later
 * ones grow to CHUNK_ROWS_MAX, where commits cost little.
 */
export const CHUNK_ROWS = 2_000;
export const CHUNK_ROWS_MAX = 10_000;
/** SQLite page cache during a run (KiB). */
const IMPORT_CACHE_KIB = 16 * 1024;
/**
 * WAL pages before an automatic checkpoint during a run (default 1,000). Each chunk rewrites many of the
 * same index pages: checkpointing every few chunks instead of after each copies them back once, not
 * over and over. The durability of a commit is unchanged (synchronous stays as configured).
 */
const IMPORT_WAL_AUTOCHECKPOINT = 20_000;
/** Rows shown in the preview, and rejected rows listed there. */
export const PREVIEW_SAMPLE_ROWS = 20;
export const PREVIEW_PROBLEM_ROWS = 200;

/** A file-level failure, stored on the batch as JSON and worded in the reader's language. */
export interface FileError {
  key: string;
  params: Record<string, string | number>;
}

export interface ImportSummary {
  batchId: number;
  status: ImportBatch["status"];
  dryRun: boolean;
  rowsDone: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** set when the file could not be imported at all */
  fileError?: FileError;
}

export interface PreviewRow {
  rowNumber: number;
  cells: string[];
  outcome: RowOutcome["outcome"];
  problems: RowProblem[];
}

export interface ImportPreview {
  batchId: number;
  headers: string[];
  sample: PreviewRow[];
  /** the first rejected rows with their reasons (all of them are stored for the error report) */
  problems: PreviewRow[];
  counts: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
  fileError?: FileError;
}

export interface CreateBatchInput {
  kind: ImportKind;
  actor: Actor;
  via: "web" | "cli";
  /** the file to read (kept as storedPath) */
  filePath: string;
  /** the name the officer knows it by */
  fileName: string;
  sheet?: string | null;
  batchConsent: boolean;
  locale: Locale;
  dryRun: boolean;
  /** the officer's column choices (--map); null: matched automatically, or remembered at the preview */
  columnMap?: BatchColumnMap | null;
  /** apply changes of an existing household's commune, name, phone or ID (command line: --allow-address-changes) */
  allowChanges?: boolean;
}

export async function createBatch(db: Db, input: CreateBatchInput): Promise<ImportBatch> {
  assertImporter(input.actor);
  const { sha256, bytes } = await fileDigest(input.filePath);
  return insertBatch(db, input, sha256, bytes);
}

function insertBatch(db: Db, input: CreateBatchInput, sha256: string, bytes: number): ImportBatch {
  const sqlite = db.$client;
  const info = sqlite
    .prepare(
      `INSERT INTO import_batches (kind, status, actor_user_id, via, dry_run, file_name, file_sha256, file_bytes, stored_path,
         sheet, batch_consent, allow_changes, locale, column_map, created_at)
       VALUES (?, 'previewed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.kind,
      input.actor.id,
      input.via,
      input.dryRun ? 1 : 0,
      input.fileName,
      sha256,
      bytes,
      path.resolve(input.filePath),
      input.sheet || null,
      input.batchConsent ? 1 : 0,
      input.allowChanges ? 1 : 0,
      input.locale,
      input.columnMap ? JSON.stringify(input.columnMap) : null,
      Date.now(),
    );
  return getBatch(db, Number(info.lastInsertRowid))!;
}

function assertImporter(actor: Actor) {
  authorizeOrFail(allows(actor, "importData"), "imports:errors.notOfficer");
}

export function getBatch(db: Db, batchId: number): ImportBatch | undefined {
  return db.select().from(importBatches).where(eq(importBatches.id, batchId)).get();
}

/** A batch its actor (or an administrator) may see: else 404, as for a batch that does not exist. */
export function getBatchFor(db: Db, actor: Actor, batchId: number): ImportBatch {
  const batch = getBatch(db, batchId);
  if (!batch || !mayReadImportBatch(actor, batch)) throw new AppError("imports:errors.batchNotFound", 404);
  return batch;
}

/** The latest batch of the same file, kind and actor that was not a dry run (for the command line's resume). */
export function latestBatchOfFile(db: Db, input: { kind: ImportKind; actorUserId: number; sha256: string }): ImportBatch | undefined {
  const b = importBatches;
  return db
    .select()
    .from(b)
    .where(and(eq(b.fileSha256, input.sha256), eq(b.kind, input.kind), eq(b.actorUserId, input.actorUserId), eq(b.dryRun, false)))
    .orderBy(desc(b.id))
    .limit(1)
    .get();
}

/**
 * The command line's batch: resumes the latest unfinished batch of the same file (kind, actor) left by a
 * killed run, else starts a new one. A dry run always starts afresh (it writes no rows to resume from).
 */
export async function batchForCli(db: Db, input: Omit<CreateBatchInput, "via">): Promise<{ batch: ImportBatch; resumed: boolean }> {
  assertImporter(input.actor);
  const { sha256, bytes } = await fileDigest(input.filePath);
  const last = input.dryRun ? undefined : latestBatchOfFile(db, { kind: input.kind, actorUserId: input.actor.id, sha256 });
  // Resumed only with the same column choices and the same decision on changes: the rows done were read
  // and decided by them.
  const sameMap = JSON.stringify(last?.columnMap?.overrides ?? {}) === JSON.stringify(input.columnMap?.overrides ?? {});
  const sameChanges = last?.allowChanges === Boolean(input.allowChanges);
  if (last && last.status === "running" && sameMap && sameChanges) return { batch: last, resumed: true };
  return { batch: insertBatch(db, { ...input, via: "cli" }, sha256, bytes), resumed: false };
}

export function parseFileError(text: string | null): FileError | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as FileError;
    if (typeof parsed.key === "string") return { key: parsed.key, params: parsed.params ?? {} };
  } catch {
    // an older plain-text error: an internal message, never shown
  }
  return { key: "imports:errors.internal", params: {} };
}

function fileErrorOf(error: unknown): FileError | null {
  if (isAppError(error) && error.messageKey.startsWith("imports:")) return { key: error.messageKey, params: error.params };
  return null;
}

/** What the officer reads for a failure that is not the file's (a bug, a full disk): words only; the log gets the error and its stack. */
const SYSTEM_FAILURE: FileError = { key: "imports:errors.failed", params: {} };

interface PassOptions {
  /** the processor decides without writing (preview, --dry-run) */
  dryRun: boolean;
  onProgress?: (done: number, total?: number) => void;
  /** called with each row and its outcome, for the preview's sample */
  onRow?: (row: SheetRow, outcome: RowOutcome) => void;
  chunkRows?: number;
  /** check rows in a worker thread: by file size and database by default (check-rows.server.ts) */
  parallel?: boolean | "auto";
  /** the preview of a batch without column choices: the officer's remembered mapping for these headers */
  remembered?: (headers: readonly string[]) => BatchColumnMap | null;
}

/**
 * One pass over the batch's file. Rows up to batch.lastRowNumber are skipped (resume). Throws AppError
 * for a file-level problem (unreadable, no header, missing columns) before any row is written.
 */
async function pass(db: Db, batch: ImportBatch, options: PassOptions): Promise<void> {
  const processor = processorFor(batch.kind);
  const sqlite = db.$client;
  if (!batch.storedPath) throw new AppError("imports:errors.unreadable", 422, { detail: "no file" });
  const reader = await readRows(
    { path: batch.storedPath },
    { sheet: batch.sheet ?? undefined, isHeaderRow: headerRowTest(processor, batch.columnMap?.overrides) },
  );
  const headers = reader.header.cells;
  // Stored before the match: a file stopped at the mapping step still shows the headers read.
  sqlite.prepare(`UPDATE import_batches SET headers = ? WHERE id = ?`).run(JSON.stringify(headers), batch.id);
  const columnMap = batch.columnMap ?? options.remembered?.(headers) ?? null;
  if (columnMap && !batch.columnMap) {
    sqlite.prepare(`UPDATE import_batches SET column_map = ? WHERE id = ?`).run(JSON.stringify(columnMap), batch.id);
    batch = { ...batch, columnMap };
  }
  const check = processor.matchHeaders(headers, columnMap?.overrides);
  if (!check.ok) {
    await reader.close();
    throw headerCheckError(check, headers);
  }
  const actor = actorOf(db, batch);
  const ctx = { batch, actor, columns: check.columns, detail: Boolean(options.onRow) };
  const write = processor.begin(db, { ...ctx, dryRun: options.dryRun });
  const checked = checkedRows(db, () => processor.check(db, ctx), { ...ctx, reader, parallel: options.parallel });

  const record = rowProblemRecorder(db);
  clearReasonsAfter(db, batch.id, batch.lastRowNumber);
  const saveProgress = sqlite.prepare(
    `UPDATE import_batches SET last_row_number = ?, rows_done = rows_done + ?, created = created + ?,
       updated = updated + ?, unchanged = unchanged + ?, rejected = rejected + ? WHERE id = ?`,
  );
  let done = batch.rowsDone;
  let estimatedRows: number | undefined;
  const total = batch.rowsTotal ?? undefined;
  let chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const chunkMax = options.chunkRows ?? CHUNK_ROWS_MAX;

  const commit = sqlite.transaction((rows: CheckedSheetRow[]) => {
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const row of rows) {
      const outcome = writeChecked(write, row, row.checked);
      counts[outcome.outcome]++;
      if (outcome.outcome === "rejected") record.rejected(batch.id, row.rowNumber, row.cells, outcome.errors);
      else if (outcome.notes?.length) record.noted(batch.id, row.rowNumber, row.cells, outcome.notes);
      options.onRow?.(row, outcome);
    }
    write.endChunk?.();
    saveProgress.run(
      rows[rows.length - 1].rowNumber,
      rows.length,
      counts.created,
      counts.updated,
      counts.unchanged,
      counts.rejected,
      batch.id,
    );
  });

  let chunk: CheckedSheetRow[] = [];
  const flush = () => {
    if (!chunk.length) return;
    // The chunk reads (finds households) before it writes: it begins IMMEDIATE, as every transaction of
    // our connections does (decision 0008), so a concurrent writer never makes it fail.
    commit(chunk);
    done += chunk.length;
    chunk = [];
    chunkRows = Math.min(chunkMax, chunkRows * 2);
    options.onProgress?.(done, total ?? (estimatedRows === undefined ? undefined : Math.max(done, estimatedRows)));
  };

  sqlite.prepare(`UPDATE import_batches SET field_columns = ? WHERE id = ?`).run(fieldColumnsJson(check.columns), batch.id);
  // The households' indexes (phone, ID) take random keys: with SQLite's default 2 MB page cache every
  // chunk re-reads and re-writes most of their pages. A larger cache for the run, restored after.
  const cacheSize = sqlite.pragma("cache_size", { simple: true }) as number;
  const autoCheckpoint = sqlite.pragma("wal_autocheckpoint", { simple: true }) as number;
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  sqlite.pragma(`wal_autocheckpoint = ${IMPORT_WAL_AUTOCHECKPOINT}`);
  try {
    for await (const checkedBatch of checked) {
      estimatedRows = checkedBatch.estimatedRows;
      for (const row of checkedBatch.rows) {
        chunk.push(row);
        if (chunk.length >= chunkRows) flush();
      }
    }
    flush();
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  }
  await fillRejectedCells(db, batch, processor.isHeaderRow);
}

function actorOf(db: Db, batch: ImportBatch): Actor {
  const user = batch.actorUserId
    ? (db.$client.prepare(`SELECT id, role FROM users WHERE id = ?`).get(batch.actorUserId) as Actor | undefined)
    : undefined;
  if (!user) throw new AppError("imports:errors.notOfficer", 403);
  assertImporter(user);
  return user;
}

function resetCounts(db: Db, batchId: number, status: ImportBatch["status"]) {
  const sqlite = db.$client;
  sqlite.transaction(() => {
    clearRejectedRows(db, batchId);
    sqlite
      .prepare(
        `UPDATE import_batches SET status = ?, last_row_number = 0, rows_done = 0, created = 0, updated = 0, unchanged = 0,
           rejected = 0, error = NULL, started_at = ?, finished_at = NULL WHERE id = ?`,
      )
      .run(status, Date.now(), batchId);
  })();
}

function failBatch(db: Db, batchId: number, error: FileError) {
  db.$client
    .prepare(`UPDATE import_batches SET status = 'failed', error = ?, finished_at = ? WHERE id = ?`)
    .run(JSON.stringify(error), Date.now(), batchId);
}

/**
 * A run given up after an internal error (the background job's last attempt): the batch shows the
 * system-failure message; the rows committed before stay. The caller logs the error.
 */
export function failBatchOnSystemError(db: Db, batchId: number) {
  const batch = getBatch(db, batchId);
  if (batch && (batch.status === "running" || batch.status === "previewed")) failBatch(db, batchId, SYSTEM_FAILURE);
}

function summaryOf(db: Db, batchId: number): ImportSummary {
  const b = getBatch(db, batchId)!;
  const fileError = b.status === "failed" ? parseFileError(b.error) : undefined;
  return {
    batchId: b.id,
    status: b.status,
    dryRun: b.dryRun,
    rowsDone: b.rowsDone,
    created: b.created,
    updated: b.updated,
    unchanged: b.unchanged,
    rejected: b.rejected,
    ...(fileError ? { fileError } : {}),
  };
}

/**
 * The upload page's first step: a dry run over the whole file, recorded as a "previewed" batch (counts
 * and rejected rows stored for the error report), waiting for confirmImport. The officer's mapping
 * remembered for these headers, if any, is applied.
 */
export async function previewImport(
  db: Db,
  input: { kind: ImportKind; actor: Actor; filePath: string; fileName: string; sheet?: string | null; batchConsent: boolean; locale: Locale },
  options: Pick<PassOptions, "parallel"> = {},
): Promise<ImportPreview> {
  // A workbook that is too large once inflated is refused before a batch is recorded: the upload page
  // answers with the form as it was (the readers check again, for the command line and the worker).
  await assertUploadWithinLimits(input.filePath);
  const batch = await createBatch(db, { ...input, via: "web", dryRun: false });
  return previewBatch(db, batch, { ...options, remembered: (headers) => rememberedColumnMap(db, input.actor.id, input.kind, headers) });
}

/**
 * The officer's column choices applied to a batch waiting at the preview: the preview is computed again
 * on the same batch. A previewed batch has written nothing, so recomputing it in place keeps one batch
 * (and one page address) per upload, with the stored file read again.
 */
export async function remapPreview(db: Db, actor: Actor, batchId: number, overrides: Record<string, string>): Promise<ImportPreview> {
  const batch = getBatchFor(db, actor, batchId);
  if (batch.status !== "previewed" || batch.jobId !== null || batch.dryRun) throw new AppError("imports:errors.notConfirmable", 409);
  resetCounts(db, batchId, "previewed");
  const columnMap = JSON.stringify({ overrides, source: "chosen" } satisfies BatchColumnMap);
  db.$client.prepare(`UPDATE import_batches SET column_map = ?, rows_total = NULL WHERE id = ?`).run(columnMap, batchId);
  return previewBatch(db, getBatch(db, batchId)!, {});
}

/** File-level problems the mapping step solves: the batch waits there (status previewed, error set) instead of failing. */
const MAPPING_ERRORS = new Set(["imports:errors.missingColumns", "imports:errors.duplicateMapping"]);

async function previewBatch(db: Db, batch: ImportBatch, options: Pick<PassOptions, "parallel" | "remembered">): Promise<ImportPreview> {
  const sample: PreviewRow[] = [];
  const problems: PreviewRow[] = [];
  try {
    await pass(db, batch, {
      ...options,
      dryRun: true,
      onRow(row, outcome) {
        const item = (): PreviewRow => ({
          rowNumber: row.rowNumber,
          cells: [...row.cells],
          outcome: outcome.outcome,
          problems: outcome.outcome === "rejected" ? outcome.errors : (outcome.notes ?? []),
        });
        if (sample.length < PREVIEW_SAMPLE_ROWS) sample.push(item());
        if (outcome.outcome === "rejected" && problems.length < PREVIEW_PROBLEM_ROWS) problems.push(item());
      },
    });
    // The preview's row count makes the real run's progress bar exact.
    db.$client.prepare(`UPDATE import_batches SET rows_total = rows_done WHERE id = ?`).run(batch.id);
  } catch (error) {
    const fileError = fileErrorOf(error) ?? SYSTEM_FAILURE;
    if (fileError === SYSTEM_FAILURE) logger().error({ err: error, batchId: batch.id }, "import preview failed");
    if (MAPPING_ERRORS.has(fileError.key)) db.$client.prepare(`UPDATE import_batches SET error = ? WHERE id = ?`).run(JSON.stringify(fileError), batch.id);
    else failBatch(db, batch.id, fileError);
  }
  const b = getBatch(db, batch.id)!;
  const fileError = b.error ? parseFileError(b.error) : undefined;
  return {
    batchId: b.id,
    headers: b.headers ?? [],
    sample,
    problems,
    counts: { rows: b.rowsDone, created: b.created, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected },
    ...(fileError ? { fileError } : {}),
  };
}

/**
 * The officer confirms a previewed batch: the run is queued for the background worker. Returns the job id.
 * allowChanges: also apply the changes of commune, name, phone or ID the preview listed as to confirm.
 */
export function confirmImport(db: Db, actor: Actor, batchId: number, options: { allowChanges?: boolean } = {}): number {
  const batch = getBatchFor(db, actor, batchId);
  // A batch held at the mapping step (error set) has no preview to confirm.
  if (batch.status !== "previewed" || batch.jobId !== null || batch.dryRun || batch.error) throw new AppError("imports:errors.notConfirmable", 409);
  return db.$client.transaction(() => {
    if (batch.columnMap?.source === "chosen") rememberColumnMap(db, actor.id, batch.kind, batch.headers ?? [], batch.columnMap.overrides);
    const jobId = enqueueJob(db, "imports.run", { batchId }, { createdBy: actor.id });
    // Guarded: two confirmations at once queue one job.
    const claimed = db.$client
      .prepare(`UPDATE import_batches SET job_id = ?, allow_changes = ? WHERE id = ? AND job_id IS NULL AND status = 'previewed'`)
      .run(jobId, options.allowChanges ? 1 : 0, batchId);
    if (claimed.changes !== 1) throw new AppError("imports:errors.notConfirmable", 409);
    return jobId;
  })();
}

/**
 * Runs a batch: a previewed (or new command-line) batch starts from its first row; a "running" batch
 * left by a killed run resumes after lastRowNumber. A dry-run batch writes no household but records its
 * counts and rejected rows. Completed, failed and cancelled batches are returned as they are.
 */
export async function runImport(
  db: Db,
  batchId: number,
  options: Pick<PassOptions, "onProgress" | "chunkRows" | "parallel"> = {},
): Promise<ImportSummary> {
  let batch = getBatch(db, batchId);
  if (!batch) throw new AppError("imports:errors.batchNotFound", 404);
  if (batch.status === "completed" || batch.status === "failed" || batch.status === "cancelled") return summaryOf(db, batchId);
  // A dry run keeps its would-be writes in memory only: it never resumes, it starts over.
  if (batch.status === "previewed" || batch.dryRun) {
    resetCounts(db, batchId, "running");
    batch = getBatch(db, batchId)!;
  }
  try {
    await pass(db, batch, { ...options, dryRun: batch.dryRun });
  } catch (error) {
    const fileError = fileErrorOf(error);
    // Anything else (a bug, a full disk) leaves the batch running: a retry resumes it. The caller logs
    // the error and words it for the officer (jobs.server.ts, cli.server.ts).
    if (!fileError) throw error;
    failBatch(db, batchId, fileError);
    return summaryOf(db, batchId);
  }
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite
      .prepare(`UPDATE import_batches SET status = 'completed', rows_total = rows_done, finished_at = ? WHERE id = ?`)
      .run(Date.now(), batchId);
    const b = getBatch(db, batchId)!;
    if (!b.dryRun) {
      recordActivity(db, {
        actorUserId: b.actorUserId,
        action: b.kind === "households" ? "import.households" : "import.listings",
        batchId,
        detail: { fileName: b.fileName, rows: b.rowsDone, created: b.created, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected },
      });
    }
  })();
  return summaryOf(db, batchId);
}

/** Batches newest first: an officer's own, or everyone's for an administrator. */
export function listBatches(db: Db, actor: Actor, options: { kind?: ImportKind; limit?: number } = {}): ImportBatch[] {
  const b = importBatches;
  return db
    .select()
    .from(b)
    .where(and(allows(actor, "administer") ? undefined : eq(b.actorUserId, actor.id), options.kind ? eq(b.kind, options.kind) : undefined, eq(b.dryRun, false)))
    .orderBy(desc(b.id))
    .limit(options.limit ?? 50)
    .all();
}
