import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { oneTimeCodes, outbox, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { completePasswordReset, confirmSignup, login, resendSignupCode, startPasswordReset, startSignup } from "./auth.server";
import { RATE_RULES } from "./rate-limit.server";
import { createSession, countActiveSessions } from "./session.server";
import { makeUser, TEST_PASSWORD, testPhone } from "./test-utils";
import { createUser, findUserByPhone } from "./users.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

/** The code the user would read in their SMS (the newest message to that phone). */
function smsCode(phone: string): string {
  const rows = db.select().from(outbox).where(eq(outbox.recipient, phone)).all();
  const last = rows[rows.length - 1];
  return String(last.payload.code);
}

const MINUTE = 60_000;
const national = (e164: string) => `0${e164.slice(3, 6)} ${e164.slice(6, 9)} ${e164.slice(9)}`;

describe("sign-up", () => {
  it("sends a code, and creates the verified account only when the code comes back", async () => {
    const phone = testPhone();
    const started = await startSignup(db, { phone: national(phone), name: "  Nguyễn Văn Ba ", password: "vu sua lo ren", role: "farmer", locale: "vi" });
    expect(started.phone).toBe(phone);
    expect(findUserByPhone(db, phone)).toBeUndefined();
    const message = db.select().from(outbox).where(eq(outbox.recipient, phone)).get()!;
    expect(message.template).toBe("otp.signup");
    expect(message.payload).not.toHaveProperty("passwordHash");

    const user = confirmSignup(db, { phone: `+84 ${phone.slice(3)}`, code: smsCode(phone) });
    expect(user).toMatchObject({ phone, name: "Nguyễn Văn Ba", role: "farmer", locale: "vi" });
    expect(user.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(await login(db, { phone, password: "vu sua lo ren" })).toMatchObject({ id: user.id });
  });

  it("refuses weak passwords and roles users may not choose", async () => {
    const phone = testPhone();
    await expect(startSignup(db, { phone, name: "X", password: "anhyeuem", role: "buyer", locale: "vi" })).rejects.toMatchObject({
      messageKey: "accounts:errors.passwordCommon",
    });
    await expect(startSignup(db, { phone, name: "X", password: national(phone), role: "buyer", locale: "vi" })).rejects.toMatchObject({
      messageKey: "accounts:errors.passwordIsPhone",
    });
    await expect(startSignup(db, { phone, name: "X", password: "long enough pw", role: "admin", locale: "vi" })).rejects.toMatchObject({
      messageKey: "accounts:errors.roleRequired",
    });
    await expect(startSignup(db, { phone: "028 3829 1234", name: "X", password: "long enough pw", role: "buyer", locale: "vi" })).rejects.toMatchObject({
      messageKey: "accounts:phone.landline",
    });
  });

  it("answers a registered phone exactly as a new one, and tells the owner instead of sending a code", async () => {
    const owner = await makeUser(db, "farmer", { name: "Chủ số" });
    db.update(users).set({ locale: "en" }).where(eq(users.id, owner.id)).run();
    const before = findUserByPhone(db, owner.phone)!;
    const fresh = testPhone();
    const attempt = (phone: string) => startSignup(db, { phone, name: "Người lạ", password: "long enough pw", role: "buyer", locale: "vi" });

    const forFresh = await attempt(fresh);
    const forOwner = await attempt(national(owner.phone));
    expect(forFresh).toEqual({ phone: fresh });
    expect(forOwner).toEqual({ phone: owner.phone });
    // no second account, the owner's untouched
    expect(db.select().from(users).where(eq(users.phone, owner.phone)).all()).toEqual([before]);

    // the owner hears about it in their own language, and gets no code
    const toOwner = db.select().from(outbox).where(eq(outbox.recipient, owner.phone)).all();
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]).toMatchObject({ channel: "sms", template: "account.signup_attempt", locale: "en", payload: {} });
    expect(toOwner[0].body).toMatch(/register/i);
    expect(toOwner[0].body).not.toMatch(/\d{6}/);

    // the code page: any code fails exactly as a wrong code for a new phone
    const wrongFresh = String((Number(smsCode(fresh)) + 1) % 1_000_000).padStart(6, "0");
    expect(() => confirmSignup(db, { phone: fresh, code: wrongFresh })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.codeWrong", params: { left: 4 }, status: 400, field: "code" }),
    );
    expect(() => confirmSignup(db, { phone: owner.phone, code: "123456" })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.codeWrong", params: { left: 4 }, status: 400, field: "code" }),
    );

    // "send again" answers alike; the owner is told again rather than sent a code
    expect(resendSignupCode(db, { phone: fresh })).toBeUndefined();
    expect(resendSignupCode(db, { phone: owner.phone })).toBeUndefined();
    expect(db.select().from(outbox).where(eq(outbox.recipient, owner.phone)).all().map((m) => m.template)).toEqual([
      "account.signup_attempt",
      "account.signup_attempt",
    ]);
    // the same limit on messages per phone: a third goes, the fourth is refused for both
    await attempt(fresh);
    await attempt(owner.phone);
    for (const phone of [fresh, owner.phone]) {
      await expect(attempt(phone)).rejects.toMatchObject({ messageKey: "accounts:errors.tooManyCodes", status: 429 });
      expect(() => resendSignupCode(db, { phone })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.tooManyCodes", status: 429 }));
    }
    expect(db.select().from(users).where(eq(users.phone, owner.phone)).all()).toEqual([before]);
    expect(findUserByPhone(db, fresh)).toBeUndefined();
  });

  it("a registered phone without a sign-up gets the same 'no sign-up waiting' from send-again", async () => {
    const owner = await makeUser(db, "buyer");
    expect(() => resendSignupCode(db, { phone: owner.phone })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.signupNotStarted", status: 400 }));
    expect(() => resendSignupCode(db, { phone: testPhone() })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.signupNotStarted", status: 400 }));
    expect(db.select().from(outbox).where(eq(outbox.recipient, owner.phone)).all()).toHaveLength(0);
  });

  it("a code that reaches a phone registered meanwhile says the phone is taken (only the phone's holder can see it)", async () => {
    const phone = testPhone();
    await startSignup(db, { phone, name: "Chậm chân", password: "mit to nu 2026", role: "buyer", locale: "vi" });
    const code = smsCode(phone);
    await makeUser(db, "farmer", { phone });
    expect(() => confirmSignup(db, { phone, code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.phoneTaken", status: 409 }));
  });

  it("when two people start with one number, only the code holder gets it, once", async () => {
    const phone = testPhone();
    await startSignup(db, { phone, name: "Squatter", password: "squatter pass 1", role: "buyer", locale: "vi" });
    await startSignup(db, { phone, name: "Owner", password: "owner pass 12", role: "farmer", locale: "en" });
    const user = confirmSignup(db, { phone, code: smsCode(phone) });
    expect(user).toMatchObject({ name: "Owner", role: "farmer", locale: "en" });
    expect(() => confirmSignup(db, { phone, code: smsCode(phone) })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeInvalid" }));
  });

  it("can send the code again", async () => {
    const phone = testPhone();
    await startSignup(db, { phone, name: "Cô Tư", password: "cam sanh ngon", role: "buyer", locale: "vi" });
    const first = smsCode(phone);
    expect(resendSignupCode(db, { phone })).toBeUndefined();
    const second = smsCode(phone);
    if (first !== second) expect(() => confirmSignup(db, { phone, code: first })).toThrow();
    expect(confirmSignup(db, { phone, code: second }).name).toBe("Cô Tư");
    expect(() => resendSignupCode(db, { phone: testPhone() })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.signupNotStarted" }));
  });

  it("limits code requests per IP generously", async () => {
    const ip = "203.0.113.9";
    for (let i = 0; i < 50; i++) {
      startPasswordReset(db, { phone: testPhone(), locale: "vi", clientIp: ip });
    }
    expect(() => startPasswordReset(db, { phone: testPhone(), locale: "vi", clientIp: ip })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.tooManyCodes", status: 429 }),
    );
    expect(() => startPasswordReset(db, { phone: testPhone(), locale: "vi", clientIp: "203.0.113.10" })).not.toThrow();
  });
});

describe("log-in", () => {
  it("accepts the phone in any written form", async () => {
    const user = await makeUser(db, "buyer");
    const local = user.phone.slice(3);
    for (const form of [national(user.phone), `+84 ${local}`, `84${local}`, local, `(+84) ${local}`]) {
      expect((await login(db, { phone: form, password: TEST_PASSWORD })).id).toBe(user.id);
    }
  });

  it("says the same thing for an unknown phone and a wrong password", async () => {
    const user = await makeUser(db, "buyer");
    await expect(login(db, { phone: user.phone, password: "wrong password" })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed", status: 401 });
    await expect(login(db, { phone: testPhone(), password: TEST_PASSWORD })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed", status: 401 });
  });

  it("past 5 failures from one address, each further try waits 1, 2, 4 … minutes, up to an hour; the right password too", async () => {
    const user = await makeUser(db, "farmer");
    const ip = "10.0.0.1";
    let t = Date.now();
    for (let i = 0; i < 5; i++) {
      await expect(login(db, { phone: user.phone, password: `wrong ${i}`, clientIp: ip, now: t })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
    }
    for (const minutes of [1, 2, 4, 8, 16, 32, 60, 60]) {
      // during the wait even the right password is refused, and the answer says how long to wait
      await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: ip, now: t + 1_000 })).rejects.toMatchObject({
        messageKey: "accounts:errors.tooManyLogins",
        status: 429,
        params: { minutes, count: minutes },
      });
      await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: ip, now: t + minutes * MINUTE - 1 })).rejects.toMatchObject({
        messageKey: "accounts:errors.tooManyLogins",
      });
      t += minutes * MINUTE;
      await expect(login(db, { phone: user.phone, password: "still wrong", clientIp: ip, now: t })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
    }
    // once the wait is over, the right password gets in and the slate is clean
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: ip, now: t + 60 * MINUTE - 1 })).rejects.toMatchObject({ status: 429 });
    expect((await login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: ip, now: t + 60 * MINUTE })).id).toBe(user.id);
    await expect(login(db, { phone: user.phone, password: "typo", clientIp: ip, now: t + 61 * MINUTE })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
  });

  it("an account attacked from many addresses waits too, from its 11th failure, at most 15 minutes; its owner gets in after", async () => {
    const user = await makeUser(db, "buyer");
    const t = Date.now();
    for (let i = 0; i < 10; i++) {
      await expect(login(db, { phone: user.phone, password: `guess ${i}`, clientIp: `198.51.100.${i + 1}`, now: t })).rejects.toMatchObject({
        messageKey: "accounts:errors.loginFailed",
      });
    }
    const home = "203.0.113.50";
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: home, now: t + 30_000 })).rejects.toMatchObject({
      messageKey: "accounts:errors.tooManyLogins",
      params: { minutes: 1 },
    });
    await expect(login(db, { phone: user.phone, password: "guess 11", clientIp: "198.51.100.99", now: t + MINUTE })).rejects.toMatchObject({
      messageKey: "accounts:errors.loginFailed",
    });
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: home, now: t + MINUTE + 1 })).rejects.toMatchObject({
      messageKey: "accounts:errors.tooManyLogins",
      params: { minutes: 2 },
    });
    expect((await login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: home, now: t + 3 * MINUTE })).id).toBe(user.id);
    expect(RATE_RULES.loginPhone.maxDelayMs).toBe(15 * MINUTE);
  });

  it("an unknown phone is throttled exactly like a registered one", async () => {
    const user = await makeUser(db, "buyer");
    const unknown = testPhone();
    const t = Date.now();
    for (const phone of [user.phone, unknown]) {
      for (let i = 0; i < 5; i++) await expect(login(db, { phone, password: "nope nope", clientIp: "10.1.1.1", now: t })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
      await expect(login(db, { phone, password: "nope nope", clientIp: "10.1.1.1", now: t + 1 })).rejects.toMatchObject({
        messageKey: "accounts:errors.tooManyLogins",
        params: { minutes: 1 },
      });
    }
  });

  it("parallel tries cannot slip past a wait: only one is checked per turn", async () => {
    const user = await makeUser(db, "farmer");
    const ip = "10.2.2.2";
    const t = Date.now();
    for (let i = 0; i < 5; i++) await expect(login(db, { phone: user.phone, password: "wrong one", clientIp: ip, now: t })).rejects.toBeTruthy();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => login(db, { phone: user.phone, password: `burst ${i}`, clientIp: ip, now: t + MINUTE })),
    );
    const keys = results.map((r) => (r.status === "rejected" ? (r.reason as { messageKey: string }).messageKey : "ok"));
    expect(keys.filter((k) => k === "accounts:errors.loginFailed")).toHaveLength(1);
    expect(keys.filter((k) => k === "accounts:errors.tooManyLogins")).toHaveLength(7);
  });

  it("an address over its limit still lets in a right password for an account with no recent failures", async () => {
    const ip = "100.64.0.9"; // carrier-grade NAT: one address for a whole network
    // a sprayer behind it: one guess per phone, more failures than the address is allowed
    for (let i = 0; i <= RATE_RULES.loginIp.limit; i++) {
      await expect(login(db, { phone: testPhone(), password: "mat khau doan", clientIp: ip })).rejects.toBeTruthy();
    }
    const innocent = await makeUser(db, "farmer");
    expect((await login(db, { phone: innocent.phone, password: TEST_PASSWORD, clientIp: ip })).id).toBe(innocent.id);

    // the brake: a wrong password from there is told to wait, and that account gets no second try from there
    const target = await makeUser(db, "buyer");
    await expect(login(db, { phone: target.phone, password: "mat khau doan", clientIp: ip })).rejects.toMatchObject({
      messageKey: "accounts:errors.tooManyLoginsIp",
      status: 429,
    });
    await expect(login(db, { phone: target.phone, password: TEST_PASSWORD, clientIp: ip })).rejects.toMatchObject({
      messageKey: "accounts:errors.tooManyLoginsIp",
      status: 429,
    });
    // its owner elsewhere is not held up by one failure
    expect((await login(db, { phone: target.phone, password: TEST_PASSWORD, clientIp: "198.51.100.200" })).id).toBe(target.id);
  }, 60_000);

  it("a success clears the phone's failures", async () => {
    const user = await makeUser(db, "buyer");
    for (let i = 0; i < 4; i++) await expect(login(db, { phone: user.phone, password: "nope nope", clientIp: "10.3.3.3" })).rejects.toBeTruthy();
    await login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: "10.3.3.3" });
    for (let i = 0; i < 4; i++) {
      await expect(login(db, { phone: user.phone, password: "nope nope", clientIp: "10.3.3.3" })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
    }
  });

  it("lets many phones behind one carrier address fail now and then without blocking the address", async () => {
    const ip = "100.64.0.1"; // carrier-grade NAT
    const people = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => makeUser(db, "buyer")));
    for (const person of people) {
      for (let i = 0; i < 3; i++) await expect(login(db, { phone: person.phone, password: "typo typo", clientIp: ip })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
    }
    // 24 failures from the address: the next person still gets in
    const next = await makeUser(db, "farmer");
    expect((await login(db, { phone: next.phone, password: TEST_PASSWORD, clientIp: ip })).id).toBe(next.id);
  });

  it("refuses disabled accounts and accounts without a password", async () => {
    const user = await makeUser(db, "farmer");
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id)).run();
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD })).rejects.toMatchObject({ messageKey: "accounts:errors.accountDisabled" });
    const imported = await createUser(db, { phone: testPhone(), name: "Imported", password: null, role: "farmer" });
    await expect(login(db, { phone: imported.phone, password: "" })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
  });
});

describe("password reset", () => {
  it("by code: new password works, the old one does not, every session ends", async () => {
    const user = await makeUser(db, "farmer");
    createSession(db, user.id);
    createSession(db, user.id);
    expect(startPasswordReset(db, { phone: national(user.phone), locale: "vi" })).toEqual({ phone: user.phone, sent: true });
    const updated = await completePasswordReset(db, { phone: user.phone, code: smsCode(user.phone), password: "chom chom Java 7" });
    expect(updated.id).toBe(user.id);
    expect(countActiveSessions(db, user.id)).toBe(0);
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD })).rejects.toBeTruthy();
    expect((await login(db, { phone: user.phone, password: "chom chom Java 7" })).id).toBe(user.id);
  });

  it("does not reveal whether a phone has an account", async () => {
    const unknown = testPhone();
    expect(startPasswordReset(db, { phone: unknown, locale: "vi" })).toEqual({ phone: unknown, sent: false });
    expect(db.select().from(outbox).where(eq(outbox.recipient, unknown)).all()).toHaveLength(0);
    // the code page answers a guessed code the same for both
    const user = await makeUser(db, "buyer");
    startPasswordReset(db, { phone: user.phone, locale: "vi" });
    const wrongCode = String((Number(smsCode(user.phone)) + 1) % 1_000_000).padStart(6, "0");
    for (const [phone, code] of [[user.phone, wrongCode], [unknown, "123456"]]) {
      await expect(completePasswordReset(db, { phone, code, password: "bap nep Ben Tre" })).rejects.toMatchObject({
        messageKey: "accounts:errors.codeWrong",
        params: { left: 4 },
        status: 400,
        field: "code",
      });
    }
    // and the same number of requests per phone before "too many codes"
    for (const phone of [user.phone, unknown]) {
      startPasswordReset(db, { phone, locale: "vi" });
      startPasswordReset(db, { phone, locale: "vi" });
      expect(() => startPasswordReset(db, { phone, locale: "vi" })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.tooManyCodes", status: 429 }));
    }
    expect(db.select().from(oneTimeCodes).where(eq(oneTimeCodes.phone, unknown)).all().every((row) => row.userId === null)).toBe(true);
  });

  it("a completed reset lifts the log-in wait, so the owner is not locked out by someone else's guesses", async () => {
    const user = await makeUser(db, "farmer");
    for (let i = 0; i < 12; i++) await expect(login(db, { phone: user.phone, password: `guess ${i}`, clientIp: `192.0.2.${i}` })).rejects.toBeTruthy();
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: "192.0.2.200" })).rejects.toMatchObject({ messageKey: "accounts:errors.tooManyLogins" });
    startPasswordReset(db, { phone: user.phone, locale: "vi" });
    await completePasswordReset(db, { phone: user.phone, code: smsCode(user.phone), password: "cho noi Cai Rang" });
    expect((await login(db, { phone: user.phone, password: "cho noi Cai Rang", clientIp: "192.0.2.200" })).id).toBe(user.id);
  });

  it("a refused new password does not spend the code", async () => {
    const user = await makeUser(db, "buyer");
    startPasswordReset(db, { phone: user.phone, locale: "vi" });
    const code = smsCode(user.phone);
    await expect(completePasswordReset(db, { phone: user.phone, code, password: "12345678" })).rejects.toMatchObject({ messageKey: "accounts:errors.passwordCommon" });
    await expect(completePasswordReset(db, { phone: user.phone, code, password: "sau rieng Ri6" })).resolves.toMatchObject({ id: user.id });
  });

  it("a reset code cannot be used for another account", async () => {
    const a = await makeUser(db, "buyer");
    const b = await makeUser(db, "buyer");
    startPasswordReset(db, { phone: a.phone, locale: "vi" });
    await expect(completePasswordReset(db, { phone: b.phone, code: smsCode(a.phone), password: "mang cau xiem 1" })).rejects.toMatchObject({
      messageKey: "accounts:errors.codeInvalid",
    });
  });
});
