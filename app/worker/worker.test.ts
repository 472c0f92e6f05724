import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { enqueueMessage, getOutboxMessage } from "~/notifications/outbox.server";
import { enqueueJob, getJob } from "~/jobs/queue.server";
import { startWorker } from "./worker-host.server";

const db = freshTestDb();
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-worker-backups-"));
process.env.BACKUP_DIR = backupDir; // the thread reads its own copy of the environment
afterAll(() => {
  db.cleanup();
  fs.rmSync(backupDir, { recursive: true, force: true });
});

const options = { databasePath: db.$client.name, pollMs: 50, handlerModules: ["app/worker/test-handlers.fixture.ts"] };

async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("worker thread", () => {
  it("runs jobs and sends outbox messages on its own connection", async () => {
    const kinds: string[] = [];
    const worker = startWorker({ ...options, onReady: (info) => kinds.push(...info.kinds) });
    try {
      const sum = enqueueJob(db, "test.sum", { numbers: [1, 2, 3, 4] });
      const backup = enqueueJob(db, "backup.database", {});
      const message = enqueueMessage(db, {
        channel: "sms",
        recipient: "+84912345678",
        template: "otp.signup",
        locale: "vi",
        payload: { code: "112233", minutes: 10 },
      });

      const done = await waitFor(() => {
        const job = getJob(db, sum);
        return job?.status === "succeeded" && job;
      });
      expect(done).toMatchObject({ result: { sum: 10 }, progressDone: 4, progressTotal: 4, attempts: 1 });

      const backupJob = await waitFor(() => {
        const job = getJob(db, backup);
        return (job?.status === "succeeded" || job?.status === "failed") && job;
      });
      expect(backupJob.status).toBe("succeeded");
      const file = String(backupJob.result!.file);
      expect(path.dirname(file)).toBe(backupDir);
      expect(fs.statSync(file).size).toBe(backupJob.result!.bytes);

      await waitFor(() => getOutboxMessage(db, message)?.status === "sent");
      expect(kinds).toEqual(expect.arrayContaining(["backup.database", "test.sum", "test.slow"]));
    } finally {
      await worker.stop();
    }
  });

  it("on start, requeues a job left running by a crash and runs it", async () => {
    const id = enqueueJob(db, "test.sum", { numbers: [5, 5] });
    // What a crash mid-job leaves behind: running, attempts spent, heartbeat long ago.
    const longAgo = Date.now() - 10 * 60_000;
    db.$client
      .prepare("update jobs set status = 'running', attempts = 1, started_at = ?, heartbeat_at = ? where id = ?")
      .run(longAgo, longAgo, id);
    const worker = startWorker(options);
    try {
      const job = await waitFor(() => {
        const row = getJob(db, id);
        return row?.status === "succeeded" && row;
      });
      expect(job).toMatchObject({ result: { sum: 10 }, attempts: 2 });
    } finally {
      await worker.stop();
    }
  });

  it("stop() lets the current job finish before the thread exits", async () => {
    const worker = startWorker(options);
    const id = enqueueJob(db, "test.slow", { ms: 600 });
    await waitFor(() => getJob(db, id)?.status === "running");
    await worker.stop();
    expect(getJob(db, id)).toMatchObject({ status: "succeeded", result: { sleptMs: 600 } });
  });
});
