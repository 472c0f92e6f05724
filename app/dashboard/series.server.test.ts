/**
 * The series over time with every stage (listed and sold derived from listings and orders) and the
 * active sellers, against the stage fixture (app/dashboard/stages-fixture.ts), worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import type { Actor } from "~/accounts/access.server";
import { AppError } from "~/lib/errors";
import { activeSellers } from "./sales.server";
import { onboardingSeries, type SeriesPoint } from "./series.server";
import { COMMUNES, seedStageFixture, vn } from "./stages-fixture";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let officer: Actor;
let admin: Actor;
let buyer: Actor;

beforeAll(async () => {
  buyer = await makeUser(db, "buyer");
  admin = await makeUser(db, "admin");
  officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [
    { kind: "commune", code: COMMUNES.A },
    { kind: "commune", code: COMMUNES.C },
  ]);
  seedStageFixture(db, buyer.id);
});

const now = vn("2026-12-15T12:00:00");

/** [start, added r/a/v/l/s, cumulative r/a/v/l/s, listings published, products] */
const row = (p: SeriesPoint) => [
  p.start,
  [p.added.registered, p.added.activated, p.added.verified, p.added.listed, p.added.sold],
  [p.registered, p.activated, p.verified, p.listed, p.sold],
  p.listingsPublished,
  p.productsListed,
];

describe("onboardingSeries: every stage per month", () => {
  it("counts each stage in the Vietnam-time month it was reached, and cumulatively", () => {
    const points = onboardingSeries(db, officer, { period: "month", now });
    expect(points.map(row)).toEqual([
      // K2 registered 15/10, activated 20/10, first listing 23:30 on 31/10; K1 registered 23:30 on 31/10.
      ["2026-10-01", [2, 1, 0, 1, 0], [2, 1, 0, 1, 0], 1, 1],
      // K1 activated 06:00 on 1/11 (31/10 in UTC), verified, first listing 00:15 on 1/11, first sale 5/11;
      // K3 registered with no history (activated and verified then), listing and sale without dates of their own.
      ["2026-11-01", [1, 2, 2, 2, 2], [3, 3, 2, 3, 2], 3, 2],
      // K2's delivery at 00:10 on 1/12 (30/11 in UTC) is its first sale; K1's second listing is not a new household.
      ["2026-12-01", [0, 0, 0, 0, 1], [3, 3, 2, 3, 3], 1, 1],
    ]);
  });

  it("gives an administrator the household outside the officer's areas too; products are distinct", () => {
    const points = onboardingSeries(db, admin, { period: "month", now });
    expect(points.map(row)).toEqual([
      // K4's pomelo is the same product as K2's: still one product in October.
      ["2026-10-01", [3, 1, 0, 2, 0], [3, 1, 0, 2, 0], 2, 1],
      ["2026-11-01", [1, 2, 2, 2, 2], [4, 3, 2, 4, 2], 3, 2],
      ["2026-12-01", [0, 0, 0, 0, 2], [4, 3, 2, 4, 4], 1, 1],
    ]);
  });

  it("puts the activation at 06:00 on Sunday 1 November in the week of Monday 26 October", () => {
    const points = onboardingSeries(db, officer, { period: "week", now, from: vn("2026-10-26T00:00:00"), to: vn("2026-11-02T00:00:00") });
    // Cohort: K1 only (registered 31/10).
    expect(points[0]).toMatchObject({ start: "2026-10-26", registered: 1, activated: 1, listed: 1, verified: 0, sold: 0 });
  });
});

describe("activeSellers", () => {
  it("counts households with a delivered or completed sale in the last 30 days and in the 30 before", () => {
    // Last 30 days (from 12:00 on 15/11): K1 (delivered 30/11), K2 (delivered 1/12). The 30 before: K1 (5/11), K3 (12/11).
    // K2's shipped and cancelled orders are no sales.
    expect(activeSellers(db, officer, { now })).toEqual({ last30: 2, previous30: 2 });
    // K4, outside the officer's areas, completed on 10/12.
    expect(activeSellers(db, admin, { now })).toEqual({ last30: 3, previous30: 2 });
  });

  it("moves with the clock and leaves older sales out", () => {
    // At 12:00 on 1/1/2027 the last 30 days (from 12:00 on 2/12) hold K4 (10/12); the 30 before hold K1, K2 (1/12), K3.
    expect(activeSellers(db, admin, { now: vn("2027-01-01T12:00:00") })).toEqual({ last30: 1, previous30: 3 });
    expect(activeSellers(db, admin, { now: vn("2027-03-01T12:00:00") })).toEqual({ last30: 0, previous30: 0 });
  });

  it("refuses buyers", () => {
    expect(() => activeSellers(db, buyer, { now })).toThrow(AppError);
  });
});
