import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { makeUser } from "~/accounts/test-utils";
import { upsertCommodity, upsertMarket } from "./catalog.server";
import {
  confirmedOutlier,
  dailySheet,
  entryMarkets,
  entryPriceType,
  isOldEntryDate,
  parseSheetRow,
  saveDailySheet,
} from "./entry.server";
import { upsertObservations } from "./observations.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let mango: number, pineapple: number, vinhKim: number, elsewhere: number;

beforeAll(() => {
  mango = upsertCommodity(db, {
    slug: "xoai",
    nameVi: "Xoài",
    nameEn: "Mango",
    category: "fruit",
  }).id;
  pineapple = upsertCommodity(db, {
    slug: "khom",
    nameVi: "Khóm",
    nameEn: "Pineapple",
    category: "fruit",
  }).id;
  upsertCommodity(db, {
    slug: "heo",
    nameVi: "Heo hơi",
    nameEn: "Pigs",
    category: "livestock-poultry",
  });
  vinhKim = upsertMarket(db, {
    slug: "vinh-kim",
    name: "Chợ Vĩnh Kim",
    kind: "wholesale",
    communeCode: "28576",
  }).id;
  // Hà Nội, Phường Ba Đình: not in a Đồng Tháp officer's area
  elsewhere = upsertMarket(db, {
    slug: "ha-noi",
    name: "Chợ Hà Nội",
    kind: "retail",
    communeCode: "00004",
  }).id;
  const rows = [];
  for (let d = 1; d <= 20; d++) {
    const date = `2026-05-${String(d).padStart(2, "0")}`;
    rows.push({
      commodityId: mango,
      marketId: vinhKim,
      date,
      source: "demo",
      unit: "kg" as const,
      minVnd: 38_000,
      maxVnd: 44_000,
      avgVnd: 40_000 + d * 100,
    });
    rows.push({
      commodityId: pineapple,
      marketId: vinhKim,
      date,
      source: "demo",
      unit: "kg" as const,
      minVnd: 7_000,
      maxVnd: 9_000,
      avgVnd: 8_000,
    });
  }
  upsertObservations(db, rows);
});

/** "Today" for the sheets of 21 May: entries for that day are not old. */
const TODAY = "2026-05-21";

const row = (
  commodityId: number,
  min: string,
  max: string,
  avg: string,
  confirmed = false
) => ({
  commodityId,
  unit: "kg" as const,
  min,
  max,
  avg,
  confirmed,
});

describe("officer daily sheet", () => {
  it("lists the market's usual commodities with their recent median", () => {
    const sheet = dailySheet(db, vinhKim, "2026-05-21");
    expect(sheet.map((r) => [r.slug, r.median])).toEqual([
      ["khom", 8_000],
      ["xoai", 41_050],
    ]);
  });

  it("checks each row's values", () => {
    expect(parseSheetRow(row(mango, "", "", ""))).toBeNull();
    expect(parseSheetRow(row(mango, "40.000", "45.000", ""))).toEqual({
      minVnd: 40_000,
      maxVnd: 45_000,
      avgVnd: 42_500,
    });
    expect(parseSheetRow(row(mango, "45000", "40000", ""))).toEqual({
      error: "prices:entry.errors.minAboveMax",
    });
    expect(parseSheetRow(row(mango, "bốn mươi", "", ""))).toEqual({
      error: "prices:entry.errors.notNumber",
    });
  });

  it("flags an extra zero, saves nothing until it is confirmed, then saves the whole sheet", async () => {
    const officer = await makeUser(db, "officer");
    const input = { marketId: vinhKim, date: "2026-05-21", userId: officer.id };
    const first = saveDailySheet(
      db,
      {
        ...input,
        rows: [
          row(mango, "40000", "450000", "420000"),
          row(pineapple, "7500", "8500", "8000"),
        ],
      },
      TODAY
    );
    expect(first.status).toBe("confirm");
    if (first.status !== "confirm") return;
    expect(first.checks.find((c) => c.commodityId === mango)).toMatchObject({
      flags: { max: "high", avg: "high" },
      median: 41_050,
    });
    expect(
      first.checks.find((c) => c.commodityId === pineapple)?.flags
    ).toEqual({});
    const count = () =>
      (
        db.$client
          .prepare(
            "SELECT COUNT(*) AS n FROM price_observations WHERE source = 'officer'"
          )
          .get() as { n: number }
      ).n;
    expect(count()).toBe(0);

    const missingZero = saveDailySheet(
      db,
      { ...input, rows: [row(mango, "4000", "4500", "4200")] },
      TODAY
    );
    expect(
      missingZero.status === "confirm" && missingZero.checks[0].flags
    ).toEqual({ min: "low", max: "low", avg: "low" });

    const confirmed = saveDailySheet(
      db,
      {
        ...input,
        rows: [
          row(mango, "40000", "450000", "420000", true),
          row(pineapple, "7500", "8500", "8000"),
        ],
      },
      TODAY
    );
    expect(confirmed).toEqual({ status: "saved", saved: 2 });
    expect(count()).toBe(2);
    expect(
      dailySheet(db, vinhKim, "2026-05-21").find((r) => r.slug === "xoai")
        ?.entered
    ).toEqual({ minVnd: 40_000, maxVnd: 450_000, avgVnd: 420_000 });
  });

  it("returns rows with bad values and saves none of the sheet", async () => {
    const officer = await makeUser(db, "officer");
    const result = saveDailySheet(db, {
      marketId: vinhKim,
      date: "2026-05-22",
      userId: officer.id,
      rows: [
        row(mango, "41000", "43000", "42000"),
        row(pineapple, "9000", "8000", ""),
      ],
    });
    expect(result.status).toBe("invalid");
    expect(
      (
        db.$client
          .prepare(
            "SELECT COUNT(*) AS n FROM price_observations WHERE date = '2026-05-22'"
          )
          .get() as { n: number }
      ).n
    ).toBe(0);
  });

  it("offers officers only the markets of their area", async () => {
    const officer = await makeUser(db, "officer");
    assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
    expect(entryMarkets(db, officer).map((m) => m.id)).toEqual([vinhKim]);
    const admin = await makeUser(db, "admin");
    expect(
      entryMarkets(db, admin)
        .map((m) => m.id)
        .sort()
    ).toEqual([vinhKim, elsewhere].sort());
  });

  it("asks to confirm a date more than a week back, and saves once confirmed", async () => {
    const officer = await makeUser(db, "officer");
    expect([
      isOldEntryDate("2026-05-14", TODAY),
      isOldEntryDate("2026-05-13", TODAY),
    ]).toEqual([false, true]);
    const input = {
      marketId: vinhKim,
      date: "2026-05-10",
      userId: officer.id,
      rows: [row(pineapple, "7000", "9000", "8000")],
    };
    const count = () =>
      (
        db.$client
          .prepare(
            "SELECT COUNT(*) AS n FROM price_observations WHERE date = '2026-05-10' AND source = 'officer'"
          )
          .get() as { n: number }
      ).n;
    expect(saveDailySheet(db, input, TODAY)).toMatchObject({
      status: "confirm",
      oldDate: true,
    });
    expect(count()).toBe(0);
    expect(
      saveDailySheet(db, { ...input, dateConfirmed: true }, TODAY)
    ).toEqual({ status: "saved", saved: 1 });
    expect(count()).toBe(1);
    // A confirmed date does not excuse an unconfirmed outlier.
    const far = saveDailySheet(
      db,
      {
        ...input,
        dateConfirmed: true,
        rows: [row(pineapple, "70000", "90000", "80000")],
      },
      TODAY
    );
    expect(far).toMatchObject({ status: "confirm", oldDate: false });
  });

  it("files a retail market's entries as retail prices", () => {
    expect([
      entryPriceType({ kind: "retail" }),
      entryPriceType({ kind: "wholesale" }),
      entryPriceType({ kind: "collection" }),
    ]).toEqual(["retail", "wholesale", "wholesale"]);
  });

  it("keeps the flag of a confirmed outlier for the pages: that day's officer figure, its markets and type", () => {
    // The sheet of 21 May saved mango at 420,000 (confirmed, median 41,050) and pineapple at 8,000.
    const on = (
      commodityId: number,
      extra: Partial<Parameters<typeof confirmedOutlier>[1]> = {}
    ) =>
      confirmedOutlier(db, {
        commodityId,
        date: "2026-05-21",
        priceType: "wholesale",
        marketIds: null,
        ...extra,
      });
    expect(on(mango)).toBe("high");
    expect(on(mango, { marketIds: [vinhKim] })).toBe("high");
    expect(on(mango, { marketIds: [elsewhere] })).toBeNull();
    expect(on(mango, { priceType: "retail" })).toBeNull();
    expect(on(pineapple)).toBeNull();
    expect(on(mango, { date: "2026-05-20" })).toBeNull();
  });
});
