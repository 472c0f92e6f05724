/**
 * One sheet row → a household ready to be created or updated, or every problem of the row with the
 * column it belongs to. The same checks run for the command line and the officer's upload page.
 */
import { resolveAddress } from "~/addresses/resolve.server";
import { CURRENT_SET } from "~/addresses/sets";
import type { AddressInput, Resolution } from "~/addresses/types";
import { HOUSEHOLD_KINDS, type HouseholdKind } from "../../db/schema";
import { ADDRESS_MAX, FARM_AREA_MAX_M2, NAME_MAX, PRODUCTS_MAX } from "~/households/profile.server";
import { parseNationalId } from "~/households/national-id";
import type { Db } from "~/lib/db.server";
import { normalizePhone } from "~/lib/phone";
import { cleanText, fold } from "~/lib/text";
import { AREA_UNITS, type HeaderMatch, type ImportField } from "./headers";
import type { ImportedHousehold, RowError } from "./types";

export type { ImportedHousehold, RowError } from "./types";

export type RowResult = { ok: true; value: ImportedHousehold } | { ok: false; errors: RowError[] };

export interface ValidateContext {
  homeProvinceCode: string;
  /** farms may be in these provinces (addresses/served.server.ts) */
  servedProvinceCodes: readonly string[];
  /** false for a commune outside the officer's areas; absent for an admin (everywhere) */
  officerCovers?(communeCode: string): boolean;
  /** the officer attested, for the whole batch, that the households consented */
  batchConsent: boolean;
}

/** A row as read, with the header match giving the column of each field. */
export interface ValidateRow {
  cells: readonly string[];
  match: Pick<HeaderMatch, "columns" | "areaUnitM2">;
  /** the cells are already NFC-normalised and trimmed (rows from readRows): not cleaned again */
  clean?: boolean;
}

const YES = new Set(["co", "yes", "y", "x", "1", "dong y", "da dong y", "true", "ok", "v", "✓", "✔", "agree", "agreed"]);
const NO = new Set(["khong", "no", "n", "0", "khong dong y", "false", "tu choi"]);

const KINDS: Record<string, HouseholdKind> = {
  ho: "household",
  "ho gia dinh": "household",
  "ho nong dan": "household",
  "nong ho": "household",
  household: "household",
  htx: "cooperative",
  "hop tac xa": "cooperative",
  "to hop tac": "cooperative",
  tht: "cooperative",
  cooperative: "cooperative",
  dn: "enterprise",
  "doanh nghiep": "enterprise",
  "cong ty": "enterprise",
  cty: "enterprise",
  enterprise: "enterprise",
  company: "enterprise",
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Shared by every row (read only). */
const CONSENT_COLUMN: ImportedHousehold["consent"] = Object.freeze({ source: "column" });
const CONSENT_BATCH: ImportedHousehold["consent"] = Object.freeze({ source: "batch" });

/**
 * A sheet names the same few hundred communes over and over: each batch (one context object) keeps the
 * answers of the lookup, which is by far the slowest step of a row. Bounded, for a pathological file.
 */
const addressCaches = new WeakMap<ValidateContext, AddressCache>();
const ADDRESS_CACHE_MAX = 20_000;

/** province → district → commune → code → resolution: no key string built per row. */
interface AddressCache {
  size: number;
  root: Map<string, Map<string, Map<string, Map<string, Resolution>>>>;
}

function level<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let next = map.get(key);
  if (next === undefined) map.set(ownString(key), (next = new Map()));
  return next;
}

/**
 * A copy of a cell's text that holds nothing else: cells read from a file may be slices of a whole
 * decoded chunk of it (64 KiB), which a long-lived key would keep in memory for the whole run.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** The lookup's answer for an address as written ("" for an empty part): built into an AddressInput on a miss only. */
function resolveCached(db: Db, ctx: ValidateContext, province: string, district: string, commune: string, communeCode: string): Resolution {
  let cache = addressCaches.get(ctx);
  if (!cache) addressCaches.set(ctx, (cache = { size: 0, root: new Map() }));
  const byCode = level(level(level(cache.root, province), district), commune);
  let resolution = byCode.get(communeCode);
  if (!resolution) {
    const input: AddressInput = {
      province: province || undefined,
      district: district || undefined,
      commune,
      communeCode: communeCode ? communeCode.padStart(5, "0") : undefined,
    };
    resolution = resolveAddress(db, input, { homeProvinceCode: ctx.homeProvinceCode });
    if (cache.size >= ADDRESS_CACHE_MAX) {
      cache.root.clear();
      cache.size = 0;
    }
    // (after a clear the byCode map found above is detached: the answer is recomputed next time)
    byCode.set(ownString(communeCode), resolution);
    cache.size++;
  }
  return resolution;
}

/**
 * fold() of the few values a column repeats on every row (consent "Có", a kind, a hamlet): remembered,
 * since folding (NFD + regexes) is a visible share of a 276,882-row import. Bounded.
 */
const shortFolds = new Map<string, string>();
function foldShort(text: string): string {
  let folded = shortFolds.get(text);
  if (folded === undefined) {
    folded = fold(text);
    if (shortFolds.size >= 5_000) shortFolds.clear();
    shortFolds.set(ownString(text), folded);
  }
  return folded;
}

function cellOf(row: ValidateRow, field: ImportField): string {
  const index = row.match.columns.get(field);
  if (index === undefined) return "";
  const text = row.cells[index] ?? "";
  return row.clean ? text : cleanText(text);
}

function addError(errors: RowError[], field: ImportField, key: string, params: Record<string, string | number> = {}, resolution?: Resolution) {
  errors.push({ field, key: `imports:errors.${key}`, params, ...(resolution ? { resolution } : {}) });
}

// Module-level helpers rather than closures per row: a closure made on each of 276,882 rows costs a
// visible share of an import (the TypeScript loader also names each one as it is made).
/**
 * The officer's areas are part of the row's context: when a name leaves several candidates and exactly
 * one current commune among them lies in the officer's areas (every candidate that reaches it going there
 * whole), that is the answer. Anything else stays ambiguous: an area never makes a guess between two of
 * its own communes.
 */
function withinOfficerAreas(resolution: Resolution, covers: (communeCode: string) => boolean): Resolution {
  if (resolution.status !== "ambiguous") return resolution;
  const inArea = resolution.candidates.filter((c) => c.current.some((t) => covers(t.code)));
  const targets = new Set(inArea.flatMap((c) => c.current.map((t) => t.code)));
  if (inArea.length === 0 || targets.size !== 1 || inArea.some((c) => c.current.some((t) => t.mergeType !== "full"))) return resolution;
  const chosen = inArea.find((c) => c.setId === CURRENT_SET) ?? inArea[0];
  const { mergeType: _whole, ...commune } = chosen.current[0];
  if (chosen.setId === CURRENT_SET) return { status: "resolved", via: "current", commune };
  return {
    status: "resolved",
    via: "former",
    commune,
    former: { setId: chosen.setId, code: chosen.code, name: chosen.name, districtCode: null, districtName: chosen.districtName, provinceCode: null, provinceName: chosen.provinceName },
  };
}

export function validateHouseholdRow(db: Db, row: ValidateRow, ctx: ValidateContext): RowResult {
  const errors: RowError[] = [];

  // Names.
  const representativeName = cellOf(row, "representativeName");
  if (!representativeName) addError(errors, "representativeName", "required");
  else if (representativeName.length > NAME_MAX) addError(errors, "representativeName", "tooLong", { max: NAME_MAX });
  const displayName = cellOf(row, "displayName") || null;
  if (displayName && displayName.length > NAME_MAX) addError(errors, "displayName", "tooLong", { max: NAME_MAX });

  // Phone (Excel may have dropped its leading zero: normalizePhone accepts 9 digits).
  let phone = "";
  const phoneResult = normalizePhone(cellOf(row, "phone"));
  if (phoneResult.ok) phone = phoneResult.e164;
  else addError(errors, "phone", `phone.${phoneResult.reason}`, { value: cellOf(row, "phone") });

  // National ID.
  const national = nationalIdOf(cellOf(row, "nationalId"));
  if (!national.ok) addError(errors, "nationalId", `nationalId.${national.reason}`, { value: cellOf(row, "nationalId") });

  // Kind.
  let kind: HouseholdKind = "household";
  const kindText = cellOf(row, "kind");
  if (kindText) {
    const found = KINDS[foldShort(kindText)] ?? (HOUSEHOLD_KINDS as readonly string[]).find((k) => k === kindText);
    if (found) kind = found as HouseholdKind;
    else addError(errors, "kind", "kind", { value: kindText });
  }

  // Address.
  let commune: { code: string; name: string; via: "current" | "former"; formerName: string | null } | null = null;
  const communeText = cellOf(row, "commune");
  const codeText = cellOf(row, "communeCode") || (/^\d{4,5}$/.test(communeText) ? communeText : "");
  const nameText = /^\d{4,5}$/.test(communeText) ? "" : communeText;
  if (!communeText && !codeText) addError(errors, "commune", "communeRequired");
  else {
    const resolved = resolveCached(db, ctx, cellOf(row, "province"), cellOf(row, "district"), nameText, codeText);
    const resolution = ctx.officerCovers ? withinOfficerAreas(resolved, ctx.officerCovers) : resolved;
    if (resolution.status === "resolved") {
      const { commune: c } = resolution;
      if (!ctx.servedProvinceCodes.includes(c.provinceCode)) {
        addError(errors, "commune", "outsideProvince", { commune: c.name, province: c.provinceName });
      } else if (ctx.officerCovers && !ctx.officerCovers(c.code)) {
        addError(errors, "commune", "outsideArea", { commune: c.name });
      } else {
        commune = { code: c.code, name: c.name, via: resolution.via, formerName: resolution.former?.name ?? null };
      }
    } else {
      const written = [communeText || codeText, cellOf(row, "district"), cellOf(row, "province")].filter(Boolean).join(", ");
      addError(errors, "commune", resolution.status === "ambiguous" ? "addressAmbiguous" : "addressUnknown", { address: written }, resolution);
    }
  }

  // Address line: the hamlet first, as on an envelope.
  const hamlet = cellOf(row, "hamlet");
  const hamletText = hamlet && !/^(ap|khom|thon|to)\b/.test(foldShort(hamlet)) && !/^\d/.test(hamlet) ? `Ấp ${hamlet}` : hamlet;
  const line = cellOf(row, "addressLine");
  const addressLine = hamletText && line ? `${hamletText}, ${line}` : hamletText || line;
  if (addressLine.length > ADDRESS_MAX) addError(errors, "addressLine", "tooLong", { max: ADDRESS_MAX });

  const mainProducts = cellOf(row, "mainProducts");
  if (mainProducts.length > PRODUCTS_MAX) addError(errors, "mainProducts", "tooLong", { max: PRODUCTS_MAX });

  // Farm area.
  let farmAreaM2: number | null = null;
  const areaText = cellOf(row, "farmAreaM2");
  if (areaText) {
    const area = parseAreaM2(areaText, row.match.areaUnitM2);
    if (area === null) addError(errors, "farmAreaM2", "farmAreaInvalid", { value: areaText });
    else if (area > FARM_AREA_MAX_M2) addError(errors, "farmAreaM2", "farmAreaTooLarge", { value: areaText });
    else farmAreaM2 = area;
  }

  const email = cellOf(row, "email") || null;
  if (email && !EMAIL.test(email)) addError(errors, "email", "email", { value: email });

  // Consent (Decree 13/2023): an explicit "no" in the sheet outweighs the batch attestation.
  let consent: ImportedHousehold["consent"] | null = null;
  const consentText = cellOf(row, "consent");
  if (consentText) {
    const folded = foldShort(consentText);
    if (YES.has(folded)) consent = CONSENT_COLUMN;
    else if (NO.has(folded)) addError(errors, "consent", "consentRefused");
    else addError(errors, "consent", "consentInvalid", { value: consentText });
  } else if (ctx.batchConsent) consent = CONSENT_BATCH;
  else addError(errors, "consent", "consentMissing");

  if (errors.length || !commune || !consent || !national.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind,
      representativeName,
      displayName,
      phone,
      nationalId: national.value,
      nationalIdKind: national.kind,
      nationalIdFlags: { restoredZero: national.restoredZero, cmnd: national.kind === "cmnd" },
      communeCode: commune.code,
      communeName: commune.name,
      address: { via: commune.via, formerName: commune.formerName },
      addressLine,
      mainProducts,
      farmAreaM2,
      email,
      consent,
    },
  };
}

type NationalIdOutcome =
  | { ok: true; value: string | null; kind: "cccd" | "cmnd" | null; restoredZero: boolean }
  | { ok: false; reason: "invalidCharacters" | "wrongLength" | "badProvince" };

/**
 * CCCD of 12 digits; 11 digits are a CCCD whose leading zero Excel dropped (province codes 001–096
 * start with 0), restored; 9-digit CMND accepted and flagged. Scientific notation (7.91E+11) is not
 * repaired: its digits are already lost.
 */
export function nationalIdOf(text: string): NationalIdOutcome {
  const compact = text.replace(/[\s.\-\u00a0]/g, "");
  if (!compact) return { ok: true, value: null, kind: null, restoredZero: false };
  const restoredZero = /^\d{11}$/.test(compact);
  const parsed = parseNationalId(restoredZero ? `0${compact}` : compact);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value, kind: parsed.kind, restoredZero };
}

/**
 * Area in whole m² from "1.500", "1,5", "2 ha", "3 công", "1500m2", "2,5 (ha)", "1,5 héc-ta"; a unit written
 * in the cell wins over the header's. The units are headers.ts's AREA_UNITS (ha × 10,000; công × 1,000,
 * the southern công tầm cấy). Dots or commas grouping thousands ("1.500", "12,000") are read as such;
 * otherwise the separator is decimal ("2,5" ha = 25,000 m²). Returns null when unreadable or not positive.
 */
export function parseAreaM2(text: string, headerUnitM2: number): number | null {
  // Most cells are whole numbers in the header's unit: the same answer as below, without folding.
  if (/^\d{1,12}$/.test(text)) {
    const m2 = Math.round(Number(text) * headerUnitM2);
    return m2 > 0 ? m2 : null;
  }
  // Brackets and the hyphen of "héc-ta" are only decoration around the unit.
  const folded = fold(cleanText(text)).replace(/²/g, "2").replace(/[()[\]]/g, " ").replace(/hec\s*-?\s*ta/g, "hecta").trim();
  const match = /^([\d.,\s]+?)\s*(1\s?000\s?m\s?2|m\s?2|ha|hecta|hectare|cong)?$/.exec(folded);
  if (!match) return null;
  const unit = match[2] ? AREA_UNITS[match[2].replace(/\s/g, "")] : headerUnitM2;
  if (unit === undefined) return null;
  const number = parseLocaleNumber(match[1].replace(/\s/g, ""));
  if (number === null || number <= 0) return null;
  const m2 = Math.round(number * unit);
  return m2 > 0 ? m2 : null;
}

function parseLocaleNumber(s: string): number | null {
  if (!/^\d[\d.,]*$/.test(s)) return null;
  // "1.500", "12,000", "1.234.567": one separator kind grouping thousands ("0,500" is a decimal).
  if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(s) || /^[1-9]\d{0,2}(,\d{3})+$/.test(s)) return Number(s.replace(/[.,]/g, ""));
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal separator ("1.234,5" or "1,234.5").
    const decimal = lastDot > lastComma ? "." : ",";
    const group = decimal === "." ? "," : ".";
    return Number(s.split(group).join("").replace(decimal, "."));
  }
  const sep = lastDot >= 0 ? "." : lastComma >= 0 ? "," : null;
  if (!sep) return Number(s);
  if (s.split(sep).length > 2) return null;
  return Number(s.replace(sep, "."));
}
