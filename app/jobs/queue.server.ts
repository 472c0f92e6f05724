import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { jobs, type Job } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { wakeWorker } from "./wake.server";

export type { Job };

/** A running job refreshes heartbeat_at this often (and on every progress report). */
export const HEARTBEAT_MS = 10_000;
/** A running job silent this long is taken to be orphaned by a crash or a restart. */
export const STALE_AFTER_MS = 60_000;

/** 10 s, 30 s, 90 s … capped at 30 minutes. */
export function jobBackoffMs(attempts: number): number {
  return Math.min(10_000 * 3 ** Math.max(0, attempts - 1), 30 * 60_000);
}

interface EnqueueJobOptions {
  createdBy?: number;
  runAfter?: Date;
  maxAttempts?: number;
}

/** Queues a job; synchronous, so it can be part of the transaction that asks for it. */
export function enqueueJob(db: Db, kind: string, payload: Record<string, unknown>, options: EnqueueJobOptions = {}): number {
  const row = db
    .insert(jobs)
    .values({
      kind,
      payload,
      createdBy: options.createdBy ?? null,
      runAfter: options.runAfter ?? new Date(),
      maxAttempts: options.maxAttempts ?? 3,
    })
    .returning({ id: jobs.id })
    .get();
  wakeWorker();
  return row.id;
}

export function getJob(db: Db, id: number): Job | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

/** Newest first, for progress pages and the development jobs page. */
export function latestJobs(db: Db, options: { limit?: number; kind?: string; createdBy?: number } = {}): Job[] {
  const filters = [
    options.kind ? eq(jobs.kind, options.kind) : undefined,
    options.createdBy !== undefined ? eq(jobs.createdBy, options.createdBy) : undefined,
  ].filter((f) => f !== undefined);
  return db
    .select()
    .from(jobs)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(jobs.id))
    .limit(options.limit ?? 50)
    .all();
}

/** Records how far a running job has got; also counts as a heartbeat. */
export function reportProgress(db: Db, id: number, done: number, total?: number, now: Date = new Date()) {
  db.update(jobs)
    .set({ progressDone: done, ...(total !== undefined ? { progressTotal: total } : {}), heartbeatAt: now })
    .where(and(eq(jobs.id, id), eq(jobs.status, "running")))
    .run();
}

export function heartbeatJob(db: Db, id: number, now: Date = new Date()) {
  db.update(jobs).set({ heartbeatAt: now }).where(and(eq(jobs.id, id), eq(jobs.status, "running"))).run();
}

/**
 * Claims the next due job in one UPDATE … RETURNING (queued → running, attempts + 1), so two
 * workers never run the same job. The returned attempts value fences the later updates.
 */
export function claimNextJob(db: Db, now: Date = new Date()): Job | undefined {
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), lte(jobs.runAfter, now)))
    .orderBy(asc(jobs.runAfter), asc(jobs.id))
    .limit(1);
  return db
    .update(jobs)
    .set({ status: "running", attempts: sql`${jobs.attempts} + 1`, startedAt: now, heartbeatAt: now, finishedAt: null })
    .where(and(inArray(jobs.id, next), eq(jobs.status, "queued")))
    .returning()
    .get();
}

// Only the claim that is still current may finish a job: a job requeued as stale and claimed
// again has a higher attempts count, so the old run's late result is ignored.
const currentRun = (job: Job) => and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.attempts, job.attempts));

export function completeJob(db: Db, job: Job, result: Record<string, unknown> | null, now: Date = new Date()): boolean {
  const changes = db
    .update(jobs)
    .set({
      status: "succeeded",
      result,
      error: null,
      finishedAt: now,
      heartbeatAt: now,
      progressDone: sql`coalesce(${jobs.progressTotal}, ${jobs.progressDone})`,
    })
    .where(currentRun(job))
    .run().changes;
  return changes > 0;
}

/**
 * Records a failed run: queued again after a backoff while attempts remain (unless retry is
 * false), else failed for good. Returns what happened.
 */
export function failJob(
  db: Db,
  job: Job,
  error: string,
  options: { now?: Date; retry?: boolean; backoffMs?: (attempts: number) => number } = {},
): "retrying" | "failed" | "superseded" {
  const now = options.now ?? new Date();
  const retry = (options.retry ?? true) && job.attempts < job.maxAttempts;
  const changes = db
    .update(jobs)
    .set(
      retry
        ? { status: "queued", error, runAfter: new Date(now.getTime() + (options.backoffMs ?? jobBackoffMs)(job.attempts)) }
        : { status: "failed", error, finishedAt: now },
    )
    .where(currentRun(job))
    .run().changes;
  if (changes === 0) return "superseded";
  return retry ? "retrying" : "failed";
}

/**
 * Jobs left "running" by a crash or a restart (heartbeat older than staleAfterMs) go back to the
 * queue, or fail if that was their last attempt. Returns how many were recovered.
 */
export function requeueStaleJobs(db: Db, options: { now?: Date; staleAfterMs?: number } = {}): number {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.staleAfterMs ?? STALE_AFTER_MS));
  const stale = and(eq(jobs.status, "running"), or(isNull(jobs.heartbeatAt), lt(jobs.heartbeatAt, cutoff)));
  const note = "interrupted (worker stopped or crashed)";
  return db.transaction((tx) => {
    const failed = tx
      .update(jobs)
      .set({ status: "failed", error: note, finishedAt: now })
      .where(and(stale, sql`${jobs.attempts} >= ${jobs.maxAttempts}`))
      .run().changes;
    const requeued = tx.update(jobs).set({ status: "queued", error: note, runAfter: now }).where(stale).run().changes;
    return failed + requeued;
  });
}
