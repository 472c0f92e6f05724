import type Database from "better-sqlite3";
import type { Db } from "~/lib/db.server";
import { CURRENT_SET, SET_2025 } from "./sets";
import type { Candidate, CommuneRef, UnitInfo } from "./types";

/**
 * The administrative-unit tables as the lookups read them: prepared statements and remembered
 * answers, one bundle per connection, dropped when the data is reloaded (a new version).
 */

const UNIT_COLUMNS = `u.set_id AS setId, u.code, u.name, u.short_name AS shortName, u.folded, u.type, u.level,
  u.parent_code AS parentCode, u.province_code AS provinceCode, d.name AS districtName, p.name AS provinceName`;
const UNIT_JOINS = `LEFT JOIN admin_units d ON d.set_id = u.set_id AND d.code = u.parent_code AND d.level = 'district'
  LEFT JOIN admin_units p ON p.set_id = u.set_id AND p.code = u.province_code AND p.level = 'province'`;

function statements(sqlite: Database.Database) {
  return {
    unit: sqlite.prepare(`SELECT ${UNIT_COLUMNS} FROM admin_units u ${UNIT_JOINS} WHERE u.set_id = ? AND u.code = ?`),
    byFolded: sqlite.prepare(
      `SELECT ${UNIT_COLUMNS} FROM admin_units u ${UNIT_JOINS} WHERE u.set_id = ? AND u.level = ? AND u.folded = ?`,
    ),
    children: sqlite.prepare(
      `SELECT ${UNIT_COLUMNS} FROM admin_units u ${UNIT_JOINS} WHERE u.set_id = ? AND u.parent_code = ?`,
    ),
    mappingsFrom: sqlite.prepare(
      `SELECT to_set AS toSet, to_code AS toCode, merge_type AS mergeType FROM admin_unit_mappings
       WHERE from_set = ? AND from_code = ?`,
    ),
    currentCommune: sqlite.prepare(
      `SELECT u.code, u.name, u.province_code AS provinceCode, p.name AS provinceName
       FROM admin_units u JOIN admin_units p ON p.set_id = u.set_id AND p.code = u.province_code
       WHERE u.set_id = '${CURRENT_SET}' AND u.level = 'commune' AND u.code = ?`,
    ),
    provinces: sqlite.prepare(
      `SELECT code, name, short_name AS shortName FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'province'`,
    ),
    currentCommunes: sqlite.prepare(
      `SELECT code, name, short_name AS shortName, type FROM admin_units
       WHERE set_id = '${CURRENT_SET}' AND level = 'commune' AND province_code = ?`,
    ),
    // Which current provinces the communes of each former province went into (reforms merged whole provinces).
    formerProvinceTargets: sqlite.prepare(
      `SELECT DISTINCT o.province_code AS formerCode, c.province_code AS currentCode
       FROM admin_unit_mappings m
       JOIN admin_units o ON o.set_id = m.from_set AND o.code = m.from_code
       JOIN admin_units c ON c.set_id = m.to_set AND c.code = m.to_code
       WHERE m.from_set = '${SET_2025}' AND m.to_set = '${CURRENT_SET}' AND o.province_code IS NOT NULL`,
    ),
    // Former (2025-03-01) communes or districts that went into a current commune.
    // "+m.from_set": the index on (to_set, to_code) finds a commune's few sources; without the hint the
    // planner walked every mapping of the 2025 set through the primary key (≈ 0.2 ms a call).
    sourcesOf: sqlite.prepare(
      `SELECT o.code, o.parent_code AS parentCode, o.level FROM admin_unit_mappings m
       JOIN admin_units o ON o.set_id = m.from_set AND o.code = m.from_code
       WHERE m.to_set = '${CURRENT_SET}' AND m.to_code = ? AND +m.from_set = '${SET_2025}'`,
    ),
    dataVersion: sqlite.prepare(`SELECT source FROM admin_unit_sets WHERE id = '${CURRENT_SET}'`),
  };
}

type Statements = ReturnType<typeof statements>;
export interface Cache {
  version: string | undefined;
  stmts: Statements;
  /** former province code (2025-03-01 set) → current province codes */
  provinceTargets?: Map<string, Set<string>>;
  /** answers of the lookups below, for this data version (shared: callers never change them) */
  answers: Map<string, unknown>;
}
/** Remembered answers per connection: a bulk import resolves thousands of spellings of the same units. */
const ANSWERS_MAX = 50_000;
const caches = new WeakMap<Database.Database, Cache>();

export function cache(db: Db): Cache {
  const sqlite = db.$client;
  let entry = caches.get(sqlite);
  if (!entry) {
    entry = { version: undefined, stmts: statements(sqlite), answers: new Map() };
    caches.set(sqlite, entry);
  }
  // A reload of the data (new version) drops derived caches.
  const version = (entry.stmts.dataVersion.get() as { source: string } | undefined)?.source;
  if (version !== entry.version) {
    entry.version = version;
    entry.provinceTargets = undefined;
    entry.answers.clear();
  }
  return entry;
}

function remembered<T>(c: Cache, key: string, load: () => T): T {
  if (c.answers.has(key)) return c.answers.get(key) as T;
  const answer = load();
  if (c.answers.size >= ANSWERS_MAX) c.answers.clear();
  c.answers.set(key, answer);
  return answer;
}

export function unitByCode(c: Cache, setId: string, code: string): UnitInfo | undefined {
  return remembered(c, `unit|${setId}|${code}`, () => c.stmts.unit.get(setId, code) as UnitInfo | undefined);
}

export function unitsByFolded(c: Cache, setId: string, level: string, folded: string): readonly UnitInfo[] {
  return remembered(c, `folded|${setId}|${level}|${folded}`, () => c.stmts.byFolded.all(setId, level, folded) as UnitInfo[]);
}

export function childrenOf(c: Cache, setId: string, parentCode: string): readonly UnitInfo[] {
  return remembered(c, `children|${setId}|${parentCode}`, () => c.stmts.children.all(setId, parentCode) as UnitInfo[]);
}

type MappingRow = { toSet: string; toCode: string; mergeType: "full" | "partial" };
export function mappingsFrom(c: Cache, setId: string, code: string): readonly MappingRow[] {
  return remembered(c, `mappings|${setId}|${code}`, () => c.stmts.mappingsFrom.all(setId, code) as MappingRow[]);
}

export type SourceRow = { code: string; parentCode: string | null; level: string };
/** The 2025-03-01 communes or districts that went into a current commune. */
export function sourcesOf(c: Cache, currentCode: string): readonly SourceRow[] {
  return remembered(c, `sources|${currentCode}`, () => c.stmts.sourcesOf.all(currentCode) as SourceRow[]);
}

export function currentCommuneRef(c: Cache, code: string): CommuneRef | undefined {
  return remembered(c, `current|${code}`, () => c.stmts.currentCommune.get(code) as CommuneRef | undefined);
}

export function provinceTargets(c: Cache): Map<string, Set<string>> {
  if (!c.provinceTargets) {
    const map = new Map<string, Set<string>>();
    for (const row of c.stmts.formerProvinceTargets.all() as { formerCode: string; currentCode: string }[]) {
      let set = map.get(row.formerCode);
      if (!set) map.set(row.formerCode, (set = new Set()));
      set.add(row.currentCode);
    }
    c.provinceTargets = map;
  }
  return c.provinceTargets;
}

/** The current communes a unit of any set stands for today (itself for a current commune). */
export function currentTargets(c: Cache, setId: string, code: string): Candidate["current"] {
  if (setId === CURRENT_SET) {
    const self = currentCommuneRef(c, code);
    return self ? [{ ...self, mergeType: "full" }] : [];
  }
  const out: Candidate["current"] = [];
  for (const m of mappingsFrom(c, setId, code)) {
    const next = currentTargets(c, m.toSet, m.toCode);
    for (const t of next) {
      const mergeType = m.mergeType === "partial" || t.mergeType === "partial" ? "partial" : "full";
      if (!out.some((o) => o.code === t.code)) out.push({ ...t, mergeType });
    }
  }
  return out;
}
