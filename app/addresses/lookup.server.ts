import type { Db } from "~/lib/db.server";
import { SET_2025 } from "./sets";
import type { CommuneRef, UnitInfo } from "./types";
import { cache, childrenOf, currentCommuneRef, provinceTargets, unitByCode } from "./unit-cache.server";

/** Administrative units for pickers and other modules: one unit, a current commune, provinces, communes, former districts. */

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

/**
 * The 2025-03-01 communes (with their district and province) that went into a current commune:
 * for partners whose address data is still province → district → ward (GHN's master data).
 */
export function formerCommunesOf(db: Db, currentCode: string): UnitInfo[] {
  const c = cache(db);
  const sources = c.stmts.sourcesOf.all(currentCode) as { code: string; level: string }[];
  return sources
    .filter((s) => s.level === "commune")
    .map((s) => unitByCode(c, SET_2025, s.code))
    .filter((u): u is UnitInfo => u !== undefined);
}
