import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "./db.server";

// Transactions read, then write. With another connection committing all the time (the jobs worker, an
// import), a deferred transaction fails at its first write with "database is locked"; ours begin
// IMMEDIATE and wait their turn (decision 0008).

let dir: string;
let db: Db;
let writer: ChildProcess;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-db-"));
  db = openDatabase(path.join(dir, "t.db"));
  db.$client.exec(`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0), (2, 0);`);
  writer = spawn(
    process.execPath,
    [
      "-e",
      `const db = new (require("better-sqlite3"))(process.env.DB_FILE); db.pragma("busy_timeout = 5000");
       const bump = db.prepare("UPDATE counter SET n = n + 1 WHERE id = 2");
       const pause = new Int32Array(new SharedArrayBuffer(4));
       process.stdout.write("ready\\n");
       for (const end = Date.now() + 60000; Date.now() < end; ) { bump.run(); Atomics.wait(pause, 0, 0, 1); }`,
    ],
    { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, DB_FILE: db.$client.name }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => writer.stdout!.once("data", () => resolve()));
});

afterAll(() => {
  writer.kill();
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
