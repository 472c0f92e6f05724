import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { cleanText, fold } from "~/lib/text";
import { getUnit } from "./lookup.server";
import { distance, hasMarks, markedKey, nameVariants, similar, type ParsedUnitName } from "./names";
import { CURRENT_SET, SET_2024, SET_2025 } from "./sets";
import { inFormerScope, resolveScope, type Scope } from "./scope.server";
import type { AddressInput, Candidate, CommuneRef, FormerRef, Resolution, UnitInfo } from "./types";
import {
  cache,
  childrenOf,
  currentCommuneRef,
  currentTargets,
  mappingsFrom,
  sourcesOf,
  unitsByFolded,
  type Cache,
} from "./unit-cache.server";

/**
 * Address resolution: an address written as people write it today or before the reforms, to a
 * current commune, or the candidates to choose from.
 */

const MAX_CANDIDATES = 10;

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
  // Only a unit that kept its code is the same unit; one merged in 2024 stays a candidate of its own.
  if (unit.setId === SET_2024 && mappingsFrom(c, SET_2024, unit.code).some((m) => m.toCode === unit.code)) {
    return `${SET_2025}:${unit.code}`;
  }
  return `${unit.setId}:${unit.code}`;
}

function currentIdentity(c: Cache, u: UnitInfo): Identity {
  return { key: `${CURRENT_SET}:${u.code}`, unit: u, types: new Set([fold(u.type)]), targets: currentTargets(c, CURRENT_SET, u.code) };
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

function dedupeCandidates(list: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return list.filter((cand) => {
    const key = `${cand.setId}:${cand.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Decides from the units that fit the input; never picks between different outcomes. Units that all end in one
 * current commune (through any chain of reforms) are one answer, noted with the first unit.
 */
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
    // Merged before 2025 into a unit the shipped data does not name: merged, not dissolved, and not guessed.
    return { status: "unknown", reason: "successorUnknown", candidates: identities.map((i) => toCandidate(i.unit, i.targets)) };
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
    // 2. A current commune by name, written as it is named today (unit word and spelling agree). A former
    // commune written the same way that went elsewhere makes it ambiguous: nothing in the row says which.
    const current = findByName(c, [CURRENT_SET], "commune", variants, inCurrentScope);
    const exact = current.units.filter((u) => writtenAs(u, current.type, communeText));
    if (exact.length) {
      const formerUnits = findByName(c, [SET_2025, SET_2024], "commune", variants, formerInScope);
      const rivals = groupIdentities(c, formerUnits.units, formerUnits.type).filter(
        (i) => (!formerUnits.type || i.types.has(formerUnits.type)) && spelledAs(i.unit, communeText),
      );
      // An old province name with no district ("Tiền Giang") says the row is written the old way.
      if (scope.oldStyle && rivals.length) return decide(rivals);
      return decide([...exact.map((u) => currentIdentity(c, u)), ...rivals]);
    }
    // 3. A former commune by name, anywhere in the province(s), weighed together with current communes
    // that fold alike but are written differently ("Xã Thạnh Hoà" is not "Phường Thanh Hoà").
    const former = findByName(c, [SET_2025, SET_2024], "commune", variants, formerInScope);
    const identities = preferSpelling(
      preferType(groupIdentities(c, former.units, former.type), former.type, (i) => i.types),
      communeText,
      (i) => i.unit,
    );
    const lookalikes = current.units.map((u) => currentIdentity(c, u));
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
  // The note names the unit of the snapshot the district was written in ("TX Gò Công" is the 2024 one).
  const districtSet = districtIdentities[0].unit.setId;
  identities.sort((a, b) => Number(b.unit.setId === districtSet) - Number(a.unit.setId === districtSet));
  if (identities.length) return decide(identities);

  // 5. A current commune name written with its old district: accept it when it took in part of that district.
  const current = findByName(c, [CURRENT_SET], "commune", variants, inCurrentScope);
  const fromDistrict = current.units.filter((u) =>
    sourcesOf(c, u.code).some((s) =>
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
