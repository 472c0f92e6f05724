import { and, eq, lte } from "drizzle-orm";
import { jobs } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";

/**
 * Scheduling the packed-weight lapse job (its work is lapseDueAdjustments in packing.server.ts):
 * a request the buyer did not answer in time falls back to the ordered quantities. One job waits
 * for the earliest expiry; the run queues the next while requests still wait. Kept apart from
 * packing.server.ts, as housekeeping.server.ts is from the state machine, so the handler module
 * and the capability do not import each other.
 */
export const PACKING_LAPSE_JOB = "orders.packingLapse";

/** Makes sure a lapse job runs by `at`. Synchronous: callable inside the transaction that asked. */
export function ensurePackingLapse(db: Db, at: Date) {
  const queued = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, PACKING_LAPSE_JOB), eq(jobs.status, "queued"), lte(jobs.runAfter, at)))
    .limit(1)
    .get();
  if (!queued) enqueueJob(db, PACKING_LAPSE_JOB, {}, { runAfter: at });
}
