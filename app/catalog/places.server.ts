import type Database from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { adminUnitMappings, adminUnits } from "../../db/schema";
import { formerDistricts, getUnit, listCurrentCommunes } from "~/addresses/lookup.server";
import { CURRENT_SET, SET_2024, SET_2025 } from "~/addresses/sets";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { fold } from "~/lib/text";

/**
 * Place names for search. A current commune is searchable by its own name, its province, and the
 * names of the former communes, districts and provinces it came from: "cai be" or "tien giang" still
 * find farms in communes that were in Cái Bè, Tiền Giang before the 2025 reform.
 */
interface CommunePlace {
  code: string;
  /** "Xã Cái Bè" */
  name: string;
  provinceCode: string;
  provinceName: string;
  /** folded short names: commune, province, then the former names, without duplicates */
  searchText: string;
}

interface PlaceCache {
  communes: Map<string, CommunePlace | null>;
  detectable?: DetectablePlace[];
  /** folded place words → current commune codes of the home province whose place text has them */
  placeCommunes: Map<string, string[]>;
  options?: CommuneOption[];
}
const caches = new WeakMap<Database.Database, PlaceCache>();

function cacheFor(db: Db): PlaceCache {
  let c = caches.get(db.$client);
  if (!c) caches.set(db.$client, (c = { communes: new Map(), placeCommunes: new Map() }));
  return c;
}

const former = alias(adminUnits, "former");
const formerDistrict = alias(adminUnits, "former_district");
const formerProvince = alias(adminUnits, "former_province");

/** Folded short names of the 2025-03-01 units (and their 2024 predecessors) that went into a current commune. */
function formerNames(db: Db, communeCode: string): string[] {
  const rows = db
    .select({
      code: former.code,
      commune: former.shortName,
      level: former.level,
      district: formerDistrict.shortName,
      province: formerProvince.shortName,
    })
    .from(adminUnitMappings)
    .innerJoin(former, and(eq(former.setId, adminUnitMappings.fromSet), eq(former.code, adminUnitMappings.fromCode)))
    .leftJoin(formerDistrict, and(eq(formerDistrict.setId, former.setId), eq(formerDistrict.code, former.parentCode), eq(formerDistrict.level, "district")))
    .leftJoin(formerProvince, and(eq(formerProvince.setId, former.setId), eq(formerProvince.code, former.provinceCode)))
    .where(
      and(eq(adminUnitMappings.toSet, CURRENT_SET), eq(adminUnitMappings.toCode, communeCode), eq(adminUnitMappings.fromSet, SET_2025)),
    )
    .all();
  const names: string[] = [];
  for (const r of rows) {
    names.push(r.commune);
    if (r.district) names.push(r.district);
    if (r.province) names.push(r.province);
    // Communes merged in 2024 (Tiền Giang) keep their older names too.
    const older = db
      .select({ name: adminUnits.shortName })
      .from(adminUnitMappings)
      .innerJoin(adminUnits, and(eq(adminUnits.setId, adminUnitMappings.fromSet), eq(adminUnits.code, adminUnitMappings.fromCode)))
      .where(and(eq(adminUnitMappings.fromSet, SET_2024), eq(adminUnitMappings.toSet, SET_2025), eq(adminUnitMappings.toCode, r.code)))
      .all();
    for (const o of older) names.push(o.name);
  }
  return names.map(fold);
}

/** A current commune with its searchable place text, or null when the code is unknown. Cached per connection. */
export function communePlace(db: Db, code: string): CommunePlace | null {
  const c = cacheFor(db);
  if (c.communes.has(code)) return c.communes.get(code) ?? null;
  const unit = getUnit(db, CURRENT_SET, code);
  let place: CommunePlace | null = null;
  if (unit && unit.level === "commune" && unit.provinceCode) {
    const province = getUnit(db, CURRENT_SET, unit.provinceCode);
    const words = [fold(unit.shortName), fold(province?.shortName ?? ""), ...formerNames(db, code)].filter(Boolean);
    place = {
      code,
      name: unit.name,
      provinceCode: unit.provinceCode,
      provinceName: province?.name ?? "",
      searchText: [...new Set(words)].join(" "),
    };
  }
  c.communes.set(code, place);
  return place;
}

export interface DetectablePlace {
  /** folded words, e.g. ["cai", "be"] */
  words: string[];
  /** the name as people read it, e.g. "Cái Bè" */
  label: string;
  kind: "province" | "district";
  /** current province code when the name is the current province itself */
  provinceCode?: string;
}

interface CommuneOption {
  code: string;
  name: string;
}

/**
 * Names a buyer may type that stand for a whole area of the home province: the current province, the
 * former provinces merged into it and their former districts. These match most of the catalog, so search
 * treats them as a place filter instead of ranked words.
 */
export function detectablePlaces(db: Db): DetectablePlace[] {
  const c = cacheFor(db);
  if (c.detectable) return c.detectable;
  const home = env().HOME_PROVINCE_CODE;
  const seen = new Set<string>();
  const out: DetectablePlace[] = [];
  const add = (label: string, kind: DetectablePlace["kind"]) => {
    const key = fold(label);
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push({ words: key.split(" "), label, kind });
  };
  const province = getUnit(db, CURRENT_SET, home);
  if (province) {
    add(province.shortName, "province");
    out[out.length - 1].provinceCode = home;
  }
  const districts = formerDistricts(db, home);
  for (const d of districts) {
    const formerProvince = getUnit(db, SET_2025, d.provinceCode);
    if (formerProvince) add(formerProvince.shortName, "province");
  }
  for (const d of districts) {
    const unit = getUnit(db, SET_2025, d.code);
    if (unit) add(unit.shortName, "district");
  }
  // Longest first, so "Châu Thành" is not cut into a shorter name.
  c.detectable = out.sort((a, b) => b.words.length - a.words.length);
  return c.detectable;
}

/** The home province's current communes for filter pickers, sorted once per connection. */
export function homeCommuneOptions(db: Db): CommuneOption[] {
  const c = cacheFor(db);
  c.options ??= listCurrentCommunes(db, env().HOME_PROVINCE_CODE).map((u) => ({ code: u.code, name: u.name }));
  return c.options;
}

/**
 * The home province's current communes whose place text contains the place's words (those that were,
 * in whole or in part, in that former district or province). Cached per connection.
 */
export function communesOfPlace(db: Db, place: DetectablePlace): string[] {
  const c = cacheFor(db);
  const key = place.words.join(" ");
  let codes = c.placeCommunes.get(key);
  if (!codes) {
    codes = homeCommuneOptions(db)
      .map((o) => communePlace(db, o.code))
      .filter((p): p is CommunePlace => p !== null && ` ${p.searchText} `.includes(` ${key} `))
      .map((p) => p.code);
    c.placeCommunes.set(key, codes);
  }
  return codes;
}
