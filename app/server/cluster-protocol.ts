/** Messages between the primary and the web processes (cluster.server.ts, cluster-worker.server.ts). */
import type { WorkerHealth } from "~/worker/health.server";

/** primary → web process */
export type PrimaryMessage =
  | { cns: "shutdown" }
  | { cns: "worker-health"; health: WorkerHealth }
  | { cns: "metrics-collect"; collectId: number }
  | { cns: "metrics-text"; requestId: number; text?: string; error?: string };

/** web process → primary */
export type WebMessage =
  | { cns: "wake" }
  | { cns: "metrics-request"; requestId: number }
  | { cns: "metrics-json"; collectId: number; metrics: object[] };
