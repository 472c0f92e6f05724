import { and, eq, lte } from "drizzle-orm";
import { jobs } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";

/**
 * Scheduling the complaint job (its work is runComplaintJob in resolve.server.ts): it sends a complaint
 * nobody answered in time up a level and retries a decided refund that did not go through. Opening
 * or escalating a complaint makes sure a run is queued by its due time. Kept apart from the work so
 * the two do not import each other.
 */
export const COMPLAINT_JOB = "complaints.escalate";

/** Queues a run at `at` unless one is already queued by then. Synchronous: callable inside a transaction. */
export function ensureComplaintJob(db: Db, at: Date) {
  const queued = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, COMPLAINT_JOB), eq(jobs.status, "queued"), lte(jobs.runAfter, at)))
    .limit(1)
    .get();
  if (!queued) enqueueJob(db, COMPLAINT_JOB, {}, { runAfter: at });
}
