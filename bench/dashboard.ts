/**
 * Times the dashboard's queries on a generated province: 276,882 households (the province's
 * reported count) spread over the current communes of province 82, with their events, listings
 * and orders in realistic proportions. Run: npx tsx app/dashboard/bench.ts [db-file]
 * Prints one JSON line of figures: wall and on-CPU milliseconds, median of 5 runs after a warm-up.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureAdminUnits } from "~/addresses/load.server";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { onboardingFigures } from "~/dashboard/onboarding.server";
import { activeSellers } from "~/dashboard/sales.server";
import { onboardingSeries } from "~/dashboard/series.server";
import { setAreaTarget, targetProgress } from "~/dashboard/targets.server";
import { medianTimed } from "./support";

const HOUSEHOLDS = 276_882;

function generate(db: Db) {
  const sqlite = db.$client;
  const communes = (
    sqlite.prepare("SELECT code FROM admin_units WHERE set_id = 'current' AND level = 'commune' AND province_code = '82'").all() as {
      code: string;
    }[]
  ).map((r) => r.code);
  const users = sqlite.prepare("INSERT INTO users (phone, role, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
  const now = Date.now();
  const buyer = Number(users.run("+84900000001", "buyer", "Bench buyer", now, now).lastInsertRowid);
  const officer = Number(users.run("+84900000002", "officer", "Bench officer", now, now).lastInsertRowid);
  const admin = Number(users.run("+84900000003", "admin", "Bench admin", now, now).lastInsertRowid);
  assignOfficerAreas(db, officer, [{ kind: "province", code: "82" }]);

  const household = sqlite.prepare(
    `INSERT INTO households (display_name, representative_name, name_folded, phone, commune_code, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const event = sqlite.prepare("INSERT INTO household_events (household_id, from_status, to_status, created_at) VALUES (?, ?, ?, ?)");
  const listing = sqlite.prepare(
    `INSERT INTO listings (household_id, category, title, slug, unit, price_vnd, status, created_at, updated_at)
     VALUES (?, 'fruit', 'Xoài', ?, 'kg', 40000, ?, ?, ?)`,
  );
  const checkout = sqlite.prepare(
    `INSERT INTO checkouts (buyer_user_id, idempotency_key, payment_method, recipient_name, recipient_phone, commune_code, address_line, total_vnd, created_at)
     VALUES (?, ?, 'cod', 'B', '+84900000001', ?, 'x', ?, ?)`,
  );
  const order = sqlite.prepare(
    `INSERT INTO orders (code, checkout_id, buyer_user_id, household_id, status, payment_method, delivery_method, subtotal_vnd,
       delivery_fee_vnd, total_vnd, recipient_name, recipient_phone, commune_code, address_line, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'cod', 'pickup', ?, 0, ?, 'B', '+84900000001', ?, 'x', ?, ?)`,
  );
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const start = Date.UTC(2024, 0, 1);
  const span = now - start;
  const listingStatuses = ["published", "published", "draft", "paused", "sold_out", "archived"] as const;
  const orderStatuses = ["completed", "completed", "completed", "placed", "confirmed", "shipped", "delivered", "cancelled", "rejected", "expired"] as const;
  let orderSeq = 0;
  // Rows get created_at = the time they were inserted, so ids and registration times rise together.
  const createdTimes = Array.from({ length: HOUSEHOLDS }, () => start + Math.floor(rand() * span * 0.9)).sort((a, b) => a - b);
  sqlite.transaction(() => {
    for (let i = 0; i < HOUSEHOLDS; i++) {
      const commune = communes[Math.floor(rand() * communes.length)];
      const created = createdTimes[i];
      const roll = rand();
      // Only a part ever became able to trade: 40 % activated, 22 % verified, 2 % suspended.
      const stages: Array<[string | null, string]> = [[null, "registered"]];
      if (roll < 0.4) stages.push(["registered", "activated"]);
      if (roll < 0.22) stages.push(["activated", "verified"]);
      if (roll > 0.98) stages.push([stages[stages.length - 1][1], "suspended"]);
      const status = stages[stages.length - 1][1];
      const id = Number(household.run(`Hộ ${i}`, `Hộ ${i}`, `ho ${i}`, `+8491${String(i).padStart(7, "0")}`, commune, status, created, created).lastInsertRowid);
      let at = created;
      for (const [from, to] of stages) {
        event.run(id, from, to, at);
        at += Math.floor(rand() * 30 * 86_400_000);
      }
      if (status === "verified" && rand() < 0.6) {
        const n = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < n; k++) listing.run(id, `x-${id}-${k}`, listingStatuses[Math.floor(rand() * listingStatuses.length)], at, at);
        if (rand() < 0.4) {
          const m = 1 + Math.floor(rand() * 4);
          for (let k = 0; k < m; k++) {
            const total = 50_000 + Math.floor(rand() * 50) * 10_000;
            const c = Number(checkout.run(buyer, `k-${++orderSeq}`, commune, total, at).lastInsertRowid);
            const status = orderStatuses[Math.floor(rand() * orderStatuses.length)];
            order.run(`B-${orderSeq}`, c, buyer, id, status, total, total, commune, at, at);
          }
        }
      }
    }
  })();
  return { officer, admin };
}


const file = process.argv[2] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cns-dash-")), "bench.db");
const db = openDatabase(file);
migrateDatabase(db);
ensureAdminUnits(db);
const t0 = performance.now();
const { officer, admin } = generate(db);
const generateSeconds = Math.round(performance.now() - t0) / 1000;
const counts = db.$client
  .prepare(
    `SELECT (SELECT COUNT(*) FROM households) AS households, (SELECT COUNT(*) FROM household_events) AS events,
       (SELECT COUNT(*) FROM listings) AS listings, (SELECT COUNT(*) FROM orders) AS orders`,
  )
  .get() as Record<string, number>;
const officerActor = { id: officer, role: "officer" as const };
const adminActor = { id: admin, role: "admin" as const };
// Targets as a province would set them: the province, a former district and ten communes.
const year = new Date().getFullYear();
const target = { year, householdsToRegister: 50_000, householdsToVerify: 20_000, productsToList: 30_000 };
setAreaTarget(db, adminActor, { areaKind: "province", areaCode: "82", ...target });
setAreaTarget(db, adminActor, { areaKind: "former-district", areaCode: "815", ...target });
const someCommunes = db.$client
  .prepare("SELECT code FROM admin_units WHERE set_id = 'current' AND level = 'commune' AND province_code = '82' ORDER BY code LIMIT 10")
  .pluck()
  .all() as string[];
for (const code of someCommunes) setAreaTarget(db, adminActor, { areaKind: "commune", areaCode: code, ...target });
const cases: Record<string, () => unknown> = {
  officer_by_commune: () => onboardingFigures(db, officerActor, { groupBy: "commune" }),
  officer_by_former_district: () => onboardingFigures(db, officerActor, { groupBy: "formerDistrict" }),
  officer_by_commune_2025: () =>
    onboardingFigures(db, officerActor, { groupBy: "commune", from: new Date("2025-01-01T00:00:00+07:00"), to: new Date("2026-01-01T00:00:00+07:00") }),
  admin_by_commune: () => onboardingFigures(db, adminActor, { groupBy: "commune" }),
  officer_series_month: () => onboardingSeries(db, officerActor, { period: "month" }),
  officer_series_week: () => onboardingSeries(db, officerActor, { period: "week" }),
  officer_active_sellers: () => activeSellers(db, officerActor, {}),
  officer_targets: () => targetProgress(db, officerActor, year),
  // What /can-bo/tong-quan runs for one request.
  officer_page: () => {
    onboardingFigures(db, officerActor, { groupBy: "commune" });
    onboardingSeries(db, officerActor, { period: "month" });
    activeSellers(db, officerActor, {});
    targetProgress(db, officerActor, year);
  },
};
const figures: Record<string, number> = {};
for (const [name, fn] of Object.entries(cases)) {
  const { wall, cpu } = medianTimed(fn);
  figures[`${name}_ms`] = wall;
  figures[`${name}_cpu_ms`] = cpu;
}
console.log(
  JSON.stringify({ bench: "dashboard", cores: os.cpus().length, loadavg: os.loadavg()[0], generate_seconds: generateSeconds, ...counts, ...figures }),
);
db.$client.close();
if (!process.argv[2]) fs.rmSync(path.dirname(file), { recursive: true, force: true });
