import type { Logger } from "pino";
import type { Db } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { claimNextJob, completeJob, failJob, HEARTBEAT_MS, heartbeatJob, reportProgress, type Job } from "./queue.server";
import { jobHandler } from "./registry.server";

interface RunOutcome {
  job: Job;
  outcome: "succeeded" | "retrying" | "failed" | "superseded";
  error?: string;
}

/**
 * Claims the next due job, if any, and runs it to the end: result stored on success, error stored
 * and a retry scheduled (or the job failed) otherwise. Returns null when nothing was due.
 */
export async function runNextJob(
  db: Db,
  options: { now?: Date; log?: Logger; backoffMs?: (attempts: number) => number } = {},
): Promise<RunOutcome | null> {
  const job = claimNextJob(db, options.now);
  if (!job) return null;
  const log = (options.log ?? logger()).child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
  const handler = jobHandler(job.kind);
  if (!handler) {
    const error = `no handler registered for job kind "${job.kind}"`;
    log.error(error);
    return { job, outcome: failJob(db, job, error, { retry: false }), error };
  }

  // Async handlers yield between steps, which lets this timer keep the heartbeat fresh.
  const beat = setInterval(() => heartbeatJob(db, job.id), HEARTBEAT_MS);
  beat.unref();
  const started = performance.now();
  try {
    const result = await handler(job, {
      db,
      log,
      progress: (done, total) => reportProgress(db, job.id, done, total),
    });
    const current = completeJob(db, job, result ?? null);
    log.info({ ms: Math.round(performance.now() - started) }, "job succeeded");
    return { job, outcome: current ? "succeeded" : "superseded" };
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    const outcome = failJob(db, job, error, { backoffMs: options.backoffMs });
    log[outcome === "failed" ? "error" : "warn"]({ err }, `job ${outcome === "retrying" ? "failed, will retry" : "failed"}`);
    return { job, outcome, error };
  } finally {
    clearInterval(beat);
  }
}
