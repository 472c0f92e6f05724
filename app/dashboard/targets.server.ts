/**
 * Yearly targets per area (set by administrators) and the dashboard's progress toward them.
 *
 * Areas are the dashboard's own units: a current province, a former (2025-03-01) district — its
 * current communes as the dashboard groups them (mainFormerDistricts) — or a current commune.
 * Progress in a target's year (Vietnam calendar year) counts, in the area:
 * - households to register: households registered (created) in the year;
 * - households to verify: households verified for the first time in the year (the first
 *   household_events row to or from verified; a verified household without that history at its
 *   registration, as the series counts it);
 * - products to list: listings first published in the year.
 * The dashboard's registration filter does not apply: a target is about its year.
 */
import { TARGET_AREA_KINDS, type TargetAreaKind } from "../../db/schema";
import { recordActivity } from "~/activity/log.server";
import { allows, authorizeOrFail, communeScope, type Actor } from "~/accounts/access.server";
import { officerAreas } from "~/addresses/areas.server";
import { CURRENT_SET, SET_2025 } from "~/addresses/sets";
import { startOfDayInVietnam } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { mainFormerDistricts } from "./onboarding.server";
import { localDayOf } from "./scope.server";

export { TARGET_AREA_KINDS, type TargetAreaKind };

export const TARGET_FIGURES = ["householdsToRegister", "householdsToVerify", "productsToList"] as const;
export type TargetFigure = (typeof TARGET_FIGURES)[number];
export type TargetNumbers = Record<TargetFigure, number | null>;

export const TARGET_YEAR_MIN = 2020;
export const TARGET_YEAR_MAX = 2100;
/** More than every household of the country: a typing slip, not a target. */
export const TARGET_MAX = 10_000_000;

export interface TargetInput extends TargetNumbers {
  areaKind: TargetAreaKind;
  areaCode: string;
  year: number;
}

export type TargetField = "areaKind" | "areaCode" | "year" | TargetFigure;

/** The form as typed, every field a string, so an error shows it back unchanged. */
export type TargetFormValues = Record<TargetField, string>;

export type ParsedTargetForm = { ok: true; input: TargetInput } | { ok: false; values: TargetFormValues; errors: Partial<Record<TargetField, string>> };

const text = (form: FormData | Record<string, unknown>, name: string) => {
  const value = form instanceof FormData ? form.get(name) : form[name];
  return typeof value === "string" ? value.trim() : "";
};

/** "1200", "1.200", "1,200" or "1 200" (thousands grouped as people write them) → 1200; "" → null. */
function parseCount(value: string): number | null | "invalid" {
  if (value === "") return null;
  const compact = /^\d{1,3}([.,\s]\d{3})+$/.test(value) ? value.replace(/[.,\s]/g, "") : value;
  if (!/^\d{1,9}$/.test(compact)) return "invalid";
  const n = Number(compact);
  return n <= TARGET_MAX ? n : "invalid";
}

/** Reads the targets form; errors are message keys per field, with the typed values kept. */
export function parseTargetForm(form: FormData | Record<string, unknown>): ParsedTargetForm {
  const values = Object.fromEntries(
    (["areaKind", "areaCode", "year", ...TARGET_FIGURES] as const).map((name) => [name, text(form, name)]),
  ) as TargetFormValues;
  const errors: Partial<Record<TargetField, string>> = {};
  const areaKind = (TARGET_AREA_KINDS as readonly string[]).includes(values.areaKind) ? (values.areaKind as TargetAreaKind) : null;
  if (!areaKind) errors.areaKind = "dashboard:targets.errors.kind";
  if (!/^\d{2,5}$/.test(values.areaCode)) errors.areaCode = "dashboard:targets.errors.code";
  const year = /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
  if (!(year >= TARGET_YEAR_MIN && year <= TARGET_YEAR_MAX)) errors.year = "dashboard:targets.errors.year";
  const numbers = {} as TargetNumbers;
  for (const figure of TARGET_FIGURES) {
    const n = parseCount(values[figure]);
    if (n === "invalid") errors[figure] = "dashboard:targets.errors.number";
    else numbers[figure] = n;
  }
  if (!errors.householdsToRegister && TARGET_FIGURES.every((f) => values[f] === "")) {
    errors.householdsToRegister = "dashboard:targets.errors.none";
  }
  if (Object.keys(errors).length > 0 || !areaKind) return { ok: false, values, errors };
  return { ok: true, input: { areaKind, areaCode: values.areaCode, year, ...numbers } };
}

export interface AreaName {
  name: string;
  /** the province a former district or commune lies in (a former district: its former province) */
  context: string;
}

/** The area's name, or null when no such unit exists. */
export function targetAreaName(db: Db, kind: TargetAreaKind, code: string): AreaName | null {
  const [setId, level] = kind === "former-district" ? [SET_2025, "district"] : [CURRENT_SET, kind];
  const row = db.$client
    .prepare(
      `SELECT u.name, COALESCE(p.name, '') AS context FROM admin_units u
       LEFT JOIN admin_units p ON p.set_id = u.set_id AND p.level = 'province' AND p.code = u.province_code AND u.level <> 'province'
       WHERE u.set_id = ? AND u.level = ? AND u.code = ?`,
    )
    .get(setId, level, code) as { name: string; context: string } | undefined;
  return row ?? null;
}

/** Sets (or replaces) an area's targets for a year: administrators only, written to the activity log. */
export function setAreaTarget(db: Db, actor: Actor, input: TargetInput, now: Date = new Date()): void {
  authorizeOrFail(allows(actor, "administer"));
  const area = targetAreaName(db, input.areaKind, input.areaCode);
  if (!area) throw new AppError("dashboard:targets.errors.unknownArea", 400, { code: input.areaCode }, "areaCode");
  const row = {
    kind: input.areaKind,
    code: input.areaCode,
    year: input.year,
    register: input.householdsToRegister,
    verify: input.householdsToVerify,
    list: input.productsToList,
    by: actor.id,
    at: now.getTime(),
  };
  db.$client.transaction(() => {
    db.$client
      .prepare(
        `INSERT INTO area_targets (area_kind, area_code, year, households_to_register, households_to_verify, products_to_list, set_by, created_at, updated_at)
         VALUES (@kind, @code, @year, @register, @verify, @list, @by, @at, @at)
         ON CONFLICT (area_kind, area_code, year) DO UPDATE SET households_to_register = excluded.households_to_register,
           households_to_verify = excluded.households_to_verify, products_to_list = excluded.products_to_list,
           set_by = excluded.set_by, updated_at = excluded.updated_at`,
      )
      .run(row);
    recordActivity(db, {
      actorUserId: actor.id,
      action: "target.set",
      communeCode: input.areaKind === "commune" ? input.areaCode : null,
      detail: { area: area.name, kind: row.kind, code: row.code, year: row.year, register: row.register, verify: row.verify, list: row.list },
    });
  })();
}

export interface StoredTarget extends TargetNumbers, AreaName {
  areaKind: TargetAreaKind;
  areaCode: string;
  year: number;
  setByName: string | null;
  updatedAt: Date;
}

interface TargetRow extends TargetNumbers {
  areaKind: TargetAreaKind;
  areaCode: string;
  year: number;
  setByName: string | null;
  updatedAt: number;
}

const KIND_ORDER: Record<TargetAreaKind, number> = { province: 0, "former-district": 1, commune: 2 };
const collator = new Intl.Collator("vi", { numeric: true });

function readTargets(db: Db, year: number): TargetRow[] {
  return db.$client
    .prepare(
      `SELECT t.area_kind AS areaKind, t.area_code AS areaCode, t.year, t.households_to_register AS householdsToRegister,
         t.households_to_verify AS householdsToVerify, t.products_to_list AS productsToList, u.name AS setByName, t.updated_at AS updatedAt
       FROM area_targets t LEFT JOIN users u ON u.id = t.set_by WHERE t.year = ?`,
    )
    .all(year) as TargetRow[];
}

/** Every target of a year with its area's name (the administrators' page). */
export function listTargets(db: Db, actor: Actor, year: number): StoredTarget[] {
  authorizeOrFail(allows(actor, "administer"));
  return readTargets(db, year)
    .map((t) => ({ ...t, ...(targetAreaName(db, t.areaKind, t.areaCode) ?? { name: t.areaCode, context: "" }), updatedAt: new Date(t.updatedAt) }))
    .sort(byArea);
}

function byArea(a: { areaKind: TargetAreaKind; name: string; areaCode: string }, b: { areaKind: TargetAreaKind; name: string; areaCode: string }) {
  return KIND_ORDER[a.areaKind] - KIND_ORDER[b.areaKind] || collator.compare(a.name, b.name) || a.areaCode.localeCompare(b.areaCode);
}

// ---------------------------------------------------------------------------------------------
// Progress

export interface TargetProgressRow extends AreaName {
  areaKind: TargetAreaKind;
  areaCode: string;
  /** null: no target set for this area and year */
  target: TargetNumbers | null;
  /** what the area reached in the year (null when there is no target to measure against) */
  progress: { registered: number; verified: number; listed: number } | null;
}

type Progress = NonNullable<TargetProgressRow["progress"]>;

/** The current communes of each area, as the dashboard counts them. */
function communesOfAreas(db: Db, areas: Array<{ areaKind: TargetAreaKind; areaCode: string }>): Map<string, string[]> {
  const sqlite = db.$client;
  const ofProvince = sqlite.prepare(`SELECT code FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune' AND province_code = ?`);
  const fromDistrict = sqlite.prepare(
    `SELECT DISTINCT m.to_code AS code FROM admin_unit_mappings m
     JOIN admin_units o ON o.set_id = m.from_set AND o.code = m.from_code
     WHERE m.from_set = '${SET_2025}' AND m.to_set = '${CURRENT_SET}'
       AND ((o.level = 'commune' AND o.parent_code = @district) OR (o.level = 'district' AND o.code = @district))`,
  );
  const result = new Map<string, string[]>();
  for (const { areaKind, areaCode } of areas) {
    const key = `${areaKind}:${areaCode}`;
    if (result.has(key)) continue;
    if (areaKind === "commune") result.set(key, [areaCode]);
    else if (areaKind === "province") result.set(key, (ofProvince.all(areaCode) as { code: string }[]).map((r) => r.code));
    else {
      // Only the communes the dashboard attributes to this district, so its row and the target agree.
      const candidates = (fromDistrict.all({ district: areaCode }) as { code: string }[]).map((r) => r.code);
      const main = mainFormerDistricts(db, candidates);
      result.set(
        key,
        candidates.filter((c) => main.get(c)?.main === areaCode),
      );
    }
  }
  return result;
}

/**
 * Registered, first verified and listings first published in the local days [startDay, endDay), per commune of the
 * list, from the counters (migration 0018, decision 0044): registrations by registration day, first verifications
 * (a verified household without that history at its registration, as the series counts it) and listings by the
 * day of their first publication, whatever the registration day.
 */
function progressByCommune(db: Db, communes: string[], startDay: number, endDay: number): Map<string, Progress> {
  const params = { communes: JSON.stringify(communes), startDay, endDay };
  const inCommunes = "c.commune_code IN (SELECT value FROM json_each(@communes))";
  const rows = db.$client
    .prepare(
      `SELECT c.commune_code AS commune, SUM(c.registered) AS registered, 0 AS verified, 0 AS listed
       FROM onboarding_cohorts c WHERE ${inCommunes} AND c.reg_day >= @startDay AND c.reg_day < @endDay GROUP BY 1
       UNION ALL
       SELECT c.commune_code, 0, SUM(c.households), 0 FROM onboarding_days c
       WHERE ${inCommunes} AND c.reg_day = -1 AND c.stage = 'verified' AND c.day >= @startDay AND c.day < @endDay GROUP BY 1
       UNION ALL
       SELECT c.commune_code, 0, 0, SUM(c.listings) FROM onboarding_products c
       WHERE ${inCommunes} AND c.reg_day = -1 AND c.day >= @startDay AND c.day < @endDay GROUP BY 1`,
    )
    .all(params) as Array<{ commune: string } & Progress>;
  const result = new Map<string, Progress>();
  for (const row of rows) {
    let p = result.get(row.commune);
    if (!p) result.set(row.commune, (p = { registered: 0, verified: 0, listed: 0 }));
    p.registered += row.registered;
    p.verified += row.verified;
    p.listed += row.listed;
  }
  return result;
}

/**
 * The targets block of the dashboard for a year: every area of the actor's own (an officer's
 * provinces and communes; for administrators every province) and every area with a target that
 * lies wholly inside the actor's scope, each with its targets and progress, or none set. Officers
 * never see an area reaching outside their scope, so progress never counts a household they may not.
 */
export function targetProgress(db: Db, actor: Actor, year: number): TargetProgressRow[] {
  authorizeOrFail(allows(actor, "viewDashboard"));
  const scope = communeScope(db, actor);
  const covered = scope === null ? null : new Set(scope);
  if (covered !== null && covered.size === 0) return [];
  const own: Array<{ areaKind: TargetAreaKind; areaCode: string }> =
    scope === null
      ? (db.$client.prepare(`SELECT code FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'province'`).all() as { code: string }[]).map(
          (r) => ({ areaKind: "province" as const, areaCode: r.code }),
        )
      : officerAreas(db, actor.id).map((a) => ({ areaKind: a.level, areaCode: a.code }));
  const targets = readTargets(db, year);
  const communesOf = communesOfAreas(db, [...own, ...targets]);
  const key = (a: { areaKind: TargetAreaKind; areaCode: string }) => `${a.areaKind}:${a.areaCode}`;
  const inScope = (a: { areaKind: TargetAreaKind; areaCode: string }) => {
    const communes = communesOf.get(key(a)) ?? [];
    return covered === null || (communes.length > 0 && communes.every((c) => covered.has(c)));
  };
  const targetOf = new Map(targets.filter(inScope).map((t) => [key(t), t]));
  const areas = new Map<string, { areaKind: TargetAreaKind; areaCode: string }>();
  for (const a of [...own, ...targetOf.values()]) areas.set(key(a), { areaKind: a.areaKind, areaCode: a.areaCode });

  const measured = [...targetOf.keys()];
  const communes = [...new Set(measured.flatMap((k) => communesOf.get(k) ?? []))];
  const startDay = localDayOf(startOfDayInVietnam(`${year}-01-01`))!;
  const endDay = localDayOf(startOfDayInVietnam(`${year + 1}-01-01`))!;
  const byCommune = communes.length > 0 ? progressByCommune(db, communes, startDay, endDay) : new Map<string, Progress>();

  const rows: TargetProgressRow[] = [...areas.values()].map((area) => {
    const t = targetOf.get(key(area));
    let progress: Progress | null = null;
    if (t) {
      progress = { registered: 0, verified: 0, listed: 0 };
      for (const c of communesOf.get(key(area)) ?? []) {
        const p = byCommune.get(c);
        if (p) for (const k of ["registered", "verified", "listed"] as const) progress[k] += p[k];
      }
    }
    return {
      ...area,
      ...(targetAreaName(db, area.areaKind, area.areaCode) ?? { name: area.areaCode, context: "" }),
      target: t ? { householdsToRegister: t.householdsToRegister, householdsToVerify: t.householdsToVerify, productsToList: t.productsToList } : null,
      progress,
    };
  });
  return rows.sort(byArea);
}
