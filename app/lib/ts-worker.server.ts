import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

// Paths from the working directory, like migrations and locales: callers may run from source or from a
// bundle, but these files live in the repository at run time.
const BOOTSTRAP = path.resolve(process.cwd(), "app/lib/ts-worker.bootstrap.mjs");

/**
 * Starts a worker thread on a TypeScript entry (a path from the repository root): the thread starts in
 * ts-worker.bootstrap.mjs, which registers tsx and imports the entry (workerData.entry, added here).
 */
export function startTsWorker(entry: string, options: WorkerOptions & { workerData?: object } = {}): Worker {
  const entryUrl = pathToFileURL(path.resolve(process.cwd(), entry)).href;
  return new Worker(BOOTSTRAP, { ...options, workerData: { ...options.workerData, entry: entryUrl } });
}
