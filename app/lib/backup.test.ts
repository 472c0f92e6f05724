import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { enqueueMessage } from "~/notifications/outbox.server";
import { backupDatabase, backupFileName } from "./backup.server";
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
