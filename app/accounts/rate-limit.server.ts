import { eq, lt, sql } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

export interface RateRule {
  /** events allowed per window */
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

/** The limits in one place, so support staff can answer "why can't I log in?". */
export const RATE_RULES = {
  /** failed log-ins per phone: stops guessing one farmer's password */
  loginPhone: { limit: 5, windowMs: 15 * MINUTE },
  /** failed log-ins per IP: generous, many phones share one carrier address (CGNAT) */
  loginIp: { limit: 100, windowMs: 15 * MINUTE },
  /** codes sent to one phone */
  codeSendPhone: { limit: 3, windowMs: 15 * MINUTE },
  /** codes requested from one IP: bounds SMS cost, again generous for shared carrier addresses */
  codeSendIp: { limit: 50, windowMs: 15 * MINUTE },
  /** resets an officer or administrator starts for others: bounds SMS cost and probing of numbers */
  staffReset: { limit: 20, windowMs: 60 * MINUTE },
} satisfies Record<string, RateRule>;

export interface RateStatus {
  allowed: boolean;
  count: number;
  /** milliseconds until the window resets (0 when allowed) */
  retryAfterMs: number;
}

/** How a key stands now, without counting an event. */
export function peekRate(db: Db, key: string, rule: RateRule, now = Date.now()): RateStatus {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (!row || now - row.windowStart >= rule.windowMs) return { allowed: true, count: 0, retryAfterMs: 0 };
  const allowed = row.count < rule.limit;
  return { allowed, count: row.count, retryAfterMs: allowed ? 0 : row.windowStart + rule.windowMs - now };
}

/** Counts one event in the key's fixed window (a new window starts when the old one is over). */
export function hitRate(db: Db, key: string, rule: RateRule, now = Date.now()): RateStatus {
  // One upsert, so concurrent requests cannot lose a count; works inside a transaction too.
  // SET expressions all read the row's old values.
  const expired = sql`${now} - ${rateLimits.windowStart} >= ${rule.windowMs}`;
  const row = db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStart: sql`case when ${expired} then ${now} else ${rateLimits.windowStart} end`,
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
      },
    })
    .returning({ windowStart: rateLimits.windowStart, count: rateLimits.count })
    .get();
  const allowed = row.count <= rule.limit;
  return { allowed, count: row.count, retryAfterMs: allowed ? 0 : row.windowStart + rule.windowMs - now };
}

export function clearRate(db: Db, key: string) {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

/** Whole minutes to wait, at least 1, for the user-facing message. */
export function minutesToWait(status: RateStatus): number {
  return Math.max(1, Math.ceil(status.retryAfterMs / MINUTE));
}

/** Throws a 429 AppError with the minutes to wait when the key is over its limit. */
export function assertRate(db: Db, key: string, rule: RateRule, messageKey: string, field?: string, now = Date.now()) {
  const status = peekRate(db, key, rule, now);
  if (!status.allowed) throw new AppError(messageKey, 429, { minutes: minutesToWait(status) }, field);
}

/** Counts an event and throws like assertRate when it goes over the limit. */
export function consumeRate(db: Db, key: string, rule: RateRule, messageKey: string, field?: string, now = Date.now()) {
  const status = hitRate(db, key, rule, now);
  if (!status.allowed) throw new AppError(messageKey, 429, { minutes: minutesToWait(status) }, field);
}

/** Old windows are useless; delete them now and then (the longest window is 15 minutes). */
export function pruneRateLimits(db: Db, now = Date.now()) {
  db.delete(rateLimits).where(lt(rateLimits.windowStart, now - 24 * 60 * MINUTE)).run();
}
