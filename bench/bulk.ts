/**
 * Bulk actions over 100,000 households: hand-over codes (printed: an HMAC and a sealed copy per
 * phone; printed and sent, with a queued message per phone, over 20,000), bulk verification (through verifyHousehold, one household's transition
 * at a time) and the CSV and XLSX exports, each run as the job runs it (runBulkAction). The exports'
 * resident memory is sampled every 20 ms: before the exports, during an export of 20,000 households
 * and during the 100,000 one, so a peak that grew with the rows would show. The reference measured in
 * the same run is a plain better-sqlite3 scan of the same 100,000 rows.
 * Run: npm run bench:bulk [-- --households=100000]. Prints one JSON line.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchArgs, round } from "./support";

const { arg } = benchArgs();
const HOUSEHOLDS = Number(arg("households") ?? 100_000);
const SMALL = Math.min(20_000, HOUSEHOLDS);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-bulk-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.UPLOADS_DIR = path.join(dir, "uploads");
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? "warn";

const { ensureAdminUnits } = await import("~/addresses/load.server");
const { assignOfficerAreas } = await import("~/addresses/areas.server");
const { migrateDatabase, openDatabase } = await import("~/lib/db.server");
const { startBulkAction } = await import("~/households/bulk.server");
const { runBulkAction } = await import("~/households/bulk-run.server");

const db = openDatabase(process.env.DATABASE_PATH);
migrateDatabase(db);
ensureAdminUnits(db);
const sqlite = db.$client;

const now = Date.now();
const insertUser = sqlite.prepare("INSERT INTO users (phone, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
const officerId = Number(insertUser.run("+84900000002", "officer", "Bench officer", now, now).lastInsertRowid);
assignOfficerAreas(db, officerId, [{ kind: "province", code: "82" }]);
const officer = { id: officerId, role: "officer" as const };

// Direct inserts: the bench measures the bulk actions, not registration.
const communes = (sqlite.prepare("SELECT code FROM admin_units WHERE set_id = 'current' AND level = 'commune' AND province_code = '82'").all() as { code: string }[]).map((r) => r.code);
const insertHousehold = sqlite.prepare(
  `INSERT INTO households (display_name, representative_name, name_folded, phone, national_id, national_id_kind, commune_code, address_line, status, import_batch_id, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, 'cccd', ?, ?, 'registered', ?, ?, ?)`,
);
let t0 = performance.now();
sqlite.transaction(() => {
  for (let i = 1; i <= HOUSEHOLDS; i++) {
    const name = `Nguyễn Văn Hộ ${i}`;
    insertHousehold.run(name, name, `nguyen van ho ${i}`, `+8491${String(i).padStart(7, "0")}`, `082${String(100_000_000 + i).padStart(9, "0")}`, communes[i % communes.length], `Ấp ${1 + (i % 12)}`, i <= SMALL ? 1 : 2, now, now);
  }
})();
const seedSeconds = (performance.now() - t0) / 1000;

t0 = performance.now();
let scanned = 0;
for (const row of sqlite.prepare("SELECT * FROM households ORDER BY id").iterate()) if (row) scanned += 1;
const scanSeconds = (performance.now() - t0) / 1000;

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

/** Runs an action as its job would, sampling RSS meanwhile; seconds and the peak. */
async function timed(kind: "handOverCodes" | "verify" | "exportCsv" | "exportXlsx", filters: Record<string, unknown>, options = {}) {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  const action = startBulkAction(db, officer, { kind, filters, options, origin: "https://cho.example" });
  const done = await runBulkAction(db, action.id);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (done.status !== "completed") throw new Error(`${kind} ended ${done.status}`);
  return { seconds, peak, action: done };
}

const rssBeforeExport = process.memoryUsage.rss();
const csvSmall = await timed("exportCsv", { batchId: 1 });
const xlsxSmall = await timed("exportXlsx", { batchId: 1 });
const csv = await timed("exportCsv", {});
const xlsx = await timed("exportXlsx", {});
const codes = await timed("handOverCodes", {}, { delivery: "print" });
// Sending as well queues one rendered message per phone (the outbox's own insert): measured on the smaller set.
const codesWithMessages = await timed("handOverCodes", { batchId: 1 }, { delivery: "both" });
// Every household claimed its account meanwhile (direct SQL), so the whole set can be verified.
sqlite.prepare("UPDATE households SET status = 'activated'").run();
const verify = await timed("verify", { stage: "activated" }, { method: "in_person_id_card", note: "Họp ấp" });

const result = {
  bench: "bulk",
  households: HOUSEHOLDS,
  cores: os.cpus().length,
  seed_seconds: round(seedSeconds),
  reference_scan_seconds: round(scanSeconds, 3),
  codes_seconds: round(codes.seconds),
  codes_issued: codes.action.result?.issued ?? 0,
  codes_and_messages_households: SMALL,
  codes_and_messages_seconds: round(codesWithMessages.seconds),
  messages_queued: codesWithMessages.action.result?.messages ?? 0,
  verify_seconds: round(verify.seconds),
  verified: verify.action.result?.verified ?? 0,
  csv_seconds: round(csv.seconds),
  csv_mb: mb(fs.statSync(csv.action.resultPath!).size),
  xlsx_seconds: round(xlsx.seconds),
  xlsx_mb: mb(fs.statSync(xlsx.action.resultPath!).size),
  csv_vs_scan: round(csv.seconds / scanSeconds, 1),
  rss_before_export_mb: mb(rssBeforeExport),
  export_peak_rss_mb: mb(Math.max(csv.peak, xlsx.peak)),
  export_small_households: SMALL,
  export_small_peak_rss_mb: mb(Math.max(csvSmall.peak, xlsxSmall.peak)),
  csv_peak_rss_mb: mb(csv.peak),
  xlsx_peak_rss_mb: mb(xlsx.peak),
  rows_scanned: scanned,
};
console.log(JSON.stringify(result));
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
