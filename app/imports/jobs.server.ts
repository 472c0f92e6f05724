/**
 * The background run of a confirmed import (the upload page's batches). The worker thread imports this
 * through app/worker/handlers.server.ts. A retry of a failed attempt resumes after the last committed row.
 */
import { registerJobHandler } from "~/jobs/registry.server";
import { failBatchOnSystemError, runImport } from "./batches.server";

registerJobHandler("imports.run", async (job, ctx) => {
  const batchId = Number((job.payload as { batchId?: unknown }).batchId);
  if (!Number.isInteger(batchId)) throw new Error(`imports.run: bad payload ${JSON.stringify(job.payload)}`);
  try {
    const summary = await runImport(ctx.db, batchId, { onProgress: (done, total) => ctx.progress(done, total) });
    return { ...summary };
  } catch (error) {
    // An internal error: retried while attempts remain (the batch stays running and resumes). After the
    // last one the officer's page says the import failed, in words; the runner logs the error with its stack.
    if (job.attempts >= job.maxAttempts) failBatchOnSystemError(ctx.db, batchId);
    throw error;
  }
});
