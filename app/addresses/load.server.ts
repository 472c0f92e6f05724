import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { csvObjects } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { cleanText, fold } from "~/lib/text";
import { CURRENT_SET, SET_2024, SET_2025 } from "./sets";

/** Where the shipped data lives (db/data/admin-units/README.md says where each file comes from). */
export const ADMIN_UNITS_DIR = path.resolve(process.cwd(), "db/data/admin-units");

const FILES = {
  current: "vn_admin_units_two_tier_current_2026-04-30.csv",
  threeTier2025: "vn_admin_units_2025-03-01_three_tier.csv",
  tienGiang2024: "tien_giang_82_2024-02-01_three_tier.csv",
  mapping2025: "vn_commune_mapping_2025-07-01_old_to_new.csv",
  mergers2024: "tien_giang_82_2024_mergers.csv",
} as const;

// Bump when the loading logic changes, so existing databases reload even if the files did not.
const LOADER_VERSION = 2;

const SETS = [
  {
    id: CURRENT_SET,
    label: "Hai cấp, hiện hành (30/04/2026)",
    validFrom: "2025-07-01",
    validTo: null,
    tiers: 2,
    isCurrent: true,
    origin: "thanglequoc/vietnamese-provinces-database@cd58063; mapping dvhcvn/20250701@dd94887",
  },
  {
    id: SET_2025,
    label: "Ba cấp, 01/03/2025 – 30/06/2025",
    validFrom: "2025-03-01",
    validTo: "2025-06-30",
    tiers: 3,
    isCurrent: false,
    origin: "thanglequoc/vietnamese-provinces-database@fc33b74 (v2.4.1)",
  },
  {
    id: SET_2024,
    label: "Tiền Giang, 01/02/2024",
    validFrom: "2024-02-01",
    validTo: "2024-04-30",
    tiers: 3,
    isCurrent: false,
    origin: "thanglequoc/vietnamese-provinces-database@29c353b (v2.0.0), Tiền Giang only",
  },
] as const;

type Level = "province" | "district" | "commune";
interface UnitRow {
  setId: string;
  code: string;
  name: string;
  shortName: string;
  nameEn: string | null;
  folded: string;
  type: string;
  level: Level;
  parentCode: string | null;
  provinceCode: string | null;
}

/**
 * The unit word from a data-file type: "Thành phố trực thuộc trung ương" → "Thành phố",
 * "Đặc khu tại hải đảo" → "Đặc khu". Names are "<unit word> <short name>".
 */
export function unitWord(type: string): string {
  return cleanText(type)
    .replace(/ (trực thuộc|thuộc|tại) .*$/u, "")
    .trim();
}

function readCsv(file: string): Record<string, string>[] {
  return csvObjects(fs.readFileSync(path.join(ADMIN_UNITS_DIR, file), "utf8"));
}

const THREE_TIER_LEVELS: Record<string, Level> = { "1": "province", "2": "district", "3": "commune" };

function threeTierUnits(setId: string, rows: Record<string, string>[]): UnitRow[] {
  return rows.map((r) => {
    const level = THREE_TIER_LEVELS[r.level];
    if (!level) throw new Error(`${setId}: unknown level ${r.level} for ${r.code}`);
    const shortName = cleanText(r.short_name);
    return {
      setId,
      code: r.code,
      name: cleanText(r.name),
      shortName,
      nameEn: r.full_name_en ? cleanText(r.full_name_en) : null,
      folded: fold(shortName),
      type: unitWord(r.type),
      level,
      parentCode: level === "commune" ? r.district_code : level === "district" ? r.province_code : null,
      provinceCode: level === "province" ? null : r.province_code,
    };
  });
}

function currentUnits(rows: Record<string, string>[]): UnitRow[] {
  return rows.map((r) => {
    const level: Level = r.level === "1" ? "province" : r.level === "2" ? "commune" : (() => {
      throw new Error(`current: unknown level ${r.level} for ${r.code}`);
    })();
    const shortName = cleanText(r.name);
    const type = unitWord(r.type);
    return {
      setId: CURRENT_SET,
      code: r.code,
      // Rebuilt from parts: one source full name is lower-case ("xã Bắc Sơn").
      name: `${type} ${shortName}`,
      shortName,
      nameEn: r.full_name_en ? cleanText(r.full_name_en) : null,
      folded: fold(shortName),
      type,
      level,
      parentCode: level === "commune" ? r.province_code : null,
      provinceCode: level === "commune" ? r.province_code : null,
    };
  });
}

/** A hash of the shipped files (and the loader version): the data version stored with each set. */
let cachedVersion: string | undefined;
export function adminUnitsDataVersion(): string {
  if (!cachedVersion) {
    const hash = crypto.createHash("sha256").update(`loader:${LOADER_VERSION}\n`);
    for (const file of Object.values(FILES)) {
      hash.update(`${file}\n`);
      hash.update(fs.readFileSync(path.join(ADMIN_UNITS_DIR, file)));
    }
    cachedVersion = hash.digest("hex").slice(0, 16);
  }
  return cachedVersion;
}

const VERSION_MARK = " · data sha256:";

/**
 * Loads the shipped administrative-unit sets and their mappings, once per data version.
 * Already loaded with the same files → one small query, nothing else.
 */
export function ensureAdminUnits(db: Db): { loaded: boolean; sets: string[] } {
  const sqlite = db.$client;
  const version = adminUnitsDataVersion();
  const existing = sqlite
    .prepare("SELECT id, source FROM admin_unit_sets WHERE id IN (?, ?, ?)")
    .all(...SETS.map((s) => s.id)) as { id: string; source: string }[];
  const upToDate =
    existing.length === SETS.length && existing.every((s) => s.source.endsWith(`${VERSION_MARK}${version}`));
  if (upToDate) return { loaded: false, sets: [] };

  const current = currentUnits(readCsv(FILES.current));
  const units2025 = threeTierUnits(SET_2025, readCsv(FILES.threeTier2025));
  const units2024 = threeTierUnits(SET_2024, readCsv(FILES.tienGiang2024));
  const mappingRows = readCsv(FILES.mapping2025);
  const mappings = buildMappings(current, units2025, units2024, mappingRows, readCsv(FILES.mergers2024));

  const insertSet = sqlite.prepare(
    `INSERT INTO admin_unit_sets (id, label, valid_from, valid_to, tiers, is_current, source)
     VALUES (@id, @label, @validFrom, @validTo, @tiers, @isCurrent, @source)`,
  );
  const insertUnit = sqlite.prepare(
    `INSERT INTO admin_units (set_id, code, name, short_name, name_en, folded, type, level, parent_code, province_code)
     VALUES (@setId, @code, @name, @shortName, @nameEn, @folded, @type, @level, @parentCode, @provinceCode)`,
  );
  const insertMapping = sqlite.prepare(
    `INSERT INTO admin_unit_mappings (from_set, from_code, to_set, to_code, merge_type)
     VALUES (@fromSet, @fromCode, @toSet, @toCode, @mergeType)`,
  );
  const ids = SETS.map((s) => s.id);
  const placeholders = ids.map(() => "?").join(", ");

  sqlite.transaction(() => {
    sqlite.prepare(`DELETE FROM admin_unit_mappings WHERE from_set IN (${placeholders}) OR to_set IN (${placeholders})`).run(...ids, ...ids);
    sqlite.prepare(`DELETE FROM admin_units WHERE set_id IN (${placeholders})`).run(...ids);
    sqlite.prepare(`DELETE FROM admin_unit_sets WHERE id IN (${placeholders})`).run(...ids);
    for (const set of SETS) {
      insertSet.run({
        id: set.id,
        label: set.label,
        validFrom: set.validFrom,
        validTo: set.validTo,
        tiers: set.tiers,
        isCurrent: set.isCurrent ? 1 : 0,
        source: `${set.origin}${VERSION_MARK}${version}`,
      });
    }
    for (const unit of current) insertUnit.run(unit);
    for (const unit of units2025) insertUnit.run(unit);
    for (const unit of units2024) insertUnit.run(unit);
    for (const mapping of mappings) insertMapping.run(mapping);
  })();

  return { loaded: true, sets: [...ids] };
}

interface MappingRow {
  fromSet: string;
  fromCode: string;
  toSet: string;
  toCode: string;
  mergeType: "full" | "partial";
}

function buildMappings(
  current: UnitRow[],
  units2025: UnitRow[],
  units2024: UnitRow[],
  rows: Record<string, string>[],
  mergers2024: Record<string, string>[],
): MappingRow[] {
  const currentCodes = new Set(current.map((u) => u.code));
  const codes2025 = new Set(units2025.map((u) => u.code));
  // The mapping uses the official July 2025 codes; two differ in the current list (README): find those by
  // province and name, and fail loudly if any other code does not resolve.
  const currentByProvinceName = new Map(
    current.filter((u) => u.level === "commune").map((u) => [`${u.provinceCode}|${fold(u.name)}`, u.code]),
  );
  const result: MappingRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    // 12 stale communes that are not in the 2025-03-01 list (SOURCES A1) have nothing to map from.
    if (!codes2025.has(r.old_code)) continue;
    let toCode = r.new_code;
    if (!currentCodes.has(toCode)) {
      const byName = currentByProvinceName.get(`${r.new_province_code}|${fold(cleanText(r.new_name))}`);
      if (!byName) throw new Error(`admin-unit mapping: new code ${r.new_code} (${r.new_name}) is not in the current set`);
      toCode = byName;
    }
    if (r.merge_type !== "full" && r.merge_type !== "partial") {
      throw new Error(`admin-unit mapping: bad merge_type ${r.merge_type} for ${r.old_code}`);
    }
    const key = `${r.old_code}>${toCode}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ fromSet: SET_2025, fromCode: r.old_code, toSet: CURRENT_SET, toCode, mergeType: r.merge_type });
  }
  // 2024 → 2025: a code that still exists is the same unit (possibly renamed); a vanished code was merged into
  // another unit, which the mergers file names where the resolution is known.
  for (const unit of units2024) {
    if (codes2025.has(unit.code)) {
      result.push({ fromSet: SET_2024, fromCode: unit.code, toSet: SET_2025, toCode: unit.code, mergeType: "full" });
    }
  }
  const codes2024 = new Set(units2024.map((u) => u.code));
  for (const r of mergers2024) {
    if (!codes2024.has(r.from_code) || codes2025.has(r.from_code) || !codes2025.has(r.to_code)) {
      throw new Error(`admin-unit mergers 2024: ${r.from_code} → ${r.to_code} does not join a vanished 2024 unit to a 2025 one`);
    }
    result.push({ fromSet: SET_2024, fromCode: r.from_code, toSet: SET_2025, toCode: r.to_code, mergeType: "full" });
  }
  return result;
}
