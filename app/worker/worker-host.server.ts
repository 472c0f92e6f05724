import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { startTsWorker } from "~/lib/ts-worker.server";
import { setWorkerWakeHook } from "~/jobs/wake.server";
import { setWorkerHealth } from "./health.server";
import type { HostMessage, WorkerData, WorkerMessage } from "./worker-protocol";

interface StartWorkerOptions {
  /** defaults to DATABASE_PATH */
  databasePath?: string;
  /** how long a loop with nothing to do sleeps (ms) */
  pollMs?: number;
  outboxBatch?: number;
  /** extra handler-registering modules (paths), for tests */
  handlerModules?: string[];
  /** how long stop() waits for the current job before terminating the thread */
  stopTimeoutMs?: number;
  /** called when the thread reports it is running */
  onReady?: (info: { kinds: string[]; transport: string }) => void;
}

interface WorkerHandle {
  stop(): Promise<void>;
}

const RESTART_DELAY_MS = 5_000;

/**
 * Starts the background worker thread (jobs and outbox). If the thread dies it is restarted after
 * a pause; stop() asks it to finish the current job and exit, and terminates it after a timeout
 * (an interrupted job is requeued at the next start).
 */
export function startWorker(options: StartWorkerOptions = {}): WorkerHandle {
  const log = logger().child({ component: "worker-host" });
  const workerData: Omit<WorkerData, "entry"> = {
    databasePath: options.databasePath ?? env().DATABASE_PATH,
    pollMs: options.pollMs ?? 1_000,
    outboxBatch: options.outboxBatch ?? 20,
    handlerModules: options.handlerModules?.map((m) => pathToFileURL(path.resolve(m)).href),
  };
  let stopping = false;
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | null = null;

  const send = (message: HostMessage) => worker?.postMessage(message);

  function spawn() {
    const thread = startTsWorker("app/worker/worker.entry.ts", { workerData, name: "cns-worker" });
    worker = thread;
    exited = new Promise((resolve) => {
      thread.once("exit", (code) => {
        if (worker === thread) worker = null;
        resolve();
        if (stopping) return;
        setWorkerHealth({ state: "restarting" });
        log.error({ code }, `worker thread exited unexpectedly; restarting in ${RESTART_DELAY_MS / 1000} s`);
        restartTimer = setTimeout(spawn, RESTART_DELAY_MS);
        restartTimer.unref();
      });
    });
    thread.on("message", (message: WorkerMessage) => {
      if (message.type === "heartbeat") setWorkerHealth({ lastBeatAt: Date.now() });
      if (message.type === "ready") {
        setWorkerHealth({ state: "running", lastBeatAt: Date.now() });
        options.onReady?.({ kinds: message.kinds, transport: message.transport });
      }
    });
    thread.on("error", (err) => log.error({ err }, "worker thread failed"));
  }

  setWorkerHealth({ state: "starting", lastBeatAt: null });
  spawn();
  setWorkerWakeHook(() => send({ type: "wake" }));

  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      setWorkerHealth({ state: "stopped" });
      setWorkerWakeHook(undefined);
      if (restartTimer) clearTimeout(restartTimer);
      const thread = worker;
      if (!thread) return;
      thread.postMessage({ type: "stop" } satisfies HostMessage);
      const timeout = setTimeout(() => {
        log.warn("worker did not stop in time; terminating it (its job will be requeued)");
        void thread.terminate();
      }, options.stopTimeoutMs ?? 8_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
