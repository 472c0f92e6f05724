/**
 * What the server knows about its background worker thread, for /healthz. The host (worker-host.server.ts)
 * writes it; the health route reads it. Kept on globalThis because the Remix bundle and the server entry
 * hold separate copies of this module in one process.
 */
export type WorkerState = "starting" | "running" | "restarting" | "stopped";

export interface WorkerHealth {
  state: WorkerState;
  /** when the thread last reported from one of its loops (ms since the epoch) */
  lastBeatAt: number | null;
}

/** A loop that has not reported for this long is taken to be stuck (a job step never yields). */
export const WORKER_SILENT_AFTER_MS = 60_000;

const globalForHealth = globalThis as unknown as { __cnsWorkerHealth?: WorkerHealth; __cnsWorkerHealthListeners?: Set<(health: WorkerHealth) => void> };

export function setWorkerHealth(update: Partial<WorkerHealth>) {
  const health: WorkerHealth = { state: "starting", lastBeatAt: null, ...globalForHealth.__cnsWorkerHealth, ...update };
  globalForHealth.__cnsWorkerHealth = health;
  for (const listener of globalForHealth.__cnsWorkerHealthListeners ?? []) listener(health);
}

/**
 * Calls `listener` on every change: with several web processes the worker thread runs in the primary,
 * which passes its health on to the processes that answer /healthz. Returns the unsubscribe function.
 */
export function onWorkerHealth(listener: (health: WorkerHealth) => void): () => void {
  const listeners = (globalForHealth.__cnsWorkerHealthListeners ??= new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets the worker (tests; a server started with JOBS_WORKER=false never sets it). */
export function clearWorkerHealth() {
  globalForHealth.__cnsWorkerHealth = undefined;
}

/**
 * "ok" while the thread runs and reported recently; "disabled" when this process runs no worker
 * (JOBS_WORKER=false); otherwise the reason it is not healthy.
 */
export function workerStatus(now: number = Date.now()): "ok" | "disabled" | "starting" | "restarting" | "stopped" | "silent" {
  const health = globalForHealth.__cnsWorkerHealth;
  if (!health) return "disabled";
  if (health.state !== "running") return health.state;
  if (health.lastBeatAt === null || now - health.lastBeatAt > WORKER_SILENT_AFTER_MS) return "silent";
  return "ok";
}
