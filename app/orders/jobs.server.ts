/** Registers the periodic order job with the worker (imported by app/worker/handlers.server.ts). */
import { registerJobHandler } from "~/jobs/registry.server";
import { HOUSEKEEPING_JOB } from "./housekeeping.server";
import { runHousekeeping } from "./state-machine.server";

registerJobHandler(HOUSEKEEPING_JOB, async (_job, ctx) => {
  ctx.progress(0, 1);
  const result = runHousekeeping(ctx.db);
  ctx.progress(1, 1);
  return result;
});
