import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { officerCoversCommune } from "~/addresses/areas.server";
import { login } from "./auth.server";
import { createStaffUser, generatePassword, parseAreaArg } from "./staff.server";
import { testPhone } from "./test-utils";
import { findUserByPhone } from "./users.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

describe("parseAreaArg", () => {
  it("reads the three kinds, a bare code being a province", () => {
    expect(parseAreaArg("82")).toEqual({ kind: "province", code: "82" });
    expect(parseAreaArg("province:87")).toEqual({ kind: "province", code: "87" });
    expect(parseAreaArg("commune:28249")).toEqual({ kind: "commune", code: "28249" });
    expect(parseAreaArg(" former-district:819 ")).toEqual({ kind: "former-district", code: "819" });
    expect(() => parseAreaArg("district:819")).toThrow(expect.objectContaining({ messageKey: "accounts:errors.areaFormat" }));
    expect(() => parseAreaArg("Tiền Giang")).toThrow();
  });
});

describe("createStaffUser", () => {
  it("creates an officer with areas, verified, able to log in", async () => {
    const phone = testPhone();
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    const { user, areas } = await createStaffUser(db, { phone, name: "Cán bộ Tư", password, role: "officer", areas: [{ kind: "province", code: "82" }] });
    expect(user).toMatchObject({ role: "officer", phone });
    expect(user.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(areas.map((a) => a.code)).toEqual(["82"]);
    expect(officerCoversCommune(db, user.id, "28249")).toBe(true); // a commune of province 82
    expect((await login(db, { phone, password })).id).toBe(user.id);
  });

  it("creates nothing when an area code is unknown", async () => {
    const phone = testPhone();
    await expect(
      createStaffUser(db, { phone, name: "X", password: generatePassword(), role: "officer", areas: [{ kind: "commune", code: "99999" }] }),
    ).rejects.toMatchObject({ messageKey: "addresses:errors.unknownCommune" });
    expect(findUserByPhone(db, phone)).toBeUndefined();
  });

  it("refuses areas for administrators and other roles", async () => {
    await expect(createStaffUser(db, { phone: testPhone(), name: "X", password: generatePassword(), role: "admin", areas: [{ kind: "province", code: "82" }] })).rejects.toMatchObject({
      messageKey: "accounts:errors.areasForOfficers",
    });
    await expect(createStaffUser(db, { phone: testPhone(), name: "X", password: generatePassword(), role: "farmer" as "admin" })).rejects.toMatchObject({
      messageKey: "accounts:errors.staffRole",
    });
    const admin = await createStaffUser(db, { phone: testPhone(), name: "Admin", password: generatePassword(), role: "admin" });
    expect(admin.areas).toEqual([]);
  });
});
