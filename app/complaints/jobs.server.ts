/** Registers the complaint job with the worker (imported by app/worker/handlers.server.ts). */
import { registerJobHandler } from "~/jobs/registry.server";
import { runComplaintJob } from "./resolve.server";
import { COMPLAINT_JOB } from "./schedule.server";

registerJobHandler(COMPLAINT_JOB, async (_job, ctx) => {
  ctx.progress(0, 1);
  const result = await runComplaintJob(ctx.db);
  ctx.progress(1, 1);
  return result;
});
