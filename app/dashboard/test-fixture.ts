/**
 * A small, exact fixture for the dashboard tests: eleven households in six current communes (five
 * in province 82, one in Hà Nội) with hand-written histories, listings in every status and orders
 * in every status. Rows are written directly so every timestamp is known; the expected figures
 * are worked out by hand in onboarding.server.test.ts. Not imported by application code.
 */
import type { ListingStatus, OrderStatus } from "../../db/schema";
import type { HouseholdStatus } from "~/households/records.server";
import type { Db } from "~/lib/db.server";

/** Current communes used (needs freshTestDb({ adminUnits: true })). */
export const COMMUNES = {
  /** Phường Đạo Thạnh ← Thành phố Mỹ Tho (815, Tiền Giang) only */
  A: "28249",
  /** Phường Mỹ Tho ← 815 only; NOT in the officer's areas */
  B: "28261",
  /** Phường Mỹ Trà ← Thành phố Cao Lãnh (866) 2 communes + Huyện Cao Lãnh (873) 2: tie → 866 */
  C: "29888",
  /** Xã Thường Phước ← Huyện Hồng Ngự (870) only */
  D: "29971",
  /** Xã Tân Long ← Huyện Thanh Bình (874) 5 whole communes + part of one from 870 → 874 */
  E: "30154",
  /** Phường Ba Đình, Hà Nội ← Quận Ba Đình (001) mostly, parts of 002 and 003: another province */
  F: "00004",
} as const;

/** Local (Vietnam, UTC+7) wall-clock time → the instant. */
export const vn = (local: string) => new Date(`${local}+07:00`);

interface FixtureHousehold {
  key: string;
  commune: string;
  created: string;
  status: HouseholdStatus;
  events: Array<[HouseholdStatus | null, HouseholdStatus, string]>;
  listings?: ListingStatus[];
  orders?: Array<[OrderStatus, number]>;
}

const R = "registered" as const;
const A = "activated" as const;
const V = "verified" as const;
const S = "suspended" as const;

const FIXTURE: FixtureHousehold[] = [
  {
    key: "H1",
    commune: COMMUNES.A,
    created: "2026-01-05T09:00:00",
    status: V,
    events: [
      [null, R, "2026-01-05T09:00:00"],
      [R, A, "2026-01-20T10:00:00"],
      [A, V, "2026-02-03T10:00:00"],
    ],
    listings: ["published", "published", "draft"],
    orders: [
      ["completed", 100_000],
      ["completed", 50_000],
      ["cancelled", 30_000],
    ],
  },
  { key: "H2", commune: COMMUNES.A, created: "2026-01-10T08:00:00", status: R, events: [[null, R, "2026-01-10T08:00:00"]] },
  {
    key: "H3",
    commune: COMMUNES.A,
    created: "2026-02-14T07:00:00",
    status: S,
    events: [
      [null, R, "2026-02-14T07:00:00"],
      [R, A, "2026-02-14T07:00:00"],
      [A, V, "2026-02-20T15:00:00"],
      [V, S, "2026-03-02T09:00:00"],
    ],
    listings: ["published"],
    orders: [
      ["completed", 200_000],
      ["delivered", 40_000],
    ],
  },
  {
    key: "H4",
    commune: COMMUNES.B,
    created: "2026-01-07T10:00:00",
    status: A,
    events: [
      [null, R, "2026-01-07T10:00:00"],
      [R, A, "2026-01-08T10:00:00"],
    ],
    listings: ["published"],
    orders: [["placed", 70_000]],
  },
  {
    key: "H5",
    commune: COMMUNES.C,
    created: "2026-01-25T10:00:00",
    status: V,
    events: [
      [null, R, "2026-01-25T10:00:00"],
      [R, A, "2026-02-01T10:00:00"],
      [A, V, "2026-02-10T10:00:00"],
    ],
    listings: ["paused", "sold_out", "archived"],
    orders: [
      ["completed", 300_000],
      ["rejected", 20_000],
      ["expired", 10_000],
      ["shipped", 60_000],
      ["confirmed", 15_000],
    ],
  },
  {
    key: "H6",
    commune: COMMUNES.C,
    created: "2026-02-05T10:00:00",
    status: S,
    events: [
      [null, R, "2026-02-05T10:00:00"],
      [R, A, "2026-03-01T10:00:00"],
      [A, S, "2026-03-05T10:00:00"],
    ],
  },
  // Verified with no event rows at all (data loaded before events were kept): reached at registration.
  { key: "H7", commune: COMMUNES.D, created: "2025-12-28T10:00:00", status: V, events: [], listings: ["published"] },
  // 03:00 on Monday 9 March in Vietnam is still Sunday 8 March in UTC: the week must be 9 March's.
  { key: "H8", commune: COMMUNES.D, created: "2026-03-09T03:00:00", status: R, events: [[null, R, "2026-03-09T03:00:00"]] },
  // 00:30 on 1 March in Vietnam is 28 February in UTC: the month must be March.
  {
    key: "H9",
    commune: COMMUNES.E,
    created: "2026-03-01T00:30:00",
    status: A,
    events: [
      [null, R, "2026-03-01T00:30:00"],
      [R, A, "2026-03-01T08:00:00"],
    ],
    listings: ["draft"],
  },
  {
    key: "H10",
    commune: COMMUNES.E,
    created: "2026-01-15T10:00:00",
    status: V,
    events: [
      [null, R, "2026-01-15T10:00:00"],
      [R, A, "2026-01-16T10:00:00"],
      [A, V, "2026-01-20T10:00:00"],
      [V, S, "2026-02-01T10:00:00"],
      [S, V, "2026-02-15T10:00:00"],
    ],
    listings: ["published"],
    orders: [
      ["completed", 120_000],
      ["cancelled", 5_000],
    ],
  },
  {
    key: "H11",
    commune: COMMUNES.F,
    created: "2026-01-02T10:00:00",
    status: V,
    events: [
      [null, R, "2026-01-02T10:00:00"],
      [R, A, "2026-01-03T10:00:00"],
      [A, V, "2026-01-04T10:00:00"],
    ],
    listings: ["published"],
    orders: [["completed", 500_000]],
  },
];

/** Writes the fixture; returns household ids by key. `buyerId` places the orders. */
export function seedDashboardFixture(db: Db, buyerId: number): Record<string, number> {
  const sqlite = db.$client;
  const ids: Record<string, number> = {};
  let seq = 0;
  const insertHousehold = sqlite.prepare(
    `INSERT INTO households (display_name, representative_name, name_folded, phone, national_id, national_id_kind,
       commune_code, status, created_at, updated_at)
     VALUES (@name, @name, @folded, @phone, @nationalId, 'cccd', @commune, @status, @at, @at)`,
  );
  const insertEvent = sqlite.prepare(
    "INSERT INTO household_events (household_id, from_status, to_status, note, created_at) VALUES (?, ?, ?, NULL, ?)",
  );
  const insertListing = sqlite.prepare(
    `INSERT INTO listings (household_id, category, title, slug, unit, price_vnd, stock, status, created_at, updated_at, published_at)
     VALUES (?, 'fruit', ?, ?, 'kg', 40000, 100, ?, ?, ?, ?)`,
  );
  const insertCheckout = sqlite.prepare(
    `INSERT INTO checkouts (buyer_user_id, idempotency_key, payment_method, recipient_name, recipient_phone, commune_code,
       address_line, total_vnd, created_at)
     VALUES (?, ?, 'cod', 'Trần Thị Bích', '+84903123456', '28249', 'Ấp Hòa Thuận', ?, ?)`,
  );
  const insertOrder = sqlite.prepare(
    `INSERT INTO orders (code, checkout_id, buyer_user_id, household_id, status, payment_method, delivery_method,
       subtotal_vnd, delivery_fee_vnd, total_vnd, recipient_name, recipient_phone, commune_code, address_line, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'cod', 'pickup', ?, 0, ?, 'Trần Thị Bích', '+84903123456', '28249', 'Ấp Hòa Thuận', ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const h of FIXTURE) {
      const at = vn(h.created).getTime();
      const name = `Hộ ${h.key}`;
      const { lastInsertRowid } = insertHousehold.run({
        name,
        folded: `ho ${h.key.toLowerCase()}`,
        phone: `+849120000${String(++seq).padStart(2, "0")}`,
        nationalId: `0820000000${String(seq).padStart(2, "0")}`,
        commune: h.commune,
        status: h.status,
        at,
      });
      const id = Number(lastInsertRowid);
      ids[h.key] = id;
      for (const [from, to, when] of h.events) insertEvent.run(id, from, to, vn(when).getTime());
      for (const [i, status] of (h.listings ?? []).entries()) {
        const title = `Xoài ${h.key}-${i}`;
        insertListing.run(id, title, `xoai-${h.key.toLowerCase()}-${i}`, status, at, at, status === "published" ? at : null);
      }
      for (const [i, [status, total]] of (h.orders ?? []).entries()) {
        const checkout = Number(insertCheckout.run(buyerId, `dash-${h.key}-${i}`, total, at).lastInsertRowid);
        insertOrder.run(`CNS-DASH-${h.key}-${i}`, checkout, buyerId, id, status, total, total, at, at);
      }
    }
  })();
  return ids;
}
