import { allows, authorizeOrFail, communeScope } from "~/accounts/access.server";
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
  return { where: conditions.length ? conditions.join(" AND ") : "1", params, communes, dated: Boolean(options.from || options.to) };
}
