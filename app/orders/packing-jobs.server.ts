/** Registers the packed-weight lapse job with the worker (imported by app/worker/handlers.server.ts). */
import { registerJobHandler } from "~/jobs/registry.server";
import { now } from "~/lib/clock";
import { lapseDueAdjustments } from "./packing.server";
import { ensurePackingLapse, PACKING_LAPSE_JOB } from "./packing-schedule.server";

registerJobHandler(PACKING_LAPSE_JOB, async (_job, ctx) => {
  ctx.progress(0, 1);
  const { lapsed, next } = lapseDueAdjustments(ctx.db, now());
  if (next) ensurePackingLapse(ctx.db, next);
  ctx.progress(1, 1);
  return { lapsed, next: next?.toISOString() ?? null };
});
