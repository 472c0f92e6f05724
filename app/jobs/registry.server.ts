import type { Logger } from "pino";
import type { Db } from "~/lib/db.server";
import type { Job } from "./queue.server";

interface JobContext {
  /** the worker thread's own connection */
  db: Db;
  /** records progress (shown to the user who started the job) and keeps the job's heartbeat fresh */
  progress(done: number, total?: number): void;
  log: Logger;
}

/** Returns the job's result (stored as JSON) or throws to fail the run (retried up to maxAttempts). */
type JobHandler = (job: Job, ctx: JobContext) => Promise<Record<string, unknown> | void>;

// Per thread: handlers are registered in the worker thread by importing app/worker/handlers.server.ts.
const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler) {
  if (handlers.has(kind) && handlers.get(kind) !== handler) throw new Error(`job kind "${kind}" already has a handler`);
  handlers.set(kind, handler);
}

export function jobHandler(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}

export function registeredJobKinds(): string[] {
  return [...handlers.keys()].sort();
}
