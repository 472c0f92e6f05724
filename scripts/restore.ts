/**
 * `npm run restore -- <backup file>`: puts a backup (from `npm run backup` or the scheduled backups)
 * in place of the database at DATABASE_PATH, after checking it. The server must be stopped.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { env, EnvError } from "~/lib/env.server";
import { restoreDatabase, RestoreRefused } from "~/ops/restore.server";

const usage = `Usage: npm run restore -- <backup file> [--database <file>]

Checks the backup (SQLite integrity_check, foreign_key_check, the app's migrations table and that it
is not from a newer version), refuses while the server has the database open, then renames the
current database to <database>.before-restore-<UTC time>, removes its stale -wal/-shm files and
copies the backup into place. <database> defaults to DATABASE_PATH (data/app.db).
Exit 0 restored, 1 refused (the reason is printed), 64 wrong arguments.`;

function main() {
  let args;
  try {
    args = parseArgs({ options: { database: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(64); // EX_USAGE
  }
  if (args.values.help) {
    console.log(usage);
    return;
  }
  if (args.positionals.length !== 1) {
    console.error(`Give exactly one backup file.\n\n${usage}`);
    process.exit(64);
  }

  let target = args.values.database;
  if (!target) {
    try {
      target = env().DATABASE_PATH;
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
  }

  try {
    const report = restoreDatabase(args.positionals[0], target);
    console.log(`Checked ${report.from}: integrity ok, foreign keys ok, ${report.migrations} migrations (${(report.bytes / 1024 / 1024).toFixed(1)} MiB).`);
    if (report.keptAside) console.log(`Kept the previous database aside as ${report.keptAside}`);
    for (const file of report.removed) console.log(`Removed stale ${path.basename(file)}`);
    console.log(`Restored ${report.restored}. Start the server (npm start): it applies any newer migrations.`);
  } catch (error) {
    if (error instanceof RestoreRefused) {
      console.error(`Restore refused: ${error.message}\nNothing was changed.`);
      process.exit(1);
    }
    throw error;
  }
}

main();
