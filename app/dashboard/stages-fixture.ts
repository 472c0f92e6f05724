/**
 * A second exact fixture for the dashboard tests: four households whose registration, activation,
 * verification, first listing and first sale fall on both sides of Vietnam-time month boundaries
 * (October → November → December 2026), with listings in several states and products, and orders
 * with and without their history. Rows are written directly so every instant is known; expected
 * figures are worked out by hand in the tests. Not imported by application code.
 */
import type { ListingStatus, OrderStatus } from "../../db/schema";
import type { HouseholdStatus } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import { COMMUNES, vn } from "./test-fixture";

export { COMMUNES, vn };

interface StageHousehold {
  key: string;
  commune: string;
  created: string;
  status: HouseholdStatus;
  events: Array<[HouseholdStatus | null, HouseholdStatus, string]>;
  /** status, first publication (null: never), created, commodity slug (null: none) */
  listings?: Array<[ListingStatus, string | null, string, string | null]>;
  /** status, its history (to status, when), last change */
  orders?: Array<[OrderStatus, Array<[OrderStatus, string]>, string]>;
}

const R = "registered" as const;
const A = "activated" as const;
const V = "verified" as const;

export const STAGE_FIXTURE: StageHousehold[] = [
  {
    // Registered 23:30 on 31 October in Vietnam: October. Activated 06:00 on 1 November in Vietnam,
    // still 31 October in UTC: November.
    key: "K1",
    commune: COMMUNES.A,
    created: "2026-10-31T23:30:00",
    status: V,
    events: [
      [null, R, "2026-10-31T23:30:00"],
      [R, A, "2026-11-01T06:00:00"],
      [A, V, "2026-11-20T10:00:00"],
    ],
    listings: [
      ["published", "2026-11-01T00:15:00", "2026-11-01T00:10:00", "xoai"],
      ["published", "2026-12-05T09:00:00", "2026-12-05T08:00:00", null],
      ["draft", null, "2026-11-03T08:00:00", "xoai"],
    ],
    orders: [
      [
        "completed",
        [
          ["placed", "2026-11-25T09:00:00"],
          ["delivered", "2026-11-30T23:50:00"],
          ["completed", "2026-12-03T09:00:00"],
        ],
        "2026-12-03T09:00:00",
      ],
      [
        "completed",
        [
          ["delivered", "2026-11-05T10:00:00"],
          ["completed", "2026-11-06T10:00:00"],
        ],
        "2026-11-06T10:00:00",
      ],
    ],
  },
  {
    key: "K2",
    commune: COMMUNES.A,
    created: "2026-10-15T10:00:00",
    status: A,
    events: [
      [null, R, "2026-10-15T10:00:00"],
      [R, A, "2026-10-20T10:00:00"],
    ],
    listings: [
      ["sold_out", "2026-10-31T23:30:00", "2026-10-31T20:00:00", "buoi"],
      // Published in November, archived since: still a listing published in November.
      ["archived", "2026-11-02T08:00:00", "2026-11-02T07:00:00", "xoai"],
    ],
    orders: [
      // Delivered 00:10 on 1 December in Vietnam (30 November in UTC): a December sale.
      [
        "delivered",
        [
          ["placed", "2026-11-28T08:00:00"],
          ["shipped", "2026-11-29T08:00:00"],
          ["delivered", "2026-12-01T00:10:00"],
        ],
        "2026-12-01T00:10:00",
      ],
      ["shipped", [["shipped", "2026-12-10T08:00:00"]], "2026-12-10T08:00:00"],
      ["cancelled", [["cancelled", "2026-11-03T08:00:00"]], "2026-11-03T08:00:00"],
    ],
  },
  {
    // Verified with no history (loaded before events were kept): activated and verified at registration.
    key: "K3",
    commune: COMMUNES.C,
    created: "2026-11-10T10:00:00",
    status: V,
    events: [],
    // Published, but older than published_at: counts from its creation.
    listings: [["published", null, "2026-11-11T10:00:00", null]],
    // Completed with no history: a sale at its last change.
    orders: [["completed", [], "2026-11-12T10:00:00"]],
  },
  {
    // Outside the officer's areas.
    key: "K4",
    commune: COMMUNES.B,
    created: "2026-10-05T10:00:00",
    status: R,
    events: [[null, R, "2026-10-05T10:00:00"]],
    listings: [["published", "2026-10-06T10:00:00", "2026-10-06T09:00:00", "buoi"]],
    orders: [["completed", [["completed", "2026-12-10T10:00:00"]], "2026-12-10T10:00:00"]],
  },
];

/** Writes the fixture (and the two commodities it names); returns household ids by key. */
export function seedStageFixture(db: Db, buyerId: number): Record<string, number> {
  const sqlite = db.$client;
  const ids: Record<string, number> = {};
  const commodity = sqlite.prepare("INSERT INTO commodities (slug, name_vi, name_en, category) VALUES (?, ?, ?, 'fruit')");
  const commodities: Record<string, number> = {
    xoai: Number(commodity.run("xoai-test", "Xoài", "Mango").lastInsertRowid),
    buoi: Number(commodity.run("buoi-test", "Bưởi", "Pomelo").lastInsertRowid),
  };
  const household = sqlite.prepare(
    `INSERT INTO households (display_name, representative_name, name_folded, phone, commune_code, status, created_at, updated_at)
     VALUES (@name, @name, @name, @phone, @commune, @status, @at, @at)`,
  );
  const event = sqlite.prepare("INSERT INTO household_events (household_id, from_status, to_status, created_at) VALUES (?, ?, ?, ?)");
  const listing = sqlite.prepare(
    `INSERT INTO listings (household_id, category, commodity_id, title, slug, unit, price_vnd, stock, status, created_at, updated_at, published_at)
     VALUES (?, 'fruit', ?, ?, ?, 'kg', 40000, 100, ?, ?, ?, ?)`,
  );
  const checkout = sqlite.prepare(
    `INSERT INTO checkouts (buyer_user_id, idempotency_key, payment_method, recipient_name, recipient_phone, commune_code,
       address_line, total_vnd, created_at)
     VALUES (?, ?, 'cod', 'Trần Thị Bích', '+84903123456', '28249', 'Ấp Hòa Thuận', 100000, ?)`,
  );
  const order = sqlite.prepare(
    `INSERT INTO orders (code, checkout_id, buyer_user_id, household_id, status, payment_method, delivery_method,
       subtotal_vnd, delivery_fee_vnd, total_vnd, recipient_name, recipient_phone, commune_code, address_line, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'cod', 'pickup', 100000, 0, 100000, 'Trần Thị Bích', '+84903123456', '28249', 'Ấp Hòa Thuận', ?, ?)`,
  );
  const orderEvent = sqlite.prepare(
    "INSERT INTO order_events (order_id, from_status, to_status, actor_role, created_at) VALUES (?, NULL, ?, 'system', ?)",
  );
  const ms = (local: string) => vn(local).getTime();
  sqlite.transaction(() => {
    for (const [n, h] of STAGE_FIXTURE.entries()) {
      const id = Number(
        household.run({ name: `Hộ ${h.key}`, phone: `+849130000${String(n).padStart(2, "0")}`, commune: h.commune, status: h.status, at: ms(h.created) })
          .lastInsertRowid,
      );
      ids[h.key] = id;
      for (const [from, to, when] of h.events) event.run(id, from, to, ms(when));
      for (const [i, [status, publishedAt, createdAt, slug]] of (h.listings ?? []).entries()) {
        const title = `Sản phẩm ${h.key}-${i}`;
        listing.run(id, slug ? commodities[slug] : null, title, `sp-${h.key.toLowerCase()}-${i}`, status, ms(createdAt), ms(createdAt), publishedAt ? ms(publishedAt) : null);
      }
      for (const [i, [status, history, updated]] of (h.orders ?? []).entries()) {
        const placed = history[0]?.[1] ?? updated;
        const c = Number(checkout.run(buyerId, `stage-${h.key}-${i}`, ms(placed)).lastInsertRowid);
        const o = Number(order.run(`CNS-STAGE-${h.key}-${i}`, c, buyerId, id, status, ms(placed), ms(updated)).lastInsertRowid);
        for (const [to, when] of history) orderEvent.run(o, to, ms(when));
      }
    }
  })();
  return ids;
}
