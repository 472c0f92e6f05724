import type Database from "better-sqlite3";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { CURRENT_SET, SET_2025 } from "./sets";

export type AreaSelection =
  | { kind: "province"; code: string }
  | { kind: "commune"; code: string }
  /** a district of the 2025-03-01 set; stored as the current communes it went into */
  | { kind: "former-district"; code: string };

export interface OfficerArea {
  code: string;
  level: "province" | "commune";
  name: string;
  provinceCode: string;
  provinceName: string;
}

function unitLevel(sqlite: Database.Database, setId: string, code: string): string | undefined {
  const row = sqlite.prepare("SELECT level FROM admin_units WHERE set_id = ? AND code = ?").get(setId, code) as
    | { level: string }
    | undefined;
  return row?.level;
}

/**
 * Replaces an officer's areas with the selection. Areas always live in the current set: a former
 * district becomes every current commune that took in any of its communes (or, for the five island
 * districts without communes, the special zone it became). Communes inside a selected province are
 * not stored twice.
 */
export function assignOfficerAreas(db: Db, userId: number, selections: AreaSelection[]): OfficerArea[] {
  const sqlite = db.$client;
  if (!sqlite.prepare("SELECT 1 FROM users WHERE id = ?").get(userId)) {
    throw new AppError("addresses:errors.unknownUser", 404);
  }
  const provinces = new Set<string>();
  const communes = new Set<string>();
  const formerDistrictCommunes = sqlite.prepare(
    `SELECT DISTINCT m.to_code AS code FROM admin_unit_mappings m
     JOIN admin_units o ON o.set_id = m.from_set AND o.code = m.from_code
     WHERE m.from_set = '${SET_2025}' AND m.to_set = '${CURRENT_SET}'
       AND ((o.level = 'commune' AND o.parent_code = @district) OR (o.level = 'district' AND o.code = @district))`,
  );
  for (const selection of selections) {
    const code = selection.code.trim();
    if (selection.kind === "province") {
      if (unitLevel(sqlite, CURRENT_SET, code) !== "province") {
        throw new AppError("addresses:errors.unknownProvince", 400, { code }, "areas");
      }
      provinces.add(code);
    } else if (selection.kind === "commune") {
      if (unitLevel(sqlite, CURRENT_SET, code) !== "commune") {
        throw new AppError("addresses:errors.unknownCommune", 400, { code }, "areas");
      }
      communes.add(code);
    } else {
      if (unitLevel(sqlite, SET_2025, code) !== "district") {
        throw new AppError("addresses:errors.unknownFormerDistrict", 400, { code }, "areas");
      }
      for (const row of formerDistrictCommunes.all({ district: code }) as { code: string }[]) communes.add(row.code);
    }
  }
  const provinceOf = sqlite.prepare(`SELECT province_code AS p FROM admin_units WHERE set_id = '${CURRENT_SET}' AND code = ?`);
  const insert = sqlite.prepare("INSERT INTO officer_areas (user_id, unit_code, unit_level, created_at) VALUES (?, ?, ?, ?)");
  const now = Date.now();
  sqlite.transaction(() => {
    sqlite.prepare("DELETE FROM officer_areas WHERE user_id = ?").run(userId);
    for (const code of provinces) insert.run(userId, code, "province", now);
    for (const code of communes) {
      const { p } = provinceOf.get(code) as { p: string };
      if (!provinces.has(p)) insert.run(userId, code, "commune", now);
    }
  })();
  return officerAreas(db, userId);
}

/** An officer's areas with their names, provinces first. */
export function officerAreas(db: Db, userId: number): OfficerArea[] {
  return db.$client
    .prepare(
      `SELECT a.unit_code AS code, a.unit_level AS level, u.name,
              COALESCE(u.province_code, u.code) AS provinceCode, p.name AS provinceName
       FROM officer_areas a
       JOIN admin_units u ON u.set_id = '${CURRENT_SET}' AND u.code = a.unit_code AND u.level = a.unit_level
       JOIN admin_units p ON p.set_id = '${CURRENT_SET}' AND p.level = 'province' AND p.code = COALESCE(u.province_code, u.code)
       WHERE a.user_id = ?
       ORDER BY a.unit_level = 'commune', provinceCode, a.unit_code`,
    )
    .all(userId) as OfficerArea[];
}

/** True when one of the officer's provinces contains the commune, or the commune itself is listed. */
export function officerCoversCommune(db: Db, userId: number, communeCode: string): boolean {
  const row = db.$client
    .prepare(
      `SELECT 1 FROM officer_areas a
       WHERE a.user_id = @userId AND (
         (a.unit_level = 'commune' AND a.unit_code = @code) OR
         (a.unit_level = 'province' AND a.unit_code = (
            SELECT province_code FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune' AND code = @code)))
       LIMIT 1`,
    )
    .get({ userId, code: communeCode });
  return row !== undefined;
}

/** Every current commune code the officer covers, sorted. */
export function communesCoveredBy(db: Db, userId: number): string[] {
  const rows = db.$client
    .prepare(
      `SELECT a.unit_code AS code FROM officer_areas a WHERE a.user_id = @userId AND a.unit_level = 'commune'
       UNION
       SELECT u.code FROM officer_areas a
       JOIN admin_units u ON u.set_id = '${CURRENT_SET}' AND u.level = 'commune' AND u.province_code = a.unit_code
       WHERE a.user_id = @userId AND a.unit_level = 'province'
       ORDER BY code`,
    )
    .all({ userId }) as { code: string }[];
  return rows.map((r) => r.code);
}

export interface AreaOfficer {
  name: string;
  /** E.164 */
  phone: string;
  /** the area through which they cover the commune (the commune itself, or its province) */
  areaName: string;
  areaLevel: "province" | "commune";
}

/**
 * The active officers whose areas include the commune, those of the commune itself first: the
 * people a farmer of that commune goes to for verification or an appeal.
 */
export function officersCovering(db: Db, communeCode: string, limit = 3): AreaOfficer[] {
  return db.$client
    .prepare(
      `SELECT us.name, us.phone, u.name AS areaName, a.unit_level AS areaLevel
       FROM officer_areas a
       JOIN users us ON us.id = a.user_id AND us.role = 'officer' AND us.disabled_at IS NULL
       JOIN admin_units u ON u.set_id = '${CURRENT_SET}' AND u.code = a.unit_code AND u.level = a.unit_level
       WHERE (a.unit_level = 'commune' AND a.unit_code = @code) OR
             (a.unit_level = 'province' AND a.unit_code = (
                SELECT province_code FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune' AND code = @code))
       ORDER BY a.unit_level = 'province', us.id
       LIMIT @limit`,
    )
    .all({ code: communeCode, limit }) as AreaOfficer[];
}
