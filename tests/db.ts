import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase, setDbForTests, type Db } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";

/**
 * A fresh migrated SQLite file for one test file, installed as the process's database.
 * Pass { adminUnits: true } to load the shipped administrative units too (≈ 1 s), and { uploads: true }
 * for an uploads directory of its own (UPLOADS_DIR, removed with the database).
 */
export function freshTestDb(options: { adminUnits?: boolean; uploads?: boolean } = {}): Db & { uploadsDir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-test-"));
  const uploadsDir = path.join(dir, "uploads");
  if (options.uploads) {
    process.env.UPLOADS_DIR = uploadsDir;
    resetEnvForTests();
  }
  const db = openDatabase(path.join(dir, "test.db"));
  migrateDatabase(db);
  if (options.adminUnits) ensureAdminUnits(db);
  setDbForTests(db);
  return Object.assign(db, {
    uploadsDir,
    cleanup() {
      setDbForTests(undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
