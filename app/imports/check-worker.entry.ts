/**
 * The import's check worker (started by check-rows.server.ts): reads the batch's file, checks each row
 * with the processor's check, and posts the checked rows in batches, at most CHECK_BATCHES_AHEAD ahead
 * of the writer. Its own read-only use of the database: administrative units and officers' areas.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "~/lib/db.server";
import { AppError, isAppError } from "~/lib/errors";
import { CHECK_BATCHES_AHEAD, checkBatches, type CheckedBatch, type CheckHostMessage, type CheckWorkerData, type CheckWorkerMessage } from "./check-rows.server";
import { processorFor } from "./processor";
import "./processors.server";
import { readRows } from "./readers.server";

const data = workerData as CheckWorkerData;
const port = parentPort!;
const post = (message: CheckWorkerMessage) => port.postMessage(message);

let credit = CHECK_BATCHES_AHEAD;
let resume: (() => void) | null = null;
port.on("message", (message: CheckHostMessage) => {
  if (message.type !== "credit") return;
  credit++;
  resume?.();
  resume = null;
});

/** Accepted rows travel without their cells and notes (unless detail): the writer reads the value only. */
function forWriter(batch: CheckedBatch): CheckedBatch {
  if (data.detail) return batch;
  return { ...batch, rows: batch.rows.map((row) => (row.checked.ok ? { rowNumber: row.rowNumber, cells: [], checked: { ok: true, value: row.checked.value } } : row)) };
}

try {
  const { batch } = data;
  const db = openDatabase(data.databasePath);
  const processor = processorFor(batch.kind);
  const reader = await readRows({ path: batch.storedPath! }, { sheet: batch.sheet ?? undefined, isHeaderRow: processor.isHeaderRow });
  const header = processor.matchHeaders(reader.header.cells);
  if (!header.ok) throw new AppError("imports:errors.missingColumns", 422, { columns: header.missing.join(",") });
  const check = processor.check(db, { batch, actor: data.actor, columns: header.columns });
  for await (const checked of checkBatches(reader, check, { lastRowNumber: batch.lastRowNumber, fileBytes: batch.fileBytes })) {
    if (credit === 0) await new Promise<void>((r) => (resume = r));
    credit--;
    post({ type: "rows", json: JSON.stringify(forWriter(checked)) });
  }
  post({ type: "done" });
} catch (error) {
  post({
    type: "error",
    appError: isAppError(error) ? { key: error.messageKey, status: error.status, params: error.params } : null,
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
