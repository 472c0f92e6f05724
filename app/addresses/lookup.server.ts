import type Database from "better-sqlite3";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { cleanText, fold } from "~/lib/text";
import { hasMarks, markedKey, nameVariants, type ParsedUnitName } from "./names";
import { CURRENT_SET, SET_2024, SET_2025 } from "./sets";
import type { AddressInput, Candidate, CommuneRef, FormerRef, Resolution, UnitInfo } from "./types";

export { parseUnitName, type ParsedUnitName } from "./names";
export type { AddressInput, Candidate, CommuneRef, FormerRef, Resolution, UnknownReason, UnitInfo } from "./types";

const MAX_CANDIDATES = 10;

// ---------------------------------------------------------------------------------------------
// Prepared statements, one bundle per connection.

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
    sourcesOf: sqlite.prepare(
      `SELECT o.code, o.parent_code AS parentCode, o.level FROM admin_unit_mappings m
       JOIN admin_units o ON o.set_id = m.from_set AND o.code = m.from_code
       WHERE m.to_set = '${CURRENT_SET}' AND m.to_code = ? AND m.from_set = '${SET_2025}'`,
    ),
    dataVersion: sqlite.prepare(`SELECT source FROM admin_unit_sets WHERE id = '${CURRENT_SET}'`),
  };
}

type Statements = ReturnType<typeof statements>;
interface Cache {
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

function cache(db: Db): Cache {
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

function unitByCode(c: Cache, setId: string, code: string): UnitInfo | undefined {
  return remembered(c, `unit|${setId}|${code}`, () => c.stmts.unit.get(setId, code) as UnitInfo | undefined);
}

function unitsByFolded(c: Cache, setId: string, level: string, folded: string): readonly UnitInfo[] {
  return remembered(c, `folded|${setId}|${level}|${folded}`, () => c.stmts.byFolded.all(setId, level, folded) as UnitInfo[]);
}

function childrenOf(c: Cache, setId: string, parentCode: string): readonly UnitInfo[] {
  return remembered(c, `children|${setId}|${parentCode}`, () => c.stmts.children.all(setId, parentCode) as UnitInfo[]);
}

type MappingRow = { toSet: string; toCode: string; mergeType: "full" | "partial" };
function mappingsFrom(c: Cache, setId: string, code: string): readonly MappingRow[] {
  return remembered(c, `mappings|${setId}|${code}`, () => c.stmts.mappingsFrom.all(setId, code) as MappingRow[]);
}

function currentCommuneRef(c: Cache, code: string): CommuneRef | undefined {
  return remembered(c, `current|${code}`, () => c.stmts.currentCommune.get(code) as CommuneRef | undefined);
}

function provinceTargets(c: Cache): Map<string, Set<string>> {
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

// ---------------------------------------------------------------------------------------------
// Helpers for pickers and other modules.

const collator = new Intl.Collator("vi", { numeric: true });

export function getUnit(db: Db, setId: string, code: string): UnitInfo | null {
  return unitByCode(cache(db), setId, code) ?? null;
}

/** A current commune with its province, or null. */
export function getCurrentCommune(db: Db, code: string): CommuneRef | null {
  return currentCommuneRef(cache(db), code) ?? null;
}

/** The current provinces, in Vietnamese alphabetical order of their short names. */
export function listProvinces(db: Db): Array<{ code: string; name: string; shortName: string }> {
  const rows = cache(db).stmts.provinces.all() as Array<{ code: string; name: string; shortName: string }>;
  return rows.sort((a, b) => collator.compare(a.shortName, b.shortName));
}

/** The current communes of a province, alphabetical (numbered wards in number order). */
export function listCurrentCommunes(
  db: Db,
  provinceCode: string,
): Array<{ code: string; name: string; shortName: string; type: string }> {
  const rows = cache(db).stmts.currentCommunes.all(provinceCode) as Array<{
    code: string;
    name: string;
    shortName: string;
    type: string;
  }>;
  return rows.sort((a, b) => collator.compare(a.shortName, b.shortName) || collator.compare(a.type, b.type));
}

/** The 2025-03-01 districts of the former province(s) that now lie in this current province. */
export function formerDistricts(
  db: Db,
  provinceCode: string,
): Array<{ code: string; name: string; provinceCode: string; provinceName: string }> {
  const c = cache(db);
  const formerProvinces = [...provinceTargets(c)].filter(([, targets]) => targets.has(provinceCode)).map(([code]) => code);
  const result: Array<{ code: string; name: string; provinceCode: string; provinceName: string }> = [];
  for (const former of formerProvinces) {
    for (const d of childrenOf(c, SET_2025, former)) {
      if (d.level === "district") {
        result.push({ code: d.code, name: d.name, provinceCode: former, provinceName: d.provinceName ?? "" });
      }
    }
  }
  return result.sort((a, b) => a.code.localeCompare(b.code));
}

/** The current communes a unit of any set stands for today (itself for a current commune). */
export function currentCommunesOf(db: Db, setId: string, code: string): Candidate["current"] {
  return currentTargets(cache(db), setId, code);
}

function currentTargets(c: Cache, setId: string, code: string): Candidate["current"] {
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

// ---------------------------------------------------------------------------------------------
// Resolution.

interface Scope {
  /** current provinces the address may lie in */
  current: Set<string>;
  /** former provinces (2025-03-01 / 2024-02-01 codes) the address may lie in */
  former: Set<string>;
  /** all former provinces now in `current`, tried when the district is not in `former` */
  formerWide: Set<string>;
}

/** A former unit across snapshots: the 2024 unit whose code lives on in 2025 is the same unit. */
interface Identity {
  key: string;
  /** the version that matched the input (shown to people) */
  unit: UnitInfo;
  types: Set<string>;
  targets: Candidate["current"];
}

function toCandidate(unit: UnitInfo, targets: Candidate["current"]): Candidate {
  return {
    setId: unit.setId,
    code: unit.code,
    name: unit.name,
    districtName: unit.districtName,
    provinceName: unit.provinceName,
    current: targets,
  };
}

function toFormerRef(unit: UnitInfo): FormerRef {
  return {
    setId: unit.setId,
    code: unit.code,
    name: unit.name,
    districtCode: unit.level === "commune" ? unit.parentCode : null,
    districtName: unit.districtName,
    provinceCode: unit.provinceCode,
    provinceName: unit.provinceName,
  };
}

function communeCandidate(ref: CommuneRef): Candidate {
  return {
    setId: CURRENT_SET,
    code: ref.code,
    name: ref.name,
    districtName: null,
    provinceName: ref.provinceName,
    current: [{ ...ref, mergeType: "full" }],
  };
}

function identityKey(c: Cache, unit: UnitInfo): string {
  if (unit.setId === SET_2024) {
    const next = mappingsFrom(c, SET_2024, unit.code)[0];
    if (next) return `${next.toSet}:${next.toCode}`;
  }
  return `${unit.setId}:${unit.code}`;
}

function groupIdentities(c: Cache, units: UnitInfo[], type?: string): Identity[] {
  const byKey = new Map<string, Identity>();
  // The version written with the input's unit word represents the identity ("Xã Long Hưng" of 2024 rather
  // than "Phường Long Hưng" of 2025); otherwise the newer one.
  const rank = (u: UnitInfo) => (type && fold(u.type) === type ? 0 : 2) + (u.setId === SET_2025 ? 0 : 1);
  const ordered = [...units].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));
  for (const unit of ordered) {
    const key = identityKey(c, unit);
    const existing = byKey.get(key);
    if (existing) existing.types.add(fold(unit.type));
    else byKey.set(key, { key, unit, types: new Set([fold(unit.type)]), targets: currentTargets(c, unit.setId, unit.code) });
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The input's unit word narrows the choice only when something has that word ("H." vs "TX." Cai Lậy). */
function preferType<T>(items: T[], type: string | undefined, typesOf: (item: T) => Iterable<string>): T[] {
  if (!type || items.length < 2) return items;
  const matching = items.filter((item) => [...typesOf(item)].includes(type));
  return matching.length > 0 ? matching : items;
}

/**
 * Among units that fold alike, those spelt exactly as the input (tones included) win when the input has
 * marks: "Thạnh Hoà" (Tân Phước) is not "Thanh Hòa" (Cai Lậy).
 */
function preferSpelling<T>(items: T[], text: string, unitOf: (item: T) => UnitInfo): T[] {
  if (items.length < 2 || !hasMarks(text)) return items;
  const exact = items.filter((item) => spelledAs(unitOf(item), text));
  return exact.length > 0 ? exact : items;
}

/** The input ends with the unit's short name spelt the same way (tone placement aside). */
function spelledAs(unit: UnitInfo, text: string): boolean {
  if (!hasMarks(text) || /^\d+$/.test(unit.folded)) return true;
  const written = markedKey(text);
  const name = markedKey(unit.shortName);
  if (!written.endsWith(name)) return false;
  const before = written.slice(0, written.length - name.length);
  return before === "" || /[\s.]$/.test(before);
}

/** The unit word (if given) and the spelling (if the input has marks) agree with the unit's own. */
function writtenAs(unit: UnitInfo, type: string | undefined, text: string): boolean {
  if (type && fold(unit.type) !== type) return false;
  return spelledAs(unit, text);
}

function inFormerScope(unit: UnitInfo, scope: Scope): boolean {
  const province = unit.level === "province" ? unit.code : unit.provinceCode;
  return province !== null && scope.former.has(province);
}

function formerProvincesFor(c: Cache, currentCodes: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const [former, targets] of provinceTargets(c)) {
    if ([...targets].some((t) => currentCodes.has(t))) out.add(former);
  }
  return out;
}

function resolveScope(c: Cache, province: string | undefined, home: string, hasDistrict: boolean): Scope | null {
  if (!province || !cleanText(province)) {
    const current = new Set([home]);
    const former = formerProvincesFor(c, current);
    return { current, former, formerWide: former };
  }
  const text = cleanText(province);
  if (/^\d{1,2}$/.test(text)) {
    const code = text.padStart(2, "0");
    if (!unitByCode(c, CURRENT_SET, code)) return null;
    const current = new Set([code]);
    const former = formerProvincesFor(c, current);
    return { current, former, formerWide: former };
  }
  const currentMatches = new Set<string>();
  const formerMatches = new Set<string>();
  for (const variant of nameVariants(text)) {
    for (const u of unitsByFolded(c, CURRENT_SET, "province", variant.name)) currentMatches.add(u.code);
    for (const setId of [SET_2025, SET_2024]) {
      for (const u of unitsByFolded(c, setId, "province", variant.name)) formerMatches.add(u.code);
    }
    if (currentMatches.size || formerMatches.size) break;
  }
  if (!currentMatches.size && !formerMatches.size) return null;
  const targets = provinceTargets(c);
  const current = new Set(currentMatches);
  for (const f of formerMatches) for (const t of targets.get(f) ?? []) current.add(t);
  // A district means an old-style address: "Châu Thành, Đồng Tháp" is then the old Đồng Tháp, not the
  // Tiền Giang district of the same name that now lies in the new Đồng Tháp.
  // A new province name with an old district ("Cái Bè, Đồng Tháp") is common since 2025: formerWide allows it.
  const formerWide = formerProvincesFor(c, current);
  const former = hasDistrict && formerMatches.size ? formerMatches : formerWide;
  return { current, former, formerWide };
}

function findByName(c: Cache, setIds: string[], level: string, variants: ParsedUnitName[], keep: (u: UnitInfo) => boolean) {
  for (const variant of variants) {
    const units: UnitInfo[] = [];
    for (const setId of setIds) {
      for (const u of unitsByFolded(c, setId, level, variant.name)) if (keep(u)) units.push(u);
    }
    if (units.length) return { units, type: variant.type };
  }
  return { units: [] as UnitInfo[], type: undefined };
}

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  if (` ${b} `.includes(` ${a} `) || ` ${a} `.includes(` ${b} `)) return true;
  return distance(a, b) <= Math.max(1, Math.floor(Math.min(a.length, b.length) / 4));
}

function dedupeCandidates(list: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return list.filter((cand) => {
    const key = `${cand.setId}:${cand.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Decides from the former units that fit the input; never picks between different outcomes. */
function decide(identities: Identity[]): Resolution {
  const outcomes = new Set(identities.map((i) => i.targets.map((t) => t.code).sort().join(",")));
  if (outcomes.size === 1) {
    const [first] = identities;
    if (first.targets.length === 1) {
      const { mergeType: _mergeType, ...commune } = first.targets[0];
      if (first.unit.setId === CURRENT_SET) return { status: "resolved", commune, via: "current" };
      return { status: "resolved", commune, via: "former", former: toFormerRef(first.unit) };
    }
    if (first.targets.length > 1) {
      return {
        status: "ambiguous",
        reason: "partial",
        former: toFormerRef(first.unit),
        candidates: first.targets.map((t) => communeCandidate(t)),
      };
    }
    return { status: "unknown", reason: "dissolved", candidates: identities.map((i) => toCandidate(i.unit, i.targets)) };
  }
  return {
    status: "ambiguous",
    reason: "several",
    candidates: identities.slice(0, MAX_CANDIDATES).map((i) => toCandidate(i.unit, i.targets)),
  };
}

/**
 * Resolves an address, written as people write it today or before the reforms, to a current commune.
 * Never guesses: several possible communes give "ambiguous", a commune outside the given district "unknown",
 * each with candidates people can choose from.
 */
export function resolveAddress(db: Db, input: AddressInput, options: { homeProvinceCode?: string } = {}): Resolution {
  const c = cache(db);
  const home = options.homeProvinceCode ?? env().HOME_PROVINCE_CODE;
  const communeText = cleanText(input.commune ?? "");
  const districtText = cleanText(input.district ?? "");
  const hasDistrict = districtText !== "";
  const variants = communeText ? nameVariants(communeText) : [];

  const scope = resolveScope(c, input.province, home, hasDistrict);
  if (!scope) return { status: "unknown", reason: "province", candidates: [] };

  const nameFits = (u: { folded: string }) => variants.length === 0 || variants.some((v) => v.name === u.folded);

  // 1. A code from a picker or an earlier import.
  const code = cleanText(input.communeCode ?? "");
  if (code) {
    const unit = getUnit(db, CURRENT_SET, code);
    const provinceAgrees = !input.province || (unit?.provinceCode != null && scope.current.has(unit.provinceCode));
    if (unit && unit.level === "commune" && provinceAgrees && nameFits(unit)) {
      return { status: "resolved", via: "current", commune: currentTargetsAsRef(c, code) };
    }
    // Codes are reused between sets: accept a former code only when the name agrees with it.
    if (variants.length) {
      const former = [SET_2025, SET_2024]
        .map((setId) => getUnit(db, setId, code))
        .filter((u): u is UnitInfo => !!u && u.level === "commune" && nameFits(u) && inFormerScope(u, scope));
      if (former.length) return decide(groupIdentities(c, former, variants[0].type));
    }
  }
  if (!variants.length) return { status: "unknown", reason: "notFound", candidates: [] };

  const inCurrentScope = (u: UnitInfo) => u.provinceCode !== null && scope.current.has(u.provinceCode);
  const formerInScope = (u: UnitInfo) => inFormerScope(u, scope);

  if (!hasDistrict) {
    // 2. A current commune by name, written as it is named today (unit word and spelling agree).
    const current = findByName(c, [CURRENT_SET], "commune", variants, inCurrentScope);
    const exact = current.units.filter((u) => writtenAs(u, current.type, communeText));
    if (exact.length === 1) {
      return { status: "resolved", via: "current", commune: currentTargetsAsRef(c, exact[0].code) };
    }
    if (exact.length > 1) {
      return {
        status: "ambiguous",
        reason: "several",
        candidates: exact.slice(0, MAX_CANDIDATES).map((u) => toCandidate(u, currentTargets(c, CURRENT_SET, u.code))),
      };
    }
    // 3. A former commune by name, anywhere in the province(s), weighed together with current communes
    // that fold alike but are written differently ("Xã Thạnh Hoà" is not "Phường Thanh Hoà").
    const former = findByName(c, [SET_2025, SET_2024], "commune", variants, formerInScope);
    const identities = preferSpelling(
      preferType(groupIdentities(c, former.units, former.type), former.type, (i) => i.types),
      communeText,
      (i) => i.unit,
    );
    const lookalikes: Identity[] = current.units.map((u) => ({
      key: `${CURRENT_SET}:${u.code}`,
      unit: u,
      types: new Set([fold(u.type)]),
      targets: currentTargets(c, CURRENT_SET, u.code),
    }));
    const weighed = preferSpelling([...identities, ...lookalikes], communeText, (i) => i.unit);
    if (weighed.length) return decide(weighed);
    return { status: "unknown", reason: "notFound", candidates: similarCurrent(c, scope, variants[0].name) };
  }

  // 4. An old-style address with a district.
  const districtVariants = nameVariants(districtText);
  let districts = findByName(c, [SET_2025, SET_2024], "district", districtVariants, formerInScope);
  if (!districts.units.length && scope.formerWide.size > scope.former.size) {
    scope.former = scope.formerWide;
    districts = findByName(c, [SET_2025, SET_2024], "district", districtVariants, formerInScope);
  }
  const districtIdentities = preferSpelling(
    preferType(groupIdentities(c, districts.units, districts.type), districts.type, (i) => i.types),
    districtText,
    (i) => i.unit,
  );
  if (!districtIdentities.length) {
    return { status: "unknown", reason: "district", candidates: sameNameElsewhere(c, scope, variants, null) };
  }
  // The codes of the matched districts in each former set (a 2024 district lives on under the same code).
  const districtCodes = new Set(districtIdentities.flatMap((i) => [i.unit.code, i.key.split(":")[1]]));
  const inDistrict = (u: UnitInfo) => u.parentCode !== null && districtCodes.has(u.parentCode) && formerInScope(u);
  const communes = findByName(c, [SET_2025, SET_2024], "commune", variants, inDistrict);
  const identities = preferSpelling(
    preferType(groupIdentities(c, communes.units, communes.type), communes.type, (i) => i.types),
    communeText,
    (i) => i.unit,
  );
  if (identities.length) return decide(identities);

  // 5. A current commune name written with its old district: accept it when it took in part of that district.
  const current = findByName(c, [CURRENT_SET], "commune", variants, inCurrentScope);
  const fromDistrict = current.units.filter((u) =>
    (c.stmts.sourcesOf.all(u.code) as { code: string; parentCode: string | null; level: string }[]).some((s) =>
      s.level === "commune" ? s.parentCode !== null && districtCodes.has(s.parentCode) : districtCodes.has(s.code),
    ),
  );
  const currentUnits = preferType(fromDistrict, current.type, (u) => [fold(u.type)]);
  if (currentUnits.length === 1) {
    return { status: "resolved", via: "current", commune: currentTargetsAsRef(c, currentUnits[0].code) };
  }
  if (currentUnits.length > 1) {
    return { status: "ambiguous", reason: "several", candidates: currentUnits.map((u) => toCandidate(u, currentTargets(c, CURRENT_SET, u.code))) };
  }

  // Not in that district: name the same commune elsewhere and similar names inside the district.
  return { status: "unknown", reason: "notInDistrict", candidates: sameNameElsewhere(c, scope, variants, districtCodes) };
}

function currentTargetsAsRef(c: Cache, code: string): CommuneRef {
  return currentCommuneRef(c, code)!;
}

function sameNameElsewhere(c: Cache, scope: Scope, variants: ParsedUnitName[], districtCodes: Set<string> | null): Candidate[] {
  const name = variants[0].name;
  const out: Candidate[] = [];
  const former = findByName(c, [SET_2025, SET_2024], "commune", variants, (u) => inFormerScope(u, scope));
  for (const identity of groupIdentities(c, former.units, former.type)) out.push(toCandidate(identity.unit, identity.targets));
  const current = findByName(c, [CURRENT_SET], "commune", variants, (u) => u.provinceCode !== null && scope.current.has(u.provinceCode));
  for (const u of current.units) out.push(toCandidate(u, currentTargets(c, CURRENT_SET, u.code)));
  if (districtCodes) {
    const near: Array<{ unit: UnitInfo; d: number }> = [];
    for (const setId of [SET_2025, SET_2024]) {
      for (const districtCode of districtCodes) {
        for (const u of childrenOf(c, setId, districtCode)) {
          if (u.level === "commune" && inFormerScope(u, scope) && similar(name, u.folded)) near.push({ unit: u, d: distance(name, u.folded) });
        }
      }
    }
    near.sort((a, b) => a.d - b.d);
    for (const identity of groupIdentities(c, near.map((n) => n.unit))) out.push(toCandidate(identity.unit, identity.targets));
  }
  return dedupeCandidates(out).slice(0, MAX_CANDIDATES);
}

function similarCurrent(c: Cache, scope: Scope, name: string): Candidate[] {
  const near: Array<{ unit: { code: string; folded: string }; d: number }> = [];
  for (const province of scope.current) {
    for (const u of childrenOf(c, CURRENT_SET, province)) {
      if (u.level === "commune" && similar(name, u.folded)) near.push({ unit: u, d: distance(name, u.folded) });
    }
  }
  near.sort((a, b) => a.d - b.d);
  return near.slice(0, MAX_CANDIDATES).map((n) => communeCandidate(currentTargetsAsRef(c, n.unit.code)));
}
