import { allows, authorizeOrFail, communeScope } from "~/accounts/access.server";
import { servedProvinceCodes } from "~/addresses/served.server";
import { CURRENT_SET } from "~/addresses/sets";
import { VIETNAM_UTC_OFFSET_MS } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import type { Actor } from "~/accounts/access";

/** Which households the dashboard counts: the actor's areas (administrators: all) and the registration cohort. */

export interface OnboardingOptions {
  /** registered at or after this instant */
  from?: Date | null;
  /** registered before this instant (exclusive) */
  to?: Date | null;
  /** read the households, events, listings and orders themselves instead of the counters (their check, and the bench) */
  rows?: boolean;
}

/** Statuses at or past activation, as an SQL list. */
export const ACTIVE = "('activated','verified')";

export interface Scope {
  /** SQL condition on households h */
  where: string;
  params: Record<string, string | number>;
  /** commune codes covered (null for administrators: every commune) */
  communes: string[] | null;
  /** a registration range is set: household rows must be read, not only the (commune, status) index */
  dated: boolean;
  /**
   * The areas are a small part of what the market serves (an officer of one province among many): the
   * queries start from the scope's households (commune index) instead of reading whole tables in order.
   */
  small: boolean;
  /**
   * The counters (migration 0018, decision 0044) answer this scope: the cohort's bounds, if any, are Vietnam
   * midnights (what the page offers). Else the figures are read from the rows themselves.
   */
  counted: boolean;
  /** SQL condition on the counters rows c of the scope's communes (grouped by commune), with countersParams */
  countersWhere: string;
  /** the same households in as few rows as possible: a whole province's own rows, the other communes' rows */
  rollupWhere: string;
  /** rollupWhere's rows per registration day (the cohort's days, or every day): registrations by day */
  registrationsWhere: string;
  countersParams: Record<string, string | number>;
}

const DAY_MS = 86_400_000;

/** SQLite expression: the local (Vietnam) day of a ms timestamp, as whole days since 1970-01-01 (as the counters key it). */
export const localDaySql = (column: string) => `((${column} + ${VIETNAM_UTC_OFFSET_MS}) / ${DAY_MS})`;

/** The local (Vietnam) day number of an instant that is a Vietnam midnight, else null. */
export function localDayOf(instant: Date): number | null {
  const day = (instant.getTime() + VIETNAM_UTC_OFFSET_MS) / DAY_MS;
  return Number.isInteger(day) ? day : null;
}

/** Below this share of the served communes a scope reads through the indexes (see `Scope.small`). */
const SMALL_SHARE = 0.25;

/** Current communes of the served provinces: what "the whole database" holds. */
function servedCommuneCount(db: Db): number {
  return (
    db.$client
      .prepare(`SELECT COUNT(*) AS n FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune' AND province_code IN (SELECT value FROM json_each(?))`)
      .get(JSON.stringify(servedProvinceCodes())) as { n: number }
  ).n;
}

/**
 * `FROM households h CROSS JOIN <table> ON <key> = h.id` for a small scope (the scope's households through the commune
 * index, then the table's household index), else `FROM <table> CROSS JOIN households h …` (the table read in order, each
 * row's household looked up: the cheaper plan when the scope is most of the database). Same rows either way.
 */
export function fromWithHouseholds(scope: Scope, table: string, key: string): string {
  return scope.small ? `FROM households h CROSS JOIN ${table} ON ${key} = h.id` : `FROM ${table} CROSS JOIN households h ON h.id = ${key}`;
}

/** The counters' keys covering these communes: 'p' + province for a province wholly in them, else the commune's code. */
function rollupKeys(db: Db, communes: string[]): string[] {
  const sqlite = db.$client;
  const totals = new Map(
    (
      sqlite
        .prepare(`SELECT province_code AS p, COUNT(*) AS n FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune' GROUP BY 1`)
        .all() as Array<{ p: string; n: number }>
    ).map((r) => [r.p, r.n]),
  );
  const provinceOf = sqlite
    .prepare(
      `SELECT code, province_code AS p FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune'
       AND code IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(communes)) as Array<{ code: string; p: string }>;
  const byProvince = new Map<string, string[]>();
  for (const { code, p } of provinceOf) byProvince.set(p, [...(byProvince.get(p) ?? []), code]);
  const known = new Set(provinceOf.map((r) => r.code));
  const keys = communes.filter((c) => !known.has(c));
  for (const [p, codes] of byProvince) {
    if (codes.length === totals.get(p)) keys.push(`p${p}`);
    else keys.push(...codes);
  }
  return keys;
}

/** Which households the actor may count, and the cohort filter. Buyers and farmers: 403. */
export function scopeFor(db: Db, actor: Actor, options: OnboardingOptions): Scope {
  authorizeOrFail(allows(actor, "viewDashboard"));
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  const communes = communeScope(db, actor);
  if (communes !== null) {
    // One JSON parameter instead of a placeholder per commune (a province has ~100, a region more).
    conditions.push("h.commune_code IN (SELECT value FROM json_each(@communes))");
    params.communes = JSON.stringify(communes);
  }
  if (options.from) {
    conditions.push("h.created_at >= @from");
    params.from = options.from.getTime();
  }
  if (options.to) {
    conditions.push("h.created_at < @to");
    params.to = options.to.getTime();
  }
  const small = communes !== null && communes.length < SMALL_SHARE * servedCommuneCount(db);
  const fromDay = options.from ? localDayOf(options.from) : null;
  const toDay = options.to ? localDayOf(options.to) : null;
  const countersParams: Record<string, string | number> = {};
  // Registration days: the cohort's days (the all-days rows, -1, left out), or without a cohort the all-days rows.
  const cohortDays = [fromDay !== null ? "c.reg_day >= @fromDay" : "c.reg_day >= 0"];
  if (fromDay !== null) countersParams.fromDay = fromDay;
  if (toDay !== null) {
    cohortDays.push("c.reg_day < @toDay");
    countersParams.toDay = toDay;
  }
  const days = fromDay === null && toDay === null ? ["c.reg_day = -1"] : cohortDays;
  let communeRows = "c.commune_code < 'p'";
  let rollupRows = "c.commune_code >= 'p'";
  if (communes !== null) {
    communeRows = "c.commune_code IN (SELECT value FROM json_each(@communes))";
    rollupRows = "c.commune_code IN (SELECT value FROM json_each(@keys))";
    countersParams.communes = params.communes;
    countersParams.keys = JSON.stringify(rollupKeys(db, communes));
  }
  return {
    where: conditions.length ? conditions.join(" AND ") : "1",
    params,
    communes,
    dated: Boolean(options.from || options.to),
    small,
    counted: !options.rows && (!options.from || fromDay !== null) && (!options.to || toDay !== null),
    countersWhere: [communeRows, ...days].join(" AND "),
    rollupWhere: [rollupRows, ...days].join(" AND "),
    registrationsWhere: [rollupRows, ...cohortDays].join(" AND "),
    countersParams,
  };
}
