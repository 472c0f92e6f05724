import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { jobs } from "../../db/schema";
import { now as clockNow } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { enqueueJob } from "./queue.server";

/**
 * Scheduled backups (BACKUP_INTERVAL_HOURS): one job of this kind waits in the queue at a time; when
 * it runs it backs up, prunes the old copies and queues the next. The queue is in the database, so
 * the schedule survives restarts; the worker calls ensureBackupScheduled at start and every minute,
 * which also picks the schedule up again after a run that failed for good.
 */
export const SCHEDULED_BACKUP_JOB = "backup.scheduled";

const HOUR_MS = 3_600_000;

/**
 * Makes sure exactly one scheduled backup is pending (queued or running) while intervalHours > 0,
 * and none once it is 0. A new one is due an interval after the last run finished (or from now when
 * there was none), so restarts never bring a backup forward; a shorter interval pulls a waiting one
 * in. `finishing`: the running job that asks for its successor, which does not count as pending.
 * Returns the pending job's id, or null when scheduled backups are off.
 */
export function ensureBackupScheduled(db: Db, options: { intervalHours: number; now?: Date; finishing?: number }): number | null {
  const now = options.now ?? clockNow();
  const interval = options.intervalHours * HOUR_MS;
  return db.$client.transaction(() => {
    const mine = eq(jobs.kind, SCHEDULED_BACKUP_JOB);
    if (interval <= 0) {
      db.delete(jobs).where(and(mine, eq(jobs.status, "queued"))).run();
      return null;
    }
    const pending = db
      .select({ id: jobs.id, status: jobs.status, runAfter: jobs.runAfter })
      .from(jobs)
      .where(and(mine, inArray(jobs.status, ["queued", "running"])))
      .all()
      .filter((job) => job.id !== options.finishing);
    const waiting = pending.find((job) => job.status === "queued");
    if (waiting) {
      const latest = new Date(now.getTime() + interval);
      if (waiting.runAfter > latest) db.update(jobs).set({ runAfter: latest }).where(eq(jobs.id, waiting.id)).run();
      return waiting.id;
    }
    if (pending.length) return pending[0].id;
    const last = options.finishing
      ? { finishedAt: now }
      : db.select({ finishedAt: jobs.finishedAt }).from(jobs).where(and(mine, isNotNull(jobs.finishedAt))).orderBy(desc(jobs.finishedAt)).limit(1).get();
    const from = Math.max(last?.finishedAt?.getTime() ?? now.getTime(), 0);
    return enqueueJob(db, SCHEDULED_BACKUP_JOB, {}, { runAfter: new Date(Math.max(from + interval, now.getTime())) });
  })();
}
