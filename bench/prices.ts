/**
 * `npm run bench:prices` (tsx bench/prices.ts): market price figures on this machine (issue 6, "Measured").
 *  1. import 2,000,000 observations (200 commodities × 30 markets × 333 days) from a CSV in the project's
 *     template through the same importer as scripts/import-prices.ts, into a fresh temporary database;
 *  2. p95 of the commodity page's data query (365-day series + per-market table + chart + min/max/modal
 *     + spike flags) and of the board query (latest price of all 200 commodities with the change against
 *     7 and 30 days and the spike flag), then both once right after a write (spike flags recomputed);
 *  3. HTTP throughput of the board and a commodity page beside /dev/bare of the same server (autocannon,
 *     127.0.0.1, bounded duration).
 * Ends with one JSON line. Options: --commodities=N --markets=N --days=N --duration=S --only=import|queries|http --keep.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addDays, todayInVietnam } from "~/lib/clock";
import { migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { getCommodityBySlug, upsertCommodity, upsertMarket } from "~/prices/catalog.server";
import { importPriceFile } from "~/prices/import.server";
import { commodityData } from "~/prices/pages.server";
import { priceBoard } from "~/prices/queries.server";
import { benchArgs, loadPages, percentile, round, startBuiltServer } from "./support";

const { arg, has, wants } = benchArgs();
const COMMODITIES = Number(arg("commodities") ?? 200);
const MARKETS = Number(arg("markets") ?? 30);
const DAYS = Number(arg("days") ?? 333);
const DURATION_S = Number(arg("duration") ?? 8);
const CONNECTIONS = 16;
const ROUNDS = 200;
const CATEGORIES = ["fruit", "vegetables", "rice-grains", "seafood", "livestock-poultry"];

const log = (...parts: unknown[]) => console.log(...parts);

// ---------------------------------------------------------------------------------------------
// 1. Import

function setUpCatalog(db: Db) {
  for (let c = 0; c < COMMODITIES; c++) {
    upsertCommodity(db, { slug: `mat-hang-${c}`, nameVi: `Mặt hàng ${c}`, nameEn: `Commodity ${c}`, category: CATEGORIES[c % CATEGORIES.length] });
  }
  for (let m = 0; m < MARKETS; m++) upsertMarket(db, { slug: `cho-${m}`, name: `Chợ ${m}`, kind: "wholesale", communeCode: null });
}

/** The template CSV, streamed to disk: one row per commodity, market and day. */
async function writeCsv(file: string, endDate: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("date,commodity,market,unit,min_vnd,max_vnd,avg_vnd,grade,price_type,source\n");
  let rows = 0;
  let seed = 12345;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let d = DAYS - 1; d >= 0; d--) {
    const date = addDays(endDate, -d);
    let chunk = "";
    for (let c = 0; c < COMMODITIES; c++) {
      const base = 5_000 + c * 500;
      for (let m = 0; m < MARKETS; m++) {
        const avg = Math.round((base * (1 + (rand() - 0.5) * 0.2)) / 100) * 100;
        chunk += `${date},mat-hang-${c},cho-${m},kg,${avg - 500},${avg + 500},${avg},,wholesale,bench\n`;
        rows++;
      }
    }
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(r));
  return rows;
}

async function benchImport(db: Db, dir: string, endDate: string) {
  setUpCatalog(db);
  const file = path.join(dir, "prices.csv");
  const t0 = performance.now();
  const written = await writeCsv(file, endDate);
  log(`csv: ${written} rows, ${round(fs.statSync(file).size / 1e6, 1)} MB written in ${round((performance.now() - t0) / 1000, 1)} s`);
  const started = performance.now();
  const summary = await importPriceFile(db, file, {
    format: "template",
    isDemo: true,
    today: endDate,
    batchSize: 100_000,
    progressEvery: 250_000,
    onProgress: (n) => process.stdout.write(`  import: ${n} rows…\r`),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write("\n");
  log(`import: ${summary.rows} rows read, ${summary.written} written, ${summary.errorCount} bad in ${round(seconds, 1)} s (${Math.round(summary.rows / seconds)} rows/s)`);
  if (summary.errorCount > 0) throw new Error(`bench import refused rows: ${JSON.stringify(summary.errors.slice(0, 3))}`);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.exec("ANALYZE");
  fs.rmSync(file);
  return { observations: summary.written, seconds: round(seconds, 1) };
}

// ---------------------------------------------------------------------------------------------
// 2. Queries

/** Wall-clock and on-CPU milliseconds of one call: on a shared machine the CPU time shows the query's own cost. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function benchQueries(db: Db) {
  const slugs = Array.from({ length: COMMODITIES }, (_, c) => `mat-hang-${c}`);
  const commodityParams = new URLSearchParams({ days: "365" });
  // Warm-up: prepared statements and page cache.
  for (const slug of slugs.slice(0, 20)) commodityData(db, slug, commodityParams, "vi");
  priceBoard(db);
  const commodityTimes: number[] = [];
  const commodityCpu: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const slug = slugs[(i * 37) % slugs.length];
    const { value: data, wall, cpu } = timed(() => commodityData(db, slug, commodityParams, "vi"));
    commodityTimes.push(wall);
    commodityCpu.push(cpu);
    if (!data || data.series.length === 0) throw new Error(`no series for ${slug}`);
  }
  const boardTimes: number[] = [];
  const boardCpu: number[] = [];
  for (let i = 0; i < 50; i++) {
    const { value: rows, wall, cpu } = timed(() => priceBoard(db));
    boardTimes.push(wall);
    boardCpu.push(cpu);
    if (rows.length !== COMMODITIES) throw new Error(`board has ${rows.length} rows`);
  }
  const filteredTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    priceBoard(db, { category: "fruit", marketIds: [1 + (i % MARKETS)] });
    filteredTimes.push(performance.now() - t);
  }
  // The spike flag's monthly series are cached until a price changes (the price version its
  // triggers keep): time the first board and commodity page after a write elsewhere (a market's
  // name: the cache stays) and after a price write (a no-op update of one observation: every
  // commodity's months are recomputed on the next read).
  const cold = (write: string, fn: () => unknown) => {
    db.$client.prepare(write).run();
    return round(timed(fn).wall);
  };
  const otherWrite = "UPDATE markets SET name = name WHERE id = (SELECT MIN(id) FROM markets)";
  const priceWrite = "UPDATE price_observations SET avg_vnd = avg_vnd WHERE id = (SELECT MIN(id) FROM price_observations)";
  const boardColdMs = cold(otherWrite, () => priceBoard(db));
  const commodityColdMs = cold(otherWrite, () => commodityData(db, slugs[1], commodityParams, "vi"));
  const boardPriceWriteMs = cold(priceWrite, () => priceBoard(db));
  const commodityPriceWriteMs = cold(priceWrite, () => commodityData(db, slugs[1], commodityParams, "vi"));
  log(`after another write: board ${boardColdMs} ms, commodity page ${commodityColdMs} ms`);
  log(`after a price write (spike flags recomputed): board ${boardPriceWriteMs} ms, commodity page ${commodityPriceWriteMs} ms`);
  const commodity = { p50: round(percentile(commodityTimes, 50)), p95: round(percentile(commodityTimes, 95)) };
  const board = { p50: round(percentile(boardTimes, 50)), p95: round(percentile(boardTimes, 95)) };
  const commodityCpuP95 = round(percentile(commodityCpu, 95));
  const boardCpuP95 = round(percentile(boardCpu, 95));
  log(`commodity page data (365 days, ${MARKETS} markets): p50 ${commodity.p50} ms, p95 ${commodity.p95} ms (target ≤ 20); on-CPU p95 ${commodityCpuP95} ms`);
  log(`board (${COMMODITIES} commodities, change vs 7/30 days): p50 ${board.p50} ms, p95 ${board.p95} ms (target ≤ 50); on-CPU p95 ${boardCpuP95} ms`);
  log(`board filtered by category and market: p95 ${round(percentile(filteredTimes, 95))} ms`);
  return { commodityP95: commodity.p95, boardP95: board.p95, commodityCpuP95, boardCpuP95, boardColdMs, commodityColdMs, boardPriceWriteMs, commodityPriceWriteMs };
}

// ---------------------------------------------------------------------------------------------
// 3. HTTP

async function benchHttp(base: string) {
  const pages = {
    bare: `${base}/dev/bare`,
    board: `${base}/gia-ca`,
    commodity: `${base}/gia-ca/mat-hang-${Math.floor(COMMODITIES / 2)}`,
  };
  const results = await loadPages(pages, { connections: CONNECTIONS, durationS: DURATION_S, log });
  const ratio = round(Math.min(results.board.rps, results.commodity.rps) / results.bare.rps, 3);
  log(`page vs bare ratio (slower of board and commodity page): ${ratio} (target ≥ 0.9)`);
  return { ratio, results };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`bench:prices — nproc ${os.availableParallelism()}, node ${process.version}, ${COMMODITIES} commodities × ${MARKETS} markets × ${DAYS} days`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-prices-"));
  const databasePath = path.join(dir, "bench.db");
  const figures: Record<string, number | null> = {
    observations: null,
    import_seconds: null,
    commodity_p95_ms: null,
    board_p95_ms: null,
    page_vs_bare_ratio: null,
    commodity_cpu_p95_ms: null,
    board_cpu_p95_ms: null,
    board_after_write_ms: null,
    commodity_after_write_ms: null,
    board_after_price_write_ms: null,
    commodity_after_price_write_ms: null,
    load_average_1m: null,
  };
  const endDate = todayInVietnam();
  let server: Awaited<ReturnType<typeof startBuiltServer>> | null = null;
  const db = openDatabase(databasePath);
  try {
    migrateDatabase(db);
    const imported = await benchImport(db, dir, endDate);
    figures.observations = imported.observations;
    figures.import_seconds = imported.seconds;
    if (!getCommodityBySlug(db, "mat-hang-0")) throw new Error("catalog missing");
    if (wants("queries")) {
      const q = benchQueries(db);
      figures.commodity_p95_ms = q.commodityP95;
      figures.board_p95_ms = q.boardP95;
      figures.commodity_cpu_p95_ms = q.commodityCpuP95;
      figures.board_cpu_p95_ms = q.boardCpuP95;
      figures.board_after_write_ms = q.boardColdMs;
      figures.commodity_after_write_ms = q.commodityColdMs;
      figures.board_after_price_write_ms = q.boardPriceWriteMs;
      figures.commodity_after_price_write_ms = q.commodityPriceWriteMs;
    }
    if (wants("http")) {
      server = await startBuiltServer({ databasePath, uploadsDir: path.join(dir, "uploads"), log });
      figures.page_vs_bare_ratio = (await benchHttp(server.base)).ratio;
    }
  } finally {
    await server?.stop();
    db.$client.close();
    if (!has("keep")) fs.rmSync(dir, { recursive: true, force: true });
    else log(`kept ${databasePath}`);
  }
  // Other work on the machine inflates wall-clock figures; the load average says how much.
  figures.load_average_1m = round(os.loadavg()[0], 2);
  log(`nproc ${os.availableParallelism()}, load average ${os.loadavg().map((l) => round(l, 2)).join(" ")}`);
  console.log(JSON.stringify({ bench: "prices", ...figures }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
