// Worker threads do not inherit tsx's loader from the parent's execArgv (tsx issue #354), so the
// thread registers tsx itself, then loads the TypeScript entry (app/jobs/worker.entry.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
