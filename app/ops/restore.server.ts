import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { now as clockNow } from "~/lib/clock";
import { describeReplica, replicationFiles, restoreFromLitestream, type Replica } from "./replication.server";

/**
 * Putting a backup back in place of the live database (`npm run restore`): the copy is checked first,
 * the server must be stopped, and the current database is kept aside rather than overwritten.
 */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

const MIGRATIONS_JOURNAL = path.resolve(process.cwd(), "db/migrations/meta/_journal.json");

/** The newest migration this code ships (drizzle stores each one's journal time as created_at). */
function newestMigration(journal: string): number {
  const entries = (JSON.parse(fs.readFileSync(journal, "utf8")) as { entries: { when: number }[] }).entries;
  return Math.max(...entries.map((e) => e.when));
}

interface BackupCheck {
  migrations: number;
  bytes: number;
}

/**
 * Refuses (RestoreRefused, with the reason) unless the file is a readable SQLite database that passes
 * integrity_check and foreign_key_check, holds the app's migrations table, and was not made by newer
 * code (a migration this code does not know).
 */
export function checkBackupFile(file: string, options: { migrationsJournal?: string } = {}): BackupCheck {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new RestoreRefused(`${file} does not exist or is not a file`);
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    throw new RestoreRefused(`${file} has a write-ahead log beside it (${wal}): part of its data is not in the file; take copies with npm run backup`);
  }
  let copy: Database.Database;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreRefused(`${file} cannot be opened as an SQLite database: ${(error as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = (copy.pragma("integrity_check(20)") as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      throw new RestoreRefused(`${file} is not a sound SQLite database: ${(error as Error).message}`);
    }
    if (problems.join() !== "ok") throw new RestoreRefused(`${file} failed SQLite's integrity_check: ${problems.slice(0, 5).join("; ")}`);

    const broken = copy.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    if (broken.length) {
      const first = broken.slice(0, 3).map((b) => `${b.table} row ${b.rowid} → ${b.parent}`);
      throw new RestoreRefused(`${file} has ${broken.length} row(s) whose foreign key points nowhere (${first.join(", ")})`);
    }

    const hasMigrations = copy.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!hasMigrations) throw new RestoreRefused(`${file} has no migrations table: it is not a Chợ Nông Sản database`);
    const applied = copy.prepare("select count(*) as n, max(created_at) as last from __drizzle_migrations").get() as { n: number; last: number | null };
    const known = newestMigration(options.migrationsJournal ?? MIGRATIONS_JOURNAL);
    if (applied.last !== null && Number(applied.last) > known) {
      throw new RestoreRefused(`${file} was made by a newer version of the app (a migration this code does not have): update the code first`);
    }
    return { migrations: applied.n, bytes: fs.statSync(file).size };
  } finally {
    copy.close();
  }
}

/**
 * Refuses while any connection has the database open (the server, the worker, a script): an open
 * connection in WAL mode holds a shared lock that an exclusive-mode transaction cannot get. Otherwise
 * folds the WAL into the file, so the copy kept aside is complete. Returns false when the current file
 * is too damaged for that (a restore is what it needs): its WAL then goes aside with it.
 */
function takeOver(target: string): boolean {
  const current = new Database(target, { fileMustExist: true, timeout: 0 });
  try {
    current.pragma("locking_mode = EXCLUSIVE");
    current.exec("BEGIN EXCLUSIVE");
    current.exec("COMMIT");
    current.pragma("wal_checkpoint(TRUNCATE)");
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      throw new RestoreRefused(`${target} is in use (is the server running?): stop it first, then restore`);
    }
    if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) return false;
    throw error;
  } finally {
    current.close();
  }
}

interface RestoreReport {
  restored: string;
  from: string;
  bytes: number;
  migrations: number;
  /** where the database that was in place now is (null when there was none) */
  keptAside: string | null;
  removed: string[];
}

/** Checks the backup, then puts it in place of target (see RestoreReport for what was done). */
export function restoreDatabase(backup: string, target: string, options: { now?: Date; migrationsJournal?: string } = {}): RestoreReport {
  const from = path.resolve(backup);
  const restored = path.resolve(target);
  if (from === restored) throw new RestoreRefused("the backup and the database are the same file");
  const check = checkBackupFile(from, options);

  let keptAside: string | null = null;
  if (fs.existsSync(restored)) {
    const folded = takeOver(restored);
    const stamp = (options.now ?? clockNow()).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
    keptAside = `${restored}.before-restore-${stamp}`;
    fs.renameSync(restored, keptAside);
    if (!folded && fs.existsSync(`${restored}-wal`)) fs.renameSync(`${restored}-wal`, `${keptAside}-wal`);
  }
  // Left over from the database set aside: SQLite would replay an old WAL over the restored file, and
  // Litestream's shadow WAL describes the old file (its tips: delete it when the database is replaced).
  const removed: string[] = [];
  for (const stale of [`${restored}-wal`, `${restored}-shm`, `${restored}-journal`, replicationFiles(restored).shadowDir]) {
    if (fs.existsSync(stale)) {
      fs.rmSync(stale, { recursive: true });
      removed.push(stale);
    }
  }
  // Copied under a temporary name, then renamed: the database path never holds half a file.
  fs.mkdirSync(path.dirname(restored), { recursive: true });
  const partial = `${restored}.restoring`;
  fs.copyFileSync(from, partial);
  fs.renameSync(partial, restored);
  return { restored, from, bytes: check.bytes, migrations: check.migrations, keptAside, removed };
}

/**
 * `npm run restore -- --from-replica`: Litestream rebuilds the newest state the replica holds (or the
 * state at `timestamp`) into a temporary file, which then goes through restoreDatabase like a backup.
 */
export function restoreFromReplica(
  replica: Replica,
  target: string,
  options: { now?: Date; migrationsJournal?: string; timestamp?: string; binary?: string } = {},
): RestoreReport & { litestream: string } {
  let restored;
  try {
    restored = restoreFromLitestream(target, replica, options);
  } catch (error) {
    throw new RestoreRefused((error as Error).message);
  }
  if (!restored) throw new RestoreRefused(`the replica ${describeReplica(replica)} holds no copy of ${path.resolve(target)}`);
  try {
    return { ...restoreDatabase(restored.file, target, options), from: describeReplica(replica), litestream: restored.output };
  } finally {
    restored.cleanup();
  }
}
