/**
 * Reading the activity log (administrators): who did what to which household, newest first, with
 * the names resolved for display. The log keeps ids without foreign keys, so a deleted household
 * or user reads as null here and the page shows "#id".
 */
import { and, count, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { activityLog, households, listings, users } from "../../db/schema";
import { getCurrentCommune } from "~/addresses/lookup.server";
import type { Db } from "~/lib/db.server";
import { ACTIVITY_ACTIONS, type ActivityAction } from "./log.server";

export const ACTIVITY_PAGE_SIZE = 50;

interface ActivityFilters {
  actorUserId?: number | null;
  action?: ActivityAction | null;
  /** inclusive */
  from?: Date | null;
  /** exclusive */
  to?: Date | null;
  page?: number;
}

export interface ActivityRow {
  id: number;
  at: Date;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  householdId: number | null;
  householdName: string | null;
  listingId: number | null;
  listingTitle: string | null;
  batchId: number | null;
  communeCode: string | null;
  communeName: string | null;
  detail: Record<string, string | number | boolean | null> | null;
}

export function isActivityAction(value: string | null | undefined): value is ActivityAction {
  return (ACTIVITY_ACTIONS as readonly string[]).includes(value ?? "");
}

/** A page of the log under the filters, newest first (activity_log_at_idx / activity_log_actor_idx). */
export function listActivity(
  db: Db,
  filters: ActivityFilters = {},
): { rows: ActivityRow[]; total: number; page: number; pageCount: number } {
  const where = and(
    filters.actorUserId ? eq(activityLog.actorUserId, filters.actorUserId) : undefined,
    filters.action ? eq(activityLog.action, filters.action) : undefined,
    filters.from ? gte(activityLog.at, filters.from) : undefined,
    filters.to ? lt(activityLog.at, filters.to) : undefined,
  );
  const total = db.select({ n: count() }).from(activityLog).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(filters.page ?? 1)), pageCount);
  const rows = db
    .select({
      id: activityLog.id,
      at: activityLog.at,
      actorUserId: activityLog.actorUserId,
      actorName: users.name,
      action: activityLog.action,
      householdId: activityLog.householdId,
      householdName: households.displayName,
      listingId: activityLog.listingId,
      listingTitle: listings.title,
      batchId: activityLog.batchId,
      communeCode: activityLog.communeCode,
      detail: activityLog.detail,
    })
    .from(activityLog)
    .leftJoin(users, eq(users.id, activityLog.actorUserId))
    .leftJoin(households, eq(households.id, activityLog.householdId))
    .leftJoin(listings, eq(listings.id, activityLog.listingId))
    .where(where)
    .orderBy(desc(activityLog.at), desc(activityLog.id))
    .limit(ACTIVITY_PAGE_SIZE)
    .offset((page - 1) * ACTIVITY_PAGE_SIZE)
    .all();
  const communeNames = new Map<string, string | null>();
  const communeName = (code: string | null) => {
    if (code === null) return null;
    if (!communeNames.has(code)) communeNames.set(code, getCurrentCommune(db, code)?.name ?? null);
    return communeNames.get(code)!;
  };
  return { rows: rows.map((r) => ({ ...r, communeName: communeName(r.communeCode) })), total, page, pageCount };
}

/**
 * The people the log can be filtered by: every officer and administrator, and anyone else who
 * has a line in the log (a user whose role changed since), by name.
 */
export function activityActors(db: Db): Array<{ id: number; name: string; role: string }> {
  const logged = db
    .selectDistinct({ id: activityLog.actorUserId })
    .from(activityLog)
    .where(sql`${activityLog.actorUserId} IS NOT NULL`)
    .all()
    .map((r) => r.id!);
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(
      logged.length > 0
        ? sql`${users.role} IN ('officer', 'admin') OR ${inArray(users.id, logged)}`
        : inArray(users.role, ["officer", "admin"]),
    )
    .orderBy(users.name, users.id)
    .all();
}
