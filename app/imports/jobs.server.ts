/**
 * The background run of a confirmed import (the upload page's batches). The worker thread imports this
 * through app/jobs/handlers.server.ts. A retry of a failed attempt resumes after the last committed row.
 */
import { registerJobHandler } from "~/jobs/registry.server";
import { runImport } from "./batches.server";

registerJobHandler("imports.run", async (job, ctx) => {
  const batchId = Number((job.payload as { batchId?: unknown }).batchId);
  if (!Number.isInteger(batchId)) throw new Error(`imports.run: bad payload ${JSON.stringify(job.payload)}`);
  const summary = await runImport(ctx.db, batchId, { onProgress: (done, total) => ctx.progress(done, total) });
  return { ...summary };
});
