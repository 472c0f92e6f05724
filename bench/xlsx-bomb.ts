/**
 * `npm run bench:xlsx-bomb` (tsx bench/xlsx-bomb.ts): how fast, and in how little memory, the importer
 * refuses an XLSX decompression bomb (issue finding 3: a 409 KB workbook inflating to 400 MB held an
 * upload for 33 s and took the server from 0.6 to 3 GB). Goal: refused in < 2,000 ms with < 100 MB extra.
 *  1. builds a valid workbook whose sheet inflates to --mb MiB (default 400), once with honest headers and
 *     once with headers that declare 64 KiB (refused while inflating, not from the directory);
 *  2. for each, a fresh process reads it with readRows (what the upload page and the command line call),
 *     timing the refusal and sampling its RSS growth (--runs times, default 3; medians, highest growth);
 *  3. the reference, in the same run: inflating the whole sheet with node:zlib, the least any reader
 *     without limits would spend on it;
 *  4. `npm run import-households` on the bomb as a child process (start-up and bundling included): its
 *     wall time, exit code and peak RSS.
 * Ends with one JSON line. Options: --mb=N --runs=N --keep (leave the temporary directory).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { insertUser } from "~/accounts/users.server";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { bombParts, zipParts } from "../tests/fixtures/imports/xlsx-zip";
import { benchArgs, percentile, round } from "./support";

const { arg, has } = benchArgs();
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (...parts: unknown[]) => console.error(...parts);
const GOAL_MS = 2000;
const GOAL_MB = 100;

interface ChildResult {
  key: string;
  ms: number;
  extraRssMb: number;
}

/** In the measuring child: one refusal, its time and RSS growth, as JSON on the last line of stdout. */
async function child(file: string): Promise<void> {
  const { readRows } = await import("~/imports/readers.server");
  const { AppError } = await import("~/lib/errors");
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 1);
  const started = performance.now();
  let key = "not refused";
  try {
    const reader = await readRows({ path: file });
    await reader.close();
  } catch (error) {
    key = error instanceof AppError ? error.messageKey : String(error);
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const result: ChildResult = { key, ms, extraRssMb: (peak - base) / 1024 / 1024 };
  console.log(JSON.stringify(result));
}

function measure(file: string): ChildResult {
  const out = spawnSync(process.execPath, ["--import", "tsx", "bench/xlsx-bomb.ts", `--child=${file}`], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const last = out.stdout.trim().split("\n").pop() ?? "";
  if (out.status !== 0 || !last.startsWith("{")) throw new Error(`measuring child failed (${out.status}): ${out.stderr}`);
  return JSON.parse(last) as ChildResult;
}

/** The reference: the sheet inflated whole with zlib, output discarded. */
async function inflateAll(parts: ReturnType<typeof bombParts>): Promise<number> {
  const sheet = parts[parts.length - 1];
  const started = performance.now();
  let bytes = 0;
  await pipeline(
    (async function* () {
      yield* sheet.data;
    })(),
    zlib.createInflateRaw({ chunkSize: 64 * 1024 }),
    new Writable({
      write(chunk: Buffer, _e, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  if (bytes !== sheet.size) throw new Error(`inflated ${bytes} bytes, expected ${sheet.size}`);
  return performance.now() - started;
}

async function runCli(dir: string, file: string): Promise<{ ms: number; code: number | null; peakRssMb: number; stderr: string }> {
  const dbFile = path.join(dir, "bench.db");
  const db = openDatabase(dbFile);
  migrateDatabase(db);
  ensureAdminUnits(db);
  insertUser(db, { phone: "+84901000001", name: "Quản trị bench", passwordHash: null, role: "admin", locale: "vi", phoneVerified: true });
  db.$client.close();
  const rssFile = path.join(dir, "rss.txt");
  const reporter = path.join(dir, "rss-report.mjs");
  fs.writeFileSync(reporter, `import fs from "node:fs";\nprocess.on("exit", () => fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
  const started = performance.now();
  const proc = spawn(process.execPath, ["--import", reporter, "scripts/cli.mjs", "import-households", file, "--consent"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbFile, BENCH_RSS_FILE: rssFile, NODE_ENV: "production", LOG_LEVEL: "silent" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((res) => proc.on("exit", (c) => res(c)));
  const ms = performance.now() - started;
  // maxRSS is in KiB.
  const peakRssMb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, "utf8")) / 1024 : NaN;
  return { ms, code, peakRssMb, stderr };
}

async function main() {
  const childFile = arg("child");
  if (childFile) return child(childFile);

  const mb = Number(arg("mb") ?? 400);
  const runs = Number(arg("runs") ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-bomb-"));
  log(`bench:xlsx-bomb — ${os.availableParallelism()} cores, node ${process.version}, a sheet inflating to ${mb} MiB, ${runs} runs`);
  try {
    const honestParts = bombParts(mb);
    const honest = path.join(dir, "bom.xlsx");
    const lying = path.join(dir, "bom-lying.xlsx");
    fs.writeFileSync(honest, zipParts(honestParts));
    fs.writeFileSync(lying, zipParts(bombParts(mb, { declaredSize: 64 * 1024 })));
    const fileKb = fs.statSync(honest).size / 1024;
    log(`workbook: ${fileKb.toFixed(0)} KB, sheet ${(honestParts[honestParts.length - 1].size / 1024 / 1024).toFixed(0)} MiB inflated`);

    const results: Record<"honest" | "lying", ChildResult[]> = { honest: [], lying: [] };
    for (let i = 0; i < runs; i++) {
      for (const [name, file] of [["honest", honest], ["lying", lying]] as const) {
        const r = measure(file);
        if (r.key !== "imports:errors.xlsxTooLarge") throw new Error(`${name} bomb: expected a refusal, got ${r.key}`);
        results[name].push(r);
        log(`${name}: refused in ${r.ms.toFixed(1)} ms, +${r.extraRssMb.toFixed(1)} MB`);
      }
    }
    const refMs = await inflateAll(honestParts);
    log(`reference: zlib inflates the sheet whole in ${refMs.toFixed(0)} ms`);
    const cli = await runCli(dir, honest);
    log(`import-households: exit ${cli.code} in ${cli.ms.toFixed(0)} ms, peak RSS ${cli.peakRssMb.toFixed(0)} MB; ${cli.stderr.trim().split("\n").pop()}`);

    const med = (name: "honest" | "lying") => percentile(results[name].map((r) => r.ms), 50);
    const worstMb = (name: "honest" | "lying") => Math.max(...results[name].map((r) => r.extraRssMb));
    const refuseMs = Math.max(med("honest"), med("lying"));
    const extraMb = Math.max(worstMb("honest"), worstMb("lying"));
    console.log(
      JSON.stringify({
        bench: "xlsx-bomb",
        cores: os.availableParallelism(),
        file_kb: round(fileKb, 0),
        inflated_mb: mb,
        refuse_ms: round(med("honest"), 1),
        extra_rss_mb: round(worstMb("honest"), 1),
        lying_refuse_ms: round(med("lying"), 1),
        lying_extra_rss_mb: round(worstMb("lying"), 1),
        inflate_all_ms: round(refMs, 0),
        cli_exit: cli.code,
        cli_ms: round(cli.ms, 0),
        cli_peak_rss_mb: round(cli.peakRssMb, 0),
        goal_met: refuseMs < GOAL_MS && extraMb < GOAL_MB && cli.code === 2,
      }),
    );
  } finally {
    if (has("keep")) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
