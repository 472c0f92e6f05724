/**
 * Area targets: who may set them, the form's validation, and progress per area against the stage
 * fixture (app/dashboard/stages-fixture.ts), worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import type { Actor } from "~/accounts/access.server";
import { AppError } from "~/lib/errors";
import { COMMUNES, seedStageFixture, vn } from "./stages-fixture";
import { parseTargetForm, setAreaTarget, targetProgress, type TargetInput } from "./targets.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let admin: Actor;
let officer: Actor;
let provinceOfficer: Actor;

const target = (areaKind: TargetInput["areaKind"], areaCode: string, register: number | null, verify: number | null, list: number | null, year = 2026): TargetInput => ({
  areaKind,
  areaCode,
  year,
  householdsToRegister: register,
  householdsToVerify: verify,
  productsToList: list,
});

beforeAll(async () => {
  const buyer = await makeUser(db, "buyer");
  admin = await makeUser(db, "admin");
  officer = await makeUser(db, "officer");
  provinceOfficer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [
    { kind: "commune", code: COMMUNES.A },
    { kind: "commune", code: COMMUNES.C },
  ]);
  // Province 82 (Đồng Tháp today) holds communes A, B, C, D and E.
  assignOfficerAreas(db, provinceOfficer.id, [{ kind: "province", code: "82" }]);
  seedStageFixture(db, buyer.id);
  // 00:30 on 1 January 2027 in Vietnam is still 2026 in UTC: a 2027 registration.
  db.$client
    .prepare(
      `INSERT INTO households (display_name, representative_name, name_folded, phone, commune_code, status, created_at, updated_at)
       VALUES ('Hộ K5', 'Hộ K5', 'ho k5', '+84913999999', ?, 'registered', ?, ?)`,
    )
    .run(COMMUNES.A, vn("2027-01-01T00:30:00").getTime(), vn("2027-01-01T00:30:00").getTime());
});

describe("setAreaTarget", () => {
  it("lets an administrator set targets, one row per area and year, each change in the activity log", () => {
    setAreaTarget(db, admin, target("commune", COMMUNES.A, 5, 4, 5));
    // Set again: replaced, not added.
    setAreaTarget(db, admin, target("commune", COMMUNES.A, 10, 4, 5));
    setAreaTarget(db, admin, target("commune", COMMUNES.C, 2, null, 1));
    setAreaTarget(db, admin, target("former-district", "815", 100, null, null));
    setAreaTarget(db, admin, target("province", "82", 1000, 500, 2000));
    setAreaTarget(db, admin, target("commune", COMMUNES.F, 7, null, null));
    setAreaTarget(db, admin, target("commune", COMMUNES.A, 3, null, null, 2027));
    const rows = db.$client.prepare("SELECT area_kind, area_code, year, households_to_register AS r, set_by FROM area_targets ORDER BY id").all();
    expect(rows).toEqual([
      { area_kind: "commune", area_code: COMMUNES.A, year: 2026, r: 10, set_by: admin.id },
      { area_kind: "commune", area_code: COMMUNES.C, year: 2026, r: 2, set_by: admin.id },
      { area_kind: "former-district", area_code: "815", year: 2026, r: 100, set_by: admin.id },
      { area_kind: "province", area_code: "82", year: 2026, r: 1000, set_by: admin.id },
      { area_kind: "commune", area_code: COMMUNES.F, year: 2026, r: 7, set_by: admin.id },
      { area_kind: "commune", area_code: COMMUNES.A, year: 2027, r: 3, set_by: admin.id },
    ]);
    const log = db.$client.prepare("SELECT action, actor_user_id AS actor, detail FROM activity_log WHERE action = 'target.set' ORDER BY id").all() as Array<{
      actor: number;
      detail: string;
    }>;
    expect(log).toHaveLength(7);
    expect(JSON.parse(log[1].detail)).toEqual({ area: "Phường Đạo Thạnh", kind: "commune", code: COMMUNES.A, year: 2026, register: 10, verify: 4, list: 5 });
  });

  it("refuses officers with 403 and unknown areas with a message on the code", () => {
    const refused = (actor: Actor, input: TargetInput) => {
      try {
        setAreaTarget(db, actor, input);
      } catch (error) {
        return error as AppError;
      }
      throw new Error("expected a refusal");
    };
    expect(refused(officer, target("commune", COMMUNES.A, 1, 1, 1)).status).toBe(403);
    expect(refused(provinceOfficer, target("province", "82", 1, 1, 1)).status).toBe(403);
    // 815 is a former district: not a current commune code, and not a current province.
    expect(refused(admin, target("commune", "815", 1, 1, 1))).toMatchObject({ status: 400, field: "areaCode", messageKey: "dashboard:targets.errors.unknownArea" });
    expect(refused(admin, target("former-district", COMMUNES.A, 1, 1, 1))).toMatchObject({ field: "areaCode" });
    expect(db.$client.prepare("SELECT COUNT(*) AS n FROM area_targets").get()).toEqual({ n: 6 });
  });
});

describe("parseTargetForm", () => {
  it("reads numbers as people write them and keeps every value typed when something is wrong", () => {
    expect(
      parseTargetForm({ areaKind: "province", areaCode: "82", year: "2026", householdsToRegister: "1.200", householdsToVerify: "", productsToList: "3 000" }),
    ).toEqual({ ok: true, input: target("province", "82", 1200, null, 3000) });
    const typed = { areaKind: "commune", areaCode: "28249", year: "20x6", householdsToRegister: "12", householdsToVerify: "-5", productsToList: "2,5" };
    expect(parseTargetForm(typed)).toEqual({
      ok: false,
      values: typed,
      errors: { year: "dashboard:targets.errors.year", householdsToVerify: "dashboard:targets.errors.number", productsToList: "dashboard:targets.errors.number" },
    });
    expect(parseTargetForm({ areaKind: "tinh", areaCode: "", year: "2026" })).toEqual({
      ok: false,
      values: { areaKind: "tinh", areaCode: "", year: "2026", householdsToRegister: "", householdsToVerify: "", productsToList: "" },
      errors: { areaKind: "dashboard:targets.errors.kind", areaCode: "dashboard:targets.errors.code", householdsToRegister: "dashboard:targets.errors.none" },
    });
    expect(parseTargetForm({ areaKind: "commune", areaCode: "28249", year: "2026", productsToList: "10000001" }).ok).toBe(false);
  });
});

describe("targetProgress", () => {
  const view = (rows: ReturnType<typeof targetProgress>) => rows.map((r) => [`${r.areaKind}:${r.areaCode}`, r.name, r.target, r.progress]);

  it("shows an officer their own areas only, with progress in the year", () => {
    // The former district 815 and province 82 reach outside communes A and C: not shown.
    expect(view(targetProgress(db, officer, 2026))).toEqual([
      // A in 2026: K1 and K2 registered, K1 verified, four listings first published (K1's draft never was).
      [`commune:${COMMUNES.A}`, "Phường Đạo Thạnh", { householdsToRegister: 10, householdsToVerify: 4, productsToList: 5 }, { registered: 2, verified: 1, listed: 4 }],
      // C: K3, verified with no history (at registration), its listing older than published_at.
      [`commune:${COMMUNES.C}`, "Phường Mỹ Trà", { householdsToRegister: 2, householdsToVerify: null, productsToList: 1 }, { registered: 1, verified: 1, listed: 1 }],
    ]);
  });

  it("counts the year in Vietnam time and says when no target is set", () => {
    // K5 registered at 00:30 on 1/1/2027 in Vietnam (31/12/2026 in UTC).
    expect(view(targetProgress(db, officer, 2027))).toEqual([
      [`commune:${COMMUNES.A}`, "Phường Đạo Thạnh", { householdsToRegister: 3, householdsToVerify: null, productsToList: null }, { registered: 1, verified: 0, listed: 0 }],
      [`commune:${COMMUNES.C}`, "Phường Mỹ Trà", null, null],
    ]);
  });

  it("shows a province officer the province, the former district and the communes inside it", () => {
    expect(view(targetProgress(db, provinceOfficer, 2026))).toEqual([
      // Province 82: K1, K2, K3, K4 registered in 2026; K1, K3 verified; A's 4, C's 1 and K4's listing in B.
      ["province:82", "Tỉnh Đồng Tháp", { householdsToRegister: 1000, householdsToVerify: 500, productsToList: 2000 }, { registered: 4, verified: 2, listed: 6 }],
      // Thành phố Mỹ Tho (815): communes A and B among others.
      ["former-district:815", "Thành phố Mỹ Tho", { householdsToRegister: 100, householdsToVerify: null, productsToList: null }, { registered: 3, verified: 1, listed: 5 }],
      [`commune:${COMMUNES.A}`, "Phường Đạo Thạnh", { householdsToRegister: 10, householdsToVerify: 4, productsToList: 5 }, { registered: 2, verified: 1, listed: 4 }],
      [`commune:${COMMUNES.C}`, "Phường Mỹ Trà", { householdsToRegister: 2, householdsToVerify: null, productsToList: 1 }, { registered: 1, verified: 1, listed: 1 }],
    ]);
  });

  it("shows an administrator every province, set or not, and every target", () => {
    const rows = targetProgress(db, admin, 2026);
    const provinces = rows.filter((r) => r.areaKind === "province");
    expect(provinces.length).toBe(db.$client.prepare("SELECT COUNT(*) AS n FROM admin_units WHERE set_id = 'current' AND level = 'province'").pluck().get());
    expect(provinces.find((r) => r.areaCode === "01")).toMatchObject({ name: "Thành phố Hà Nội", target: null, progress: null });
    expect(view(rows.filter((r) => r.target !== null)).map((r) => r[0])).toEqual([
      "province:82",
      "former-district:815",
      // By name: Phường Ba Đình, Phường Đạo Thạnh, Phường Mỹ Trà.
      `commune:${COMMUNES.F}`,
      `commune:${COMMUNES.A}`,
      `commune:${COMMUNES.C}`,
    ]);
    expect(rows.find((r) => r.areaCode === COMMUNES.F)?.progress).toEqual({ registered: 0, verified: 0, listed: 0 });
  });

  it("refuses buyers", async () => {
    const buyer = await makeUser(db, "buyer");
    expect(() => targetProgress(db, buyer, 2026)).toThrow(AppError);
  });
});
