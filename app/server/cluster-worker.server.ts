/**
 * A web process's side of the cluster (cluster.server.ts): it runs no jobs worker of its own, so it
 * nudges the primary's when it queues work, reports the primary's worker health at /healthz, answers
 * the primary's requests for its metrics and asks it for everyone's, and drains when told to (or when
 * the primary is gone).
 */
import cluster from "node:cluster";
import type { Registry } from "prom-client";
import { setWorkerWakeHook } from "~/jobs/wake.server";
import { setWorkerHealth } from "~/worker/health.server";
import type { PrimaryMessage, WebMessage } from "./cluster-protocol";

/** True in a web process forked by the primary. */
export function isWebProcess(): boolean {
  return cluster.isWorker;
}

function send(message: WebMessage) {
  if (process.connected) process.send?.(message);
}

/** Wires this web process to the primary; returns how to get the metrics of every process. */
export function joinCluster(options: { registry: Registry; jobsWorker: boolean; shutdown: (reason: string) => void }) {
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextRequest = 0;

  setWorkerWakeHook(() => send({ cns: "wake" }));
  // Until the primary's first word, the worker thread it runs is starting (not "disabled", which would read healthy).
  if (options.jobsWorker) setWorkerHealth({ state: "starting", lastBeatAt: null });

  process.on("message", (message: PrimaryMessage) => {
    if (typeof message !== "object" || message === null || !("cns" in message)) return;
    if (message.cns === "shutdown") options.shutdown("primary");
    else if (message.cns === "worker-health") setWorkerHealth(message.health);
    else if (message.cns === "metrics-collect") {
      void options.registry.getMetricsAsJSON().then((metrics) => send({ cns: "metrics-json", collectId: message.collectId, metrics }));
    } else if (message.cns === "metrics-text") {
      const request = waiting.get(message.requestId);
      if (!request) return;
      waiting.delete(message.requestId);
      clearTimeout(request.timer);
      if (message.text !== undefined) request.resolve(message.text);
      else request.reject(new Error(message.error ?? "no metrics"));
    }
  });
  // Without its primary nobody restarts or drains this process: stop cleanly rather than serve on alone.
  process.on("disconnect", () => options.shutdown("primary gone"));

  return {
    /** Every web process's metrics, aggregated by the primary (counters and histograms summed, database gauges once). */
    metricsText(): Promise<string> {
      const requestId = nextRequest++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(requestId);
          reject(new Error("the primary did not answer with the metrics"));
        }, 5_000);
        waiting.set(requestId, { resolve, reject, timer });
        send({ cns: "metrics-request", requestId });
      });
    },
  };
}
