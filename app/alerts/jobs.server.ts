/** Registers the weekly digest with the worker (imported by app/worker/handlers.server.ts). */
import { registerJobHandler } from "~/jobs/registry.server";
import { DIGEST_JOB, ensureDigestJob, runDigest } from "./digest.server";

registerJobHandler(DIGEST_JOB, async (_job, ctx) => {
  ctx.progress(0, 1);
  try {
    return runDigest(ctx.db);
  } finally {
    // Next week's run, even when this one fails (its retries are separate jobs' worth of the same
    // day and deduplicated by the outbox). The running job is not "queued", so one is added.
    ensureDigestJob(ctx.db);
    ctx.progress(1, 1);
  }
});
