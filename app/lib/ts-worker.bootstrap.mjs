// The first module of every worker thread startTsWorker starts (ts-worker.server.ts): background jobs, the
// import's row checks. Worker threads do not inherit tsx's loader from the parent's execArgv (tsx issue
// #354), so the thread registers tsx itself, then loads its TypeScript entry (workerData.entry, a file URL).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
