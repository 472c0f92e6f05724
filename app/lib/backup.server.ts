import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { addDays, now as clockNow, todayInVietnam } from "./clock";
import type { Db } from "./db.server";

/** cns-2026-11-23T20-15-00Z.db: sortable, and safe in file names on every system. */
export function backupFileName(at: Date = clockNow()): string {
  return `cns-${at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-")}.db`;
}

// Our names only (backupFileName, with the -1, -2 … of backups taken in the same second): retention
// never touches anything else in the folder.
const BACKUP_NAME = /^cns-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-(\d+))?\.db$/;

/** When a backup file of ours was taken, from its name; null for any other file. */
export function parseBackupFileName(name: string): { at: Date; sequence: number } | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
  return Number.isNaN(at.getTime()) ? null : { at, sequence: Number(m[5] ?? 0) };
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

interface RetentionRule {
  /** the newest backup of each of this many most recent days that have one */
  keepDaily: number;
  /** the newest backup of each of this many most recent weeks (Monday to Sunday) that have one */
  keepWeekly: number;
}

/**
 * Deletes the backups of ours in dir that the rule does not keep, and returns both lists (file
 * names). Days and weeks are Vietnam's calendar. Counting days that have a backup, rather than the
 * last N calendar days, means a server that was off for a while never loses its last good copies.
 */
export function pruneBackups(dir: string, rule: RetentionRule): { kept: string[]; deleted: string[] } {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kept: [], deleted: [] };
    throw error;
  }
  const backups = names
    .map((name) => ({ name, parsed: parseBackupFileName(name) }))
    .filter((b): b is { name: string; parsed: NonNullable<typeof b.parsed> } => b.parsed !== null)
    .sort((a, b) => b.parsed.at.getTime() - a.parsed.at.getTime() || b.parsed.sequence - a.parsed.sequence);

  const keep = new Set<string>();
  const newestOf = (period: (day: string) => string, count: number) => {
    const seen = new Set<string>();
    for (const backup of backups) {
      const key = period(todayInVietnam(backup.parsed.at));
      if (seen.has(key)) continue;
      if (seen.size >= count) break;
      seen.add(key);
      keep.add(backup.name);
    }
  };
  newestOf((day) => day, rule.keepDaily);
  newestOf(mondayOf, rule.keepWeekly);

  const deleted: string[] = [];
  for (const backup of backups) {
    if (keep.has(backup.name)) continue;
    fs.rmSync(path.join(dir, backup.name), { force: true });
    deleted.push(backup.name);
  }
  return { kept: backups.filter((b) => keep.has(b.name)).map((b) => b.name), deleted };
}

/** The Monday of a yyyy-mm-dd day's week. */
function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}
