import { afterAll, describe, expect, it } from "vitest";
import { rateLimits } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { assertRate, clearRate, consumeRate, hitRate, minutesToWait, peekRate, pruneRateLimits, RATE_RULES } from "./rate-limit.server";

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
      expect.objectContaining({ status: 429, params: { minutes: 15 }, field: "phone" }),
    );
    expect(() => assertRate(db, "d", long, "accounts:errors.tooManyLogins", undefined, t0 + 14 * 60_000 + 1)).toThrow(
      expect.objectContaining({ params: { minutes: 1 } }),
    );
    expect(minutesToWait({ allowed: false, count: 2, retryAfterMs: 1 })).toBe(1);
  });

  it("is generous per IP and strict per phone for log-ins", () => {
    expect(RATE_RULES.loginIp.limit).toBeGreaterThanOrEqual(20 * RATE_RULES.loginPhone.limit);
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
