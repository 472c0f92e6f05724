import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { jobs } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { resetEnvForTests } from "~/lib/env.server";
import { backupFileName } from "~/lib/backup.server";
import { ensureBackupScheduled, SCHEDULED_BACKUP_JOB } from "./backup-schedule.server";
import { runNextJob } from "./runner.server";
import "~/worker/handlers.server";

const db = freshTestDb();
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-scheduled-backups-"));
process.env.BACKUP_DIR = backupDir;
process.env.BACKUP_KEEP_DAILY = "2";
process.env.BACKUP_KEEP_WEEKLY = "0";
resetEnvForTests();
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  for (const name of ["BACKUP_DIR", "BACKUP_KEEP_DAILY", "BACKUP_KEEP_WEEKLY"]) delete process.env[name];
  resetEnvForTests();
  db.cleanup();
  fs.rmSync(backupDir, { recursive: true, force: true });
});

const HOUR = 3_600_000;
const pending = () =>
  db
    .select({ id: jobs.id, status: jobs.status, runAfter: jobs.runAfter })
    .from(jobs)
    .where(and(eq(jobs.kind, SCHEDULED_BACKUP_JOB), eq(jobs.status, "queued")))
    .all();

describe("scheduled backups", () => {
  it("keeps one pending job however often it is asked, pulls it in when the interval shrinks, and drops it when off", () => {
    const start = new Date("2026-12-01T00:00:00Z");
    const first = ensureBackupScheduled(db, { intervalHours: 24, now: start });
    // A restart an hour later asks again: the same job, not brought forward.
    expect(ensureBackupScheduled(db, { intervalHours: 24, now: new Date(start.getTime() + HOUR) })).toBe(first);
    expect(pending()).toEqual([{ id: first, status: "queued", runAfter: new Date(start.getTime() + 24 * HOUR) }]);

    expect(ensureBackupScheduled(db, { intervalHours: 6, now: new Date(start.getTime() + HOUR) })).toBe(first);
    expect(pending()[0].runAfter).toEqual(new Date(start.getTime() + 7 * HOUR));

    expect(ensureBackupScheduled(db, { intervalHours: 0, now: start })).toBeNull();
    expect(pending()).toEqual([]);
  });

  it("runs as a job: backs up, applies the retention rule to our files, and queues the next run", async () => {
    // The one clock (app/lib/clock.ts) reads Date: fake it, and let the job run on three nights.
    vi.useFakeTimers({ toFake: ["Date"] });
    const night = (n: number) => new Date(Date.UTC(2026, 11, 1 + n, 20, 0, 0));
    fs.writeFileSync(path.join(backupDir, "keep-me.db"), "not ours");
    vi.setSystemTime(night(0));
    ensureBackupScheduled(db, { intervalHours: 24 });

    const files: string[] = [];
    for (let n = 1; n <= 3; n++) {
      vi.setSystemTime(night(n));
      const ran = await runNextJob(db, { now: night(n) });
      expect(ran).toMatchObject({ outcome: "succeeded", job: { kind: SCHEDULED_BACKUP_JOB } });
      files.push(backupFileName(night(n)));
      const next = pending();
      expect(next).toHaveLength(1);
      expect(next[0].runAfter).toEqual(night(n + 1));
    }
    // BACKUP_KEEP_DAILY=2, BACKUP_KEEP_WEEKLY=0: the first night's copy went; the stranger stayed.
    expect(fs.readdirSync(backupDir).sort()).toEqual([files[1], files[2], "keep-me.db"].sort());
    const copy = path.join(backupDir, files[2]);
    expect(fs.readFileSync(copy).subarray(0, 15).toString()).toBe("SQLite format 3");
  });
});
