/**
 * `npm run bench:national` (tsx bench/national.ts): a country on one node (issue 17), generated and measured
 * in one run, on one database file:
 *  1. households (default 9,000,000): officers' CSV files for each current province (34, after the 2025
 *     reform), its share by number of communes, in files of at most --file-rows rows (default 100,000, a
 *     few districts' lists), rows as bench:import writes them (bench/households-data.ts) with a province
 *     column; each imported through the command line (scripts/cli.mjs import-households, as `npm run
 *     import-households` runs it) with every province served: total seconds, CPU and peak RSS;
 *  2. listings (default 2,000,000) on a third as many of those households, verified first (the catalog
 *     bench's generator, bench/catalog-data.ts), indexed; search p50/p95 over bench/queries.json through
 *     the app's search module (searchUncached, warm-up then 10 rounds per query);
 *  3. the officer's dashboard page (what /can-bo/tong-quan runs, as bench/dashboard.ts times it) for an
 *     officer of one province (HOME_PROVINCE_CODE 82) and for an administrator (the whole country):
 *     median wall and CPU milliseconds of 5 runs after a warm-up;
 *  4. checkout p95 under --buyers concurrent buyers (default 50) on the built server over that database:
 *     --orders buyers (default 1,000), each with one unit in the cart, POST /thanh-toan, --buyers at a time;
 *  5. the file's size on disk (database + WAL) and the app's online backup of it (backupDatabase).
 * Ends with one JSON line. Options: --households=N --listings=N --file-rows=N --buyers=N --orders=N --dir=PATH (default
 * the system's temporary folder) --keep (leave the database) --skip-checkout (no build, no server).
 * --db=PATH measures a database a run kept, after the code changed: its pending migrations applied and timed
 * (migrate_seconds), then 2's search and 3's dashboards, 5; no import, no listings generated, no checkout.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "~/lib/db.server";
import { benchArgs, medianTimed, percentile, round } from "./support";
import { currentProvinces, writeHouseholdCsv } from "./households-data";

const { arg, has } = benchArgs();
const HOUSEHOLDS = Number(arg("households") ?? 9_000_000);
const LISTINGS = Number(arg("listings") ?? 2_000_000);
const BUYERS = Number(arg("buyers") ?? 50);
const ORDERS = Number(arg("orders") ?? 1_000);
const FILE_ROWS = Number(arg("file-rows") ?? 100_000);
const HOME = "82";
const log = (...parts: unknown[]) => console.error(...parts);

const provinces = currentProvinces();
const KEPT = arg("db");
const dir = KEPT ? path.dirname(path.resolve(KEPT)) : fs.mkdtempSync(path.join(arg("dir") ?? os.tmpdir(), "cns-bench-national-"));
const databasePath = KEPT ? path.resolve(KEPT) : path.join(dir, "national.db");
const SESSION_SECRET = crypto.randomBytes(32).toString("base64url");
// Every province served: farms of the whole country may register. Set before the app's modules read them.
const SERVED = provinces.map((p) => p.code).filter((c) => c !== HOME).join(",");
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_PATH: databasePath,
  SESSION_SECRET,
  SEED_DEMO: "false",
  LOG_LEVEL: "error",
  HOME_PROVINCE_CODE: HOME,
  SERVED_PROVINCE_CODES: SERVED,
});

const mb = (bytes: number) => bytes / 1024 / 1024;
const fileBytes = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const dbBytes = () => fileBytes(databasePath) + fileBytes(`${databasePath}-wal`);

/** 1. One file per province, generated, imported through the command line, deleted. */
async function importCountry() {
  const { freshDatabase, runCli } = await import("./import-cli");
  freshDatabase(databasePath);
  const communes = provinces.reduce((n, p) => n + p.communes, 0);
  let assigned = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  let generateSeconds = 0;
  let peakRssMb = 0;
  for (const [i, province] of provinces.entries()) {
    const rows = i === provinces.length - 1 ? HOUSEHOLDS - assigned : Math.round((HOUSEHOLDS * province.communes) / communes);
    assigned += rows;
    if (rows <= 0) continue;
    for (let part = 0; part * FILE_ROWS < rows; part++) {
      const partRows = Math.min(FILE_ROWS, rows - part * FILE_ROWS);
      const csv = path.join(dir, `ho-nong-dan-${province.code}-${part + 1}.csv`);
      const t = performance.now();
      await writeHouseholdCsv(csv, partRows, { province, seed: 20_260_305 + Number(province.code) * 1_000 + part, firstSerial: part * FILE_ROWS });
      generateSeconds += (performance.now() - t) / 1000;
      const run = await runCli(databasePath, csv, dir, [], { HOME_PROVINCE_CODE: HOME, SERVED_PROVINCE_CODES: SERVED });
      fs.rmSync(csv, { force: true });
      // 1: finished, some rows rejected (the ~1 % bad rows, addresses the importer will not guess).
      if (run.code !== 0 && run.code !== 1) throw new Error(`import of ${province.name} exited with ${run.code}`);
      seconds += run.seconds;
      cpuSeconds += run.cpuSeconds;
      peakRssMb = Math.max(peakRssMb, run.peakRssMb);
      const summary = run.stdout.trim().split("\n").filter((l) => l.startsWith("Đợt nhập")).pop() ?? "";
      log(
        `${province.code} ${province.name} ${part + 1}: ${partRows.toLocaleString("en-US")} rows in ${run.seconds.toFixed(1)} s (CPU ${run.cpuSeconds.toFixed(1)} s, ` +
          `${Math.round(partRows / run.seconds).toLocaleString("en-US")} rows/s), RSS ${run.peakRssMb.toFixed(0)} MB, db ${(dbBytes() / 1e9).toFixed(2)} GB · ${summary}`,
      );
    }
  }
  return { seconds, cpuSeconds, generateSeconds, peakRssMb };
}


async function catalogSearchDashboards() {
  const { openDatabase } = await import("~/lib/db.server");
  const { searchUncached } = await import("~/catalog/search.server");
  const { assignOfficerAreas } = await import("~/addresses/areas.server");
  const { insertBenchUser } = await import("./checkout-flow");
  const { onboardingFigures } = await import("~/dashboard/onboarding.server");
  const { onboardingSeries } = await import("~/dashboard/series.server");
  const { activeSellers } = await import("~/dashboard/sales.server");
  const { targetProgress } = await import("~/dashboard/targets.server");
  const db = openDatabase(databasePath);
  const sqlite = db.$client;
  try {
    // 2. Listings on existing households (a kept database has them), then search.
    const built = KEPT ? { listings: (sqlite.prepare("SELECT count(*) AS n FROM listings").get() as { n: number }).n } : await buildListings(db);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    // As bench:catalog does: the planner's statistics of a database this size.
    let t = performance.now();
    sqlite.exec("ANALYZE");
    log(`ANALYZE: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const queries = JSON.parse(fs.readFileSync(path.resolve("bench/queries.json"), "utf8")) as string[];
    for (const q of queries) searchUncached(db, { q });
    const times: number[] = [];
    for (const q of queries) {
      for (let i = 0; i < 10; i++) {
        t = performance.now();
        searchUncached(db, { q });
        times.push(performance.now() - t);
      }
    }
    const search = { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(Math.max(...times)) };
    log(`search: ${queries.length} queries × 10, p50 ${search.p50} ms, p95 ${search.p95} ms, max ${search.max} ms`);

    // 3. The dashboard page of an officer of one province, and of an administrator (the country).
    const officerPhone = "+84900000002";
    const keptOfficer = sqlite.prepare("SELECT id FROM users WHERE phone = ?").get(officerPhone) as { id: number } | undefined;
    const officer = { id: keptOfficer?.id ?? insertBenchUser(db, officerPhone, "officer", "Cán bộ tỉnh"), role: "officer" as const };
    if (!keptOfficer) assignOfficerAreas(db, officer.id, [{ kind: "province", code: HOME }]);
    const admin = { id: (sqlite.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as { id: number }).id, role: "admin" as const };
    const year = new Date().getFullYear();
    const page = (actor: typeof officer | typeof admin) => () => {
      onboardingFigures(db, actor, { groupBy: "commune" });
      onboardingSeries(db, actor, { period: "month" });
      activeSellers(db, actor, {});
      targetProgress(db, actor, year);
    };
    const inProvince = (
      sqlite
        .prepare("SELECT count(*) AS n FROM households WHERE commune_code IN (SELECT code FROM admin_units WHERE set_id = 'current' AND level = 'commune' AND province_code = ?)")
        .get(HOME) as { n: number }
    ).n;
    const dashboards = {
      provinceFigures: medianTimed(() => onboardingFigures(db, officer, { groupBy: "commune" })),
      province: medianTimed(page(officer)),
      countryFigures: medianTimed(() => onboardingFigures(db, admin, { groupBy: "commune" })),
      country: medianTimed(page(admin)),
    };
    for (const [name, d] of Object.entries(dashboards)) log(`dashboard ${name}: ${d.wall} ms (CPU ${d.cpu} ms)`);
    log(`  (province ${HOME}: ${inProvince.toLocaleString("en-US")} households)`);
    return { built, search, dashboards, inProvince };
  } finally {
    sqlite.close();
  }
}

async function buildListings(db: Db) {
  const { buildBenchCatalog } = await import("./catalog-data");
  const sellers = Math.max(1, Math.ceil(LISTINGS / 3));
  const built = buildBenchCatalog(db, { households: sellers, listings: LISTINGS, provinceCode: HOME, sellersFrom: "existing" });
  log(`catalog: ${built.listings.toLocaleString("en-US")} listings on ${built.households.toLocaleString("en-US")} verified households, ${built.indexed.toLocaleString("en-US")} indexed; insert ${built.buildMs} ms, index ${built.indexMs} ms`);
  return built;
}

/** A kept database brought to this code's schema: its pending migrations (and their backfills) timed. */
async function migrateKept() {
  const { migrateDatabase, openDatabase } = await import("~/lib/db.server");
  const db = openDatabase(databasePath);
  try {
    const t = performance.now();
    migrateDatabase(db);
    const seconds = (performance.now() - t) / 1000;
    log(`migrations of the kept database: ${seconds.toFixed(1)} s`);
    return seconds;
  } finally {
    db.$client.close();
  }
}

/** 4. Checkout under concurrent buyers, on the built server over the national database. */
async function checkout() {
  const { openDatabase } = await import("~/lib/db.server");
  const { createBenchBuyers, createBenchFarm, postCheckout } = await import("./checkout-flow");
  const { startBuiltServer } = await import("./support");
  const db = openDatabase(databasePath);
  const { household, publish } = await createBenchFarm(db);
  const listing = publish("Xoài cát Hòa Lộc loại 1", ORDERS * 2);
  const buyers = await createBenchBuyers(db, ORDERS, "30", listing);
  db.$client.close();
  let t = performance.now();
  const server = await startBuiltServer({ databasePath, uploadsDir: path.join(dir, "uploads"), log, env: { SESSION_SECRET, HOME_PROVINCE_CODE: HOME, SERVED_PROVINCE_CODES: SERVED } });
  log(`server built and started in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  try {
    const latencies: number[] = [];
    let placed = 0;
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: BUYERS }, async () => {
        while (next < buyers.length) {
          const buyer = buyers[next++];
          const started = performance.now();
          const res = await postCheckout(server.base, buyer.cookie, household, "cod");
          await res.arrayBuffer();
          latencies.push(performance.now() - started);
          if (res.status === 302 && (res.headers.get("Location") ?? "").startsWith("/thanh-toan/da-dat")) placed++;
        }
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    const result = { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1), placed, perSecond: round(buyers.length / seconds, 1) };
    log(`checkout: ${buyers.length} buyers, ${BUYERS} at a time: ${placed} placed, ${result.perSecond}/s, p50 ${result.p50} ms, p95 ${result.p95} ms`);
    if (placed !== buyers.length) throw new Error(`only ${placed} of ${buyers.length} checkouts were placed`);
    return result;
  } finally {
    await server.stop();
  }
}

/** 5. The app's online backup of the file (the copy is deleted: a disk holds two of these at most). */
async function backup() {
  const { openDatabase } = await import("~/lib/db.server");
  const { backupDatabase } = await import("~/lib/backup.server");
  const db = openDatabase(databasePath);
  try {
    const t = performance.now();
    const copy = await backupDatabase(db, path.join(dir, "backups"));
    const seconds = (performance.now() - t) / 1000;
    log(`backup: ${(copy.bytes / 1e9).toFixed(2)} GB in ${seconds.toFixed(1)} s`);
    fs.rmSync(copy.file, { force: true });
    return seconds;
  } finally {
    db.$client.close();
  }
}

async function main() {
  const started = performance.now();
  const disk = fs.statfsSync(dir);
  log(
    `bench:national — ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB memory, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ` +
      `${((disk.bavail * disk.bsize) / 1e9).toFixed(0)} GB free in ${dir}; ${HOUSEHOLDS.toLocaleString("en-US")} households, ${LISTINGS.toLocaleString("en-US")} listings`,
  );
  const migrateSeconds = KEPT ? await migrateKept() : null;
  const imported = KEPT ? null : await importCountry();
  const { openDatabase } = await import("~/lib/db.server");
  const counting = openDatabase(databasePath);
  const households = (counting.$client.prepare("SELECT count(*) AS n FROM households").get() as { n: number }).n;
  counting.$client.close();
  if (imported) {
    log(`import: ${households.toLocaleString("en-US")} households from ${HOUSEHOLDS.toLocaleString("en-US")} rows in ${imported.seconds.toFixed(0)} s (CPU ${imported.cpuSeconds.toFixed(0)} s), peak RSS ${imported.peakRssMb.toFixed(0)} MB; generating took ${imported.generateSeconds.toFixed(0)} s`);
  }
  const measured = await catalogSearchDashboards();
  const checkoutResult = has("skip-checkout") || KEPT ? null : await checkout();
  const dbGb = dbBytes() / 1e9;
  const backupSeconds = await backup();
  const figures = {
    bench: "national",
    households,
    rows: imported ? HOUSEHOLDS : null,
    national_import_seconds: imported ? round(imported.seconds, 1) : null,
    national_import_cpu_seconds: imported ? round(imported.cpuSeconds, 1) : null,
    peak_rss_mb: imported ? round(imported.peakRssMb, 0) : null,
    migrate_seconds: migrateSeconds === null ? null : round(migrateSeconds, 1),
    listings: measured.built.listings,
    search_p95_ms: measured.search.p95,
    province_households: measured.inProvince,
    dashboard_province_ms: measured.dashboards.province.wall,
    dashboard_province_cpu_ms: measured.dashboards.province.cpu,
    dashboard_country_ms: measured.dashboards.country.wall,
    dashboard_country_cpu_ms: measured.dashboards.country.cpu,
    checkout_p95_ms: checkoutResult?.p95 ?? null,
    checkouts_per_s: checkoutResult?.perSecond ?? null,
    db_gb: round(dbGb, 2),
    backup_seconds: round(backupSeconds, 1),
    load_avg: round(os.loadavg()[0], 1),
    cores: os.availableParallelism(),
    seconds: round((performance.now() - started) / 1000, 0),
  };
  log(`db ${mb(dbBytes()).toFixed(0)} MB`);
  console.log(JSON.stringify(figures));
}

try {
  await main();
} finally {
  if (has("keep") || KEPT) log(`kept ${databasePath}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
