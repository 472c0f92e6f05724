/** Registers the weekly digest with the worker (imported by app/worker/handlers.server.ts). */
import { registerJobHandler } from "~/jobs/registry.server";
import { DIGEST_JOB, ensureDigestJob, runDigest } from "./digest.server";

registerJobHandler(DIGEST_JOB, async (_job, ctx) => {
  ctx.progress(0, 1);
  const result = runDigest(ctx.db);
  // The next week's run; the running job is no longer "queued", so exactly one is added.
  ensureDigestJob(ctx.db);
  ctx.progress(1, 1);
  return result;
});
