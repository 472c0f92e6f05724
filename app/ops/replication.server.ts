import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import type { env } from "~/lib/env.server";
import { isProcessAlive } from "~/lib/process-alive.server";

/**
 * Continuous replication of the SQLite file with Litestream 0.3.13 (decision 0040): the config it
 * reads, the process beside the server (logs into ours, restarted with a back-off, stopped after the
 * server drains) and `litestream restore` for `npm run restore -- --from-replica`.
 */
type Config = Pick<
  ReturnType<typeof env>,
  "DATABASE_PATH" | "LITESTREAM_REPLICA_URL" | "LITESTREAM_ENDPOINT" | "LITESTREAM_REGION" | "LITESTREAM_SYNC_INTERVAL"
>;

const globalForReplication = globalThis as unknown as { __replication?: { supervised: Supervised; pidFile: string } };

export type Replica = { kind: "file"; dir: string } | { kind: "s3"; url: string; endpoint?: string; region?: string };

/**
 * Litestream looks at the WAL this often (its default is 1 s) and ships what it found at most every
 * LITESTREAM_SYNC_INTERVAL: their sum, plus the upload, is what a lost disk can take with it.
 */
const MONITOR_INTERVAL = "250ms";

/** LITESTREAM_REPLICA_URL as env.server.ts accepted it; null when unset. */
export function replicaOf(config: Config): Replica | null {
  const url = config.LITESTREAM_REPLICA_URL;
  if (!url) return null;
  if (/^s3:\/\//i.test(url)) return { kind: "s3", url, endpoint: config.LITESTREAM_ENDPOINT, region: config.LITESTREAM_REGION };
  const dir = /^file:\/\//i.test(url) ? decodeURIComponent(new URL(url).pathname) : url;
  return { kind: "file", dir: path.resolve(dir) };
}

/** Where a replica is, for people: the directory, or the bucket URL and its service. */
export function describeReplica(replica: Replica): string {
  if (replica.kind === "file") return replica.dir;
  return replica.endpoint ? `${replica.url} at ${new URL(replica.endpoint).host}` : replica.url;
}

/**
 * The YAML Litestream 0.3.13 reads (`dbs:` with a `replicas:` list). Values are JSON strings, which
 * YAML reads as double-quoted scalars; Litestream is run with -no-expand-env so a `$` stays a `$`.
 * Bucket keys are not written: Litestream reads LITESTREAM_ACCESS_KEY_ID/…SECRET_ACCESS_KEY itself.
 */
export function litestreamConfig(databasePath: string, replica: Replica, syncInterval: string): string {
  const q = (value: string) => JSON.stringify(value);
  const lines = ["dbs:", `  - path: ${q(path.resolve(databasePath))}`, `    monitor-interval: ${MONITOR_INTERVAL}`, "    replicas:"];
  if (replica.kind === "file") {
    lines.push("      - type: file", `        path: ${q(replica.dir)}`);
  } else {
    lines.push(`      - url: ${q(replica.url)}`);
    // Path-style addressing (bucket in the path, not the host name) is what S3-compatible services accept.
    if (replica.endpoint) lines.push(`        endpoint: ${q(replica.endpoint)}`, "        force-path-style: true");
    if (replica.region) lines.push(`        region: ${q(replica.region)}`);
  }
  lines.push(`        sync-interval: ${syncInterval}`);
  return `${lines.join("\n")}\n`;
}

/** The Litestream binary of @flydotio/litestream-<platform>-<arch> (the @flydotio/litestream launcher would hide the process from us, and its other platforms are not on every registry). */
export function litestreamBinary(): string {
  const name = `@flydotio/litestream-${process.platform}-${process.arch}/litestream`;
  try {
    return createRequire(import.meta.url).resolve(name);
  } catch {
    throw new Error(`Litestream has no binary for ${process.platform}-${process.arch} here (${name}); install it or unset LITESTREAM_REPLICA_URL`);
  }
}

/** The files beside the database, next to Litestream's own `.<name>-litestream` directory. */
export function replicationFiles(databasePath: string) {
  const file = path.resolve(databasePath);
  const base = path.join(path.dirname(file), `.${path.basename(file)}-litestream`);
  return { config: `${base}.yml`, pid: `${base}.pid`, shadowDir: base };
}

/** The start line: where the database is replicated, or that it is not. */
export function replicationStartLine(config: Config, running = globalForReplication.__replication !== undefined): string {
  const replica = replicaOf(config);
  if (!replica) return "No continuous replica (LITESTREAM_REPLICA_URL unset): only backups protect the database (npm run backup, scheduled backups).";
  if (!running) return `LITESTREAM_REPLICA_URL is set but this process does not replicate: npm start runs Litestream, the bare server does not.`;
  return `Replicating ${path.resolve(config.DATABASE_PATH)} to ${describeReplica(replica)} with Litestream (every ${config.LITESTREAM_SYNC_INTERVAL}).`;
}

export interface Supervised {
  /** the running Litestream's process id, null between a crash and its restart */
  pid(): number | null;
  /** SIGTERM (Litestream ships what is left), SIGKILL if it has not exited after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/** Restart delays after a crash, in ms; back to the first once it has run for a minute. */
export const RESTART_DELAYS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
const HEALTHY_RUN_MS = 60_000;

type Spawn = (command: string, args: string[]) => ChildProcess;

/**
 * Runs `command args` and keeps it running: its output goes into `log` line by line, an exit we did
 * not ask for is logged and followed by a restart after the next back-off delay.
 */
export function supervise(options: {
  command: string;
  args: string[];
  log: Logger;
  spawnProcess?: Spawn;
  delays?: number[];
  onStart?: (pid: number) => void;
}): Supervised {
  const delays = options.delays ?? RESTART_DELAYS;
  // Its own process group: a Ctrl-C in the terminal reaches only the server, which stops it after draining.
  const start: Spawn =
    options.spawnProcess ?? ((command, args) => spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env, detached: true }));
  let child: ChildProcess | null = null;
  let stopping = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = () => {
    timer = null;
    const startedAt = Date.now();
    const current = start(options.command, options.args);
    child = current;
    for (const stream of [current.stdout, current.stderr]) if (stream) forwardLines(stream, options.log);
    exited = new Promise((resolve) => {
      current.once("exit", (code, signal) => {
        if (child === current) child = null;
        resolve();
        if (stopping) return;
        failures = Date.now() - startedAt >= HEALTHY_RUN_MS ? 1 : failures + 1;
        const delay = delays[Math.min(failures, delays.length) - 1];
        options.log.error({ exitCode: code, signal, restartInMs: delay }, "litestream exited; restarting");
        timer = setTimeout(launch, delay);
        timer.unref();
      });
    });
    current.once("error", (error) => options.log.error({ err: error }, "litestream could not be started"));
    if (current.pid !== undefined) options.onStart?.(current.pid);
  };
  launch();

  return {
    pid: () => child?.pid ?? null,
    async stop(graceMs = 10_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      running.kill("SIGTERM");
      const force = setTimeout(() => running.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(force);
    },
  };
}

/** Litestream logs `time=… level=INFO msg="…" key=value…`: each line becomes one of our log lines at its level. */
export function parseLitestreamLine(line: string): { level: "debug" | "info" | "warn" | "error"; msg: string } {
  const level = /\blevel=(\w+)/.exec(line)?.[1]?.toLowerCase();
  const msg = line.replace(/^time=\S+\s+/, "").replace(/^level=\w+\s+/, "");
  return { level: level === "error" ? "error" : level === "warn" ? "warn" : level === "debug" ? "debug" : "info", msg };
}

function forwardLines(stream: NodeJS.ReadableStream, log: Logger) {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      const { level, msg } = parseLitestreamLine(line);
      log[level](`litestream: ${msg}`);
    }
  });
}

/**
 * A Litestream left behind by a server that was killed (SIGKILL, a crash) still replicates: a second
 * one on the same replica would damage it, so it is stopped first. Only a process whose command line
 * names our config file is touched (Linux's /proc; elsewhere it is left alone and reported).
 */
async function stopLeftover(pidFile: string, configFile: string, log: Logger) {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    log.warn({ pid }, "a process from a previous run may still replicate this database; stop it if it is Litestream");
    return;
  }
  if (!cmdline.includes(configFile)) return;
  log.warn({ pid }, "stopping a Litestream left running by a previous server");
  process.kill(pid, "SIGTERM");
  for (let waited = 0; isProcessAlive(pid) && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isProcessAlive(pid)) process.kill(pid, "SIGKILL");
}


/**
 * With LITESTREAM_REPLICA_URL set, writes the config beside the database and starts Litestream under
 * supervision, once per process; returns null (and does nothing) without a replica.
 */
export async function startReplication(config: Config, log: Logger): Promise<Supervised | null> {
  const replica = replicaOf(config);
  if (!replica || globalForReplication.__replication) return globalForReplication.__replication?.supervised ?? null;
  const files = replicationFiles(config.DATABASE_PATH);
  await stopLeftover(files.pid, files.config, log);
  fs.writeFileSync(files.config, litestreamConfig(config.DATABASE_PATH, replica, config.LITESTREAM_SYNC_INTERVAL));
  const supervised = supervise({
    command: litestreamBinary(),
    args: ["replicate", "-config", files.config, "-no-expand-env"],
    log: log.child({ component: "litestream" }),
    onStart: (pid) => fs.writeFileSync(files.pid, `${pid}\n`),
  });
  globalForReplication.__replication = { supervised, pidFile: files.pid };
  return supervised;
}

/** Stops this process's Litestream, if it runs one (after the server has drained: it ships the last writes). */
export async function stopReplication(): Promise<void> {
  const running = globalForReplication.__replication;
  globalForReplication.__replication = undefined;
  if (!running) return;
  await running.supervised.stop();
  fs.rmSync(running.pidFile, { force: true });
}

/**
 * `litestream restore` of the newest state in the replica into a new file in a temporary directory;
 * throws with Litestream's own words when it fails, returns null when the replica holds nothing.
 */
export function restoreFromLitestream(
  databasePath: string,
  replica: Replica,
  options: { timestamp?: string; binary?: string } = {},
): { file: string; cleanup(): void; output: string } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-replica-restore-"));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const configFile = path.join(dir, "litestream.yml");
  const file = path.join(dir, "restored.db");
  fs.writeFileSync(configFile, litestreamConfig(databasePath, replica, "1s"));
  const args = ["restore", "-config", configFile, "-no-expand-env", "-if-replica-exists", "-o", file];
  if (options.timestamp) args.push("-timestamp", options.timestamp);
  args.push(path.resolve(databasePath));
  const result = spawnSync(options.binary ?? litestreamBinary(), args, { encoding: "utf8", env: process.env });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.error || result.status !== 0) {
    cleanup();
    throw new Error(`litestream restore failed (${result.error?.message ?? `exit ${result.status}`}): ${output.split("\n").slice(-3).join(" ")}`);
  }
  if (!fs.existsSync(file)) {
    cleanup();
    return null;
  }
  return { file, cleanup, output };
}
