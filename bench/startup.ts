/**
 * `npm run bench:startup`: what a first start costs on this machine. Loads the shipped administrative
 * units (three sets and the old→new mapping) into a freshly migrated database, then calls the loader
 * again on the loaded database (the no-op every later start pays). The reference, measured in the same
 * run: the sqlite3 shell's `.import --csv` of the same CSV files into bare tables (no folding, no
 * indexes, no mapping), so the ratio holds on a busy machine.
 * Each step runs --runs times (default 3); medians are reported. Ends with one JSON line.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ADMIN_UNITS_DIR, ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { benchArgs, percentile, round } from "./support";

const { arg } = benchArgs();
const RUNS = Math.max(1, Number(arg("runs") ?? 3));
const log = (...parts: unknown[]) => console.log(...parts);
const median = (values: number[]) => round(percentile(values, 50));

function timed<T>(fn: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function loadOnce(dir: string, run: number) {
  const db = openDatabase(path.join(dir, `units-${run}.db`));
  try {
    migrateDatabase(db);
    const load = timed(() => ensureAdminUnits(db));
    if (!load.result.loaded) throw new Error("a fresh database should have loaded the units");
    const noop = timed(() => ensureAdminUnits(db));
    if (noop.result.loaded) throw new Error("the second call should have found the units loaded");
    return { loadMs: load.ms, noopMs: noop.ms };
  } finally {
    db.$client.close();
  }
}

/** The sqlite3 shell reading the same files into bare tables (header row → columns). */
function shellImportOnce(dir: string, run: number, files: string[]): number {
  const file = path.join(dir, `shell-${run}.db`);
  const commands = files.map((f, i) => `.import --csv ${path.join(ADMIN_UNITS_DIR, f)} t${i}`);
  const started = performance.now();
  const result = spawnSync("sqlite3", [file, ...commands], { encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
  return ms;
}

function main() {
  log(`bench:startup — nproc ${os.availableParallelism()}, node ${process.version}, ${RUNS} runs`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-startup-"));
  const files = fs.readdirSync(ADMIN_UNITS_DIR).filter((f) => f.endsWith(".csv"));
  try {
    const loads: number[] = [];
    const noops: number[] = [];
    const shell: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { loadMs, noopMs } = loadOnce(dir, run);
      loads.push(loadMs);
      noops.push(noopMs);
      shell.push(shellImportOnce(dir, run, files));
      log(`run ${run + 1}: load ${round(loadMs)} ms, already loaded ${round(noopMs)} ms, sqlite3 .import ${round(shell[run])} ms`);
    }
    const figures = {
      admin_units_load_ms: median(loads),
      admin_units_noop_ms: median(noops),
      sqlite3_import_ms: median(shell),
      load_vs_sqlite3_ratio: round(median(loads) / median(shell)),
    };
    log(`admin units: load ${figures.admin_units_load_ms} ms (${figures.load_vs_sqlite3_ratio}× the sqlite3 shell's import), already loaded ${figures.admin_units_noop_ms} ms`);
    console.log(JSON.stringify({ bench: "startup", cores: os.availableParallelism(), loadavg: round(os.loadavg()[0]), ...figures }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
