/**
 * `npm run backup [-- --dir <folder>]`: copies the database (DATABASE_PATH) to a timestamped file
 * in BACKUP_DIR (or --dir) while the server keeps running, and prints the file's path.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase } from "~/lib/backup.server";
import { openDatabase } from "~/lib/db.server";
import { env, EnvError } from "~/lib/env.server";

const usage = `Usage: npm run backup [-- --dir <folder>]

Copies the SQLite database at DATABASE_PATH to <folder>/cns-<UTC time>.db using SQLite's online
backup (safe while the server runs). <folder> defaults to BACKUP_DIR (data/backups).`;

function fail(message: string): never {
  console.error(`Backup failed: ${message}`);
  process.exit(1);
}

async function main() {
  let args;
  try {
    args = parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(64); // EX_USAGE
  }
  if (args.values.help) {
    console.log(usage);
    return;
  }

  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const source = path.resolve(config.DATABASE_PATH);
  // openDatabase would create an empty database; a backup of nothing is a mistake worth reporting.
  if (!fs.existsSync(source)) fail(`no database at ${source} (check DATABASE_PATH)`);
  const dir = path.resolve(args.values.dir ?? config.BACKUP_DIR);

  const db = openDatabase(source);
  try {
    const started = performance.now();
    const { file, bytes } = await backupDatabase(db, dir);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`Backed up ${source} (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${seconds} s to:`);
    // The path alone on stdout, so other scripts can use it: FILE=$(npm run -s backup)
    console.log(file);
  } catch (error) {
    fail(`${(error as Error).message} (source ${source}, folder ${dir})`);
  } finally {
    db.$client.close();
  }
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
