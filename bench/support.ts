/**
 * What the benchmarks share: command-line options, percentiles, the built server they load, and the
 * autocannon run. Each benchmark keeps its own sizes and prints its own JSON line.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort, waitForServer } from "../tests/support/server";

/** --name=value options, --only=part (repeatable) and bare --flags. */
export function benchArgs(argv = process.argv.slice(2)) {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const only = argv.filter((a) => a.startsWith("--only=")).map((a) => a.slice(7));
  return {
    arg,
    has: (flag: string) => argv.includes(`--${flag}`),
    wants: (part: string) => only.length === 0 || only.includes(part),
  };
}

export const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Median wall and on-CPU milliseconds of 5 runs after a warm-up (CPU time holds on a busy machine). */
export function medianTimed(fn: () => unknown): { wall: number; cpu: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: round(percentile(wall, 50), 1), cpu: round(percentile(cpu, 50), 1) };
}

/** Builds the app (or, when the working tree does not build, a snapshot of HEAD) and returns its directory. */
function buildApp(log: (...parts: unknown[]) => void): string {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  const here = spawnSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "pipe"], env });
  if (here.status === 0) return process.cwd();
  log("the working tree does not build; measuring a snapshot of HEAD instead");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-src-"));
  const archive = spawnSync("sh", ["-c", `git archive HEAD | tar -x -C "${dir}"`], { stdio: "inherit" });
  if (archive.status !== 0) throw new Error("git archive failed");
  fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
  const snapshot = spawnSync("npm", ["run", "build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"], env });
  if (snapshot.status !== 0) throw new Error("the build failed on HEAD too");
  return dir;
}

/**
 * The production server on a free port over the given database, without the worker or the demo seed,
 * with the dev routes on (the bare page every benchmark compares with is /dev/bare). `env` adds or
 * overrides variables (e.g. the checkout benchmark's Stripe fake and worker).
 */
export async function startBuiltServer(options: {
  databasePath: string;
  uploadsDir: string;
  env?: Record<string, string>;
  log?: (...parts: unknown[]) => void;
}) {
  const root = buildApp(options.log ?? console.log);
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: options.databasePath,
      UPLOADS_DIR: options.uploadsDir,
      SEED_DEMO: "false",
      JOBS_WORKER: "false",
      DEV_ROUTES: "true",
      LOG_LEVEL: "error",
      // one web process unless a benchmark asks for more (bench:catalog's multi_process_speedup)
      WEB_CONCURRENCY: "1",
      ...options.env,
    },
  });
  // The server says it is running once every web process listens.
  let said = "";
  const running = new Promise<void>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (said.length < 10_000) said += chunk.toString();
      if (said.includes("is running at")) resolve();
    });
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(`${base}/healthz`, child);
  await Promise.race([running, new Promise((r) => setTimeout(r, 120_000))]);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (root !== process.cwd()) fs.rmSync(root, { recursive: true, force: true });
  };
  return { base, root, stop, pid: child.pid! };
}

/**
 * CPU time (ms) used so far by a process and its child processes that are alive (a cluster primary
 * and its web processes), from /proc; null where /proc is not there.
 */
export function processTreeCpuMs(pid: number): number | null {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const cpu = (id: number) => {
    const stat = fs.readFileSync(`/proc/${id}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs; // utime, stime
  };
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return cpu(pid) + children.reduce((sum, id) => sum + cpu(id), 0);
  } catch {
    return null;
  }
}

/** autocannon against one URL: requests per second, p95 latency, requests and failures. */
export async function loadTest(url: string, options: { connections: number; durationS: number }) {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: options.connections, duration: options.durationS, headers: { "accept-language": "vi" } });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  return {
    rps: round(result.requests.average, 1),
    p95: round(percentile(latencies, 95), 1),
    requests: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** Checks that every page answers, then loads each in turn (the bare page first, as the reference) and logs a line per page. */
export async function loadPages<Name extends string>(
  pages: Record<Name, string>,
  options: { connections: number; durationS: number; log: (...parts: unknown[]) => void },
): Promise<Record<Name, Awaited<ReturnType<typeof loadTest>>>> {
  const entries = Object.entries(pages) as Array<[Name, string]>;
  for (const [name, url] of entries) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${name} page ${url} answered ${res.status}`);
  }
  const width = Math.max(...entries.map(([name]) => name.length));
  const results = {} as Record<Name, Awaited<ReturnType<typeof loadTest>>>;
  for (const [name, url] of entries) {
    const r = (results[name] = await loadTest(url, options));
    options.log(`http ${name.padEnd(width)} ${String(r.rps).padStart(7)} req/s  p95 ${r.p95} ms  (${r.requests} requests${r.bad ? `, ${r.bad} failed` : ""})`);
  }
  return results;
}

/**
 * loadTest in a process of its own (bench/load-process.ts), so its CPU time is measured apart from the
 * server's: `loadCores` is how many cores the load generator itself kept busy on average.
 */
export async function loadTestInOwnProcess(url: string, options: { connections: number; durationS: number }) {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/load-process.ts", url, String(options.connections), String(options.durationS)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`load process exited with ${code}`);
  return JSON.parse(out.trim().split("\n").pop()!) as Awaited<ReturnType<typeof loadTest>> & { loadCores: number };
}
