/**
 * Lets code that queues work nudge the worker thread instead of waiting for its next poll.
 * The host installs the hook on globalThis because the Remix bundle and the server entry hold
 * separate copies of this module in one process.
 */
const globalForWake = globalThis as unknown as { __cnsWakeWorker?: () => void };

export function setWorkerWakeHook(hook: (() => void) | undefined) {
  globalForWake.__cnsWakeWorker = hook;
}

/** Called after enqueueing; the nudge waits for the current synchronous work (the transaction) to end. */
export function wakeWorker() {
  const hook = globalForWake.__cnsWakeWorker;
  if (hook) setImmediate(hook);
}
