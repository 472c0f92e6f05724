/**
 * Every core serving (decision 0038): `WEB_CONCURRENCY` web processes over the one SQLite file, with
 * node:cluster. The primary prepares the database once, runs the one jobs worker thread, forks the web
 * processes (they share the port: the primary hands out connections in turn), restarts one that dies
 * with a back-off, and on SIGTERM/SIGINT has every web process drain before it exits 0. It serves no
 * request itself. The web processes' side of the conversation is in cluster-worker.server.ts.
 */
import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import { AggregatorRegistry } from "prom-client";
import type { Logger } from "pino";
import { wakeWorker } from "~/jobs/wake.server";
import { onWorkerHealth } from "~/worker/health.server";
import type { PrimaryMessage, WebMessage } from "./cluster-protocol";

/**
 * How many web processes: WEB_CONCURRENCY when set, else one per core. Development keeps one
 * (`remix dev` reloads the build in the one process it talks to).
 */
export function webConcurrency(configured: number | undefined, nodeEnv: string, cores: number = os.availableParallelism()): number {
  if (configured !== undefined) return Math.max(1, Math.floor(configured));
  return nodeEnv === "development" ? 1 : Math.max(1, cores);
}

/**
 * Where the jobs worker thread runs: nowhere (JOBS_WORKER=false), in the single process as before, or in
 * the primary when there are several web processes — so exactly one runs, no web process's crash or
 * restart interrupts a job, and there is no hand-over to get wrong.
 */
export function jobsWorkerPlacement(concurrency: number, jobsWorker: boolean): "none" | "single-process" | "primary" {
  if (!jobsWorker) return "none";
  return concurrency > 1 ? "primary" : "single-process";
}

/** A web process that lived this long had started fine: its death starts the back-off again. */
export const STABLE_AFTER_MS = 30_000;
const FIRST_RESTART_MS = 500;
const MAX_RESTART_MS = 30_000;

/**
 * When to fork again after a web process died: soon the first time, then twice as long after each
 * death that follows a short life, so a process that crashes at start-up does not spin the CPU.
 */
export function restartPlan(previousFailures: number, livedMs: number): { failures: number; delayMs: number } {
  const failures = livedMs >= STABLE_AFTER_MS ? 1 : previousFailures + 1;
  return { failures, delayMs: Math.min(MAX_RESTART_MS, FIRST_RESTART_MS * 2 ** (failures - 1)) };
}

interface PrimaryOptions {
  concurrency: number;
  /** the script each web process runs (scripts/serve.ts) */
  exec: string;
  log: Logger;
  /** starts the jobs worker thread (null: JOBS_WORKER=false) */
  startJobs: (() => { stop(): Promise<void> }) | null;
  /** once, when every web process listens for the first time */
  onListening: () => void;
  /** after every web process and the jobs worker stopped, before exit */
  onStopped: () => void | Promise<void>;
  /** how long web processes may take to drain before they are killed */
  drainTimeoutMs?: number;
}

interface Slot {
  worker: Worker | null;
  /** listening: it has the primary's messages wired (a process still starting has nothing to drain) */
  listening: boolean;
  startedAt: number;
  failures: number;
  timer: NodeJS.Timeout | null;
}

/** The primary: forks, supervises and drains the web processes; never returns. */
export function runPrimary(options: PrimaryOptions): void {
  const { log } = options;
  const slots: Slot[] = Array.from({ length: options.concurrency }, () => ({ worker: null, listening: false, startedAt: 0, failures: 0, timer: null }));
  let stopping = false;
  let announced = false;
  const everListened = new Set<number>();
  let lastHealth: PrimaryMessage | null = null;

  cluster.setupPrimary({ exec: options.exec });

  // The web processes answer /healthz for the jobs worker that runs here (subscribed first: its "starting" counts too).
  const stopHealth = onWorkerHealth((health) => {
    lastHealth = { cns: "worker-health", health };
    broadcast(lastHealth);
  });
  const jobs = options.startJobs?.() ?? null;

  function broadcast(message: PrimaryMessage) {
    for (const slot of slots) if (slot.worker?.isConnected()) slot.worker.send(message);
  }

  function fork(index: number) {
    const slot = slots[index];
    slot.timer = null;
    const worker = cluster.fork({ CNS_WEB_PROCESS: String(index + 1) });
    slot.worker = worker;
    slot.listening = false;
    slot.startedAt = Date.now();
    worker.on("message", (message: WebMessage) => handle(worker, message));
    worker.once("listening", () => {
      slot.listening = true;
      log.info({ web: index + 1, workerPid: worker.process.pid }, "web process listening");
      if (lastHealth && worker.isConnected()) worker.send(lastHealth);
      everListened.add(index);
      if (!announced && everListened.size === slots.length) {
        announced = true;
        options.onListening();
      }
    });
    worker.once("exit", (code, signal) => {
      if (slot.worker === worker) slot.worker = null;
      if (stopping) return;
      const plan = restartPlan(slot.failures, Date.now() - slot.startedAt);
      slot.failures = plan.failures;
      log.error({ web: index + 1, workerPid: worker.process.pid, exitCode: code, signal, restartInMs: plan.delayMs }, "web process died; restarting it");
      slot.timer = setTimeout(() => fork(index), plan.delayMs);
    });
  }

  // /metrics: the web process that was asked collects every process's registry through here.
  const pendingMetrics = new Map<number, { from: Worker; requestId: number; waiting: number; parts: object[][]; timer: NodeJS.Timeout }>();
  let nextCollect = 0;

  function finishMetrics(collectId: number) {
    const pending = pendingMetrics.get(collectId);
    if (!pending) return;
    pendingMetrics.delete(collectId);
    clearTimeout(pending.timer);
    AggregatorRegistry.aggregate(pending.parts)
      .metrics()
      .then(
        (text) => reply(pending.from, { cns: "metrics-text", requestId: pending.requestId, text }),
        (error: unknown) => reply(pending.from, { cns: "metrics-text", requestId: pending.requestId, error: String(error) }),
      );
  }

  function reply(worker: Worker, message: PrimaryMessage) {
    if (worker.isConnected()) worker.send(message);
  }

  function handle(from: Worker, message: WebMessage) {
    if (typeof message !== "object" || message === null || !("cns" in message)) return;
    if (message.cns === "wake") wakeWorker();
    else if (message.cns === "metrics-request") {
      const collectId = nextCollect++;
      const targets = slots.map((s) => s.worker).filter((w): w is Worker => w?.isConnected() ?? false);
      // A process that does not answer within 2 s (busy, dying) is left out rather than failing the scrape.
      const timer = setTimeout(() => finishMetrics(collectId), 2_000);
      pendingMetrics.set(collectId, { from, requestId: message.requestId, waiting: targets.length, parts: [], timer });
      for (const target of targets) target.send({ cns: "metrics-collect", collectId } satisfies PrimaryMessage);
    } else if (message.cns === "metrics-json") {
      const pending = pendingMetrics.get(message.collectId);
      if (!pending) return;
      pending.parts.push(message.metrics);
      if (--pending.waiting <= 0) finishMetrics(message.collectId);
    }
  }

  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: draining the web processes");
    for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
    const running = slots.filter((s) => s.worker !== null && !s.worker.isDead());
    const exited = running.map((s) => new Promise<void>((resolve) => s.worker!.once("exit", () => resolve())));
    for (const { worker, listening } of running) {
      if (listening && worker!.isConnected()) worker!.send({ cns: "shutdown" } satisfies PrimaryMessage);
      else worker!.process.kill("SIGTERM");
    }
    const force = setTimeout(() => {
      log.warn("web processes did not drain in time; killing them");
      for (const { worker } of running) if (worker && !worker.isDead()) worker.process.kill("SIGKILL");
    }, options.drainTimeoutMs ?? 10_000);
    await Promise.all([...exited, jobs?.stop()]);
    clearTimeout(force);
    stopHealth();
    await options.onStopped();
    log.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  log.info({ webProcesses: options.concurrency, jobsWorker: jobs ? "primary" : "none" }, "starting web processes");
  for (let i = 0; i < slots.length; i++) fork(i);
}
