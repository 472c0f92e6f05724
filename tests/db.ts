import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase, setDbForTests, type Db } from "~/lib/db.server";

/**
 * A fresh migrated SQLite file for one test file, installed as the process's database.
 * Pass { adminUnits: true } to load the shipped administrative units too (≈ 1 s).
 */
export function freshTestDb(options: { adminUnits?: boolean } = {}): Db & { cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-test-"));
  const db = openDatabase(path.join(dir, "test.db"));
  migrateDatabase(db);
  if (options.adminUnits) ensureAdminUnits(db);
  setDbForTests(db);
  return Object.assign(db, {
    cleanup() {
      setDbForTests(undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
