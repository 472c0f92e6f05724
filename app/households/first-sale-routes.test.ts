/**
 * Where a farmer lands once their phone is confirmed (sign-up, account hand-over), and the seller
 * home's checklist data: route modules called with Request objects, as Remix would.
 */
import { desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { cookieFrom, formRequest, getRequest, makeUser, signIn, testPhone, TEST_PASSWORD, routeArgs as args } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { formatPhone } from "~/lib/phone";
import * as sellerSection from "~/routes/ban-hang";
import * as signupRoute from "~/routes/dang-ky";
import * as signupConfirm from "~/routes/dang-ky_.xac-nhan";
import * as claimStart from "~/routes/nhan-tai-khoan";
import * as claimConfirm from "~/routes/nhan-tai-khoan_.xac-nhan";
import type { FirstSaleChecklist } from "./first-sale";
import { registerHouseholdByOfficer } from "./registration.server";
import { nextCccd } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const latestCode = (phone: string) => {
  const row = db.select().from(outbox).where(eq(outbox.recipient, phone)).orderBy(desc(outbox.id)).limit(1).get()!;
  return row.body.match(/\b(\d{6})\b/)![1];
};

/** Sign up with a role through the pages, then confirm the code: the confirming response. */
async function signUpAndConfirm(role: "farmer" | "buyer", redirectTo?: string): Promise<Response> {
  const phone = testPhone();
  const fields = { phone: formatPhone(phone), name: "Nguyễn Thị Lan", password: TEST_PASSWORD, role, ...(redirectTo ? { redirectTo } : {}) };
  const started = (await signupRoute.action(args(formRequest("/dang-ky", fields)))) as Response;
  expect(started.status).toBe(302);
  const confirm = { phone: formatPhone(phone), code: latestCode(phone), ...(redirectTo ? { redirectTo } : {}) };
  return (await signupConfirm.action(args(formRequest(started.headers.get("Location")!, confirm)))) as Response;
}

async function checklistAt(path: string, cookie?: string): Promise<FirstSaleChecklist | null> {
  const response = (await sellerSection.loader(args(getRequest(path, cookie)))) as Response;
  return (await response.json()).firstSale;
}

describe("landing after the phone is confirmed", () => {
  it("a farmer who signs up lands on the seller home, where the checklist starts at the profile", async () => {
    for (const redirectTo of [undefined, "/ban-hang/dang-ky"]) {
      const confirmed = await signUpAndConfirm("farmer", redirectTo);
      expect(confirmed.status).toBe(302);
      expect(confirmed.headers.get("Location")).toBe("/ban-hang");
      const checklist = await checklistAt("/ban-hang", cookieFrom(confirmed));
      expect(checklist?.current).toBe("profile");
      expect(checklist?.steps[0]).toMatchObject({ key: "profile", state: "current", situation: "start", href: "/ban-hang/dang-ky" });
    }
  });

  it("a farmer who was buying goes back to the cart; a buyer goes where they went before", async () => {
    expect((await signUpAndConfirm("farmer", "/gio-hang")).headers.get("Location")).toBe("/gio-hang");
    expect((await signUpAndConfirm("buyer", "/gio-hang")).headers.get("Location")).toBe("/gio-hang");
    expect((await signUpAndConfirm("buyer")).headers.get("Location")).toBe("/tai-khoan");
    expect((await signUpAndConfirm("buyer", "/ban-hang/dang-ky")).headers.get("Location")).toBe("/ban-hang/dang-ky");
  });

  it("a farmer who claims an officer-made account lands on the checklist, waiting for verification", async () => {
    const officer = await makeUser(db, "officer", { name: "Cán bộ Phạm Văn Năm" });
    assignOfficerAreas(db, officer.id, [{ kind: "commune", code: "28249" }]);
    const phone = testPhone();
    registerHouseholdByOfficer(db, officer, {
      kind: "household",
      representativeName: "Lê Thị Mai",
      displayName: "Vườn bưởi Lê Thị Mai",
      phone,
      nationalId: nextCccd(),
      communeCode: "28249",
      addressLine: "Ấp Hòa Thuận",
      mainProducts: "Bưởi da xanh",
      delivery: { pickup: true },
      consentAt: new Date("2026-03-01T02:00:00Z"),
      consentSource: "Phiếu đồng ý giấy",
    });
    await claimStart.action(args(formRequest("/nhan-tai-khoan", { phone: formatPhone(phone) })));
    const proven = (await claimConfirm.action(args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "code", phone, code: latestCode(phone) })))) as Response;
    const ticket = proven.headers.getSetCookie().find((c) => c.startsWith("__claim="))!.split(";")[0];
    const finish = await (await claimConfirm.loader(args(getRequest("/nhan-tai-khoan/xac-nhan", ticket)))).json();
    const done = (await claimConfirm.action(
      args(formRequest("/nhan-tai-khoan/xac-nhan", { intent: "claim", householdId: String(finish.finish!.households[0].id), name: "Lê Thị Mai", password: TEST_PASSWORD }, ticket)),
    )) as Response;
    expect(done.headers.get("Location")).toBe("/ban-hang");
    const session = done.headers.getSetCookie().find((c) => c.startsWith("__session="))!.split(";")[0];
    const checklist = await checklistAt("/ban-hang", session);
    expect(checklist?.steps.slice(0, 2).map((s) => `${s.key}:${s.state}:${s.situation}`)).toEqual(["profile:done:done", "verification:current:pending"]);
    expect(checklist?.officers).toEqual([expect.objectContaining({ name: "Cán bộ Phạm Văn Năm", phone: formatPhone(officer.phone) })]);
  });
});

describe("the seller section's checklist data", () => {
  it("is read for the seller home only, and only for farmers", async () => {
    const farmer = await makeUser(db, "farmer");
    const cookie = await signIn(db, farmer.id);
    expect(await checklistAt("/ban-hang", cookie)).not.toBeNull();
    expect(await checklistAt("/ban-hang/san-pham", cookie)).toBeNull();
    const buyer = await makeUser(db, "buyer");
    expect(await checklistAt("/ban-hang", await signIn(db, buyer.id))).toBeNull();
    expect(await checklistAt("/ban-hang")).toBeNull();
  });
});
