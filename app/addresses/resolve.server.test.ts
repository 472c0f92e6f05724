import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { resolveAddress } from "./resolve.server";
import type { Resolution } from "./types";

let db: ReturnType<typeof freshTestDb>;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
});
afterAll(() => db.cleanup());

const resolvedCode = (r: Resolution) => (r.status === "resolved" ? r.commune.code : `${r.status}`);

describe("resolveAddress: current communes", () => {
  it("finds a current commune by code or by name in the home province", () => {
    expect(resolveAddress(db, { commune: "", communeCode: "28249" })).toMatchObject({
      status: "resolved",
      via: "current",
      commune: { code: "28249", name: "Phường Đạo Thạnh", provinceCode: "82", provinceName: "Tỉnh Đồng Tháp" },
    });
    expect(resolvedCode(resolveAddress(db, { commune: "Phường Mỹ Tho" }))).toBe("28261");
    expect(resolvedCode(resolveAddress(db, { commune: "phuong my tho" }))).toBe("28261");
    expect(resolvedCode(resolveAddress(db, { commune: "Mỹ Phong" }))).toBe("28273");
  });

  it("looks in another province when asked, by name or code", () => {
    const r = resolveAddress(db, { province: "Hà Nội", commune: "Phường Ba Đình" });
    expect(r).toMatchObject({ status: "resolved", commune: { code: "00004", provinceCode: "01" } });
    expect(resolvedCode(resolveAddress(db, { commune: "Ba Đình" }, { homeProvinceCode: "01" }))).toBe("00004");
    expect(resolvedCode(resolveAddress(db, { province: "01", commune: "Ba Đình" }))).toBe("00004");
    // Not in the home province (82): unknown rather than a guess elsewhere.
    expect(resolveAddress(db, { commune: "Phường Ba Đình" }).status).toBe("unknown");
  });

  it("says unknown for a province that does not exist", () => {
    expect(resolveAddress(db, { province: "Tỉnh Không Có", commune: "Mỹ Phong" })).toEqual({
      status: "unknown",
      reason: "province",
      candidates: [],
    });
  });

  it("does not take a current code whose name disagrees; a former code with its name is read as former", () => {
    // 28261 is Phường 1 (Mỹ Tho) on 2025-03-01 and Phường Mỹ Tho today.
    const r = resolveAddress(db, { district: "TP Mỹ Tho", commune: "Phường 1", communeCode: "28261" });
    expect(r).toMatchObject({ status: "resolved", via: "former", commune: { code: "28261" }, former: { setId: "2025-03-01", code: "28261" } });
    expect(resolveAddress(db, { commune: "Phường Mỹ Tho", communeCode: "28261" })).toMatchObject({ status: "resolved", via: "current" });
  });
});

describe("resolveAddress: former addresses", () => {
  it("maps a former commune with its district, with or without marks and unit words", () => {
    for (const input of [
      { commune: "X. Hòa Hưng", district: "H. Cái Bè" },
      { commune: "xa hoa hung", district: "huyen cai be" },
      { commune: "Xã Hòa Hưng", district: "Huyện Cái Bè", province: "Tiền Giang" },
      { commune: "XÃ HÒA HƯNG", district: "CÁI BÈ", province: "Tỉnh Tiền Giang" },
    ]) {
      expect(resolveAddress(db, input)).toMatchObject({
        status: "resolved",
        via: "former",
        commune: { code: "28429", name: "Xã An Hữu" },
        former: { setId: "2025-03-01", code: "28432", name: "Xã Hòa Hưng", districtName: "Huyện Cái Bè", provinceName: "Tỉnh Tiền Giang" },
      });
    }
  });

  it("reads an old district under the old or the new province name, keeping same-named districts apart", () => {
    // Since 2025 people write the new province with the old district.
    expect(resolvedCode(resolveAddress(db, { commune: "Hòa Hưng", district: "Cái Bè", province: "Đồng Tháp" }))).toBe("28429");
    // Both old Tiền Giang (821) and old Đồng Tháp (877) had a Huyện Châu Thành; only Đồng Tháp's had Xã Tân Phú.
    expect(resolveAddress(db, { commune: "Tân Phú", district: "Châu Thành", province: "Tiền Giang" })).toMatchObject({
      status: "unknown",
      reason: "notInDistrict",
    });
    expect(resolveAddress(db, { commune: "Tân Phú", district: "Châu Thành", province: "Đồng Tháp" })).toMatchObject({
      status: "resolved",
      former: { code: "30274", districtCode: "877", provinceName: "Tỉnh Đồng Tháp" },
    });
  });

  it("maps numbered wards: Phường 5, TP Mỹ Tho is now Phường Đạo Thạnh", () => {
    for (const commune of ["Phường 5", "P5", "P.5", "phuong 05"]) {
      expect(resolvedCode(resolveAddress(db, { commune, district: "TP Mỹ Tho" }))).toBe("28249");
    }
  });

  it("resolves a former commune name alone when every match leads to one current commune", () => {
    expect(resolveAddress(db, { commune: "Hòa Hưng" })).toMatchObject({ status: "resolved", via: "former", commune: { code: "28429" } });
  });

  it("uses the 2024 snapshot for names that changed in 2024", () => {
    // Xã Long Hưng (Thị xã Gò Công) became Phường Long Hưng in 2024, then part of Phường Sơn Qui.
    expect(resolveAddress(db, { commune: "Xã Long Hưng", district: "Thị xã Gò Công" })).toMatchObject({
      status: "resolved",
      via: "former",
      commune: { code: "28729", name: "Phường Sơn Qui" },
      former: { setId: "2024-02-01", code: "28309", name: "Xã Long Hưng", districtName: "Thị xã Gò Công" },
    });
    // Old Phường 4 of Gò Công was renamed Phường 1 in 2024.
    expect(resolveAddress(db, { commune: "Phường 4", district: "TX Gò Công" })).toMatchObject({
      status: "resolved",
      commune: { code: "28306", name: "Phường Gò Công" },
      former: { setId: "2024-02-01", code: "28300" },
    });
  });

  it("follows the 2024 merger of Phường 1 (TX Gò Công) into the new Phường 1, then into Phường Gò Công", () => {
    // NQ 1013/NQ-UBTVQH15 (01/05/2024): old Phường 4 merged into Phường 1 (keeping code 28300), Phường 3 into
    // Phường 2; in 2025 both Phường 1 went into Phường Gò Công. Every candidate ends there: one answer.
    for (const district of ["Thị xã Gò Công", "TX Gò Công", "TX. Gò Công"]) {
      expect(resolveAddress(db, { commune: "Phường 1", district })).toMatchObject({
        status: "resolved",
        via: "former",
        commune: { code: "28306", name: "Phường Gò Công" },
        former: { setId: "2024-02-01", code: "28303", name: "Phường 1", districtName: "Thị xã Gò Công" },
      });
    }
    // Written with the city's name, the 2025 ward is meant; it ends in the same commune.
    expect(resolveAddress(db, { commune: "Phường 1", district: "TP Gò Công" })).toMatchObject({
      status: "resolved",
      commune: { code: "28306" },
      former: { setId: "2025-03-01", code: "28300", districtName: "Thành phố Gò Công" },
    });
    // Phường 3 of 2024 went into Phường 2, now Phường Long Thuận.
    expect(resolvedCode(resolveAddress(db, { commune: "Phường 3", district: "TX Gò Công" }))).toBe("28297");
  });

  it("follows Xã Tân Lý Tây into Thị trấn Tân Hiệp (2024), now Xã Châu Thành", () => {
    // NQ 1202/NQ-UBTVQH15, effective 01/11/2024.
    expect(resolveAddress(db, { commune: "Xã Tân Lý Tây", district: "Huyện Châu Thành" })).toMatchObject({
      status: "resolved",
      via: "former",
      commune: { code: "28519", name: "Xã Châu Thành" },
      former: { setId: "2024-02-01", code: "28531", name: "Xã Tân Lý Tây" },
    });
  });

  it("says a ward merged in 2024 without a recorded successor is merged, never dissolved, and does not guess", () => {
    expect(resolveAddress(db, { commune: "Phường 7", district: "TP Mỹ Tho" })).toMatchObject({
      status: "unknown",
      reason: "successorUnknown",
      candidates: [{ setId: "2024-02-01", code: "28255", name: "Phường 7", current: [] }],
    });
  });

  it("gives the choices when a former commune was split between new communes", () => {
    const r = resolveAddress(db, { province: "Hà Nội", district: "Quận Ba Đình", commune: "Phường Cống Vị" });
    expect(r).toMatchObject({ status: "ambiguous", reason: "partial", former: { code: "00007", name: "Phường Cống Vị" } });
    if (r.status !== "ambiguous") return;
    expect(r.candidates.map((c) => [c.setId, c.code, c.name])).toEqual([
      ["current", "00008", "Phường Ngọc Hà"],
      ["current", "00025", "Phường Giảng Võ"],
    ]);
    expect(resolveAddress(db, { province: "TP Hà Nội", commune: "Cống Vị" })).toMatchObject({ status: "ambiguous", reason: "partial" });
  });

  it("never picks a same-named commune of another district", () => {
    const r = resolveAddress(db, { commune: "Xã Long Hưng", district: "Huyện Chợ Gạo" });
    expect(r.status).toBe("unknown");
    if (r.status !== "unknown") return;
    expect(r.reason).toBe("notInDistrict");
    const former = r.candidates.filter((c) => c.setId !== "current").map((c) => [c.code, c.districtName]);
    expect(former).toEqual(
      expect.arrayContaining([
        ["28309", "Thị xã Gò Công"],
        ["28561", "Huyện Châu Thành"],
      ]),
    );
    expect(resolveAddress(db, { commune: "Xã Hòa Hưng", district: "Huyện Cai Lậy" })).toMatchObject({
      status: "unknown",
      reason: "notInDistrict",
      candidates: [{ code: "28432", districtName: "Huyện Cái Bè", current: [{ code: "28429" }] }],
    });
    // The right district picks the right one.
    expect(resolvedCode(resolveAddress(db, { commune: "Xã Long Hưng", district: "Huyện Châu Thành" }))).toBe("28537");
  });

  it("offers similar names in the district for a misspelt commune", () => {
    const r = resolveAddress(db, { commune: "Xã Hòa Hưg", district: "Cái Bè" });
    expect(r).toMatchObject({ status: "unknown", reason: "notInDistrict", candidates: [{ code: "28432", name: "Xã Hòa Hưng" }] });
  });

  it("tells apart names that fold alike by their marks (Thạnh Hoà, Tân Phước / Thanh Hòa, Cai Lậy)", () => {
    expect(resolvedCode(resolveAddress(db, { commune: "Xã Thạnh Hoà" }))).toBe("28327");
    expect(resolvedCode(resolveAddress(db, { commune: "Xã Thanh Hòa" }))).toBe("28436");
  });

  it("accepts a current commune written with its old district when it took in part of it", () => {
    expect(resolveAddress(db, { commune: "Phường Mỹ Tho", district: "TP Mỹ Tho" })).toMatchObject({
      status: "resolved",
      via: "current",
      commune: { code: "28261" },
    });
  });

  it("says unknown for a district that does not exist", () => {
    expect(resolveAddress(db, { commune: "Hòa Hưng", district: "Huyện Không Có" })).toMatchObject({ status: "unknown", reason: "district" });
  });
});


describe("resolveAddress: a name that is a current commune here and a former one elsewhere", () => {
  // Xã Thạnh Phú is a current commune (28444); the former Xã Thạnh Phú of Huyện Châu Thành (Tiền Giang, 28570)
  // went into Xã Long Hưng (28537).
  it("takes the former one when its old district is given", () => {
    for (const district of ["Huyện Châu Thành", "H. Châu Thành", "Châu Thành"]) {
      expect(resolveAddress(db, { commune: "Xã Thạnh Phú", district })).toMatchObject({
        status: "resolved",
        via: "former",
        commune: { code: "28537", name: "Xã Long Hưng" },
        former: { code: "28570", districtName: "Huyện Châu Thành" },
      });
    }
  });

  it("refuses it without a district, naming both candidates", () => {
    for (const commune of ["Xã Thạnh Phú", "Thạnh Phú", "xa thanh phu"]) {
      const r = resolveAddress(db, { commune });
      expect(r.status).toBe("ambiguous");
      if (r.status !== "ambiguous") continue;
      expect(r.reason).toBe("several");
      expect(r.candidates.map((c) => [c.setId, c.code, c.current.map((x) => x.code)])).toEqual(
        expect.arrayContaining([
          ["current", "28444", ["28444"]],
          ["2025-03-01", "28570", ["28537"]],
        ]),
      );
    }
    // The new province's name does not decide: people write it with old commune names.
    expect(resolveAddress(db, { commune: "Xã Thạnh Phú", province: "Đồng Tháp" }).status).toBe("ambiguous");
  });

  it("lets an old province name decide for the former unit", () => {
    expect(resolveAddress(db, { commune: "Xã Thạnh Phú", province: "Tiền Giang" })).toMatchObject({
      status: "resolved",
      commune: { code: "28537" },
      former: { code: "28570" },
    });
  });

  it("keeps resolving when the former same-named unit ends in the same current commune", () => {
    // Xã Mỹ Phong (former) went into Phường Mỹ Phong.
    expect(resolvedCode(resolveAddress(db, { commune: "Mỹ Phong" }))).toBe("28273");
  });
});
