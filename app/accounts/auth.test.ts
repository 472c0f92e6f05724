import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outbox, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { completePasswordReset, confirmSignup, login, resendSignupCode, startPasswordReset, startSignup } from "./auth.server";
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

  it("refuses a phone already used, weak passwords, and roles users may not choose", async () => {
    const existing = await makeUser(db, "buyer");
    await expect(startSignup(db, { phone: existing.phone, name: "X", password: "long enough pw", role: "buyer", locale: "vi" })).rejects.toMatchObject({
      messageKey: "accounts:errors.phoneTaken",
      field: "phone",
    });
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
    resendSignupCode(db, { phone });
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

  it("locks a phone after 5 failures for 15 minutes, with the minutes to wait", async () => {
    const user = await makeUser(db, "farmer");
    for (let i = 0; i < 5; i++) await expect(login(db, { phone: user.phone, password: `wrong ${i}`, clientIp: "10.0.0.1" })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
    // even the right password is refused now, from any address
    await expect(login(db, { phone: user.phone, password: TEST_PASSWORD, clientIp: "10.0.0.2" })).rejects.toMatchObject({
      messageKey: "accounts:errors.tooManyLogins",
      status: 429,
      params: { minutes: 15 },
    });
  });

  it("a success clears the phone's failures", async () => {
    const user = await makeUser(db, "buyer");
    for (let i = 0; i < 4; i++) await expect(login(db, { phone: user.phone, password: "nope nope" })).rejects.toBeTruthy();
    await login(db, { phone: user.phone, password: TEST_PASSWORD });
    for (let i = 0; i < 4; i++) await expect(login(db, { phone: user.phone, password: "nope nope" })).rejects.toMatchObject({ messageKey: "accounts:errors.loginFailed" });
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

  it("does not reveal whether a phone has an account", () => {
    const unknown = testPhone();
    expect(startPasswordReset(db, { phone: unknown, locale: "vi" })).toEqual({ phone: unknown, sent: false });
    expect(db.select().from(outbox).where(eq(outbox.recipient, unknown)).all()).toHaveLength(0);
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
