/**
 * The onboarding counters (migration 0018, decision 0044) against the rows they stand for: random histories
 * written through the app's own modules (registration by officers and by farmers, the CSV import, activation,
 * verification, suspension and reinstatement, moves between communes, deletion, listings published and taken
 * down, orders placed and moved along) over many Vietnam days, then every dashboard figure read from the
 * counters is compared with the same figure read from the rows (`rows: true`, the queries the counters replace),
 * and the counters kept by the triggers with the counters the migration's backfill computes from scratch.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshTestDb } from "../../tests/db";
import { HEADER, writeCsv } from "../../tests/fixtures/imports/support";
import { makeUser } from "~/accounts/test-utils";
import type { Actor } from "~/accounts/access";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { reinstateHousehold, activateHousehold, suspendHousehold, verifyHousehold } from "~/households/lifecycle.server";
import { createOwnHousehold, updateHouseholdProfile } from "~/households/profile.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { batchForCli, runImport } from "~/imports/batches.server";
import { resetEnvForTests } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { createListing, setListingStatus } from "~/listings/listings.server";
import type { ListingStatus } from "~/listings/options";
import { STATUS_TRANSITIONS } from "~/listings/status";
import { householdInput, listingInput } from "~/listings/test-utils";
import { placeCheckout } from "~/orders/checkout.server";
import { ORDER_TRANSITIONS, transitionOrder } from "~/orders/state-machine.server";
import { checkoutInput } from "~/orders/test-fixtures";
import type { HouseholdInput } from "~/households/profile.server";
import { onboardingFigures } from "./onboarding.server";
import { activeSellers, SALE_AT, SALE_STATUSES } from "./sales.server";
import { scopeFor } from "./scope.server";
import { onboardingSeries } from "./series.server";
import { setAreaTarget, targetProgress } from "./targets.server";
import { COMMUNES, vn } from "./test-fixture";

// Hà Nội served too, so households live in, and move between, two provinces (each has its own province rows).
process.env.SERVED_PROVINCE_CODES = "01";
const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => {
  vi.useRealTimers();
  delete process.env.SERVED_PROVINCE_CODES;
  resetEnvForTests();
  db.cleanup();
});

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODES = Object.values(COMMUNES);
let admin: Actor;
let provinceOfficer: Actor;
let fewOfficer: Actor;
let buyer: Actor;

interface Farm {
  id: number;
  owner: Actor | null;
  input: HouseholdInput;
}

/** Runs a step; a step the app refuses (a transition not allowed now, a duplicate) is simply not taken. */
function attempt(step: () => unknown) {
  try {
    step();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

const ask = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as Array<Record<string, number | string>>;

async function importRows(actor: Actor, rows: string[][]) {
  const file = writeCsv([HEADER, ...rows]);
  const { batch } = await batchForCli(db, { kind: "households", actor, filePath: file, fileName: "households.csv", batchConsent: true, locale: "vi", dryRun: false });
  await runImport(db, batch.id);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** Builds the history: `steps` random steps, the clock moving 1–30 hours between them. */
async function buildHistory(seed: number, steps: number) {
  const rnd = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const farms: Farm[] = [];
  let clock = vn("2025-12-20T08:00:00").getTime();
  let seq = 0;
  const listingIds: Array<{ id: number; farm: Farm }> = [];
  const orderIds: Array<{ id: number; farm: Farm }> = [];
  vi.useFakeTimers({ toFake: ["Date"] });
  for (let i = 0; i < steps; i++) {
    clock += Math.floor((1 + rnd() * 29) * 3_600_000);
    vi.setSystemTime(clock);
    const roll = rnd();
    const farm = farms.length ? pick(farms) : null;
    if (roll < 0.15 || !farm) {
      const input = householdInput({ communeCode: pick(CODES), phone: `09130${String(++seq).padStart(5, "0")}` });
      attempt(() => farms.push({ id: registerHouseholdByOfficer(db, admin, { ...input, consentAt: new Date(), consentSource: "Phiếu giấy" }).id, owner: null, input }));
    } else if (roll < 0.22) {
      vi.useRealTimers();
      const owner = await makeUser(db, "farmer");
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(clock);
      const input = householdInput({ communeCode: pick(CODES), phone: `09140${String(++seq).padStart(5, "0")}` });
      attempt(() => {
        const created = { id: createOwnHousehold(db, owner, input).id, owner, input };
        farms.push(created);
        // Most farms that sign up themselves are verified soon (only a verified farm may publish).
        if (rnd() < 0.8) verifyHousehold(db, admin, created.id, { method: "in_person_id_card" });
      });
    } else if (roll < 0.25) {
      const rows = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
        const n = ++seq;
        return [`Nguyễn Văn Nhập ${n}`, `09150${String(n).padStart(5, "0")}`, "", pick(["Đạo Thạnh", "Mỹ Tho"]), "", "Xoài", "", "Có"];
      });
      await importRows(admin, rows);
    } else if (roll < 0.33) {
      attempt(() => verifyHousehold(db, admin, farm.id, { method: "in_person_id_card" }));
    } else if (roll < 0.36 && farm.owner) {
      attempt(() => activateHousehold(db, farm.id, farm.owner!));
    } else if (roll < 0.41) {
      attempt(() => suspendHousehold(db, admin, farm.id, "Kiểm tra lại", { announce: false }));
    } else if (roll < 0.46) {
      attempt(() => reinstateHousehold(db, admin, farm.id));
    } else if (roll < 0.51) {
      farm.input = { ...farm.input, communeCode: pick(CODES) };
      attempt(() => updateHouseholdProfile(db, admin, farm.id, farm.input));
    } else if (roll < 0.54) {
      // No module deletes a household; an erasure or an operator may. Its listings and events go with it.
      if (ask("SELECT 1 FROM orders WHERE household_id = ?", farm.id).length === 0) {
        db.$client.prepare("DELETE FROM households WHERE id = ?").run(farm.id);
        farms.splice(farms.indexOf(farm), 1);
        for (let j = listingIds.length - 1; j >= 0; j--) if (listingIds[j].farm === farm) listingIds.splice(j, 1);
      }
    } else if (roll < 0.66) {
      const seller = farms.filter((f) => f.owner);
      if (seller.length === 0) continue;
      const farm = pick(seller);
      attempt(() => {
        const listing = createListing(db, farm.owner!, farm.id, listingInput({ minOrder: 1, stock: 1000, title: pick(["Xoài cát", "Bưởi da xanh", "Sầu riêng"]) }));
        listingIds.push({ id: listing.id, farm });
        if (rnd() < 0.8) setListingStatus(db, farm.owner!, listing.id, "published");
      });
    } else if (roll < 0.76 && listingIds.length) {
      const { id, farm: owner } = pick(listingIds);
      const status = ask("SELECT status FROM listings WHERE id = ?", id)[0]?.status as ListingStatus | undefined;
      if (status && owner.owner) attempt(() => setListingStatus(db, owner.owner!, id, pick(STATUS_TRANSITIONS[status])));
    } else if (roll < 0.86 && listingIds.length) {
      const { id, farm: seller } = pick(listingIds);
      attempt(() => {
        const { orders } = placeCheckout(db, buyer, checkoutInput(db, [{ listingId: id, quantity: 1 + Math.floor(rnd() * 3) }]));
        for (const order of orders) orderIds.push({ id: order.id, farm: seller });
      });
    } else if (orderIds.length) {
      const { id, farm: seller } = pick(orderIds);
      const status = ask("SELECT status FROM orders WHERE id = ?", id)[0]?.status as keyof typeof ORDER_TRANSITIONS;
      const next = Object.entries(ORDER_TRANSITIONS[status] ?? {}).filter(([, parties]) => parties?.some((p) => p !== "system"));
      if (next.length) {
        // Mostly forward, so that many orders reach delivered and completed; sometimes cancelled or rejected.
        const forward = next.filter(([to]) => ["confirmed", "shipped", "delivered", "completed"].includes(to));
        const [to, parties] = forward.length && rnd() < 0.75 ? pick(forward) : pick(next);
        const actor = parties!.includes("farm") && seller.owner ? seller.owner : parties!.includes("buyer") ? buyer : admin;
        attempt(() => transitionOrder(db, actor, id, to as keyof typeof ORDER_TRANSITIONS, "Hết hàng"));
      }
    }
  }
  vi.useRealTimers();
  return farms.length;
}

/** The cohorts the page can ask for: none, from a day, up to a day, between two days. */
const RANGES = [
  {},
  { from: vn("2026-01-01T00:00:00") },
  { to: vn("2026-01-15T00:00:00") },
  { from: vn("2025-12-28T00:00:00"), to: vn("2026-01-09T00:00:00") },
];

function compareAll(actors: Actor[]) {
  const now = new Date(vn("2026-03-01T00:00:00").getTime());
  let registered = 0;
  for (const actor of actors) {
    for (const range of RANGES) {
      for (const groupBy of ["commune", "formerDistrict"] as const) {
        const counted = onboardingFigures(db, actor, { groupBy, ...range });
        expect(counted).toEqual(onboardingFigures(db, actor, { groupBy, ...range, rows: true }));
        registered += counted.totals.registered;
      }
      for (const day of ["2026-01-05", "2026-02-01", "2026-02-20"]) {
        const at = vn(`${day}T15:00:00`);
        expect(activeSellers(db, actor, { ...range, now: at })).toEqual(activeSellersFromRows(actor, range, at));
      }
      for (const period of ["month", "week"] as const) {
        expect(onboardingSeries(db, actor, { period, now, ...range })).toEqual(onboardingSeries(db, actor, { period, now, ...range, rows: true }));
      }
    }
  }
  return registered;
}

/** Active sellers as they were read before the sales' partial indexes: every sold order of the scope (the oracle). */
function activeSellersFromRows(actor: Actor, range: { from?: Date; to?: Date }, now: Date) {
  const scope = scopeFor(db, actor, range);
  const end = now.getTime();
  const middle = end - 30 * 86_400_000;
  const start = middle - 30 * 86_400_000;
  return db.$client
    .prepare(
      `SELECT COUNT(DISTINCT CASE WHEN t >= @middle THEN hid END) AS last30, COUNT(DISTINCT CASE WHEN t < @middle THEN hid END) AS previous30
       FROM (SELECT o.household_id AS hid, ${SALE_AT} AS t FROM orders o JOIN households h ON h.id = o.household_id
             WHERE o.status IN ${SALE_STATUSES} AND ${scope.where})
       WHERE t >= @start AND t <= @end`,
    )
    .get({ ...scope.params, start, middle, end });
}

/** Targets' progress as it was read from the rows before the counters (the oracle). */
function progressFromRows(communes: string[], year: number) {
  const start = vn(`${year}-01-01T00:00:00`).getTime();
  const end = vn(`${year + 1}-01-01T00:00:00`).getTime();
  const params = { communes: JSON.stringify(communes), start, end };
  const inCommunes = "h.commune_code IN (SELECT value FROM json_each(@communes))";
  const verifiedEvent = "(e.to_status = 'verified' OR e.from_status = 'verified')";
  const published = "COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END)";
  return db.$client
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM households h WHERE ${inCommunes} AND h.created_at >= @start AND h.created_at < @end) AS registered,
         (SELECT COUNT(*) FROM households h WHERE ${inCommunes} AND CASE
            WHEN EXISTS (SELECT 1 FROM household_events e WHERE e.household_id = h.id AND ${verifiedEvent})
            THEN (SELECT MIN(e.created_at) FROM household_events e WHERE e.household_id = h.id AND ${verifiedEvent}) >= @start
              AND (SELECT MIN(e.created_at) FROM household_events e WHERE e.household_id = h.id AND ${verifiedEvent}) < @end
            ELSE h.status = 'verified' AND h.created_at >= @start AND h.created_at < @end END) AS verified,
         (SELECT COUNT(*) FROM listings l JOIN households h ON h.id = l.household_id
            WHERE ${inCommunes} AND ${published} >= @start AND ${published} < @end) AS listed`,
    )
    .get(params) as { registered: number; verified: number; listed: number };
}

const COUNTER_TABLES = {
  onboarding_cohorts: "commune_code, reg_day",
  onboarding_days: "commune_code, reg_day, stage, day",
  onboarding_products: "commune_code, reg_day, day, product",
} as const;

/** Every counter row that is not all zeros (a household leaving a row leaves zeros behind), in key order. */
function counterRows() {
  return Object.fromEntries(
    Object.entries(COUNTER_TABLES).map(([table, key]) => {
      const rows = ask(`SELECT * FROM ${table} ORDER BY ${key}`);
      return [table, rows.filter((r) => Object.entries(r).some(([k, v]) => !key.split(", ").includes(k) && v !== 0))];
    }),
  );
}

beforeAll(async () => {
  admin = await makeUser(db, "admin");
  buyer = await makeUser(db, "buyer");
  provinceOfficer = await makeUser(db, "officer");
  fewOfficer = await makeUser(db, "officer");
  assignOfficerAreas(db, provinceOfficer.id, [{ kind: "province", code: "82" }]);
  assignOfficerAreas(db, fewOfficer.id, [COMMUNES.A, COMMUNES.C].map((code) => ({ kind: "commune" as const, code })));
});

describe("the onboarding counters", () => {
  it("give the figures, series and targets the rows give, through a random history", async () => {
    const households = await buildHistory(17, 400);
    expect(households).toBeGreaterThan(20);
    // The history reached every stage and every kind of change the counters follow.
    const [stats] = ask(
      `SELECT (SELECT COUNT(*) FROM households WHERE status = 'suspended') AS suspended,
         (SELECT COUNT(*) FROM households WHERE status = 'verified') AS verified,
         (SELECT COUNT(*) FROM households WHERE import_batch_id IS NOT NULL) AS imported,
         (SELECT COUNT(*) FROM listings WHERE status = 'published') AS published,
         (SELECT COUNT(*) FROM listings WHERE status <> 'published' AND published_at IS NOT NULL) AS unpublished,
         (SELECT COUNT(*) FROM orders WHERE status = 'completed') AS completed,
         (SELECT COUNT(*) FROM orders WHERE status IN ('cancelled','rejected')) AS cancelled,
         (SELECT COUNT(*) FROM households WHERE commune_code = '${COMMUNES.F}') AS inHanoi`,
    );
    for (const [name, n] of Object.entries(stats)) expect(n, name).toBeGreaterThan(0);

    expect(compareAll([admin, provinceOfficer, fewOfficer])).toBeGreaterThan(0);

    for (const year of [2025, 2026]) {
      setAreaTarget(db, admin, { areaKind: "province", areaCode: "82", year, householdsToRegister: 100, householdsToVerify: 50, productsToList: 20 });
      setAreaTarget(db, admin, { areaKind: "commune", areaCode: COMMUNES.A, year, householdsToRegister: 10, householdsToVerify: 5, productsToList: 5 });
      const rows = targetProgress(db, admin, year).filter((r) => r.target);
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const row of rows) {
        const communes =
          row.areaKind === "commune"
            ? [row.areaCode]
            : (ask("SELECT code FROM admin_units WHERE set_id = (SELECT set_id FROM admin_units WHERE code = ? AND level = 'province' LIMIT 1) AND level = 'commune' AND province_code = ?", row.areaCode, row.areaCode).map((r) => r.code) as string[]);
        expect(row.progress, `${row.areaKind} ${row.areaCode} ${year}`).toEqual(progressFromRows(communes, year));
      }
    }
  }, 120_000);

  it("kept by the triggers, equal what the migration's backfill computes from the rows", () => {
    const kept = counterRows();
    const migration = fs.readFileSync(path.resolve("db/migrations/0018_onboarding_counters.sql"), "utf8");
    const backfill = migration
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter((s) => /^INSERT INTO onboarding_/.test(s));
    expect(backfill).toHaveLength(3);
    db.$client.transaction(() => {
      for (const table of Object.keys(COUNTER_TABLES)) db.$client.exec(`DELETE FROM ${table}`);
      for (const statement of backfill) db.$client.exec(statement);
    })();
    expect(counterRows()).toEqual(kept);
    expect(kept.onboarding_cohorts.length).toBeGreaterThan(3);
  });
});
