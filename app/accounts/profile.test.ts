import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { login } from "./auth.server";
import { changePassword, confirmPhoneChange, pendingPhoneChange, startPhoneChange, updateProfile } from "./profile.server";
import { countActiveSessions, createSession } from "./session.server";
import { makeUser, TEST_PASSWORD, testPhone } from "./test-utils";
import { getUserById } from "./users.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

const lastMessage = (phone: string) => db.select().from(outbox).where(eq(outbox.recipient, phone)).all().pop();

describe("profile", () => {
  it("updates name (NFC, trimmed) and language", async () => {
    const user = await makeUser(db, "buyer");
    const updated = updateProfile(db, user.id, { name: "  Trần Thị Hồng ".normalize("NFD"), locale: "en" });
    expect(updated.name).toBe("Trần Thị Hồng");
    expect(updated.locale).toBe("en");
    expect(() => updateProfile(db, user.id, { name: "   ", locale: "vi" })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.nameRequired", field: "name" }));
  });
});

describe("change password", () => {
  it("needs the current password, keeps this session, ends the others, and tells the phone", async () => {
    const user = await makeUser(db, "farmer");
    const here = createSession(db, user.id);
    createSession(db, user.id);
    await expect(changePassword(db, user.id, { currentPassword: "not it at all", newPassword: "mit Thai moi 3" })).rejects.toMatchObject({
      messageKey: "accounts:errors.currentPasswordWrong",
      field: "currentPassword",
    });
    await expect(changePassword(db, user.id, { currentPassword: TEST_PASSWORD, newPassword: "iloveyou" })).rejects.toMatchObject({
      messageKey: "accounts:errors.passwordCommon",
      field: "newPassword",
    });
    await changePassword(db, user.id, { currentPassword: TEST_PASSWORD, newPassword: "mit Thai moi 3", keepSessionId: here.id });
    expect(countActiveSessions(db, user.id)).toBe(1);
    expect(lastMessage(user.phone)?.template).toBe("account.password_changed");
    expect((await login(db, { phone: user.phone, password: "mit Thai moi 3" })).id).toBe(user.id);
  });
});

describe("change phone", () => {
  it("sends the code to the NEW number and switches only when it comes back", async () => {
    const user = await makeUser(db, "farmer");
    const newPhone = testPhone();
    const local = `0${newPhone.slice(3)}`;
    expect(await startPhoneChange(db, user.id, { newPhone: local, password: TEST_PASSWORD })).toEqual({ newPhone });
    const sms = lastMessage(newPhone)!;
    expect(sms.template).toBe("otp.phone_change");
    expect(lastMessage(user.phone)).toBeUndefined();
    expect(pendingPhoneChange(db, user.id)?.newPhone).toBe(newPhone);
    expect(getUserById(db, user.id)!.phone).toBe(user.phone);

    const updated = confirmPhoneChange(db, user.id, { code: String(sms.payload.code) });
    expect(updated.phone).toBe(newPhone);
    expect(lastMessage(user.phone)?.template).toBe("account.phone_changed");
    expect(pendingPhoneChange(db, user.id)).toBeNull();
    expect((await login(db, { phone: newPhone, password: TEST_PASSWORD })).id).toBe(user.id);
  });

  it("refuses a number another account uses, the same number, and a wrong password", async () => {
    const user = await makeUser(db, "buyer");
    const other = await makeUser(db, "buyer");
    await expect(startPhoneChange(db, user.id, { newPhone: other.phone, password: TEST_PASSWORD })).rejects.toMatchObject({
      messageKey: "accounts:errors.phoneTaken",
      field: "newPhone",
    });
    await expect(startPhoneChange(db, user.id, { newPhone: user.phone, password: TEST_PASSWORD })).rejects.toMatchObject({ messageKey: "accounts:errors.samePhone" });
    await expect(startPhoneChange(db, user.id, { newPhone: testPhone(), password: "wrong one!" })).rejects.toMatchObject({ field: "password" });
  });

  it("refuses if someone else took the number while the code was on its way", async () => {
    const user = await makeUser(db, "buyer");
    const newPhone = testPhone();
    await startPhoneChange(db, user.id, { newPhone, password: TEST_PASSWORD });
    const code = String(lastMessage(newPhone)!.payload.code);
    await makeUser(db, "buyer", { phone: newPhone });
    expect(() => confirmPhoneChange(db, user.id, { code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.phoneTaken" }));
  });

  it("one user cannot confirm with a code meant for another user's change", async () => {
    const alice = await makeUser(db, "buyer");
    const bob = await makeUser(db, "buyer");
    const alicesNew = testPhone();
    await startPhoneChange(db, alice.id, { newPhone: alicesNew, password: TEST_PASSWORD });
    const code = String(lastMessage(alicesNew)!.payload.code);
    // Bob has no pending change: Alice's code means nothing for him.
    expect(() => confirmPhoneChange(db, bob.id, { code })).toThrow(expect.objectContaining({ messageKey: "accounts:errors.codeInvalid" }));
    expect(getUserById(db, bob.id)!.phone).toBe(bob.phone);
    expect(confirmPhoneChange(db, alice.id, { code }).phone).toBe(alicesNew);
  });
});
