/**
 * `npm run restore -- <backup file>`: puts a backup (from `npm run backup` or the scheduled backups)
 * in place of the database at DATABASE_PATH, after checking it. The server must be stopped.
 * `npm run restore -- --from-replica`: the same with the newest state of the Litestream replica.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { env, EnvError } from "~/lib/env.server";
import { replicaOf } from "~/ops/replication.server";
import { restoreDatabase, restoreFromReplica, RestoreRefused } from "~/ops/restore.server";

const usage = `Usage: npm run restore -- <backup file> [--database <file>]
       npm run restore -- --from-replica [--timestamp <UTC time>] [--database <file>]

Checks the backup (SQLite integrity_check, foreign_key_check, the app's migrations table and that it
is not from a newer version), refuses while the server has the database open, then renames the
current database to <database>.before-restore-<UTC time>, removes its stale -wal/-shm files and
copies the backup into place. <database> defaults to DATABASE_PATH (data/app.db).

--from-replica: instead of a file, Litestream rebuilds the latest transaction its replica holds
(LITESTREAM_REPLICA_URL, with the same LITESTREAM_* settings as the server), or the state at
--timestamp (e.g. 2026-12-03T08:00:00Z); the result is checked and put in place the same way.
Exit 0 restored, 1 refused (the reason is printed), 64 wrong arguments, 78 bad configuration.`;

function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        database: { type: "string" },
        "from-replica": { type: "boolean" },
        timestamp: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(64); // EX_USAGE
  }
  if (args.values.help) {
    console.log(usage);
    return;
  }
  const fromReplica = args.values["from-replica"] === true;
  if (fromReplica ? args.positionals.length !== 0 : args.positionals.length !== 1) {
    console.error(`${fromReplica ? "Give no backup file with --from-replica." : "Give exactly one backup file, or --from-replica."}\n\n${usage}`);
    process.exit(64);
  }
  if (args.values.timestamp && (!fromReplica || Number.isNaN(Date.parse(args.values.timestamp)))) {
    console.error(`--timestamp needs --from-replica and a UTC time such as 2026-12-03T08:00:00Z.\n\n${usage}`);
    process.exit(64);
  }

  let config;
  try {
    config = env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    // A backup file with --database needs no configuration at all.
    if (fromReplica || !args.values.database) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
  }
  const target = args.values.database ?? config!.DATABASE_PATH;

  try {
    let report;
    if (fromReplica) {
      const replica = config && replicaOf(config);
      if (!replica) {
        console.error("LITESTREAM_REPLICA_URL is not set: there is no replica to restore from (see the README, Backup and restore).");
        process.exit(78);
      }
      console.log(`Restoring from the replica ${replica.kind === "file" ? replica.dir : replica.url} with Litestream…`);
      report = restoreFromReplica(replica, target, { timestamp: args.values.timestamp });
    } else {
      report = restoreDatabase(args.positionals[0], target);
    }
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
