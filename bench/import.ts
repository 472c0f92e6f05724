/**
 * `npm run bench:import` (tsx bench/import.ts): the household importer on this machine (issue 5, "Measured").
 *  1. generates 276,882 household rows (the province's reported count) as officers' CSV (bench/households-data.ts): communes of the
 *     former Tiền Giang written as before the 2025 reform (former district + commune, with and without
 *     prefixes and diacritics) or as today, names with and without diacritics, phones whose leading zero
 *     Excel dropped, 11- and 12-digit CCCD, phones shared by relatives, repeated households, bad rows;
 *  2. imports it into a fresh database by running the command line (scripts/cli.mjs import-households, as
 *     `npm run import-households` does) as a child process, start-up and bundling included, with its peak
 *     RSS (maxRSS at exit);
 *  3. times the sqlite3 shell's `.import --csv` of the same file into a bare table (the physical reference);
 *  4. times a 10,000-row XLSX import through the same script;
 *  5. times the column-mapped path: the same rows under headers the importer cannot place by itself,
 *     imported with --map, one more column (year of birth) kept as an extra attribute (mapped_seconds).
 * Each import runs --runs times (default 3) and the sqlite3 shell 5 times; the medians are reported (the
 * machine is shared: one run may land on a busy second), the peak RSS is the highest of the runs.
 * cpu_seconds: the import's median CPU time (both threads), which holds better than wall time on a busy
 * machine; load_1m: the one-minute load average before the imports and after the sqlite3 runs.
 * Ends with one JSON line. Options: --rows=N --xlsx-rows=N --runs=N --keep (leave the temporary directory).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { benchArgs, percentile, round } from "./support";
import { BENCH_HEADER, householdRows, writeHouseholdCsv } from "./households-data";
import { freshDatabase, runCli } from "./import-cli";

const { arg, has } = benchArgs();
const ROWS = Number(arg("rows") ?? 276_882);
const XLSX_ROWS = Number(arg("xlsx-rows") ?? 10_000);
const KEEP = has("keep");
const IMPORT_RUNS = Number(arg("runs") ?? 3);
const SQLITE_RUNS = 5;
const log = (...parts: unknown[]) => console.error(...parts);

/**
 * The column-mapped path: the same rows under headers the importer cannot place by itself (imported with
 * --map), with a year of birth it keeps as an extra attribute.
 */
const MAPPED_HEADER = ["STT", "Người đứng tên", "Liên lạc", "Số CCCD", "Huyện", "Địa bàn", "Ấp", "Sản phẩm chính", "Diện tích (m2)", "Đồng ý", "Năm sinh"];
const MAPPED_ARGS = ["--map", "Người đứng tên=representativeName", "--map", "Liên lạc=phone", "--map", "Địa bàn=commune"];

/** A year of birth that follows the household (a repeated row repeats it): from the phone's last digits. */
const birthYear = (row: string[]) => 1940 + (Number(row[1].replace(/\D/g, "").slice(-2) || "0") % 60);

async function writeXlsx(file: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet("Danh sách hộ");
  sheet.addRow(BENCH_HEADER).commit();
  let n = 0;
  // Another seed: households of another file.
  for (const row of householdRows(count, 777)) {
    n++;
    // Phones and IDs as numbers, the way Excel stores what officers type.
    const cells: Array<string | number> = [n, ...row];
    if (/^\d+$/.test(row[1])) cells[2] = Number(row[1]);
    if (/^\d+$/.test(row[2])) cells[3] = Number(row[2]);
    sheet.addRow(cells).commit();
  }
  sheet.commit();
  await workbook.commit();
}

// ---------------------------------------------------------------------------------------------
// Runs

const median = (values: number[]) => percentile(values, 50);

function sqliteImport(file: string, dir: string): number {
  const db = path.join(dir, "bare.db");
  fs.rmSync(db, { force: true });
  const columns = BENCH_HEADER.map((_, i) => `c${i} TEXT`).join(", ");
  const started = performance.now();
  // --skip 2: the title row and the header, as the importer skips them.
  const result = spawnSync("sqlite3", [db, `CREATE TABLE t (${columns});`, `.import --csv --skip 2 ${file} t`], { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
  return seconds;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-import-"));
  try {
    const csv = path.join(dir, "ho-nong-dan.csv");
    let t = performance.now();
    await writeHouseholdCsv(csv, ROWS);
    log(`generated ${ROWS.toLocaleString("en-US")} rows (${(fs.statSync(csv).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // A two-core machine shared with others: each side is measured several times and the median taken,
    // the import into a fresh database each time; the peak RSS is the highest of the runs.
    const runs: Array<{ seconds: number; peakRssMb: number; cpuSeconds: number }> = [];
    // The machine is shared: its load over the last minute, said with the figures (os.loadavg).
    const loadBefore = os.loadavg()[0];
    for (let i = 0; i < IMPORT_RUNS; i++) {
      const dbFile = path.join(dir, `app-${i}.db`);
      freshDatabase(dbFile);
      const run = await runCli(dbFile, csv, dir);
      if (i === 0) log(run.stdout.trim());
      if (run.code !== 0 && run.code !== 1) throw new Error(`import exited with ${run.code}`);
      log(
        `CLI import ${i + 1}/${IMPORT_RUNS}: ${run.seconds.toFixed(2)} s, ${run.cpuSeconds.toFixed(2)} s CPU, ${Math.round(ROWS / run.seconds).toLocaleString("en-US")} rows/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
      );
      runs.push(run);
      fs.rmSync(dbFile, { force: true });
    }
    const importSeconds = median(runs.map((r) => r.seconds));
    const peakRssMb = Math.max(...runs.map((r) => r.peakRssMb));
    const cpuSeconds = median(runs.map((r) => r.cpuSeconds));

    const references: number[] = [];
    for (let i = 0; i < SQLITE_RUNS; i++) references.push(sqliteImport(csv, dir));
    const sqliteSeconds = median(references);
    const loadAfter = os.loadavg()[0];
    log(`sqlite3 .import: ${references.map((x) => x.toFixed(2)).join(", ")} s; median ${sqliteSeconds.toFixed(2)} s (ratio ${(importSeconds / sqliteSeconds).toFixed(1)})`);

    const xlsx = path.join(dir, "ho-nong-dan.xlsx");
    t = performance.now();
    await writeXlsx(xlsx, XLSX_ROWS);
    log(`generated ${XLSX_ROWS.toLocaleString("en-US")}-row XLSX in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const xlsxDb = path.join(dir, "xlsx.db");
    freshDatabase(xlsxDb);
    const xlsxRun = await runCli(xlsxDb, xlsx, dir);
    log(xlsxRun.stdout.trim());
    if (xlsxRun.code !== 0 && xlsxRun.code !== 1) throw new Error(`XLSX import exited with ${xlsxRun.code}`);
    log(`XLSX import: ${xlsxRun.seconds.toFixed(2)} s`);

    // The column-mapped path: the same number of rows, headers chosen with --map, one more column kept.
    const mappedCsv = path.join(dir, "ho-nong-dan-map.csv");
    await writeHouseholdCsv(mappedCsv, ROWS, { header: MAPPED_HEADER, extraCell: birthYear });
    const mappedDb = path.join(dir, "mapped.db");
    freshDatabase(mappedDb);
    const mappedRun = await runCli(mappedDb, mappedCsv, dir, MAPPED_ARGS);
    log(mappedRun.stdout.trim());
    if (mappedRun.code !== 0 && mappedRun.code !== 1) throw new Error(`mapped import exited with ${mappedRun.code}`);
    log(`mapped CLI import: ${mappedRun.seconds.toFixed(2)} s`);

    console.log(
      JSON.stringify({
        bench: "import",
        rows: ROWS,
        seconds: round(importSeconds),
        rows_per_s: Math.round(ROWS / importSeconds),
        peak_rss_mb: round(peakRssMb, 0),
        sqlite3_seconds: round(sqliteSeconds),
        ratio: round(importSeconds / sqliteSeconds, 1),
        cpu_seconds: round(cpuSeconds),
        load_1m: [round(loadBefore, 1), round(loadAfter, 1)],
        xlsx_10k_seconds: round(xlsxRun.seconds),
        mapped_seconds: round(mappedRun.seconds),
      }),
    );
  } finally {
    if (KEEP) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
