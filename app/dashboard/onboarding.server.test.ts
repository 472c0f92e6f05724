/**
 * Every figure of the dashboard against the fixture (app/dashboard/test-fixture.ts), worked out by
 * hand from its table of households: per group, totals, the cohort filter and every series point.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { type Actor } from "~/accounts/access.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { AppError } from "~/lib/errors";
import { mainFormerDistricts, onboardingFigures, type Figures } from "./onboarding.server";
import { bucketOf, onboardingSeries as fullSeries, type SeriesPoint } from "./series.server";
import { COMMUNES, seedDashboardFixture, vn } from "./test-fixture";

const db = freshTestDb({ adminUnits: true });

/** The registered / activated / verified part of the series (listed and sold: series.server.test.ts). */
const onboardingSeries = (...args: Parameters<typeof fullSeries>) =>
  fullSeries(...args).map(({ start, registered, activated, verified }: SeriesPoint) => ({ start, registered, activated, verified }));
afterAll(() => db.cleanup());

let officer: Actor;
let admin: Actor;
let buyer: Actor;
let ids: Record<string, number>;

beforeAll(async () => {
  buyer = await makeUser(db, "buyer");
  admin = await makeUser(db, "admin");
  officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [
    { kind: "commune", code: COMMUNES.A },
    { kind: "commune", code: COMMUNES.C },
    { kind: "commune", code: COMMUNES.D },
    { kind: "commune", code: COMMUNES.E },
  ]);
  ids = seedDashboardFixture(db, buyer.id);
});

/** Figures in the order registered, activated, verified, eligible, suspended, listed, sold, listings, orders… */
function f(
  registered: number,
  activated: number,
  verified: number,
  eligible: number,
  suspended: number,
  listed: number,
  sold: number,
  listingsPublished: number,
  [ordersCompleted, ordersCompletedVnd]: [number, number],
  [ordersNotCancelled, ordersNotCancelledVnd]: [number, number],
): Figures {
  return {
    registered,
    activated,
    verified,
    eligible,
    suspended,
    listed,
    sold,
    listingsPublished,
    ordersCompleted,
    ordersCompletedVnd,
    ordersNotCancelled,
    ordersNotCancelledVnd,
  };
}

// By commune, from the fixture's table (H1–H3 in A, H4 in B, H5–H6 in C, H7–H8 in D, H9–H10 in E, H11 in F).
const A = f(3, 2, 2, 1, 1, 2, 2, 3, [3, 350_000], [4, 390_000]);
const B = f(1, 1, 0, 0, 0, 1, 0, 1, [0, 0], [1, 70_000]);
const C = f(2, 2, 1, 1, 1, 0, 1, 0, [1, 300_000], [3, 375_000]);
const D = f(2, 1, 1, 1, 0, 1, 0, 1, [0, 0], [0, 0]);
const E = f(2, 2, 1, 1, 0, 1, 1, 1, [1, 120_000], [1, 120_000]);
const F = f(1, 1, 1, 1, 0, 1, 1, 1, [1, 500_000], [1, 500_000]);
const OFFICER_TOTALS = f(9, 7, 5, 4, 2, 4, 4, 5, [5, 770_000], [8, 885_000]);
const ADMIN_TOTALS = f(11, 9, 6, 5, 2, 6, 5, 7, [6, 1_270_000], [10, 1_455_000]);
const A_PLUS_B = f(4, 3, 2, 1, 1, 3, 2, 4, [3, 350_000], [5, 460_000]);

describe("onboardingFigures by commune", () => {
  it("gives an officer every figure of each of their communes, and the totals", () => {
    const result = onboardingFigures(db, officer, { groupBy: "commune" });
    expect(result.hasScope).toBe(true);
    expect(result.groups).toEqual([
      { code: COMMUNES.A, name: "Phường Đạo Thạnh", context: "Thành phố Mỹ Tho (Tiền Giang)", sharedCommunes: [], figures: A },
      {
        code: COMMUNES.C,
        name: "Phường Mỹ Trà",
        context: "Thành phố Cao Lãnh (Đồng Tháp); Huyện Cao Lãnh (Đồng Tháp)",
        sharedCommunes: [],
        figures: C,
      },
      { code: COMMUNES.E, name: "Xã Tân Long", context: "Huyện Thanh Bình (Đồng Tháp); Huyện Hồng Ngự (Đồng Tháp)", sharedCommunes: [], figures: E },
      { code: COMMUNES.D, name: "Xã Thường Phước", context: "Huyện Hồng Ngự (Đồng Tháp)", sharedCommunes: [], figures: D },
    ]);
    expect(result.totals).toEqual(OFFICER_TOTALS);
    expect(result.communesWithoutHouseholds).toBe(0);
  });

  it("gives an administrator every commune, other provinces included", () => {
    const result = onboardingFigures(db, admin, { groupBy: "commune" });
    expect(result.groups.map((g) => [g.code, g.figures])).toEqual([
      [COMMUNES.F, F],
      [COMMUNES.A, A],
      [COMMUNES.B, B],
      [COMMUNES.C, C],
      [COMMUNES.E, E],
      [COMMUNES.D, D],
    ]);
    expect(result.totals).toEqual(ADMIN_TOTALS);
    // 3,321 current communes, six of them with households.
    expect(result.communesWithoutHouseholds).toBe(3321 - 6);
  });
});

describe("onboardingFigures by former district", () => {
  it("attributes split communes to their main former district and names them", () => {
    const result = onboardingFigures(db, officer, { groupBy: "formerDistrict" });
    expect(result.groups).toEqual([
      { code: "870", name: "Huyện Hồng Ngự", context: "Đồng Tháp", sharedCommunes: [], figures: D },
      { code: "874", name: "Huyện Thanh Bình", context: "Đồng Tháp", sharedCommunes: ["Xã Tân Long"], figures: E },
      { code: "866", name: "Thành phố Cao Lãnh", context: "Đồng Tháp", sharedCommunes: ["Phường Mỹ Trà"], figures: C },
      { code: "815", name: "Thành phố Mỹ Tho", context: "Tiền Giang", sharedCommunes: [], figures: A },
    ]);
    expect(result.totals).toEqual(OFFICER_TOTALS);
  });

  it("sums communes of the same former district (administrator)", () => {
    const result = onboardingFigures(db, admin, { groupBy: "formerDistrict" });
    expect(result.groups.map((g) => [g.code, g.name, g.sharedCommunes, g.figures])).toEqual([
      ["870", "Huyện Hồng Ngự", [], D],
      ["874", "Huyện Thanh Bình", ["Xã Tân Long"], E],
      ["001", "Quận Ba Đình", ["Phường Ba Đình"], F],
      ["866", "Thành phố Cao Lãnh", ["Phường Mỹ Trà"], C],
      ["815", "Thành phố Mỹ Tho", [], A_PLUS_B],
    ]);
    expect(result.totals).toEqual(ADMIN_TOTALS);
  });

  it("ranks sources by whole communes, then all communes, then code", () => {
    const map = mainFormerDistricts(db, [COMMUNES.A, COMMUNES.C, COMMUNES.E, "30025"]);
    expect(map.get(COMMUNES.A)).toEqual({ main: "815", all: ["815"] });
    expect(map.get(COMMUNES.C)).toEqual({ main: "866", all: ["866", "873"] });
    expect(map.get(COMMUNES.E)).toEqual({ main: "874", all: ["874", "870"] });
    // 30025 took two whole communes of 871 and part of one of 873.
    expect(map.get("30025")).toEqual({ main: "871", all: ["871", "873"] });
  });
});

describe("the cohort filter", () => {
  it("counts only households registered in [from, to), each as of now", () => {
    const range = { from: vn("2026-01-01T00:00:00"), to: vn("2026-02-01T00:00:00") };
    const result = onboardingFigures(db, officer, { groupBy: "commune", ...range });
    // H1, H2 (A), H5 (C), H10 (E).
    expect(result.groups.map((g) => [g.code, g.figures])).toEqual([
      [COMMUNES.A, f(2, 1, 1, 1, 0, 1, 1, 2, [2, 150_000], [2, 150_000])],
      [COMMUNES.C, f(1, 1, 1, 1, 0, 0, 1, 0, [1, 300_000], [3, 375_000])],
      [COMMUNES.E, f(1, 1, 1, 1, 0, 1, 1, 1, [1, 120_000], [1, 120_000])],
    ]);
    expect(result.totals).toEqual(f(4, 3, 3, 3, 0, 2, 3, 3, [4, 570_000], [6, 645_000]));
    expect(result.communesWithoutHouseholds).toBe(1);

    const series = onboardingSeries(db, officer, { period: "month", now: vn("2026-03-15T12:00:00"), ...range });
    expect(series).toEqual([
      { start: "2026-01-01", registered: 4, activated: 2, verified: 1 },
      { start: "2026-02-01", registered: 4, activated: 3, verified: 3 },
      { start: "2026-03-01", registered: 4, activated: 3, verified: 3 },
    ]);
  });

  it("the registration instant on the edge belongs to the later range", () => {
    const before = onboardingFigures(db, officer, { groupBy: "commune", to: vn("2026-03-01T00:30:00") });
    const after = onboardingFigures(db, officer, { groupBy: "commune", from: vn("2026-03-01T00:30:00") });
    expect(before.totals.registered + after.totals.registered).toBe(9);
    expect(after.groups.map((g) => [g.code, g.figures.registered])).toEqual([
      [COMMUNES.E, 1],
      [COMMUNES.D, 1],
    ]);
  });
});

describe("onboardingSeries", () => {
  const now = vn("2026-03-15T12:00:00");

  it("gives cumulative monthly points in Vietnam's time, ending at the totals", () => {
    expect(onboardingSeries(db, officer, { period: "month", now })).toEqual([
      { start: "2025-12-01", registered: 1, activated: 1, verified: 1 },
      { start: "2026-01-01", registered: 5, activated: 3, verified: 2 },
      { start: "2026-02-01", registered: 7, activated: 5, verified: 5 },
      { start: "2026-03-01", registered: 9, activated: 7, verified: 5 },
    ]);
  });

  it("gives cumulative weekly points from Monday to Monday, empty weeks included", () => {
    const points = onboardingSeries(db, officer, { period: "week", now });
    expect(points.map((p) => [p.start, p.registered, p.activated, p.verified])).toEqual([
      ["2025-12-22", 1, 1, 1],
      ["2025-12-29", 1, 1, 1],
      ["2026-01-05", 3, 1, 1],
      ["2026-01-12", 4, 2, 1],
      ["2026-01-19", 5, 3, 2],
      ["2026-01-26", 5, 4, 2],
      ["2026-02-02", 6, 4, 3],
      ["2026-02-09", 7, 5, 4],
      ["2026-02-16", 7, 5, 5],
      ["2026-02-23", 8, 7, 5],
      ["2026-03-02", 8, 7, 5],
      ["2026-03-09", 9, 7, 5],
    ]);
  });

  it("includes other provinces for an administrator", () => {
    expect(onboardingSeries(db, admin, { period: "month", now })).toEqual([
      { start: "2025-12-01", registered: 1, activated: 1, verified: 1 },
      { start: "2026-01-01", registered: 7, activated: 5, verified: 3 },
      { start: "2026-02-01", registered: 9, activated: 7, verified: 6 },
      { start: "2026-03-01", registered: 11, activated: 9, verified: 6 },
    ]);
  });

  it("puts instants in Vietnam-time months and Monday weeks", () => {
    expect(bucketOf(vn("2026-03-01T00:30:00"), "month")).toBe("2026-03-01");
    expect(bucketOf(vn("2026-03-09T03:00:00"), "week")).toBe("2026-03-09");
    expect(bucketOf(vn("2026-03-08T23:59:00"), "week")).toBe("2026-03-02");
    expect(bucketOf(vn("2025-12-28T10:00:00"), "week")).toBe("2025-12-22");
  });
});

describe("permissions and changes", () => {
  it("refuses buyers and farmers", async () => {
    const farmer = await makeUser(db, "farmer");
    for (const actor of [buyer, farmer]) {
      expect(() => onboardingFigures(db, actor, { groupBy: "commune" })).toThrow(AppError);
      expect(() => onboardingSeries(db, actor, { period: "month" })).toThrow(AppError);
    }
  });

  it("shows nothing to an officer without areas", async () => {
    const lonely = await makeUser(db, "officer");
    const result = onboardingFigures(db, lonely, { groupBy: "commune" });
    expect(result).toEqual({ groupBy: "commune", groups: [], totals: f(0, 0, 0, 0, 0, 0, 0, 0, [0, 0], [0, 0]), hasScope: false, communesWithoutHouseholds: 0 });
    expect(onboardingSeries(db, lonely, { period: "month" })).toEqual([]);
  });

  it("a verification by the officer moves the figures", () => {
    verifyHousehold(db, officer, ids.H9, { method: "in_person_id_card", note: "CCCD và địa chỉ đã kiểm tra" });
    const result = onboardingFigures(db, officer, { groupBy: "commune" });
    expect(result.groups.find((g) => g.code === COMMUNES.E)?.figures).toEqual({ ...E, verified: 2, eligible: 2 });
    expect(result.totals).toEqual({ ...OFFICER_TOTALS, verified: 6, eligible: 5 });
    const series = onboardingSeries(db, officer, { period: "month" });
    expect(series.at(-1)).toMatchObject({ registered: 9, activated: 7, verified: 6 });
  });
});
