/**
 * The background worker thread: its own SQLite connection, a jobs loop and an outbox loop.
 * Started by worker-host.server.ts; "stop" lets the current job and send finish, then exits.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { dispatchOutbox } from "~/notifications/dispatch.server";
import { transportFromEnv } from "~/notifications/transports.server";
import { MAX_SEARCH_SEGMENTS, mergeSearchIndex, SEARCH_MERGE_INTERVAL_MS, searchIndexSegments } from "~/catalog/search-index.server";
import { ensureBackupScheduled } from "~/jobs/backup-schedule.server";
import { requeueStaleJobs } from "~/jobs/queue.server";
import { registeredJobKinds } from "~/jobs/registry.server";
import { runNextJob } from "~/jobs/runner.server";
import "./handlers.server";
import type { HostMessage, WorkerData, WorkerMessage } from "./worker-protocol";

const data = workerData as WorkerData;
const port = parentPort!;
const log = logger().child({ thread: "worker" });
for (const module of data.handlerModules ?? []) await import(module);

const db = openDatabase(data.databasePath ?? env().DATABASE_PATH);
const transport = transportFromEnv();

let stopping = false;
const sleepers = new Set<() => void>();
function wakeAll() {
  for (const wake of sleepers) wake();
  sleepers.clear();
}
function idle(ms: number) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      sleepers.delete(done);
      resolve();
    }, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    sleepers.add(done);
  });
}

port.on("message", (message: HostMessage) => {
  if (message.type === "stop") stopping = true;
  wakeAll();
});

// The host tells /healthz the thread is alive from these; at most one a second whatever the loops do.
let lastBeat = 0;
function heartbeat() {
  const now = Date.now();
  if (now - lastBeat < 1_000) return;
  lastBeat = now;
  port.postMessage({ type: "heartbeat" } satisfies WorkerMessage);
}

/** Runs step until stopping; sleeps pollMs (or until woken) whenever a step found nothing to do. */
async function loop(name: string, step: () => Promise<boolean>) {
  while (!stopping) {
    let busy = false;
    try {
      busy = await step();
    } catch (err) {
      // A broken step (database locked for too long, …) must not end the loop.
      log.error({ err, loop: name }, "worker loop step failed");
    }
    heartbeat();
    if (!busy && !stopping) await idle(data.pollMs);
  }
}

const recovered = requeueStaleJobs(db);
if (recovered) log.warn({ recovered }, "requeued jobs interrupted by the last shutdown");
let lastRecovery = Date.now();
// Queued here, where it runs: the schedule lives in the jobs table, so a restart keeps it.
const scheduleBackups = () => ensureBackupScheduled(db, { intervalHours: env().BACKUP_INTERVAL_HOURS });
scheduleBackups();

port.postMessage({ type: "ready", kinds: registeredJobKinds(), transport: transport.name } satisfies WorkerMessage);
log.info({ kinds: registeredJobKinds(), transport: transport.name }, "worker started");

// Searches slow down with the index's segments (decision 0043): checked every minute, merged in steps,
// at most once a SEARCH_MERGE_INTERVAL_MS (a full merge rewrites the whole index, and the replica ships it).
let mergingSearchIndex = false;
let lastSearchMerge = 0;

await Promise.all([
  loop("jobs", async () => {
    if (Date.now() - lastRecovery > 60_000) {
      requeueStaleJobs(db);
      scheduleBackups();
      if (!mergingSearchIndex && Date.now() - lastSearchMerge > SEARCH_MERGE_INTERVAL_MS && searchIndexSegments(db) > MAX_SEARCH_SEGMENTS) {
        mergingSearchIndex = true;
        lastSearchMerge = Date.now();
      }
      lastRecovery = Date.now();
    }
    // One bounded step per turn of the loop, a job between steps: the writer is never held for the whole merge.
    if (mergingSearchIndex) mergingSearchIndex = mergeSearchIndex(db);
    return (await runNextJob(db, { log })) !== null || mergingSearchIndex;
  }),
  loop("outbox", async () => (await dispatchOutbox(db, transport, { limit: data.outboxBatch })).claimed > 0),
]);

db.$client.close();
log.info("worker stopped");
port.postMessage({ type: "stopped" } satisfies WorkerMessage);
port.close();
