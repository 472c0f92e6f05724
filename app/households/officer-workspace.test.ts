/**
 * Route-level tests of the officer's workspace: the filtered household list (/can-bo) and
 * assisted registration (/can-bo/ho/moi), called with Request objects as Remix would.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, households } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, signIn, routeArgs as args, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import * as officerList from "~/routes/can-bo._index";
import * as register from "~/routes/can-bo.ho.moi";
import { todayInVietnam } from "~/lib/clock";
import { getHousehold } from "./records.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const body = async (value: unknown) => (value as Response).json();

const DAO_THANH = "28249";
const MY_THO = "28261";

let seq = 700_000_000;
const fields = (overrides: Record<string, string> = {}) => ({
  kind: "household",
  representativeName: "Ngô Thị Mười",
  displayName: "Vườn nhãn cô Mười",
  phone: "0918 765 432",
  nationalId: `082${String(++seq).padStart(9, "0")}`,
  communeCode: DAO_THANH,
  addressLine: "Ấp Tân Hòa",
  mainProducts: "Nhãn xuồng",
  pickup: "on",
  consentMethod: "paper",
  consentDate: "2026-03-02",
  consentNote: "Phiếu số 12",
  ...overrides,
});

async function officerOf(communes: string[]) {
  const officer = await makeUser(db, "officer", { name: "Cán bộ Hạnh" });
  assignOfficerAreas(db, officer.id, communes.map((code) => ({ kind: "commune" as const, code })));
  return { officer, cookie: await signIn(db, officer.id) };
}

describe("assisted registration (/can-bo/ho/moi)", () => {
  it("offers only the officer's communes, registers with the consent, logs it and opens the household", async () => {
    const { officer, cookie } = await officerOf([DAO_THANH]);
    const page = await body(await register.loader(args(getRequest("/can-bo/ho/moi", cookie))));
    expect(page.form.communes).toEqual([{ code: DAO_THANH, name: "Phường Đạo Thạnh" }]);
    expect(page.defaults.consentDate).toBe(todayInVietnam());

    const response = (await register.action(args(formRequest("/can-bo/ho/moi", fields(), cookie)))) as Response;
    expect(response.status).toBe(302);
    const id = Number(/^\/can-bo\/ho\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);
    expect(getHousehold(db, id)).toMatchObject({
      status: "registered",
      ownerUserId: null,
      registeredBy: officer.id,
      phone: "+84918765432",
      consentSource: "Phiếu đồng ý trên giấy — Phiếu số 12",
    });
    // Midnight of 2 March 2026 in Vietnam.
    expect(getHousehold(db, id)?.consentAt?.toISOString()).toBe("2026-03-01T17:00:00.000Z");
    expect(db.select().from(activityLog).where(eq(activityLog.householdId, id)).all()).toMatchObject([
      { action: "household.register", actorUserId: officer.id },
    ]);
  });

  it("refuses a duplicate with a link to the household already on file, keeping the input", async () => {
    const { cookie } = await officerOf([DAO_THANH]);
    const first = fields({ representativeName: "Lý Văn Hai", phone: "0919 000 111" });
    const created = (await register.action(args(formRequest("/can-bo/ho/moi", first, cookie)))) as Response;
    const id = Number(created.headers.get("Location")?.split("/").pop());

    const again = (await register.action(args(formRequest("/can-bo/ho/moi", { ...first, phone: "0919 000 112" }, cookie)))) as Response;
    expect(again.status).toBe(409);
    const data = await again.json();
    expect(data.duplicate).toEqual({ id, name: "Vườn nhãn cô Mười", canOpen: true });
    expect(data.result.error.nationalId[0]).toContain("Vườn nhãn cô Mười");
    expect(data.result.initialValue.phone).toBe("0919 000 112");

    // Same phone and name without diacritics, no ID number: the same household.
    const samePerson = fields({ representativeName: "ly van hai", phone: "+84919000111", nationalId: "" });
    const byPhone = (await register.action(args(formRequest("/can-bo/ho/moi", samePerson, cookie)))) as Response;
    expect(byPhone.status).toBe(409);
    expect((await byPhone.json()).duplicate.id).toBe(id);
  });

  it("refuses a commune outside the officer's areas with the reason on the commune, and missing consent", async () => {
    const { cookie } = await officerOf([DAO_THANH]);
    const outside = (await register.action(args(formRequest("/can-bo/ho/moi", fields({ communeCode: MY_THO }), cookie)))) as Response;
    expect(outside.status).toBe(403);
    expect((await outside.json()).result.error.communeCode).toEqual(["Hộ này không thuộc địa bàn của bạn."]);

    const { consentMethod: _m, ...noMethod } = fields();
    const noConsent = (await register.action(args(formRequest("/can-bo/ho/moi", { ...noMethod, consentDate: "2099-01-01" }, cookie)))) as Response;
    expect(noConsent.status).toBe(400);
    const errors = (await noConsent.json()).result.error;
    expect(errors.consentMethod).toEqual(["households:register.errors.consentMethod"]);
    expect(errors.consentDate).toEqual(["households:register.errors.consentFuture"]);
    expect(db.select().from(households).where(eq(households.communeCode, MY_THO)).all()).toEqual([]);
  });

  it("refuses a consent date that is not a day of the calendar (30 February)", async () => {
    const { cookie } = await officerOf([DAO_THANH]);
    const response = (await register.action(args(formRequest("/can-bo/ho/moi", fields({ consentDate: "2026-02-30" }), cookie)))) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).result.error.consentDate).toEqual(["households:register.errors.consentDate"]);
  });

  it("is for officers and administrators only", async () => {
    const farmer = await makeUser(db, "farmer");
    const cookie = await signIn(db, farmer.id);
    expect((await thrown(register.loader(args(getRequest("/can-bo/ho/moi", cookie))))).status).toBe(403);
    expect((await thrown(register.action(args(formRequest("/can-bo/ho/moi", fields(), cookie))))).status).toBe(403);
    const admin = await makeUser(db, "admin");
    const adminPage = await body(await register.loader(args(getRequest("/can-bo/ho/moi", await signIn(db, admin.id)))));
    expect(adminPage.form.communes.length).toBeGreaterThan(100);
  });
});

describe("household list (/can-bo)", () => {
  it("reads every filter from the URL, drops a commune outside the officer's areas, and counts stages", async () => {
    const { cookie } = await officerOf([DAO_THANH, MY_THO]);
    for (const [name, phone, commune] of [
      ["Tạ Thị Thu", "0911 222 001", DAO_THANH],
      ["Tạ Văn Đông", "0911 222 002", MY_THO],
    ]) {
      const r = (await register.action(args(formRequest("/can-bo/ho/moi", fields({ representativeName: name, displayName: name, phone, communeCode: commune }), cookie)))) as Response;
      expect(r.status).toBe(302);
    }
    const list = async (query: string) => body(await officerList.loader(args(getRequest(`/can-bo${query}`, cookie))));

    const all = await list("");
    expect(all.communes.map((c: { code: string }) => c.code).sort()).toEqual([DAO_THANH, MY_THO].sort());
    const byName = await list("?tim=ta+thi+thu");
    expect(byName.rows.map((r: { displayName: string }) => r.displayName)).toEqual(["Tạ Thị Thu"]);
    const byPhone = await list("?tim=%2B84+911+222+002");
    expect(byPhone.rows.map((r: { displayName: string }) => r.displayName)).toEqual(["Tạ Văn Đông"]);

    const inCommune = await list(`?xa=${MY_THO}&trang-thai=registered&co-san-pham=khong&da-ban=khong`);
    expect(inCommune.query).toMatchObject({ communeCode: MY_THO, stage: "registered", hasListings: false, hasSales: false });
    expect(inCommune.rows.every((r: { communeName: string }) => r.communeName === "Phường Mỹ Tho")).toBe(true);
    expect(inCommune.counts.registered).toBe(inCommune.total);

    // Another area's commune in the URL is ignored: the officer's own list, never someone else's.
    const foreign = await list("?xa=28756");
    expect(foreign.query.communeCode).toBeNull();
    expect(foreign.total).toBe(all.total);
    // Junk values are ignored rather than refused.
    expect((await list("?trang-thai=deleted&co-san-pham=maybe&trang=-3")).query).toMatchObject({ stage: null, hasListings: null, page: 1 });
  });
});
