/**
 * The background run of a bulk action over households (app/households/bulk.server.ts). The worker
 * thread imports this through app/worker/handlers.server.ts. A retry, a requeue after a crash and a
 * resume from the page all continue after the action's committed cursor.
 */
import { registerJobHandler } from "~/jobs/registry.server";
import { BULK_JOB_KIND } from "./bulk.server";
import { failBulkAction, runBulkAction } from "./bulk-run.server";

registerJobHandler(BULK_JOB_KIND, async (job, ctx) => {
  const actionId = Number((job.payload as { actionId?: unknown }).actionId);
  if (!Number.isInteger(actionId)) throw new Error(`${BULK_JOB_KIND}: bad payload ${JSON.stringify(job.payload)}`);
  try {
    const action = await runBulkAction(ctx.db, actionId, { onProgress: (done, total) => ctx.progress(done, total) });
    return { actionId, status: action.status, done: action.done, skipped: action.skipped };
  } catch (error) {
    // After the last attempt the page offers to resume; the runner logs the error with its stack.
    if (job.attempts >= job.maxAttempts) failBulkAction(ctx.db, actionId);
    throw error;
  }
});
