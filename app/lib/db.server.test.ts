import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startBusyWriter } from "../../tests/support/busy-writer";
import { openDatabase, type Db } from "./db.server";

// Transactions read, then write. With another connection committing all the time (the jobs worker, an
// import), a deferred transaction fails at its first write with "database is locked"; ours begin
// IMMEDIATE and wait their turn (decision 0008).

let dir: string;
let db: Db;
let writer: { stop(): void };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-db-"));
  db = openDatabase(path.join(dir, "t.db"));
  db.$client.exec(`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0), (2, 0);`);
  writer = await startBusyWriter(db.$client.name, "UPDATE counter SET n = n + 1 WHERE id = 2");
});

afterAll(() => {
  writer.stop();
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Reads for a few milliseconds, then writes: the window in which the other process commits. */
function readThenWrite(read: () => number, write: (n: number) => void) {
  const n = read();
  const until = Date.now() + 3;
  while (Date.now() < until) read();
  write(n + 1);
}

describe("transactions while another connection writes", () => {
  it("drizzle's transactions (deferred by name) wait for the write lock instead of failing", () => {
    for (let i = 0; i < 30; i++) {
      db.transaction((tx) =>
        readThenWrite(
          () => tx.get<{ n: number }>(sql`SELECT n FROM counter WHERE id = 1`)!.n,
          (n) => tx.run(sql`UPDATE counter SET n = ${n} WHERE id = 1`),
        ),
      );
    }
    expect(db.$client.prepare(`SELECT n FROM counter WHERE id = 1`).pluck().get()).toBe(30);
  });

  it("better-sqlite3's transactions too, default and deferred; nested ones are savepoints that roll back alone", () => {
    const read = db.$client.prepare(`SELECT n FROM counter WHERE id = 1`).pluck();
    const write = db.$client.prepare(`UPDATE counter SET n = ? WHERE id = 1`);
    const step = db.$client.transaction(() => readThenWrite(() => read.get() as number, (n) => write.run(n)));
    for (let i = 0; i < 15; i++) step();
    for (let i = 0; i < 15; i++) step.deferred();
    expect(read.get()).toBe(60);

    const outer = db.$client.transaction(() => {
      write.run(100);
      try {
        db.$client.transaction(() => {
          write.run(200);
          throw new Error("inner fails");
        })();
      } catch {
        // the savepoint is rolled back, the outer transaction goes on
      }
    });
    outer();
    expect(read.get()).toBe(100);
    expect(() =>
      db.$client.transaction(() => {
        write.run(300);
        throw new Error("outer fails");
      })(),
    ).toThrow("outer fails");
    expect(read.get()).toBe(100);
  });
});
