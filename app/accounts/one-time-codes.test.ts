import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { oneTimeCodes, outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { consumeCode, issueCode, issueDecoyCode, MAX_CODE_ATTEMPTS, pendingCode, pruneCodes } from "./one-time-codes.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

let phoneSeq = 100;
const nextPhone = () => `+84912000${phoneSeq++}`;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("one-time codes", () => {
  it("sends a 6-digit code by SMS through the outbox and stores only a hash", () => {
    const phone = nextPhone();
    const issued = issueCode(db, { purpose: "signup", phone, locale: "en" });
    expect(issued.code).toMatch(/^\d{6}$/);
    const row = db.select().from(oneTimeCodes).where(eq(oneTimeCodes.id, issued.id)).get()!;
    expect(row.codeHash).not.toContain(issued.code);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const message = db.select().from(outbox).where(eq(outbox.id, issued.outboxId)).get()!;
    expect(message).toMatchObject({ channel: "sms", recipient: phone, template: "otp.signup", locale: "en" });
    expect(message.payload).toEqual({ code: issued.code, minutes: 10 });
    expect(message.body).toContain(issued.code);
  });

  it("is single use", () => {
    const phone = nextPhone();
    const issued = issueCode(db, { purpose: "reset", phone, userId: null });
    expect(consumeCode(db, { purpose: "reset", phone, code: issued.code })).toMatchObject({ id: issued.id });
    expect(() => consumeCode(db, { purpose: "reset", phone, code: issued.code })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.codeInvalid", field: "code" }),
    );
  });

  it("accepts spaces typed inside the code", () => {
    const phone = nextPhone();
    const issued = issueCode(db, { purpose: "reset", phone });
    expect(() => consumeCode(db, { purpose: "reset", phone, code: `${issued.code.slice(0, 3)} ${issued.code.slice(3)}` })).not.toThrow();
  });

  it("belongs to one purpose and one phone", () => {
    const phone = nextPhone();
    const issued = issueCode(db, { purpose: "signup", phone });
    expect(() => consumeCode(db, { purpose: "reset", phone, code: issued.code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeInvalid" }));
    expect(() => consumeCode(db, { purpose: "signup", phone: nextPhone(), code: issued.code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeInvalid" }));
    expect(consumeCode(db, { purpose: "signup", phone, code: issued.code }).id).toBe(issued.id);
  });

  it("expires after OTP_TTL_MINUTES", () => {
    const phone = nextPhone();
    const now = new Date();
    const issued = issueCode(db, { purpose: "reset", phone, now });
    expect(issued.expiresAt.getTime() - now.getTime()).toBe(10 * 60_000);
    const later = new Date(now.getTime() + 10 * 60_000);
    expect(() => consumeCode(db, { purpose: "reset", phone, code: issued.code, now: later })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.codeExpired" }),
    );
    expect(pendingCode(db, { purpose: "reset", phone }, later)).toBeNull();
    expect(pendingCode(db, { purpose: "reset", phone }, now)?.id).toBe(issued.id);
  });

  it("counts wrong guesses and stops after the limit, even for the right code", () => {
    const phone = nextPhone();
    const issued = issueCode(db, { purpose: "reset", phone });
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) {
      expect(() => consumeCode(db, { purpose: "reset", phone, code: wrong(issued.code) })).toThrow(
        expect.objectContaining({ messageKey: "accounts:errors.codeWrong", params: { left: MAX_CODE_ATTEMPTS - i } }),
      );
    }
    expect(() => consumeCode(db, { purpose: "reset", phone, code: "abc" })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.codeTooManyAttempts" }),
    );
    expect(() => consumeCode(db, { purpose: "reset", phone, code: issued.code })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.codeTooManyAttempts", status: 429 }),
    );
    expect(db.select().from(oneTimeCodes).where(eq(oneTimeCodes.id, issued.id)).get()!.attempts).toBe(MAX_CODE_ATTEMPTS);
  });

  it("only the newest code counts", () => {
    const phone = nextPhone();
    const first = issueCode(db, { purpose: "reset", phone });
    const second = issueCode(db, { purpose: "reset", phone });
    if (first.code !== second.code) {
      expect(() => consumeCode(db, { purpose: "reset", phone, code: first.code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeWrong" }));
    }
    expect(consumeCode(db, { purpose: "reset", phone, code: second.code }).id).toBe(second.id);
  });

  it("sends at most 3 codes per phone per 15 minutes, with no message queued beyond", () => {
    const phone = nextPhone();
    const t0 = new Date("2026-03-01T02:00:00Z");
    for (let i = 0; i < 3; i++) issueCode(db, { purpose: "reset", phone, now: new Date(t0.getTime() + i * 1000) });
    const queued = () => db.select().from(outbox).where(eq(outbox.recipient, phone)).all().length;
    expect(queued()).toBe(3);
    expect(() => issueCode(db, { purpose: "reset", phone, now: new Date(t0.getTime() + 60_000) })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.tooManyCodes", status: 429, params: { minutes: 14, count: 14 } }),
    );
    expect(queued()).toBe(3);
    expect(() => issueCode(db, { purpose: "reset", phone, now: new Date(t0.getTime() + 15 * 60_000) })).not.toThrow();
  });

  it("a stand-in code behaves like a real one from outside, but no code matches it", () => {
    const phone = nextPhone();
    const real = issueCode(db, { purpose: "signup", phone });
    const decoy = issueDecoyCode(db, { purpose: "signup", phone, locale: "en", notice: { template: "account.signup_attempt" } });
    // it replaces the real code, as a newer real code would
    expect(pendingCode(db, { purpose: "signup", phone })?.id).toBe(decoy.id);
    for (let left = MAX_CODE_ATTEMPTS - 1; left > 0; left--) {
      const guess = left === MAX_CODE_ATTEMPTS - 1 ? real.code : wrong(real.code);
      expect(() => consumeCode(db, { purpose: "signup", phone, code: guess })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeWrong", params: { left } }));
    }
    expect(() => consumeCode(db, { purpose: "signup", phone, code: real.code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeTooManyAttempts" }));
    // the notice goes instead of a code; the per-phone limit counts it (real + stand-in + one more = 3)
    const notice = db.select().from(outbox).where(eq(outbox.id, decoy.outboxId!)).get()!;
    expect(notice).toMatchObject({ recipient: phone, template: "account.signup_attempt", locale: "en", payload: {} });
    expect(issueDecoyCode(db, { purpose: "reset", phone }).outboxId).toBeNull();
    expect(() => issueDecoyCode(db, { purpose: "reset", phone })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.tooManyCodes" }));
  });

  it("carries a payload and a user id", () => {
    const phone = nextPhone();
    const issued = issueCode(db, { purpose: "claim", phone, payload: { householdId: 7 } });
    expect(consumeCode(db, { purpose: "claim", phone, code: issued.code })).toEqual({ id: issued.id, userId: null, payload: { householdId: 7 } });
  });

  it("prunes codes long expired or used", () => {
    const phone = nextPhone();
    const old = issueCode(db, { purpose: "claim", phone, now: new Date("2020-01-01T00:00:00Z") });
    pruneCodes(db);
    expect(db.select().from(oneTimeCodes).where(eq(oneTimeCodes.id, old.id)).get()).toBeUndefined();
  });
});
