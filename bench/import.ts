/**
 * `npm run bench:import` (tsx bench/import.ts): the household importer on this machine (issue 5, "Measured").
 *  1. generates 276,882 household rows (the province's reported count) as officers' CSV: communes of the
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
 * Ends with one JSON line. Options: --rows=N --xlsx-rows=N --runs=N --keep (leave the temporary directory).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { insertUser } from "~/accounts/users.server";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { fold } from "~/lib/text";
import { benchArgs, percentile, round } from "./support";
import { seededRandom } from "../db/seed/random";

const { arg, has } = benchArgs();
const ROWS = Number(arg("rows") ?? 276_882);
const XLSX_ROWS = Number(arg("xlsx-rows") ?? 10_000);
const KEEP = has("keep");
const IMPORT_RUNS = Number(arg("runs") ?? 3);
const SQLITE_RUNS = 5;
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (...parts: unknown[]) => console.error(...parts);

// ---------------------------------------------------------------------------------------------
// Realistic rows

const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Lý", "Châu", "Tô", "Lâm"];
const MIDDLES = ["Văn", "Thị", "Minh", "Hữu", "Thanh", "Ngọc", "Quốc", "Kim", "Công", "Hoàng", "Thị Kim", "Văn Út"];
const GIVEN = ["Bé", "Hoa", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Hùng", "Dũng", "Lan", "Hạnh", "Phúc", "Lộc", "Tài", "Thảo", "Trinh", "Nghĩa", "Đức", "Hiền", "Cúc", "Mai", "Sơn", "Tâm", "Hậu", "Lợi", "Thắng", "Nhàn", "Yến"];
const PRODUCTS = ["Lúa", "Xoài cát Hòa Lộc", "Sầu riêng Ri6", "Vú sữa Lò Rèn", "Thanh long", "Bưởi da xanh", "Khóm Tân Phước", "Dừa", "Mít", "Chôm chôm", "Heo", "Gà ta", "Cá tra", "Rau màu", "Nghêu Gò Công", "Sơri", "Cam sành", "Lúa, dừa", "Sầu riêng, mít"];
const HAMLETS = ["Mỹ Lợi", "Hòa Quý", "Bình Hưng", "Tân Phong", "Ấp 1", "Ấp 2", "Ấp 3", "Long Hòa", "An Thạnh", "Phú Hưng"];
const MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098"];

/** The text as typed without marks ("Nguyễn Văn Bé" → "Nguyen Van Be"): folded, each word keeping its capital. */
function stripDiacritics(s: string): string {
  return s
    .split(" ")
    .map((word) => {
      const plain = fold(word);
      return word[0] !== word[0]?.toLowerCase() ? plain.charAt(0).toUpperCase() + plain.slice(1) : plain;
    })
    .join(" ");
}

interface Place {
  district: string;
  commune: string;
}

/**
 * Former Tiền Giang communes that went whole into one current commune, and the current communes, each
 * with the former district of one of the communes it was made of: a current name alone is often also a
 * former commune's name elsewhere in the merged province, and the importer rightly refuses to guess.
 */
function places(): { former: Place[]; current: Place[] } {
  const text = fs.readFileSync(path.join(ROOT, "db/data/admin-units/vn_commune_mapping_2025-07-01_old_to_new.csv"), "utf8");
  const lines = text.split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(","));
  const tg = lines.filter((c) => c[0] === "82");
  const targets = new Map<string, number>();
  for (const c of tg) targets.set(c[4], (targets.get(c[4]) ?? 0) + 1);
  const former = tg.filter((c) => c[9] === "full" && targets.get(c[4]) === 1).map((c) => ({ district: c[3], commune: c[5] }));
  const current = new Map<string, Place>();
  for (const c of tg) if (!current.has(c[7])) current.set(c[7], { district: c[3], commune: c[7] });
  return { former, current: [...current.values()] };
}

const PREFIXES: Array<[RegExp, string[]]> = [
  [/^Huyện /, ["Huyện ", "H. ", ""]],
  [/^Thị xã /, ["Thị xã ", "TX. ", "TX "]],
  [/^Thành phố /, ["Thành phố ", "TP. ", "TP "]],
  [/^Xã /, ["Xã ", "X. ", ""]],
  [/^Phường /, ["Phường ", "P. "]],
  [/^Thị trấn /, ["Thị trấn ", "TT. ", "TT "]],
];

/** "Huyện Cái Bè" as officers write it: "H. Cái Bè", "Cái Bè", "Huyen Cai Be". */
function writeUnit(name: string, r: () => number): string {
  let out = name;
  for (const [re, variants] of PREFIXES) {
    if (re.test(name)) {
      out = variants[Math.floor(r() * variants.length)] + name.replace(re, "");
      break;
    }
  }
  return r() < 0.15 ? stripDiacritics(out) : out;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const BENCH_HEADER = ["STT", "Họ và tên chủ hộ", "Số điện thoại", "Số CCCD", "Huyện", "Xã/Phường", "Ấp", "Sản phẩm chính", "Diện tích (m2)", "Đồng ý"];

/** Yields data rows (without STT): deterministic for a seed. */
function* householdRows(count: number, seed: number): Generator<string[]> {
  const r = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const { former, current } = places();
  let serial = 0;
  let previous: string[] | null = null;
  for (let i = 0; i < count; i++) {
    // About 0.5 % repeat an earlier household (a second list of the same hamlet).
    if (previous && r() < 0.005) {
      yield previous;
      continue;
    }
    serial++;
    let name = `${pick(SURNAMES)} ${pick(MIDDLES)} ${pick(GIVEN)}`;
    if (r() < 0.25) name = stripDiacritics(name);
    let phone = `${pick(MOBILE_PREFIXES)}${String(Math.floor(r() * 10_000_000)).padStart(7, "0")}`;
    // Relatives share a phone (a different name keeps them apart).
    if (previous && r() < 0.03) phone = previous[1];
    else if (r() < 0.1) phone = phone.slice(1); // Excel dropped the zero
    else if (r() < 0.2) phone = `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
    let cccd = "";
    if (r() < 0.6) {
      // 082 (born in Tiền Giang), century/gender digit, birth year, then a serial: unique per household.
      cccd = `082${r() < 0.5 ? "0" : "1"}${String(40 + Math.floor(r() * 60)).padStart(2, "0")}${String(serial).padStart(6, "0")}`;
      if (r() < 0.15) cccd = cccd.slice(1); // 11 digits: Excel dropped the zero
    }
    let district = "";
    let commune: string;
    if (r() < 0.7) {
      const place = pick(former);
      district = writeUnit(place.district, r);
      commune = writeUnit(place.commune, r);
    } else {
      const place = pick(current);
      district = writeUnit(place.district, r);
      commune = writeUnit(place.commune, r);
    }
    const area = r() < 0.8 ? String(500 + Math.floor(r() * 20_000)) : "";
    const row = [name, phone, cccd, district, commune, pick(HAMLETS), pick(PRODUCTS), area, "Có"];
    // About 1 % bad rows: a short phone, an unknown commune, an ID of the wrong length.
    const bad = r();
    if (bad < 0.004) row[1] = phone.slice(0, 6);
    else if (bad < 0.007) row[4] = "Xã Không Tồn Tại";
    else if (bad < 0.01) row[2] = "12345";
    previous = row;
    yield row;
  }
}

/**
 * The column-mapped path: the same rows under headers the importer cannot place by itself (imported with
 * --map), with a year of birth it keeps as an extra attribute.
 */
const MAPPED_HEADER = ["STT", "Người đứng tên", "Liên lạc", "Số CCCD", "Huyện", "Địa bàn", "Ấp", "Sản phẩm chính", "Diện tích (m2)", "Đồng ý", "Năm sinh"];
const MAPPED_ARGS = ["--map", "Người đứng tên=representativeName", "--map", "Liên lạc=phone", "--map", "Địa bàn=commune"];

/** A year of birth that follows the household (a repeated row repeats it): from the phone's last digits. */
const birthYear = (row: string[]) => 1940 + (Number(row[1].replace(/\D/g, "").slice(-2) || "0") % 60);

async function writeCsv(file: string, count: number, header = BENCH_HEADER): Promise<void> {
  const mapped = header === MAPPED_HEADER;
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once("drain", () => res())));
  // BOM and a title row, as Excel and officers write them.
  await write(`\uFEFFDANH SÁCH HỘ NÔNG DÂN ĐĂNG KÝ BÁN HÀNG TRỰC TUYẾN\n${header.join(",")}\n`);
  let n = 0;
  let buffer = "";
  for (const row of householdRows(count, 20_260_305)) {
    n++;
    buffer += `${n},${row.map(csvCell).join(",")}${mapped ? `,${birthYear(row)}` : ""}\n`;
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(buffer);
  await new Promise<void>((res) => out.end(() => res()));
}

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

function freshDatabase(file: string): void {
  const db = openDatabase(file);
  migrateDatabase(db);
  ensureAdminUnits(db);
  insertUser(db, { phone: "+84901000001", name: "Quản trị bench", passwordHash: null, role: "admin", locale: "vi", phoneVerified: true });
  db.$client.close();
}

/** Runs the import command as a child (its launcher bundles it, then runs it in the same process); wall time and peak RSS. */
async function runCli(dbFile: string, file: string, dir: string, extraArgs: string[] = []): Promise<{ seconds: number; peakRssMb: number; code: number | null; stdout: string }> {
  const rssFile = path.join(dir, `rss-${path.basename(file)}.txt`);
  const reporter = path.join(dir, "rss-report.mjs");
  fs.writeFileSync(
    reporter,
    `import fs from "node:fs";\nprocess.on("exit", () => fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`,
  );
  const started = performance.now();
  // What `npm run import-households -- FILE --consent` runs (without npm's own start-up).
  const child = spawn(process.execPath, ["--import", reporter, "scripts/cli.mjs", "import-households", file, "--consent", ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbFile, BENCH_RSS_FILE: rssFile, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in KiB.
  const peakRssMb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, "utf8")) / 1024 : NaN;
  return { seconds, peakRssMb, code, stdout };
}

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
    await writeCsv(csv, ROWS);
    log(`generated ${ROWS.toLocaleString("en-US")} rows (${(fs.statSync(csv).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // A two-core machine shared with others: each side is measured several times and the median taken,
    // the import into a fresh database each time; the peak RSS is the highest of the runs.
    const runs: Array<{ seconds: number; peakRssMb: number }> = [];
    for (let i = 0; i < IMPORT_RUNS; i++) {
      const dbFile = path.join(dir, `app-${i}.db`);
      freshDatabase(dbFile);
      const run = await runCli(dbFile, csv, dir);
      if (i === 0) log(run.stdout.trim());
      if (run.code !== 0 && run.code !== 1) throw new Error(`import exited with ${run.code}`);
      log(`CLI import ${i + 1}/${IMPORT_RUNS}: ${run.seconds.toFixed(2)} s, ${Math.round(ROWS / run.seconds).toLocaleString("en-US")} rows/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
      runs.push(run);
      fs.rmSync(dbFile, { force: true });
    }
    const importSeconds = median(runs.map((r) => r.seconds));
    const peakRssMb = Math.max(...runs.map((r) => r.peakRssMb));

    const references: number[] = [];
    for (let i = 0; i < SQLITE_RUNS; i++) references.push(sqliteImport(csv, dir));
    const sqliteSeconds = median(references);
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
    await writeCsv(mappedCsv, ROWS, MAPPED_HEADER);
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
