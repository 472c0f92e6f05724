import { allows, authorizeOrFail, communeScope } from "~/accounts/access.server";
import { servedProvinceCodes } from "~/addresses/served.server";
import { CURRENT_SET } from "~/addresses/sets";
import type { Db } from "~/lib/db.server";
import type { Actor } from "~/accounts/access";

/** Which households the dashboard counts: the actor's areas (administrators: all) and the registration cohort. */

export interface OnboardingOptions {
  /** registered at or after this instant */
  from?: Date | null;
  /** registered before this instant (exclusive) */
  to?: Date | null;
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
  return { where: conditions.length ? conditions.join(" AND ") : "1", params, communes, dated: Boolean(options.from || options.to), small };
}
