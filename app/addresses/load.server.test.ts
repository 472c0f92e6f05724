import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { adminUnitsDataVersion, ensureAdminUnits, unitWord } from "./load.server";

let db: ReturnType<typeof freshTestDb>;
beforeAll(() => {
  db = freshTestDb();
});
afterAll(() => db.cleanup());

const count = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number }).n;
const levelCount = (setId: string, level: string) =>
  count("SELECT COUNT(*) AS n FROM admin_units WHERE set_id = ? AND level = ?", setId, level);

describe("ensureAdminUnits", () => {
  // How long the load takes is measured by `npm run bench:startup`, not asserted here.
  it("loads the three sets in one go", () => {
    const result = ensureAdminUnits(db);
    expect(result).toEqual({ loaded: true, sets: ["current", "2025-03-01", "2024-02-01"] });

    expect(levelCount("current", "province")).toBe(34);
    expect(levelCount("current", "commune")).toBe(3321);
    expect(levelCount("current", "district")).toBe(0);
    expect(levelCount("2025-03-01", "province")).toBe(63);
    expect(levelCount("2025-03-01", "district")).toBe(696);
    expect(levelCount("2025-03-01", "commune")).toBe(10035);
    expect(levelCount("2024-02-01", "province")).toBe(1);
    expect(levelCount("2024-02-01", "district")).toBe(11);
    expect(levelCount("2024-02-01", "commune")).toBe(172);
  });

  it("records the sets, only one of them current, with the data version", () => {
    const sets = db.$client.prepare("SELECT id, tiers, is_current AS isCurrent, source FROM admin_unit_sets ORDER BY id").all() as {
      id: string;
      tiers: number;
      isCurrent: number;
      source: string;
    }[];
    expect(sets.map((s) => [s.id, s.tiers, s.isCurrent])).toEqual([
      ["2024-02-01", 3, 0],
      ["2025-03-01", 3, 0],
      ["current", 2, 1],
    ]);
    for (const s of sets) expect(s.source).toContain(adminUnitsDataVersion());
  });

  it("loads the mappings: official 2025-03-01 → current, and 2024 → 2025 by identical code", () => {
    // 10,604 rows less the 12 stale communes that are not in the 2025-03-01 list.
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings WHERE from_set = '2025-03-01' AND to_set = 'current'")).toBe(10592);
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings WHERE from_set = '2025-03-01' AND merge_type = 'partial'")).toBe(1012);
    // 184 Tiền Giang units of 2024: 176 kept their code, 3 of the 8 merged in 2024 have a recorded successor.
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings WHERE from_set = '2024-02-01' AND to_set = '2025-03-01'")).toBe(179);
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings WHERE from_set = '2024-02-01' AND from_code = '28303' AND to_code = '28300'")).toBe(1);
    // Every mapping points at a unit that exists, on both sides.
    expect(
      count(`SELECT COUNT(*) AS n FROM admin_unit_mappings m
             LEFT JOIN admin_units f ON f.set_id = m.from_set AND f.code = m.from_code
             LEFT JOIN admin_units t ON t.set_id = m.to_set AND t.code = m.to_code
             WHERE f.code IS NULL OR t.code IS NULL`),
    ).toBe(0);
    // The official code 06970 of Xã Ba Chẽ is 06978 in the current list; the mapping follows the list.
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings WHERE to_set = 'current' AND to_code = '06978'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings WHERE to_code IN ('06970', '23737')")).toBe(0);
  });

  it("keeps units apart by set: codes 82 and 28261 mean different units in each", () => {
    const unit = (setId: string, code: string) =>
      db.$client.prepare("SELECT name, folded, type, level, parent_code AS parentCode FROM admin_units WHERE set_id = ? AND code = ?").get(setId, code);
    expect(unit("2025-03-01", "82")).toMatchObject({ name: "Tỉnh Tiền Giang", folded: "tien giang", level: "province" });
    expect(unit("current", "82")).toMatchObject({ name: "Tỉnh Đồng Tháp", folded: "dong thap", level: "province" });
    expect(unit("2025-03-01", "28261")).toMatchObject({ name: "Phường 1", folded: "1", type: "Phường", parentCode: "815" });
    expect(unit("current", "28261")).toMatchObject({ name: "Phường Mỹ Tho", folded: "my tho", type: "Phường", parentCode: "82" });
    expect(unit("2024-02-01", "816")).toMatchObject({ name: "Thị xã Gò Công", type: "Thị xã" });
    expect(unit("2025-03-01", "816")).toMatchObject({ name: "Thành phố Gò Công", type: "Thành phố" });
  });

  it("stores NFC names and rebuilds a lower-case source full name", () => {
    const bad = count("SELECT COUNT(*) AS n FROM admin_units WHERE name <> trim(name) OR name LIKE '%  %'");
    expect(bad).toBe(0);
    const names = db.$client.prepare("SELECT name FROM admin_units").all() as { name: string }[];
    expect(names.every((r) => r.name === r.name.normalize("NFC"))).toBe(true);
    expect(db.$client.prepare("SELECT name FROM admin_units WHERE set_id = 'current' AND code = '06325'").get()).toEqual({ name: "Xã Bắc Sơn" });
  });

  it("does nothing when the same data is already loaded: not one row written", () => {
    const changes = () => (db.$client.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    const before = changes();
    expect(ensureAdminUnits(db)).toEqual({ loaded: false, sets: [] });
    expect(changes()).toBe(before);
    expect(levelCount("current", "commune")).toBe(3321);
  });

  it("reloads when the stored data version differs, without duplicating rows", () => {
    db.$client.prepare("UPDATE admin_unit_sets SET source = 'older data' WHERE id = '2025-03-01'").run();
    db.$client.prepare("DELETE FROM admin_units WHERE set_id = 'current' AND code = '28249'").run();
    expect(ensureAdminUnits(db).loaded).toBe(true);
    expect(levelCount("current", "commune")).toBe(3321);
    expect(levelCount("2025-03-01", "commune")).toBe(10035);
    expect(count("SELECT COUNT(*) AS n FROM admin_unit_mappings")).toBe(10592 + 179);
    expect(ensureAdminUnits(db).loaded).toBe(false);
  });
});

describe("unitWord", () => {
  it("keeps only the unit word of a data-file type", () => {
    expect(unitWord("Thành phố trực thuộc trung ương")).toBe("Thành phố");
    expect(unitWord("Thành phố thuộc tỉnh")).toBe("Thành phố");
    expect(unitWord("Đặc khu tại hải đảo")).toBe("Đặc khu");
    expect(unitWord("Thị trấn")).toBe("Thị trấn");
  });
});
