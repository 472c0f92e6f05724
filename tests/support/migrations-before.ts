import fs from "node:fs";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "~/lib/db.server";

/**
 * Migrates `db` to the schema as it was before the migration whose tag starts with `prefix` (e.g. "0015_"),
 * from a copy of db/migrations under `dir`. Later migrations are left out too: the migrator skips any migration
 * older than the last one applied, so a later one applied first would hide the one under test.
 */
export function migrateToBefore(db: Db, dir: string, prefix: string): void {
  const folder = path.join(dir, "migrations");
  fs.cpSync(path.resolve("db/migrations"), folder, { recursive: true });
  const journalFile = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((e) => e.tag.startsWith(prefix));
  if (index < 0) throw new Error(`no migration ${prefix}`);
  journal.entries = journal.entries.slice(0, index);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  migrate(db, { migrationsFolder: folder });
}
