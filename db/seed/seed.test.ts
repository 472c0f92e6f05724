import { afterAll, describe, expect, it } from "vitest";
import { login } from "~/accounts/auth.server";
import { officerCoversCommune } from "~/addresses/areas.server";
import { freshTestDb } from "../../tests/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from ".";

describe("seedDemoData", () => {
  const db = freshTestDb({ adminUnits: true });
  afterAll(() => db.cleanup());

  it("creates the demo accounts once, usable for log-in", async () => {
    const first = await seedDemoData(db);
    expect(first?.logins.map((l) => l.role)).toEqual(["admin", "officer", "farmer", "buyer"]);
    expect(await seedDemoData(db)).toBeNull();
    const officer = await login(db, { phone: DEMO_USERS[1].phone, password: DEMO_PASSWORD });
    expect(officer.role).toBe("officer");
    // The demo officer covers the home province: 28249 Phường Đạo Thạnh (Đồng Tháp, former Mỹ Tho).
    expect(officerCoversCommune(db, officer.id, "28249")).toBe(true);
    expect(officerCoversCommune(db, officer.id, "00004")).toBe(false); // Ba Đình, Hà Nội
  });
});
