import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { enqueueMessage } from "~/notifications/outbox.server";
import { backupDatabase, backupFileName, parseBackupFileName, pruneBackups } from "./backup.server";
import { openDatabase, type Db } from "./db.server";

const db = freshTestDb();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-backup-"));
afterAll(() => {
  db.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const insert = (target: Db, i: number) =>
  enqueueMessage(target, {
    channel: "sms",
    recipient: `+849000${String(i).padStart(5, "0")}`,
    template: "otp.signup",
    locale: "vi",
    payload: { code: String(100000 + i), minutes: 10 },
  });

describe("backupFileName", () => {
  it("is a sortable UTC timestamp without colons", () => {
    expect(backupFileName(new Date("2026-11-23T20:15:00.123Z"))).toBe("cns-2026-11-23T20-15-00Z.db");
  });
});

describe("backupDatabase", () => {
  it("copies the database while another connection writes, and the copy reads back", async () => {
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert(db, i);
    });
    // Another connection (as the worker thread would be) keeps writing during the backup.
    const writer = openDatabase(db.$client.name);
    let written = 0;
    let writing = true;
    const writes = (async () => {
      while (writing) {
        insert(writer, 10_000 + written++);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const now = new Date("2026-11-23T20:15:00Z");
    const result = await backupDatabase(db, dir, { now });
    writing = false;
    await writes;
    writer.$client.close();

    expect(result.file).toBe(path.join(dir, "cns-2026-11-23T20-15-00Z.db"));
    expect(result.bytes).toBe(fs.statSync(result.file).size);
    expect(result.bytes).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".partial"))).toEqual([]);

    // "Restore": open the backup as the app would and read the rows back.
    const restored = openDatabase(result.file);
    try {
      const rows = restored.$client
        .prepare("select recipient, body from outbox where recipient < '+8490001' order by id")
        .all() as { recipient: string; body: string }[];
      expect(rows).toHaveLength(2000);
      expect(rows[0]).toEqual({ recipient: "+84900000000", body: "Mã đăng ký Chợ Nông Sản: 100000. Hiệu lực 10 phút. Không đưa mã này cho ai." });
      expect(rows[1999].recipient).toBe("+84900001999");
      expect(restored.$client.pragma("integrity_check", { simple: true })).toBe("ok");
      // Migrations came along too, so the restored file is a working app database.
      const migrations = restored.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
      expect(migrations.n).toBeGreaterThan(0);
    } finally {
      restored.$client.close();
    }
    expect(written).toBeGreaterThan(0);
  });

  it("never overwrites an earlier backup taken in the same second", async () => {
    const now = new Date("2026-11-23T21:00:00Z");
    const a = await backupDatabase(db, dir, { now });
    const b = await backupDatabase(db, dir, { now });
    expect(path.basename(a.file)).toBe("cns-2026-11-23T21-00-00Z.db");
    expect(path.basename(b.file)).toBe("cns-2026-11-23T21-00-00Z-1.db");
  });

  it("fails clearly when the directory cannot be written, leaving no partial file", async () => {
    const blocker = path.join(dir, "not-a-dir");
    fs.writeFileSync(blocker, "x");
    await expect(backupDatabase(db, path.join(blocker, "sub"))).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});

describe("pruneBackups", () => {
  const day = (n: number, hour = 20) => new Date(Date.UTC(2026, 9, 1 + n, hour, 0, 0)); // from Thursday 1 October 2026

  it("keeps the newest copy of each of the last N days and of each of the last M weeks, and only touches our files", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "cns-retention-"));
    try {
      // Sixty days of nightly backups (20:00 UTC is 03:00 the next morning in Vietnam), two on the last day,
      // and a gap of three days without any.
      const made: string[] = [];
      for (let n = 0; n < 60; n++) if (n < 50 || n > 52) made.push(backupFileName(day(n)));
      made.push(backupFileName(day(59, 21)), "cns-2026-11-29T21-00-00Z-1.db");
      const strangers = ["notes.txt", "app.db", "cns-2026-10-01T20-00-00Z.db.partial", "cns-old.db", "cns-2026-13-45T99-00-00Z.db"];
      for (const name of [...made, ...strangers]) fs.writeFileSync(path.join(folder, name), "x");

      const { kept, deleted } = pruneBackups(folder, { keepDaily: 7, keepWeekly: 4 });

      const vnDay = (name: string) => new Date(parseBackupFileName(name)!.at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      // Daily: the newest of each of the 7 most recent days that have a backup (the gap is skipped, not counted).
      expect(kept.slice(0, 7)).toEqual([
        "cns-2026-11-29T21-00-00Z-1.db",
        "cns-2026-11-28T20-00-00Z.db",
        "cns-2026-11-27T20-00-00Z.db",
        "cns-2026-11-26T20-00-00Z.db",
        "cns-2026-11-25T20-00-00Z.db",
        "cns-2026-11-24T20-00-00Z.db",
        "cns-2026-11-23T20-00-00Z.db",
      ]);
      expect(kept.slice(0, 7).map(vnDay)).toEqual(["2026-11-30", "2026-11-29", "2026-11-28", "2026-11-27", "2026-11-26", "2026-11-25", "2026-11-24"]);
      // Weekly (Monday to Sunday in Vietnam): the newest of the weeks of 30 Nov, 23 Nov, 16 Nov and 9 Nov.
      // The first two are already kept as dailies; then a Friday's (the gap took that weekend) and a Sunday's.
      expect(kept.slice(7)).toEqual(["cns-2026-11-19T20-00-00Z.db", "cns-2026-11-14T20-00-00Z.db"]);
      expect(kept.slice(7).map(vnDay)).toEqual(["2026-11-20", "2026-11-15"]);

      expect(deleted).toHaveLength(made.length - kept.length);
      expect(deleted).toContain("cns-2026-11-29T21-00-00Z.db"); // the earlier of the same day
      expect(fs.readdirSync(folder).sort()).toEqual([...kept, ...strangers].sort());
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("does nothing in a folder that does not exist yet", () => {
    expect(pruneBackups(path.join(dir, "missing"), { keepDaily: 7, keepWeekly: 4 })).toEqual({ kept: [], deleted: [] });
  });
});
