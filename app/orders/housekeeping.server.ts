import { and, eq, inArray, sql } from "drizzle-orm";
import { jobs, orders } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";
import { completeDeliveredOrders, expireUnpaidOrders } from "./state-machine.server";

/**
 * The periodic order job: expires unpaid transfers and card checkouts past their time and completes
 * delivered orders the buyer never confirmed. It reschedules itself while some order may still need
 * it; placing a checkout or delivering an order makes sure one is queued.
 */
export const HOUSEKEEPING_JOB = "orders.housekeeping";
export const HOUSEKEEPING_EVERY_MS = 5 * 60_000;

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

export function runHousekeeping(db: Db, now = new Date()): { expired: number; completed: number; rescheduled: boolean } {
  const expired = expireUnpaidOrders(db, now);
  const completed = completeDeliveredOrders(db, now);
  // Keep running only while an order could still expire or be auto-completed.
  const open = db
    .select({ n: sql<number>`count(*)` })
    .from(orders)
    .where(
      sql`(${orders.status} = 'placed' AND ${orders.expiresAt} IS NOT NULL AND ${inArray(orders.paymentStatus, ["unpaid", "pending"])}) OR ${orders.status} = 'delivered'`,
    )
    .get();
  const rescheduled = (open?.n ?? 0) > 0;
  if (rescheduled) ensureHousekeeping(db, now);
  return { expired, completed, rescheduled };
}
