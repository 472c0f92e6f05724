/** Messages between the server process and the worker thread. */
export type HostMessage = { type: "stop" } | { type: "wake" };
export type WorkerMessage =
  | { type: "ready"; kinds: string[]; transport: string }
  | { type: "heartbeat" }
  | { type: "stopped" };

export interface WorkerData {
  /** file URL of worker.entry.ts, loaded by app/lib/ts-worker.bootstrap.mjs */
  entry: string;
  databasePath?: string;
  pollMs: number;
  outboxBatch: number;
  /** extra modules (file URLs) that register job handlers, e.g. in tests */
  handlerModules?: string[];
}
