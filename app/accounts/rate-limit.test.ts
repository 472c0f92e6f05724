import { afterAll, describe, expect, it } from "vitest";
import { rateLimits } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import {
  assertRate,
  backoffDelayMs,
  clearRate,
  clearRatePrefix,
  consumeRate,
  hitBackoff,
  hitRate,
  minutesToWait,
  peekBackoff,
  peekRate,
  pruneRateLimits,
  RATE_RULES,
} from "./rate-limit.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

const rule = { limit: 3, windowMs: 60_000 };

describe("fixed-window rate limits", () => {
  it("allows up to the limit, then refuses until the window ends", () => {
    const t0 = 1_000_000;
    expect(hitRate(db, "a", rule, t0).allowed).toBe(true);
    expect(hitRate(db, "a", rule, t0 + 1).allowed).toBe(true);
    expect(hitRate(db, "a", rule, t0 + 2)).toMatchObject({ allowed: true, count: 3 });
    const over = hitRate(db, "a", rule, t0 + 10_000);
    expect(over).toMatchObject({ allowed: false, count: 4, retryAfterMs: 50_000 });
    expect(peekRate(db, "a", rule, t0 + 59_999).allowed).toBe(false);
    // a new window
    expect(peekRate(db, "a", rule, t0 + 60_000)).toEqual({ allowed: true, count: 0, retryAfterMs: 0 });
    expect(hitRate(db, "a", rule, t0 + 60_000)).toMatchObject({ allowed: true, count: 1 });
  });

  it("keeps keys apart and can clear one", () => {
    const t0 = 5_000_000;
    for (let i = 0; i < 4; i++) hitRate(db, "b", rule, t0);
    expect(peekRate(db, "b", rule, t0).allowed).toBe(false);
    expect(peekRate(db, "c", rule, t0).allowed).toBe(true);
    clearRate(db, "b");
    expect(peekRate(db, "b", rule, t0).allowed).toBe(true);
  });

  it("throws a 429 with whole minutes to wait", () => {
    const t0 = 9_000_000;
    const long = { limit: 1, windowMs: 15 * 60_000 };
    consumeRate(db, "d", long, "accounts:errors.tooManyLogins", "phone", t0);
    expect(() => consumeRate(db, "d", long, "accounts:errors.tooManyLogins", "phone", t0 + 30_000)).toThrow(
      expect.objectContaining({ status: 429, params: { minutes: 15, count: 15 }, field: "phone" }),
    );
    expect(() => assertRate(db, "d", long, "accounts:errors.tooManyLogins", undefined, t0 + 14 * 60_000 + 1)).toThrow(
      expect.objectContaining({ params: { minutes: 1, count: 1 } }),
    );
    expect(minutesToWait({ allowed: false, count: 2, retryAfterMs: 1 })).toBe(1);
  });

  it("is generous per IP and strict per phone for log-ins; per phone and address stricter still", () => {
    expect(RATE_RULES.loginIp.limit).toBeGreaterThanOrEqual(10 * RATE_RULES.loginPhone.freeFailures);
    expect(RATE_RULES.loginPhoneIp.freeFailures).toBeLessThan(RATE_RULES.loginPhone.freeFailures);
    expect(RATE_RULES.loginPhoneIp.maxDelayMs).toBeGreaterThan(RATE_RULES.loginPhone.maxDelayMs);
    // a back-off is forgotten before pruneRateLimits would drop its row
    for (const rule of [RATE_RULES.loginPhone, RATE_RULES.loginPhoneIp]) expect(rule.forgetAfterMs).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it("clears every key with a prefix, and only those", () => {
    const t0 = 6_000_000;
    for (const key of ["p:+84901|1.2.3.4", "p:+84901|::1", "p:+849012|1.2.3.4", "p:+84901"]) hitRate(db, key, rule, t0);
    clearRatePrefix(db, "p:+84901|");
    const left = db.select().from(rateLimits).all().map((r) => r.key).filter((k) => k.startsWith("p:"));
    expect(left.sort()).toEqual(["p:+84901", "p:+849012|1.2.3.4"]);
  });

  it("prunes old windows", () => {
    hitRate(db, "old", rule, 1);
    hitRate(db, "new", rule, 100 * 24 * 3_600_000);
    pruneRateLimits(db, 100 * 24 * 3_600_000);
    const keys = db.select().from(rateLimits).all().map((r) => r.key);
    expect(keys).toContain("new");
    expect(keys).not.toContain("old");
  });
});

describe("growing waits (back-off)", () => {
  const backoff = { freeFailures: 3, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000, forgetAfterMs: 3_600_000 };

  it("waits 1, 2, 4 … minutes after the free failures, up to the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelayMs(backoff, n) / 60_000)).toEqual([0, 0, 0, 1, 2, 4, 8, 10, 10]);
  });

  it("counts failures and refuses until the wait after the latest one is over", () => {
    const t0 = 20_000_000;
    for (let i = 1; i <= 3; i++) {
      expect(peekBackoff(db, "bo", backoff, t0)).toMatchObject({ allowed: true });
      expect(hitBackoff(db, "bo", backoff, t0)).toBe(i);
    }
    expect(peekBackoff(db, "bo", backoff, t0 + 1_000)).toEqual({ allowed: false, count: 3, retryAfterMs: 59_000 });
    expect(peekBackoff(db, "bo", backoff, t0 + 60_000)).toEqual({ allowed: true, count: 3, retryAfterMs: 0 });
    expect(hitBackoff(db, "bo", backoff, t0 + 60_000)).toBe(4);
    expect(peekBackoff(db, "bo", backoff, t0 + 61_000)).toEqual({ allowed: false, count: 4, retryAfterMs: 119_000 });
    expect(minutesToWait(peekBackoff(db, "bo", backoff, t0 + 61_000))).toBe(2);
  });

  it("forgets failures an hour after the latest", () => {
    const t0 = 30_000_000;
    for (let i = 0; i < 5; i++) hitBackoff(db, "bf", backoff, t0);
    expect(peekBackoff(db, "bf", backoff, t0 + 3_599_999).count).toBe(5);
    expect(peekBackoff(db, "bf", backoff, t0 + 3_600_000)).toEqual({ allowed: true, count: 0, retryAfterMs: 0 });
    expect(hitBackoff(db, "bf", backoff, t0 + 3_600_000)).toBe(1);
  });
});
