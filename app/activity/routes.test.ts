/** /quan-tri/nhat-ky: administrators read the log; officers and everyone else get the 403 page. */
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { getRequest, makeUser, signIn, routeArgs as args, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { suspendHousehold } from "~/households/lifecycle.server";
import { updateHouseholdProfile } from "~/households/profile.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { todayInVietnam } from "~/lib/clock";
import { householdInput } from "~/listings/test-utils";
import * as log from "~/routes/quan-tri.nhat-ky";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

describe("activity log page", () => {
  it("shows administrators who did what, in words, filtered by person, action and day", async () => {
    const officer = await makeUser(db, "officer", { name: "Cán bộ Tâm" });
    assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
    const other = await makeUser(db, "officer", { name: "Cán bộ Phúc" });
    assignOfficerAreas(db, other.id, [{ kind: "province", code: "82" }]);
    const admin = await makeUser(db, "admin", { name: "Quản trị" });
    const h = registerHouseholdByOfficer(db, officer, { ...householdInput({ displayName: "Vườn dừa Bảy" }), consentAt: new Date(), consentSource: "Gặp trực tiếp" });
    updateHouseholdProfile(db, other, h.id, { ...householdInput({ nationalId: h.nationalId, displayName: "Vườn dừa Bảy", phone: "0966 111 222" }) });
    suspendHousehold(db, other, h.id, "Sai địa chỉ");

    const cookie = await signIn(db, admin.id);
    const page = async (query = "") => (await log.loader(args(getRequest(`/quan-tri/nhat-ky${query}`, cookie)))).json();
    const all = await page();
    expect(all.total).toBe(3);
    expect(all.rows.map((r: { action: string }) => r.action)).toEqual(["Tạm ngưng hộ", "Sửa hồ sơ hộ", "Đăng ký hộ"]);
    expect(all.rows[0]).toMatchObject({ actor: "Cán bộ Phúc", household: { id: h.id, name: "Vườn dừa Bảy", exists: true }, commune: "Phường Đạo Thạnh" });
    expect(all.rows[0].details).toEqual(["Trạng thái: Tạm ngưng", "Ghi chú: Sai địa chỉ"]);
    expect(all.rows[1].details).toEqual(["Đã sửa: Số điện thoại của vườn"]);
    expect(all.rows[2].details).toEqual(["Đồng ý: Gặp trực tiếp"]);
    expect(all.actors.map((a: { label: string }) => a.label)).toEqual(expect.arrayContaining(["Cán bộ Tâm (cán bộ)", "Quản trị (quản trị viên)"]));

    const mine = await page(`?nguoi=${officer.id}`);
    expect(mine.rows.map((r: { actor: string }) => r.actor)).toEqual(["Cán bộ Tâm"]);
    expect((await page(`?viec=household.suspend`)).total).toBe(1);
    expect((await page(`?nguoi=${other.id}&viec=household.register`)).total).toBe(0);
    const today = todayInVietnam();
    expect((await page(`?tu=${today}&den=${today}`)).total).toBe(3);
    expect((await page(`?den=2020-01-01`)).total).toBe(0);
    // Unknown values are ignored, not errors.
    expect((await page(`?viec=drop+table&nguoi=abc&tu=hom-qua`)).query).toMatchObject({ action: "", actor: "", from: "" });

    const inEnglish = new Request("http://localhost/quan-tri/nhat-ky", { headers: { Cookie: cookie, "Accept-Language": "en" } });
    const english = await (await log.loader(args(inEnglish))).json();
    expect(english.rows[0].action).toBe("Suspended a household");
  });

  it("officers, farmers and visitors cannot read it", async () => {
    for (const role of ["officer", "farmer", "buyer"] as const) {
      const user = await makeUser(db, role);
      expect((await thrown(log.loader(args(getRequest("/quan-tri/nhat-ky", await signIn(db, user.id)))))).status).toBe(403);
    }
    const visitor = await thrown(log.loader(args(getRequest("/quan-tri/nhat-ky"))));
    expect(visitor.status).toBe(302);
  });
});
