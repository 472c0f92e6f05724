/**
 * `npm start`: builds when the build is missing or older than the sources, then serves.
 * The shipped reference data (commodities, markets) is loaded here whatever SEED_DEMO says;
 * migrations and the demo seed run inside the server's start-up (scripts/serve.ts).
 * With LITESTREAM_REPLICA_URL set, Litestream replicates the database from here on, beside the server
 * (app/ops/replication.server.ts); the server stops it after draining.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ISLANDS_MANIFEST } from "~/lib/page-scripts";

process.env.NODE_ENV ??= "production";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

const buildFile = path.resolve("build/index.js");
const built = fs.existsSync(buildFile) ? fs.statSync(buildFile).mtimeMs : 0;
const sources = Math.max(newestMtime("app"), fs.statSync("remix.config.js").mtimeMs, fs.statSync("package-lock.json").mtimeMs);
if (built < sources || !fs.existsSync(ISLANDS_MANIFEST)) {
  console.log("Building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await loadReference();
await startReplicationIfConfigured();
await import("./serve");

async function loadReference() {
  const { EnvError } = await import("~/lib/env.server");
  try {
    const { db, migrateDatabase } = await import("~/lib/db.server");
    const { loadReferenceData } = await import("~/prices/reference.server");
    migrateDatabase(db());
    const loaded = loadReferenceData(db());
    if (loaded.commoditiesAdded + loaded.marketsAdded > 0) console.log(`Reference data: ${loaded.commoditiesAdded} commodities, ${loaded.marketsAdded} markets added`);
  } catch (error) {
    // A configuration error is reported by the server itself, with its exit code.
    if (!(error instanceof EnvError)) throw error;
  }
}

async function startReplicationIfConfigured() {
  const { env, EnvError } = await import("~/lib/env.server");
  const { logger } = await import("~/lib/logger.server");
  const { startReplication } = await import("~/ops/replication.server");
  try {
    await startReplication(env(), logger());
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
  }
}
