import { eq, lt, sql } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

/** A fixed window: so many events per window, then a refusal until the window ends. */
export interface RateRule {
  /** events allowed per window */
  limit: number;
  windowMs: number;
}

/**
 * A growing wait (exponential back-off): after freeFailures failures, each further try must wait
 * baseDelayMs × 2^(failures − freeFailures) after the latest one, at most maxDelayMs. Stored in the
 * same rate_limits rows as the fixed windows: count = failures, window_start = time of the latest
 * failure (so pruneRateLimits drops keys quiet for a day, and forgetAfterMs must not exceed that).
 */
export interface BackoffRule {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** failures are forgotten this long after the latest one */
  forgetAfterMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The limits in one place, so support staff can answer "why can't I log in?".
 *
 * Log-in (decision 0010, following OWASP's authentication guidance): failures are counted per
 * account and per account + address, with growing waits, never a flat lock-out of an address.
 * During a wait the password is not even checked, so a guess there learns nothing. The address
 * alone is only a brake against one address spraying many accounts: over its limit, a wrong
 * password is told to wait and an account with recent failures gets no try from that address,
 * but a right password for an account with no recent failures still gets in (carrier-grade NAT
 * puts whole villages behind one address). A success clears the account's counts; so does a
 * completed password reset, the way out for an owner whose account someone else is guessing at.
 */
export const RATE_RULES = {
  /**
   * failed log-ins per account, from anywhere: a guesser spread over many addresses waits
   * 1, 2, 4 … minutes from the 11th failure; capped at 15 minutes, since every wait also holds
   * up the account's owner
   */
  loginPhone: { freeFailures: 10, baseDelayMs: MINUTE, maxDelayMs: 15 * MINUTE, forgetAfterMs: DAY },
  /**
   * failed log-ins per account from one address: tighter (waits from the 6th failure, up to an
   * hour), because it holds up only that address
   */
  loginPhoneIp: { freeFailures: 5, baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE, forgetAfterMs: DAY },
  /**
   * failed log-ins per address, any account: generous (many phones share one carrier address);
   * only a brake on spraying, never a refusal of a right password for an account not under attack
   */
  loginIp: { limit: 100, windowMs: 15 * MINUTE },
  /** codes sent to one phone (sign-up notices to a registered phone count the same, so both answer alike) */
  codeSendPhone: { limit: 3, windowMs: 15 * MINUTE },
  /** codes requested from one IP: bounds SMS cost, again generous for shared carrier addresses */
  codeSendIp: { limit: 50, windowMs: 15 * MINUTE },
  /** resets an officer or administrator starts for others: bounds SMS cost and probing of numbers */
  staffReset: { limit: 20, windowMs: 60 * MINUTE },
} satisfies Record<string, RateRule | BackoffRule>;

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
export function hitRate(db: Db, key: string, rule: RateRule, now = Date.now()): RateStatus & { windowEndsAt: number } {
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
  const windowEndsAt = row.windowStart + rule.windowMs;
  return { allowed, count: row.count, retryAfterMs: allowed ? 0 : windowEndsAt - now, windowEndsAt };
}

export function clearRate(db: Db, key: string) {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

/** Whole minutes to wait, at least 1, for the user-facing message. */
export function minutesToWait(status: RateStatus): number {
  return Math.max(1, Math.ceil(status.retryAfterMs / MINUTE));
}

/** A refusal's message values: minutes, and count for the plural forms of the message. */
export function waitParams(status: RateStatus): { minutes: number; count: number } {
  const minutes = minutesToWait(status);
  return { minutes, count: minutes };
}

/** Throws a 429 AppError with the minutes to wait when the key is over its limit. */
export function assertRate(db: Db, key: string, rule: RateRule, messageKey: string, field?: string, now = Date.now()) {
  const status = peekRate(db, key, rule, now);
  if (!status.allowed) throw new AppError(messageKey, 429, waitParams(status), field);
}

/** Counts an event and throws like assertRate when it goes over the limit. */
export function consumeRate(db: Db, key: string, rule: RateRule, messageKey: string, field?: string, now = Date.now()) {
  const status = hitRate(db, key, rule, now);
  if (!status.allowed) throw new AppError(messageKey, 429, waitParams(status), field);
}

/** The wait after this many failures (0 while they are within the free ones). */
export function backoffDelayMs(rule: BackoffRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.baseDelayMs * 2 ** (failures - rule.freeFailures), rule.maxDelayMs);
}

/** How a back-off key stands now: count = failures not yet forgotten; not allowed while waiting. */
export function peekBackoff(db: Db, key: string, rule: BackoffRule, now = Date.now()): RateStatus {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (!row || now - row.windowStart >= rule.forgetAfterMs) return { allowed: true, count: 0, retryAfterMs: 0 };
  const until = row.windowStart + backoffDelayMs(rule, row.count);
  return until > now ? { allowed: false, count: row.count, retryAfterMs: until - now } : { allowed: true, count: row.count, retryAfterMs: 0 };
}

/** Counts one failure on a back-off key (starting afresh when the old ones are forgotten); returns the new count. */
export function hitBackoff(db: Db, key: string, rule: BackoffRule, now = Date.now()): number {
  const forgotten = sql`${now} - ${rateLimits.windowStart} >= ${rule.forgetAfterMs}`;
  const row = db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { windowStart: sql`${now}`, count: sql`case when ${forgotten} then 1 else ${rateLimits.count} + 1 end` },
    })
    .returning({ count: rateLimits.count })
    .get();
  return row.count;
}

/** Deletes every key that starts with the prefix (e.g. one account's per-address log-in counts). */
export function clearRatePrefix(db: Db, prefix: string) {
  // substr, not LIKE: keys may hold "_" or "%" (IPv6 zones, anything a proxy sends)
  db.delete(rateLimits)
    .where(sql`substr(${rateLimits.key}, 1, ${prefix.length}) = ${prefix}`)
    .run();
}

/** Old windows are useless; delete them now and then (the longest window is 15 minutes, back-offs forget after a day). */
export function pruneRateLimits(db: Db, now = Date.now()) {
  db.delete(rateLimits).where(lt(rateLimits.windowStart, now - 24 * 60 * MINUTE)).run();
}
