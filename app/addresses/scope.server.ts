import { cleanText } from "~/lib/text";
import { nameVariants } from "./names";
import { CURRENT_SET, SET_2024, SET_2025 } from "./sets";
import type { UnitInfo } from "./types";
import { provinceTargets, unitByCode, unitsByFolded, type Cache } from "./unit-cache.server";

/** Where an address may lie, from its province column (or the home province), today and before the reforms. */

export interface Scope {
  /** current provinces the address may lie in */
  current: Set<string>;
  /** former provinces (2025-03-01 / 2024-02-01 codes) the address may lie in */
  former: Set<string>;
  /** all former provinces now in `current`, tried when the district is not in `former` */
  formerWide: Set<string>;
  /** the province column names only a former province ("Tiền Giang"): the row is written the old way */
  oldStyle: boolean;
}

export function inFormerScope(unit: UnitInfo, scope: Scope): boolean {
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

export function resolveScope(c: Cache, province: string | undefined, home: string, hasDistrict: boolean): Scope | null {
  if (!province || !cleanText(province)) {
    const current = new Set([home]);
    const former = formerProvincesFor(c, current);
    return { current, former, formerWide: former, oldStyle: false };
  }
  const text = cleanText(province);
  if (/^\d{1,2}$/.test(text)) {
    const code = text.padStart(2, "0");
    if (!unitByCode(c, CURRENT_SET, code)) return null;
    const current = new Set([code]);
    const former = formerProvincesFor(c, current);
    return { current, former, formerWide: former, oldStyle: false };
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
  // An old province name alone ("Tiền Giang") says the commune is written as it was before 2025.
  const oldStyle = currentMatches.size === 0;
  const former = (hasDistrict || oldStyle) && formerMatches.size ? formerMatches : formerWide;
  return { current, former, formerWide, oldStyle };
}

