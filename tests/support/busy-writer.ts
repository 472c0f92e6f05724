/**
 * Another process that commits a small write about every millisecond to a database file, as a busy server
 * (or the jobs worker) does: for tests of what happens to our transactions meanwhile.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** Starts the writer (`statement` runs again and again); resolves once it has begun. */
export async function startBusyWriter(databaseFile: string, statement: string): Promise<{ stop(): void }> {
  const writer = spawn(
    process.execPath,
    [
      "-e",
      `const db = new (require("better-sqlite3"))(process.env.DB_FILE); db.pragma("busy_timeout = 5000");
       const write = db.prepare(process.env.STATEMENT);
       const pause = new Int32Array(new SharedArrayBuffer(4));
       process.stdout.write("ready\\n");
       for (const end = Date.now() + 60000; Date.now() < end; ) { write.run(); Atomics.wait(pause, 0, 0, 1); }`,
    ],
    { cwd: ROOT, env: { ...process.env, DB_FILE: databaseFile, STATEMENT: statement }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => writer.stdout.once("data", () => resolve()));
  return { stop: () => writer.kill() };
}
