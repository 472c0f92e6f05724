import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../db/schema";
import { env } from "./env.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The one way to open SQLite: WAL, foreign keys, a busy timeout, NORMAL sync, IMMEDIATE transactions. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  immediateTransactions(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Every transaction on our connections begins IMMEDIATE (decision 0008). Ours read, then write: a
 * deferred one fails at its first write with "database is locked" — SQLITE_BUSY_SNAPSHOT, which does not
 * wait — whenever another connection (the jobs worker, an import, a script) committed after its first
 * read. Taking the write lock at BEGIN waits its turn (busy_timeout) instead. Drizzle asks better-sqlite3
 * for "deferred" by name, so both the default and "deferred" begin IMMEDIATE; nested ones stay savepoints.
 */
function immediateTransactions(sqlite: Database.Database): void {
  const native = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = native(fn);
    const begin = (...args: unknown[]) => tx.immediate(...args);
    return Object.assign(begin, { default: begin, deferred: begin, immediate: tx.immediate, exclusive: tx.exclusive, database: sqlite });
  }) as Database.Database["transaction"];
}

const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/**
 * Applies the pending migrations with foreign keys off, as SQLite's procedure for rebuilding a table asks
 * (migration 0017): with them on, dropping the old table deletes its children (ON DELETE CASCADE), and the
 * pragma cannot change inside the migrator's transaction. When a migration ran, foreign_key_check must
 * find nothing before the keys are on again.
 */
export function migrateDatabase(db: Db) {
  const sqlite = db.$client;
  const enforced = sqlite.pragma("foreign_keys", { simple: true }) === 1;
  const applied = () => appliedMigrations(sqlite);
  const before = applied();
  if (enforced) sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    if (enforced && applied() !== before) {
      const broken = sqlite.pragma("foreign_key_check") as { table: string; parent: string }[];
      if (broken.length) {
        const first = broken[0];
        throw new Error(`migration left ${broken.length} rows whose foreign key finds no parent (first: ${first.table} → ${first.parent})`);
      }
    }
  } finally {
    if (enforced) sqlite.pragma("foreign_keys = ON");
  }
}

function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`).get();
  return table ? (sqlite.prepare(`SELECT count(*) AS n FROM __drizzle_migrations`).get() as { n: number }).n : 0;
}

// One connection per process (or worker thread): the Remix bundle and the server entry are two
// copies of this module, so the handle lives on globalThis.
const globalForDb = globalThis as unknown as { __db?: Db };

export function db(): Db {
  globalForDb.__db ??= openDatabase(env().DATABASE_PATH);
  return globalForDb.__db;
}

/** Tests point the process at a fresh database file. */
export function setDbForTests(next: Db | undefined) {
  const previous = globalForDb.__db;
  if (previous && previous !== next && previous.$client.open) previous.$client.close();
  globalForDb.__db = next;
}

export function closeDb() {
  if (globalForDb.__db?.$client.open) globalForDb.__db.$client.close();
  globalForDb.__db = undefined;
}
