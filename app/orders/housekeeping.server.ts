import { and, eq } from "drizzle-orm";
import { jobs } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";

/**
 * Scheduling the periodic order job (its work is runHousekeeping in state-machine.server.ts): it
 * expires unpaid transfers and card checkouts past their time and completes delivered orders the
 * buyer never confirmed, and reschedules itself while some order may still need it; placing a
 * checkout or delivering an order makes sure one is queued. Kept apart from the state machine, which
 * calls it, so the two do not import each other.
 */
export const HOUSEKEEPING_JOB = "orders.housekeeping";
const HOUSEKEEPING_EVERY_MS = 5 * 60_000;

/** Queues the job unless one is already waiting. Synchronous: callable inside a transaction. */
export function ensureHousekeeping(db: Db, now = new Date()) {
  const queued = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, HOUSEKEEPING_JOB), eq(jobs.status, "queued")))
    .limit(1)
    .get();
  if (!queued) enqueueJob(db, HOUSEKEEPING_JOB, {}, { runAfter: new Date(now.getTime() + HOUSEKEEPING_EVERY_MS) });
}
