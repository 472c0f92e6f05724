import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Db } from "./db.server";

/** cns-2026-11-23T20-15-00Z.db: sortable, and safe in file names on every system. */
export function backupFileName(at: Date = new Date()): string {
  return `cns-${at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-")}.db`;
}

interface BackupResult {
  file: string;
  bytes: number;
}

/**
 * Copies the live database with SQLite's online backup API, so the server keeps serving (and
 * writing) meanwhile. The copy is written under a temporary name, checked, then renamed, so a
 * file named cns-….db is always a complete backup.
 */
export async function backupDatabase(db: Db, dir: string, options: { now?: Date } = {}): Promise<BackupResult> {
  fs.mkdirSync(dir, { recursive: true });
  const base = backupFileName(options.now);
  let file = path.resolve(dir, base);
  // Two backups in the same second get -1, -2 … rather than overwriting each other.
  for (let n = 1; fs.existsSync(file); n++) file = path.resolve(dir, base.replace(/\.db$/, `-${n}.db`));
  const partial = `${file}.partial`;
  try {
    // Copy every remaining page in one step: SQLite restarts an online backup whenever another
    // connection writes between steps, so small steps never finish on a busy server. A step only
    // holds a WAL read snapshot, so writers are not blocked meanwhile.
    await db.$client.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) * 2 });
    const copy = new Database(partial, { fileMustExist: true });
    try {
      // A rollback-journal file is self-contained (no -wal/-shm beside it); the app switches it
      // back to WAL when it opens a restored copy.
      copy.pragma("journal_mode = DELETE");
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new Error(`the backup copy failed SQLite's quick_check: ${String(check)}`);
    } finally {
      copy.close();
    }
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { file, bytes: fs.statSync(file).size };
}
