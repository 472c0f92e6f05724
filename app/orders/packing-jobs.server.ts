/** Registers the packed-weight job with the worker (imported by app/worker/handlers.server.ts): lapses, failed card refunds. */
import { registerJobHandler } from "~/jobs/registry.server";
import { now } from "~/lib/clock";
import { retryPackedRefunds } from "./packing-money.server";
import { lapseDueAdjustments } from "./packing.server";
import { ensurePackingLapse, PACKING_LAPSE_JOB } from "./packing-schedule.server";

registerJobHandler(PACKING_LAPSE_JOB, async (_job, ctx) => {
  ctx.progress(0, 1);
  const { lapsed, next } = lapseDueAdjustments(ctx.db, now());
  if (next) ensurePackingLapse(ctx.db, next);
  // A card refund that failed asked for this run too (settleMoney queues another run if it fails again).
  const refunded = await retryPackedRefunds(ctx.db);
  ctx.progress(1, 1);
  return { lapsed, refunded, next: next?.toISOString() ?? null };
});
