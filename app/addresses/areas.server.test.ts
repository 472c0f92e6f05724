import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { AppError } from "~/lib/errors";
import { assignOfficerAreas, communesCoveredBy, officerAreas, officerCoversCommune } from "./areas.server";

let db: ReturnType<typeof freshTestDb>;
let officer: number;
let other: number;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  officer = db.insert(users).values({ phone: "+84912000001", role: "officer", name: "Cán bộ" }).returning().get().id;
  other = db.insert(users).values({ phone: "+84912000002", role: "officer", name: "Cán bộ khác" }).returning().get().id;
});
afterAll(() => db.cleanup());

// The eight current communes that took in the 25 communes of Huyện Cái Bè (819), per the mapping file.
const CAI_BE_NOW = ["28360", "28366", "28378", "28393", "28405", "28414", "28426", "28429"];

describe("officer areas", () => {
  it("expands a former district into the current communes that took in its communes", () => {
    const areas = assignOfficerAreas(db, officer, [{ kind: "former-district", code: "819" }]);
    expect(areas.map((a) => a.code)).toEqual(CAI_BE_NOW);
    expect(areas.every((a) => a.level === "commune" && a.provinceCode === "82" && a.provinceName === "Tỉnh Đồng Tháp")).toBe(true);
    expect(areas.find((a) => a.code === "28429")?.name).toBe("Xã An Hữu");
    expect(communesCoveredBy(db, officer)).toEqual(CAI_BE_NOW);
  });

  it("checks coverage by commune", () => {
    expect(officerCoversCommune(db, officer, "28429")).toBe(true);
    // Phường Đạo Thạnh (Mỹ Tho) is in the same province but not in the officer's communes.
    expect(officerCoversCommune(db, officer, "28249")).toBe(false);
    expect(officerCoversCommune(db, other, "28429")).toBe(false);
  });

  it("covers every commune of an assigned province, and replaces earlier areas", () => {
    assignOfficerAreas(db, officer, [{ kind: "province", code: "82" }, { kind: "commune", code: "00004" }]);
    expect(officerAreas(db, officer).map((a) => [a.level, a.code])).toEqual([
      ["province", "82"],
      ["commune", "00004"],
    ]);
    expect(officerCoversCommune(db, officer, "28249")).toBe(true);
    expect(officerCoversCommune(db, officer, "00004")).toBe(true);
    expect(officerCoversCommune(db, officer, "00008")).toBe(false);
    const covered = communesCoveredBy(db, officer);
    expect(covered).toHaveLength(102 + 1);
    expect(covered).toContain("00004");
  });

  it("does not store communes already inside a selected province", () => {
    const areas = assignOfficerAreas(db, other, [
      { kind: "province", code: "82" },
      { kind: "former-district", code: "819" },
      { kind: "commune", code: "28249" },
    ]);
    expect(areas.map((a) => a.code)).toEqual(["82"]);
  });

  it("refuses unknown codes, and codes of the wrong level or set, keeping the old areas", () => {
    const before = officerAreas(db, officer);
    const attempts: Array<[Parameters<typeof assignOfficerAreas>[2], string]> = [
      [[{ kind: "province", code: "87" }], "addresses:errors.unknownProvince"], // old Đồng Tháp: gone since 2025
      [[{ kind: "commune", code: "819" }], "addresses:errors.unknownCommune"],
      [[{ kind: "commune", code: "28303" }], "addresses:errors.unknownCommune"], // merged in 2024: not a current code
      [[{ kind: "former-district", code: "28249" }], "addresses:errors.unknownFormerDistrict"],
    ];
    for (const [selection, key] of attempts) {
      let error: unknown;
      try {
        assignOfficerAreas(db, officer, selection);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).messageKey).toBe(key);
    }
    expect(officerAreas(db, officer)).toEqual(before);
  });

  it("refuses an unknown user", () => {
    expect(() => assignOfficerAreas(db, 999_999, [{ kind: "province", code: "82" }])).toThrow(AppError);
  });
});
