import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { login } from "~/accounts/auth.server";
import { officerCoversCommune } from "~/addresses/areas.server";
import { freshTestDb } from "../../tests/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from ".";

describe("seedDemoData", () => {
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "cns-seed-uploads-"));
  process.env.UPLOADS_DIR = uploads;
  const db = freshTestDb({ adminUnits: true });
  afterAll(() => {
    db.cleanup();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it("creates the demo accounts once, usable for log-in", async () => {
    const first = await seedDemoData(db);
    expect(first?.logins.map((l) => l.role)).toEqual(["admin", "officer", "farmer", "buyer"]);
    expect(await seedDemoData(db)).toBeNull();
    const officer = await login(db, { phone: DEMO_USERS[1].phone, password: DEMO_PASSWORD });
    expect(officer.role).toBe("officer");
    // The demo officer covers the home province: 28249 Phường Đạo Thạnh (Đồng Tháp, former Mỹ Tho).
    expect(officerCoversCommune(db, officer.id, "28249")).toBe(true);
    expect(officerCoversCommune(db, officer.id, "00004")).toBe(false); // Ba Đình, Hà Nội
  }, 60_000);

  it("fills the catalogue: verified farms of the former Tiền Giang, ~100 published and indexed listings, prices", () => {
    const q = <T>(sql: string) => db.$client.prepare(sql).all() as T[];
    expect(q<{ status: string; n: number }>("select status, count(*) n from households group by status")).toEqual([{ status: "verified", n: 20 }]);
    expect(q<{ n: number }>("select count(*) n from listings where status = 'published'")[0].n).toBe(100);
    expect(q<{ n: number }>("select count(*) n from listings_fts")[0].n).toBe(100);
    // Every farm sits in a current commune of Đồng Tháp (82) that took in former Tiền Giang communes.
    const provinces = q<{ p: string }>(
      "select distinct u.province_code p from households h join admin_units u on u.set_id = 'current' and u.code = h.commune_code",
    );
    expect(provinces).toEqual([{ p: "82" }]);
    expect(q<{ n: number }>("select count(*) n from listings where commodity_id is not null")[0].n).toBeGreaterThan(50);
    expect(q<{ n: number }>("select count(*) n from listing_photos where status = 'ready'")[0].n).toBeGreaterThanOrEqual(12);
    expect(q<{ n: number }>("select count(*) n from price_observations")[0].n).toBeGreaterThan(1000);
  });
});
