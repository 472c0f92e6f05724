import { describe, expect, it } from "vitest";
import { AppError } from "~/lib/errors";
import { assertPasswordAllowed, commonPasswords, hashPassword, verifyPassword } from "./password.server";

function refusal(password: string, phone?: string) {
  try {
    assertPasswordAllowed(password, phone);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).messageKey;
  }
}

describe("password rules", () => {
  it("needs at least 8 characters", () => {
    expect(refusal("Xoai7c!")).toBe("accounts:errors.passwordTooShort");
    expect(refusal("Xoai7c!k")).toBeNull();
  });

  it("refuses very long input", () => {
    expect(refusal("a".repeat(129))).toBe("accounts:errors.passwordTooLong");
  });

  it("ships about a thousand common passwords, including Vietnamese ones", () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(1000);
    for (const p of ["123456", "matkhau", "anhyeuem", "iloveyou", "12345678", "88888888"]) expect(list.has(p)).toBe(true);
  });

  it("refuses common passwords whatever their case", () => {
    expect(refusal("12345678")).toBe("accounts:errors.passwordCommon");
    expect(refusal("88888888")).toBe("accounts:errors.passwordCommon");
    expect(refusal("AnhYeuEm")).toBe("accounts:errors.passwordCommon");
    expect(refusal("matkhau123")).toBe("accounts:errors.passwordCommon");
    expect(refusal("ILOVEYOU")).toBe("accounts:errors.passwordCommon");
    expect(refusal("68686868")).toBe("accounts:errors.passwordCommon");
  });

  it("refuses the user's own phone number in any written form", () => {
    const phone = "+84912345678";
    expect(refusal("0912345678", phone)).toBe("accounts:errors.passwordIsPhone");
    expect(refusal("0912 345 678", phone)).toBe("accounts:errors.passwordIsPhone");
    expect(refusal("912345678", phone)).toBe("accounts:errors.passwordIsPhone");
    expect(refusal("84912345678", phone)).toBe("accounts:errors.passwordIsPhone");
    expect(refusal("+84912345678", phone)).toBe("accounts:errors.passwordIsPhone");
    // someone else's number is just digits
    expect(refusal("0912345678", "+84987654321")).toBeNull();
  });

  it("puts the error on the field it is asked to", () => {
    expect(() => assertPasswordAllowed("short", undefined, "newPassword")).toThrow(
      expect.objectContaining({ field: "newPassword", params: { min: 8 } }),
    );
  });
});

describe("hashing", () => {
  it("hashes with argon2id and verifies", async () => {
    const h = await hashPassword("Vu sua Lo Ren 2026");
    expect(h.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(h, "Vu sua Lo Ren 2026")).toBe(true);
    expect(await verifyPassword(h, "vu sua lo ren 2026")).toBe(false);
  });
  it("never accepts a missing or malformed hash", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
  it("salts each hash", async () => {
    expect(await hashPassword("same-password-1")).not.toBe(await hashPassword("same-password-1"));
  });
});
