import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import {
  claimNextJob,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  jobBackoffMs,
  latestJobs,
  reportProgress,
  requeueStaleJobs,
  STALE_AFTER_MS,
} from "./queue.server";
import { registerJobHandler } from "./registry.server";
import { runNextJob } from "./runner.server";

const db = freshTestDb();
afterAll(() => db.cleanup());
afterEach(() => {
  db.$client.exec("delete from jobs");
});

describe("job queue", () => {
  it("enqueues a queued job with its payload and options", () => {
    const runAfter = new Date(Date.now() + 60_000);
    const id = enqueueJob(db, "imports.households", { batchId: 7 }, { createdBy: 3, runAfter, maxAttempts: 5 });
    expect(getJob(db, id)).toMatchObject({
      kind: "imports.households",
      payload: { batchId: 7 },
      status: "queued",
      attempts: 0,
      maxAttempts: 5,
      createdBy: 3,
      runAfter,
      progressDone: 0,
      progressTotal: null,
    });
    expect(latestJobs(db, { createdBy: 3 }).map((j) => j.id)).toEqual([id]);
    expect(latestJobs(db, { createdBy: 4 })).toEqual([]);
  });

  it("claims due jobs oldest first, once, and never a job that is not due", () => {
    const now = new Date();
    const later = enqueueJob(db, "k", {}, { runAfter: new Date(now.getTime() + 60_000) });
    const first = enqueueJob(db, "k", { n: 1 }, { runAfter: now });
    const second = enqueueJob(db, "k", { n: 2 }, { runAfter: now });
    const a = claimNextJob(db, now)!;
    const b = claimNextJob(db, now)!;
    expect([a.id, b.id]).toEqual([first, second]);
    expect(a).toMatchObject({ status: "running", attempts: 1, startedAt: now, heartbeatAt: now });
    expect(claimNextJob(db, now)).toBeUndefined();
    expect(claimNextJob(db, new Date(now.getTime() + 61_000))?.id).toBe(later);
  });

  it("completes a job with its result", () => {
    enqueueJob(db, "k", {});
    const job = claimNextJob(db)!;
    reportProgress(db, job.id, 40, 100);
    expect(getJob(db, job.id)).toMatchObject({ progressDone: 40, progressTotal: 100 });
    expect(completeJob(db, job, { rows: 100 })).toBe(true);
    expect(getJob(db, job.id)).toMatchObject({ status: "succeeded", result: { rows: 100 }, progressDone: 100, error: null });
    expect(getJob(db, job.id)!.finishedAt).toBeInstanceOf(Date);
  });

  it("retries a failed job after a growing backoff, then fails it after maxAttempts", () => {
    const id = enqueueJob(db, "k", {}, { maxAttempts: 2 });
    const now = new Date();
    const run1 = claimNextJob(db, now)!;
    expect(failJob(db, run1, "disk full", { now })).toBe("retrying");
    expect(getJob(db, id)).toMatchObject({ status: "queued", error: "disk full", attempts: 1 });
    expect(getJob(db, id)!.runAfter.getTime()).toBe(now.getTime() + jobBackoffMs(1));
    expect(claimNextJob(db, now)).toBeUndefined();

    const run2 = claimNextJob(db, new Date(now.getTime() + jobBackoffMs(1)))!;
    expect(run2.attempts).toBe(2);
    expect(failJob(db, run2, "disk still full")).toBe("failed");
    expect(getJob(db, id)).toMatchObject({ status: "failed", error: "disk still full", attempts: 2 });
    expect(jobBackoffMs(2)).toBeGreaterThan(jobBackoffMs(1));
  });

  it("recovers a job whose worker crashed (stale heartbeat), and ignores the dead run's late result", () => {
    const id = enqueueJob(db, "k", {}, { maxAttempts: 3 });
    const crashedAt = new Date();
    const deadRun = claimNextJob(db, crashedAt)!;
    // Heartbeat still fresh: a job that is merely slow is left alone.
    expect(requeueStaleJobs(db, { now: new Date(crashedAt.getTime() + 5_000) })).toBe(0);
    expect(getJob(db, id)!.status).toBe("running");

    const restart = new Date(crashedAt.getTime() + STALE_AFTER_MS + 1);
    expect(requeueStaleJobs(db, { now: restart })).toBe(1);
    expect(getJob(db, id)).toMatchObject({ status: "queued", attempts: 1 });
    const newRun = claimNextJob(db, restart)!;
    expect(newRun.attempts).toBe(2);

    expect(completeJob(db, deadRun, { stale: true })).toBe(false);
    expect(failJob(db, deadRun, "late")).toBe("superseded");
    expect(completeJob(db, newRun, { ok: true })).toBe(true);
    expect(getJob(db, id)).toMatchObject({ status: "succeeded", result: { ok: true } });
  });

  it("fails a stale job that has no attempts left instead of looping", () => {
    const id = enqueueJob(db, "k", {}, { maxAttempts: 1 });
    const t = new Date();
    claimNextJob(db, t);
    expect(requeueStaleJobs(db, { now: new Date(t.getTime() + STALE_AFTER_MS + 1) })).toBe(1);
    expect(getJob(db, id)).toMatchObject({ status: "failed" });
    expect(getJob(db, id)!.error).toMatch(/interrupted/);
  });
});

describe("runNextJob", () => {
  registerJobHandler("test.count", async (job, ctx) => {
    const total = Number(job.payload.total);
    for (let i = 1; i <= total; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.progress(i, total);
    }
    return { counted: total };
  });
  let flakyCalls = 0;
  registerJobHandler("test.flaky", async () => {
    flakyCalls++;
    if (flakyCalls === 1) throw new Error("temporary failure");
    return { calls: flakyCalls };
  });

  it("returns null when nothing is due", async () => {
    expect(await runNextJob(db)).toBeNull();
  });

  it("runs the handler with progress and stores the result", async () => {
    const id = enqueueJob(db, "test.count", { total: 5 });
    const run = await runNextJob(db);
    expect(run?.outcome).toBe("succeeded");
    expect(getJob(db, id)).toMatchObject({ status: "succeeded", result: { counted: 5 }, progressDone: 5, progressTotal: 5 });
  });

  it("stores the error of a failed run and succeeds on the retry", async () => {
    const id = enqueueJob(db, "test.flaky", {});
    const first = await runNextJob(db, { backoffMs: () => 0 });
    expect(first).toMatchObject({ outcome: "retrying", error: "temporary failure" });
    expect(getJob(db, id)).toMatchObject({ status: "queued", error: "temporary failure" });
    const second = await runNextJob(db);
    expect(second?.outcome).toBe("succeeded");
    expect(getJob(db, id)).toMatchObject({ status: "succeeded", attempts: 2, result: { calls: 2 }, error: null });
  });

  it("fails a job of an unknown kind at once, without retries", async () => {
    const id = enqueueJob(db, "test.unknown", {}, { maxAttempts: 5 });
    const run = await runNextJob(db);
    expect(run?.outcome).toBe("failed");
    expect(getJob(db, id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(getJob(db, id)!.error).toContain("no handler");
  });
});
