import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Durable background jobs, run by the worker thread; they survive restarts. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total"),
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    createdBy: integer("created_by"),
    createdAt: createdAt(),
    runAfter: timestamp("run_after")
      .notNull()
      .$defaultFn(() => new Date()),
    startedAt: timestamp("started_at"),
    heartbeatAt: timestamp("heartbeat_at"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [index("jobs_due_idx").on(t.status, t.runAfter)],
);

export type Job = typeof jobs.$inferSelect;
