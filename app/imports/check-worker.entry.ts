/**
 * The import's check worker (started by check-rows.server.ts): reads the batch's file, checks each row
 * with the processor's check, and posts the checked rows in batches, at most CHECK_BATCHES_AHEAD ahead
 * of the writer. Its own read-only use of the database: administrative units and officers' areas.
 */
import { parentPort } from "node:worker_threads";
import { openDatabase } from "~/lib/db.server";
import { isAppError } from "~/lib/errors";
import { CHECK_BATCHES_AHEAD, checkBatches, encodeBatch, type CheckHostMessage, type CheckWorkerJob, type CheckWorkerMessage } from "./check-rows.server";
import { headerCheckError, headerRowTest, processorFor } from "./processor";
import "./processors.server";
import { readRows } from "./readers.server";

const port = parentPort!;
const post = (message: CheckWorkerMessage) => port.postMessage(message);

let credit = CHECK_BATCHES_AHEAD;
let resume: (() => void) | null = null;
port.on("message", (message: CheckHostMessage) => {
  if (message.type === "start") {
    void run(message.job);
    return;
  }
  credit++;
  resume?.();
  resume = null;
});

async function run(job: CheckWorkerJob) {
  try {
    const { batch } = job;
    const db = openDatabase(job.databasePath);
    const processor = processorFor(batch.kind);
    const reader = await readRows({ path: batch.storedPath! }, { sheet: batch.sheet ?? undefined, isHeaderRow: headerRowTest(processor, batch.columnMap?.overrides) });
    // The officer's column choices travel with the batch: the same match as the writer's.
    const header = processor.matchHeaders(reader.header.cells, batch.columnMap?.overrides);
    if (!header.ok) throw headerCheckError(header, reader.header.cells);
    const check = processor.check(db, { batch, actor: job.actor, columns: header.columns, detail: job.detail });
    const options = { lastRowNumber: batch.lastRowNumber, fileBytes: batch.fileBytes };
    for await (const checked of checkBatches(reader, check, options)) {
      if (credit === 0) await new Promise<void>((r) => (resume = r));
      credit--;
      post({ type: "rows", json: encodeBatch(checked, job.detail) });
    }
    post({ type: "done" });
  } catch (error) {
    post({
      type: "error",
      appError: isAppError(error) ? { key: error.messageKey, status: error.status, params: error.params } : null,
      // the message only: the command line prints it to the officer
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

