/**
 * Route-level tests of the hand-over and personal-data pages: loaders and actions called with
 * Request objects, as Remix would, including the claim ticket cookie and who may open what.
 */
import { desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, signIn, testPhone, TEST_PASSWORD, routeArgs as args, thrown } from "~/accounts/test-utils";
import { findUserByPhone } from "~/accounts/users.server";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { formatPhone } from "~/lib/phone";
import * as sellerExport from "~/routes/ban-hang.ho-so_.du-lieu";
import * as profile from "~/routes/ban-hang.ho-so";
import * as officerExport from "~/routes/can-bo.ho.$id_.du-lieu";
import * as officerHousehold from "~/routes/can-bo.ho.$id";
import * as claimStart from "~/routes/nhan-tai-khoan";
import * as claimConfirm from "~/routes/nhan-tai-khoan_.xac-nhan";
import * as dataAdmin from "~/routes/quan-tri.du-lieu";
import { type Actor } from "~/accounts/access.server";
import { createOwnHousehold } from "./profile.server";
import { getHousehold } from "./records.server";
import { registerHouseholdByOfficer } from "./registration.server";
import { deletedHouseholdName } from "./privacy.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let seq = 700_000_000;
const cccd = () => `082${String(++seq).padStart(9, "0")}`;

async function staff() {
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  const outsider = await makeUser(db, "officer");
  assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
  const admin = await makeUser(db, "admin");
  return { officer, outsider, admin };
}

function registered(by: Actor, phone: string, name = "Lê Thị Mai") {
  return registerHouseholdByOfficer(db, by, {
    kind: "household",
    representativeName: name,
    displayName: `Vườn bưởi ${name}`,
    phone,
    nationalId: cccd(),
    communeCode: "28249",
    addressLine: "Ấp Hòa Thuận",
    delivery: { pickup: true },
    consentAt: new Date("2026-03-01T02:00:00Z"),
    consentSource: "Phiếu đồng ý giấy",
  });
}

const smsCode = (phone: string) =>
  db.select({ body: outbox.body }).from(outbox).where(eq(outbox.recipient, phone)).orderBy(desc(outbox.id)).limit(1).get()!.body.match(/\b(\d{6})\b/)![1];

/** "name=value" pairs of every Set-Cookie of a response, by cookie name. */
function cookies(response: Response): Record<string, string> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((c) => {
      const pair = c.split(";")[0];
      return [pair.slice(0, pair.indexOf("=")), pair];
    }),
  );
}

describe("claiming an account through the pages", () => {
  it("phone → code → pick the household → password: logged in on /ban-hang, household activated", async () => {
    const { officer } = await staff();
    const phone = testPhone();
    const first = registered(officer, phone, "Trần Văn Một");
    const second = registered(officer, phone, "Trần Thị Hai");

    const started = (await claimStart.action(args(formRequest("/nhan-tai-khoan", { phone: formatPhone(phone) })))) as Response;
    expect(started.status).toBe(302);
    expect(started.headers.get("Location")).toBe(`/nhan-tai-khoan/xac-nhan?phone=${formatPhone(phone).replace(/ /g, "")}`);

    // Before the code, the page names no household.
    const asking = await (await claimConfirm.loader(args(getRequest(started.headers.get("Location")!)))).json();
    expect(asking).toMatchObject({ mode: "code", phone: formatPhone(phone), finish: null });
    expect(JSON.stringify(asking)).not.toContain("Trần");

    const proven = (await claimConfirm.action(args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "code", phone, code: smsCode(phone) })))) as Response;
    expect(proven.status).toBe(302);
    const ticket = cookies(proven).__claim;
    expect(ticket).toMatch(/^__claim=./);

    const finish = await (await claimConfirm.loader(args(getRequest("/nhan-tai-khoan/xac-nhan", ticket)))).json();
    expect(finish.mode).toBe("finish");
    expect(finish.finish?.state).toBe("new");
    expect(finish.finish?.households.map((h: { id: number }) => h.id)).toEqual([first.id, second.id]);

    // No choice made: refused on the field, nothing written.
    const unchosen = (await claimConfirm.action(args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "claim", name: "Trần Thị Hai", password: TEST_PASSWORD }, ticket)))) as Response;
    expect(unchosen.status).toBe(400);
    expect((await unchosen.json()).result.error.householdId).toEqual(["households:claim.errors.householdRequired"]);

    const done = (await claimConfirm.action(
      args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "claim", householdId: String(second.id), name: "Trần Thị Hai", password: TEST_PASSWORD }, ticket)),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/ban-hang");
    const set = cookies(done);
    expect(set.__session).toMatch(/^__session=./);
    expect(set.__claim).toBe("__claim="); // the ticket is spent
    const user = findUserByPhone(db, phone)!;
    expect(getHousehold(db, second.id)).toMatchObject({ ownerUserId: user.id, status: "activated" });
    expect(getHousehold(db, first.id)?.ownerUserId).toBeNull();
  });

  it("keeps the input and says why when the code is wrong", async () => {
    const { officer } = await staff();
    const phone = testPhone();
    registered(officer, phone);
    await claimStart.action(args(formRequest("/nhan-tai-khoan", { phone })));
    const wrong = smsCode(phone) === "000000" ? "111111" : "000000";
    const response = (await claimConfirm.action(args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "code", phone: formatPhone(phone), code: wrong })))) as Response;
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.result.error.code[0]).toMatch(/Mã chưa đúng|còn 4/);
    expect(data.result.initialValue.phone).toBe(formatPhone(phone));
  });

  it("refuses a phone with nothing to claim on its field", async () => {
    const response = (await claimStart.action(args(formRequest("/nhan-tai-khoan", { phone: formatPhone(testPhone()) })))) as Response;
    expect(response.status).toBe(404);
    expect((await response.json()).result.error.phone[0]).toMatch(/Không có hộ nào chờ nhận/);
  });

  it("a claim without a ticket is refused with the reason, and nothing is attached", async () => {
    const { officer } = await staff();
    const h = registered(officer, testPhone());
    const response = (await claimConfirm.action(
      args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "claim", householdId: String(h.id), name: "X", password: TEST_PASSWORD })),
    )) as Response;
    expect(response.status).toBe(401);
    expect((await response.json()).result.error[""][0]).toMatch(/hết hạn/);
    expect(getHousehold(db, h.id)?.ownerUserId).toBeNull();
  });
});

describe("the officer's hand-over code on /can-bo/ho/<id>", () => {
  it("is shown once to an officer of the area, refused to others", async () => {
    const { officer, outsider } = await staff();
    const phone = testPhone();
    const h = registered(officer, phone);
    const page = await (await officerHousehold.loader(args(getRequest(`/can-bo/ho/${h.id}`, await signIn(db, officer.id)), { id: String(h.id) }))).json();
    expect(page.claimable).toBe(true);
    const response = (await officerHousehold.action(
      args(formRequest(`/can-bo/ho/${h.id}`, { intent: "claimCode" }, await signIn(db, officer.id)), { id: String(h.id) }),
    )) as Response;
    const data = await response.json();
    expect(data).toMatchObject({ intent: "claimCode", error: null });
    expect(data.code).toBe(smsCode(phone));
    const refused = await thrown(officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, { intent: "claimCode" }, await signIn(db, outsider.id)), { id: String(h.id) })));
    expect(refused.status).toBe(403);
  });
});

describe("personal data pages", () => {
  it("the owner downloads their data, asks for deletion and sees it pending", async () => {
    const farmer = await makeUser(db, "farmer");
    const h = createOwnHousehold(db, farmer, {
      representativeName: "Phạm Văn Sáu",
      displayName: "Vườn sầu riêng Sáu",
      phone: "0977 123 456",
      nationalId: cccd(),
      communeCode: "28249",
      delivery: { pickup: true },
    });
    const cookie = await signIn(db, farmer.id);
    const file = (await sellerExport.loader(args(getRequest("/ban-hang/ho-so/du-lieu", cookie)))) as Response;
    expect(file.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(file.headers.get("Content-Disposition")).toMatch(new RegExp(`attachment; filename="cho-nong-san-ho-${h.id}-\\d{4}-\\d{2}-\\d{2}\\.json"`));
    expect(file.headers.get("Cache-Control")).toBe("no-store");
    expect((await file.json()).household).toMatchObject({ id: h.id, representativeName: "Phạm Văn Sáu" });

    const unconfirmed = (await profile.action(args(formRequest("/ban-hang/ho-so", { intent: "deleteRequest" }, cookie)))) as Response;
    expect(unconfirmed.status).toBe(400);
    expect((await profile.loader(args(getRequest("/ban-hang/ho-so", cookie))).then((r) => r.json())).privacy.pendingSince).toBeNull();
    const asked = (await profile.action(args(formRequest("/ban-hang/ho-so", { intent: "deleteRequest", confirm: "on" }, cookie)))) as Response;
    expect(asked.headers.get("Location")).toBe("/ban-hang/ho-so?xoa=1");
    const page = await (await profile.loader(args(getRequest("/ban-hang/ho-so?xoa=1", cookie)))).json();
    expect(page.privacy).toMatchObject({ requested: true, deletedAt: null });
    expect(page.privacy.pendingSince).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  });

  it("the officer export is for the area's officers and administrators only", async () => {
    const { officer, outsider, admin } = await staff();
    const h = registered(officer, testPhone());
    const params = { id: String(h.id) };
    const ok = (await officerExport.loader(args(getRequest(`/can-bo/ho/${h.id}/du-lieu`, await signIn(db, officer.id)), params))) as Response;
    expect((await ok.json()).consent).toMatchObject({ source: "Phiếu đồng ý giấy", registeredByOfficer: true });
    expect(((await officerExport.loader(args(getRequest(`/can-bo/ho/${h.id}/du-lieu`, await signIn(db, admin.id)), params))) as Response).status).toBe(200);
    expect((await thrown(officerExport.loader(args(getRequest(`/can-bo/ho/${h.id}/du-lieu`, await signIn(db, outsider.id)), params)))).status).toBe(403);
    const farmer = await makeUser(db, "farmer");
    expect((await thrown(officerExport.loader(args(getRequest(`/can-bo/ho/${h.id}/du-lieu`, await signIn(db, farmer.id)), params)))).status).toBe(403);
    expect((await thrown(officerExport.loader(args(getRequest(`/can-bo/ho/999999/du-lieu`, await signIn(db, officer.id)), { id: "999999" })))).status).toBe(404);
  });

  it("administrators see pending requests and delete with an explicit confirmation; officers cannot open the page", async () => {
    const { officer, admin } = await staff();
    const farmer = await makeUser(db, "farmer");
    const h = createOwnHousehold(db, farmer, {
      representativeName: "Đỗ Văn Mười",
      displayName: "Vườn chú Mười",
      phone: "0977 555 666",
      nationalId: cccd(),
      communeCode: "28249",
      delivery: { pickup: true },
    });
    await profile.action(args(formRequest("/ban-hang/ho-so", { intent: "deleteRequest", confirm: "on" }, await signIn(db, farmer.id))));

    expect((await thrown(dataAdmin.loader(args(getRequest("/quan-tri/du-lieu", await signIn(db, officer.id)))))).status).toBe(403);
    expect((await thrown(dataAdmin.action(args(formRequest("/quan-tri/du-lieu", { householdId: String(h.id), confirm: "on" }, await signIn(db, officer.id)))))).status).toBe(403);

    const cookie = await signIn(db, admin.id);
    const page = await (await dataAdmin.loader(args(getRequest(`/quan-tri/du-lieu?ho=${h.id}`, cookie)))).json();
    expect(page.pending.find((r: { householdId: number }) => r.householdId === h.id)).toMatchObject({ displayName: "Vườn chú Mười", requesterName: farmer.name });
    expect(page.found).toMatchObject({ id: h.id, deletedAt: null });

    const unconfirmed = (await dataAdmin.action(args(formRequest("/quan-tri/du-lieu", { householdId: String(h.id) }, cookie)))) as Response;
    expect(unconfirmed.status).toBe(400);
    expect(getHousehold(db, h.id)?.representativeName).toBe("Đỗ Văn Mười");

    const deleted = (await dataAdmin.action(args(formRequest("/quan-tri/du-lieu", { householdId: String(h.id), confirm: "on" }, cookie)))) as Response;
    expect(deleted.status).toBe(302);
    const after = await (await dataAdmin.loader(args(getRequest(`${deleted.headers.get("Location")}&ho=${h.id}`, cookie)))).json();
    expect(after.done).toMatchObject({ id: h.id, listings: 0, orders: 0, sessions: 1 });
    expect(after.pending.some((r: { householdId: number }) => r.householdId === h.id)).toBe(false);
    expect(after.found?.deletedAt).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(getHousehold(db, h.id)).toMatchObject({ representativeName: deletedHouseholdName(h.id), phone: "", status: "suspended" });
    expect(getHousehold(db, h.id)?.statusNote).toBe("Đã xoá dữ liệu cá nhân theo Nghị định 13/2023");
  });
});
