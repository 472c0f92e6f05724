/**
 * The two plans of the dashboard's queries (scope.server.ts, `Scope.small`) count the same rows: an officer of
 * the five communes of province 82 that hold the fixture's households (a small share of the served communes:
 * read through the commune index) against an officer of the whole province (read in table order).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import type { Actor } from "~/accounts/access.server";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { onboardingFigures } from "./onboarding.server";
import { activeSellers } from "./sales.server";
import { scopeFor } from "./scope.server";
import { onboardingSeries } from "./series.server";
import { COMMUNES, seedDashboardFixture, vn } from "./test-fixture";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let few: Actor;
let province: Actor;

beforeAll(async () => {
  const buyer = await makeUser(db, "buyer");
  few = await makeUser(db, "officer");
  province = await makeUser(db, "officer");
  assignOfficerAreas(
    db,
    few.id,
    [COMMUNES.A, COMMUNES.B, COMMUNES.C, COMMUNES.D, COMMUNES.E].map((code) => ({ kind: "commune" as const, code })),
  );
  assignOfficerAreas(db, province.id, [{ kind: "province", code: "82" }]);
  seedDashboardFixture(db, buyer.id);
});

describe("the dashboard's plan by the scope's share", () => {
  it("reads a few communes through the indexes and a whole province in table order", () => {
    expect(scopeFor(db, few, {}).small).toBe(true);
    expect(scopeFor(db, province, {}).small).toBe(false);
  });

  it.each([
    ["every registration", {}],
    ["a registration range", { from: vn("2026-02-01T00:00:00"), to: vn("2026-06-01T00:00:00") }],
  ])("gives the same figures, series and active sellers either way (%s)", (_name, range) => {
    const now = vn("2026-07-01T12:00:00");
    for (const groupBy of ["commune", "formerDistrict"] as const) {
      const a = onboardingFigures(db, few, { groupBy, ...range });
      const b = onboardingFigures(db, province, { groupBy, ...range });
      expect(a.groups).toEqual(b.groups);
      expect(a.totals).toEqual(b.totals);
      expect(a.totals.registered).toBeGreaterThan(0);
    }
    for (const period of ["month", "week"] as const) {
      const series = onboardingSeries(db, few, { period, now, ...range });
      expect(series).toEqual(onboardingSeries(db, province, { period, now, ...range }));
      expect(series.length).toBeGreaterThan(0);
    }
    // Sellers active in the 30 days before the first of each month of the fixture's year.
    let active = 0;
    for (let month = 1; month <= 12; month++) {
      const at = vn(`2026-${String(month).padStart(2, "0")}-01T12:00:00`);
      const sellers = activeSellers(db, few, { now: at, ...range });
      expect(sellers).toEqual(activeSellers(db, province, { now: at, ...range }));
      active += sellers.last30;
    }
    expect(active).toBeGreaterThan(0);
  });
});
