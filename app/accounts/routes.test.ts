/**
 * Route-level authorization: loaders and actions called directly with Request objects, as
 * Remix would. A user must not read or change another user's data by editing an id in the URL
 * or the form, and officers must stay inside their areas.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { officerAreas, outbox, sessions, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import * as logoutRoute from "~/routes/dang-xuat";
import * as loginRoute from "~/routes/dang-nhap";
import * as account from "~/routes/tai-khoan";
import * as phoneChange from "~/routes/tai-khoan_.doi-so-dien-thoai";
import * as signupConfirm from "~/routes/dang-ky_.xac-nhan";
import * as signupRoute from "~/routes/dang-ky";
import * as forgotRoute from "~/routes/quen-mat-khau";
import * as resetRoute from "~/routes/quen-mat-khau_.xac-nhan";
import { formatPhone } from "~/lib/phone";
import { login } from "./auth.server";
import { requireAllowed } from "./access.server";
import { getOptionalUser } from "./session.server";
import { cookieFrom, formRequest, getRequest, makeUser, signIn, TEST_PASSWORD, testPhone, routeArgs as args, thrown } from "./test-utils";
import { getUserById } from "./users.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

/** The code in the newest message to a phone (what its holder reads). */
function smsCodeFor(phone: string): string {
  const rows = db.select().from(outbox).where(eq(outbox.recipient, phone)).all();
  return String(rows[rows.length - 1]?.payload.code);
}

describe("signed-out visitors", () => {
  it("are sent to log in, and brought back afterwards", async () => {
    const response = await thrown(account.loader(args(getRequest("/tai-khoan"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dang-nhap?redirectTo=%2Ftai-khoan");
    const action = await thrown(phoneChange.action(args(formRequest("/tai-khoan/doi-so-dien-thoai", { intent: "confirm", code: "123456" }))));
    expect(action.headers.get("Location")).toMatch(/^\/dang-nhap\?redirectTo=/);
  });

  it("log in, land on the page they asked for, never on another site", async () => {
    const user = await makeUser(db, "buyer");
    const ok = (await loginRoute.action(args(formRequest("/dang-nhap", { phone: user.phone, password: TEST_PASSWORD, redirectTo: "/tai-khoan" })))) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/tai-khoan");
    const cookie = cookieFrom(ok);
    expect((await getOptionalUser(getRequest("/", cookie)))?.id).toBe(user.id);
    const evil = (await loginRoute.action(args(formRequest("/dang-nhap", { phone: user.phone, password: TEST_PASSWORD, redirectTo: "https://evil.example/" })))) as Response;
    expect(evil.headers.get("Location")).toBe("/");
  });

  it("get the form back with their phone kept and the password dropped on failure", async () => {
    const user = await makeUser(db, "buyer");
    const response = (await loginRoute.action(args(formRequest("/dang-nhap", { phone: user.phone, password: "wrong password" })))) as Response;
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.result.error[""]).toEqual(["Số điện thoại hoặc mật khẩu không đúng."]);
    expect(body.result.initialValue.phone).toBe(user.phone);
    expect(body.result.initialValue.password).toBeUndefined();
  });
});

describe("log-in throttling", () => {
  it("tells a throttled user how many minutes to wait, in their language", async () => {
    const user = await makeUser(db, "farmer");
    for (let i = 0; i < 5; i++) {
      const failed = (await loginRoute.action(args(formRequest("/dang-nhap", { phone: user.phone, password: `sai roi ${i}` })))) as Response;
      expect(failed.status).toBe(401);
    }
    const vi = (await loginRoute.action(args(formRequest("/dang-nhap", { phone: user.phone, password: TEST_PASSWORD })))) as Response;
    expect(vi.status).toBe(429);
    expect((await vi.json()).result.error[""]).toEqual(["Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút, hoặc đặt lại mật khẩu."]);
    const english = formRequest("/dang-nhap", { phone: user.phone, password: TEST_PASSWORD });
    english.headers.set("Accept-Language", "en");
    const en = (await loginRoute.action(args(english))) as Response;
    expect(en.status).toBe(429);
    expect((await en.json()).result.error[""]).toEqual(["Too many failed log-ins. Please try again in 1 minute, or reset your password."]);
  });
});

describe("sign-up and password reset do not tell whether a phone has an account", () => {
  const compact = (e164: string) => formatPhone(e164).replace(/ /g, "");
  const signupFields = (phone: string) => ({ phone, name: "Người lạ", password: "dua xiem Ben Tre", role: "buyer" });

  it("sign-up answers a registered phone exactly as a new one, down to the code page", async () => {
    const owner = await makeUser(db, "buyer");
    const before = getUserById(db, owner.id);
    const fresh = testPhone();
    const forFresh = (await signupRoute.action(args(formRequest("/dang-ky", signupFields(fresh))))) as Response;
    const forOwner = (await signupRoute.action(args(formRequest("/dang-ky", signupFields(owner.phone))))) as Response;
    expect(forFresh.status).toBe(302);
    expect(forOwner.status).toBe(forFresh.status);
    expect(forFresh.headers.get("Location")).toBe(`/dang-ky/xac-nhan?phone=${compact(fresh)}`);
    expect(forOwner.headers.get("Location")).toBe(`/dang-ky/xac-nhan?phone=${compact(owner.phone)}`);
    expect([...forOwner.headers.keys()]).toEqual([...forFresh.headers.keys()]);
    expect(await forOwner.text()).toBe(await forFresh.text());
    expect(getUserById(db, owner.id)).toEqual(before);
    expect(db.select().from(users).where(eq(users.phone, owner.phone)).all()).toHaveLength(1);
    expect(db.select().from(outbox).where(eq(outbox.recipient, owner.phone)).all().map((m) => m.template)).toEqual(["account.signup_attempt"]);

    // the code page: a guessed code, then "send again", answer alike
    const wrongCode = String((Number(smsCodeFor(fresh)) + 1) % 1_000_000).padStart(6, "0");
    for (const [phone, code] of [[fresh, wrongCode], [owner.phone, wrongCode]]) {
      const page = `/dang-ky/xac-nhan?phone=${compact(phone)}`;
      const guess = (await signupConfirm.action(args(formRequest(page, { phone: compact(phone), code })))) as Response;
      expect(guess.status).toBe(400);
      expect((await guess.json()).result.error.code).toEqual(["Mã không đúng. Bạn còn 4 lần thử."]);
      const resend = (await signupConfirm.action(args(formRequest(page, { phone: compact(phone), intent: "resend" })))) as Response;
      expect(resend.status).toBe(200);
      expect(await resend.json()).toEqual({ resent: true, result: null });
    }
  });

  it("forgot-password answers alike, and so does its code page", async () => {
    const owner = await makeUser(db, "farmer");
    const unknown = testPhone();
    for (const phone of [owner.phone, unknown]) {
      const response = (await forgotRoute.action(args(formRequest("/quen-mat-khau", { phone })))) as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/quen-mat-khau/xac-nhan?phone=${compact(phone)}`);
      expect(await response.text()).toBe("");
    }
    const ownerCode = smsCodeFor(owner.phone);
    const guessFor = (phone: string) => (phone === owner.phone ? String((Number(ownerCode) + 1) % 1_000_000).padStart(6, "0") : "123456");
    const bodies = [];
    for (const phone of [owner.phone, unknown]) {
      const response = (await resetRoute.action(args(formRequest("/quen-mat-khau/xac-nhan", { phone, code: guessFor(phone), password: "bap nep Ben Tre 9" })))) as Response;
      expect(response.status).toBe(400);
      bodies.push((await response.json()).result.error);
    }
    expect(bodies[0]).toEqual({ code: ["Mã không đúng. Bạn còn 4 lần thử."] });
    expect(bodies[1]).toEqual(bodies[0]);
  });
});

describe("log-out", () => {
  it("is POST only: a GET (a link, an image) does not end the session", async () => {
    const user = await makeUser(db, "buyer");
    const cookie = await signIn(db, user.id);
    const get = logoutRoute.loader();
    expect(get.status).toBe(302);
    expect((await getOptionalUser(getRequest("/", cookie)))?.id).toBe(user.id);
    const post = await logoutRoute.action(args(formRequest("/dang-xuat", {}, cookie)));
    expect(post.status).toBe(302);
    expect(await getOptionalUser(getRequest("/", cookie))).toBeNull();
  });
});

describe("one user cannot touch another's account", () => {
  it("the account page shows only the signed-in user's data, whatever the URL says", async () => {
    const alice = await makeUser(db, "buyer", { name: "Alice" });
    const bob = await makeUser(db, "buyer", { name: "Bob" });
    const cookie = await signIn(db, alice.id);
    const response = (await account.loader(args(getRequest(`/tai-khoan?userId=${bob.id}&id=${bob.id}`, cookie)))) as Response;
    const data = await response.json();
    expect(data.user.name).toBe("Alice");
    expect(JSON.stringify(data)).not.toContain("Bob");
    expect(JSON.stringify(data)).not.toContain(bob.phone.slice(3));
  });

  it("ids slipped into the profile form are ignored", async () => {
    const alice = await makeUser(db, "buyer", { name: "Alice" });
    const bob = await makeUser(db, "buyer", { name: "Bob" });
    const cookie = await signIn(db, alice.id);
    const response = (await account.action(args(formRequest("/tai-khoan", { intent: "profile", name: "Hacked", locale: "en", userId: String(bob.id), id: String(bob.id) }, cookie)))) as Response;
    expect(response.status).toBe(302);
    expect(getUserById(db, bob.id)).toMatchObject({ name: "Bob", locale: "vi" });
    expect(getUserById(db, alice.id)).toMatchObject({ name: "Hacked", locale: "en" });
  });

  it("ids slipped into the password form are ignored", async () => {
    const alice = await makeUser(db, "buyer");
    const bob = await makeUser(db, "buyer");
    const cookie = await signIn(db, alice.id);
    const response = (await account.action(
      args(formRequest("/tai-khoan", { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "khoai lang tim 9", userId: String(bob.id) }, cookie)),
    )) as Response;
    expect(response.status).toBe(302);
    expect((await login(db, { phone: alice.phone, password: "khoai lang tim 9" })).id).toBe(alice.id);
    expect((await login(db, { phone: bob.phone, password: TEST_PASSWORD })).id).toBe(bob.id);
  });

  it("changing the password keeps this session and ends the others", async () => {
    const user = await makeUser(db, "farmer");
    const here = await signIn(db, user.id);
    const elsewhere = await signIn(db, user.id);
    await account.action(args(formRequest("/tai-khoan", { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "buoi Nam Roi 5" }, here)));
    expect((await getOptionalUser(getRequest("/", here)))?.id).toBe(user.id);
    expect(await getOptionalUser(getRequest("/", elsewhere))).toBeNull();
  });

  it("a phone-change code for one user does nothing for another", async () => {
    const alice = await makeUser(db, "buyer");
    const mallory = await makeUser(db, "buyer");
    const aliceCookie = await signIn(db, alice.id);
    const malloryCookie = await signIn(db, mallory.id);
    const newPhone = testPhone();
    const sent = (await phoneChange.action(args(formRequest("/tai-khoan/doi-so-dien-thoai", { intent: "send", newPhone, password: TEST_PASSWORD }, aliceCookie)))) as Response;
    expect(sent.status).toBe(302);
    const code = String(db.select().from(outbox).where(eq(outbox.recipient, newPhone)).get()!.payload.code);
    const stolen = (await phoneChange.action(args(formRequest("/tai-khoan/doi-so-dien-thoai", { intent: "confirm", code, userId: String(alice.id) }, malloryCookie)))) as Response;
    expect(stolen.status).toBe(400);
    expect(getUserById(db, mallory.id)!.phone).toBe(mallory.phone);
    expect(getUserById(db, alice.id)!.phone).toBe(alice.phone);
    // Mallory's page does not show Alice's pending number either.
    const page = await ((await phoneChange.loader(args(getRequest("/tai-khoan/doi-so-dien-thoai", malloryCookie)))) as Response).json();
    expect(page.pendingPhone).toBeNull();
    const done = (await phoneChange.action(args(formRequest("/tai-khoan/doi-so-dien-thoai", { intent: "confirm", code }, aliceCookie)))) as Response;
    expect(done.headers.get("Location")).toBe("/tai-khoan?done=phone");
    expect(getUserById(db, alice.id)!.phone).toBe(newPhone);
  });

  it("a sign-up code confirms only the phone it was sent to", async () => {
    const phone = testPhone();
    const other = testPhone();
    const { startSignup } = await import("./auth.server");
    await startSignup(db, { phone, name: "Real owner", password: "thanh long ruot do", role: "farmer", locale: "vi" });
    const code = String(db.select().from(outbox).where(eq(outbox.recipient, phone)).get()!.payload.code);
    const wrong = (await signupConfirm.action(args(formRequest(`/dang-ky/xac-nhan?phone=${other}`, { phone: other, code })))) as Response;
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).result.error.code).toEqual(["Mã không đúng hoặc đã dùng. Hãy yêu cầu mã mới."]);
    const right = (await signupConfirm.action(args(formRequest(`/dang-ky/xac-nhan?phone=${phone}`, { phone, code })))) as Response;
    // A farmer lands on the first-sale checklist (households/first-sale.server.ts).
    expect(right.headers.get("Location")).toBe("/ban-hang");
    expect(right.headers.get("Set-Cookie")).toMatch(/^__session=/);
  });
});

describe("requireAllowed", () => {
  it("lets staff into the workspace; farmers get the 403 page and visitors the log-in page", async () => {
    const officer = await makeUser(db, "officer");
    const admin = await makeUser(db, "admin");
    const farmer = await makeUser(db, "farmer");
    expect((await requireAllowed(getRequest("/", await signIn(db, officer.id)), "useOfficerWorkspace")).id).toBe(officer.id);
    expect((await requireAllowed(getRequest("/", await signIn(db, admin.id)), "administer")).id).toBe(admin.id);
    expect((await thrown(requireAllowed(getRequest("/", await signIn(db, officer.id)), "administer"))).status).toBe(403);
    expect((await thrown(requireAllowed(getRequest("/", await signIn(db, farmer.id)), "useOfficerWorkspace"))).status).toBe(403);
    expect((await thrown(requireAllowed(getRequest("/"), "useOfficerWorkspace"))).status).toBe(302);
  });

  it("a disabled officer's session stops working at once", async () => {
    const officer = await makeUser(db, "officer");
    db.insert(officerAreas).values({ userId: officer.id, unitCode: "28249", unitLevel: "commune" }).run();
    const cookie = await signIn(db, officer.id);
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, officer.id)).run();
    expect((await thrown(requireAllowed(getRequest("/", cookie), "useOfficerWorkspace"))).status).toBe(302);
    expect(db.select().from(sessions).where(eq(sessions.userId, officer.id)).all().length).toBeGreaterThan(0);
  });
});

describe("root data", () => {
  it("getOptionalUser hands out only id, name, role and phone", async () => {
    const user = await makeUser(db, "farmer");
    const cookie = await signIn(db, user.id);
    expect(Object.keys((await getOptionalUser(getRequest("/", cookie)))!).sort()).toEqual(["id", "name", "phone", "role"]);
  });
});
