import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { getRequest, makeUser, routeArgs, signIn, thrown } from "~/accounts/test-utils";
import { resetEnvForTests } from "~/lib/env.server";
import { loader } from "~/routes/quan-tri.tin-nhan";
import { enqueueMessage } from "./outbox.server";

const db = freshTestDb();
let adminCookie = "";
let officerCookie = "";

const SETTINGS = ["SEED_DEMO", "NOTIFY_TRANSPORT", "ESMS_API_KEY", "ESMS_SECRET_KEY"] as const;
const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
function configure(values: Partial<Record<(typeof SETTINGS)[number], string>>) {
  for (const name of SETTINGS) {
    if (values[name] === undefined) delete process.env[name];
    else process.env[name] = values[name];
  }
  resetEnvForTests();
}

beforeAll(async () => {
  adminCookie = await signIn(db, (await makeUser(db, "admin")).id);
  officerCookie = await signIn(db, (await makeUser(db, "officer")).id);
});
afterEach(() => {
  db.$client.exec("delete from outbox");
});
afterAll(() => {
  configure(saved as Record<string, string>);
  db.cleanup();
});

const otp = (recipient: string, code: string) =>
  enqueueMessage(db, { channel: "sms", recipient, template: "otp.signup", locale: "vi", payload: { code, minutes: 10 } });

async function page(path: string, cookie = adminCookie) {
  const response = await loader(routeArgs(getRequest(path, cookie)));
  const text = await response.text();
  return { text, data: JSON.parse(text) as Awaited<ReturnType<typeof response.json>> };
}

describe("/quan-tri/tin-nhan: the message log", () => {
  it("is for administrators only", async () => {
    configure({ SEED_DEMO: "false", NOTIFY_TRANSPORT: "log" });
    expect((await thrown(loader(routeArgs(getRequest("/quan-tri/tin-nhan", officerCookie))))).status).toBe(403);
  });

  it("in the demo (demo data, messages only logged) shows the one-time codes", async () => {
    configure({ SEED_DEMO: "true", NOTIFY_TRANSPORT: "log" });
    otp("+84912000111", "482913");
    const { data } = await page("/quan-tri/tin-nhan");
    expect(data.showCodes).toBe(true);
    expect(data.rows).toEqual([expect.objectContaining({ template: "otp.signup", status: "pending", code: "482913", to: "0912 *** 111" })]);
  });

  it("anywhere else never shows a code or a message text, to administrators either", async () => {
    otp("+84912000111", "482913");
    enqueueMessage(db, {
      channel: "sms",
      recipient: "+84912000111",
      template: "claim.bulkCode",
      locale: "vi",
      payload: { name: "Hộ Lê Văn Tám", code: "771155", until: "05/12/2026", url: "https://cho.example.vn" },
    });
    const settings = [
      { SEED_DEMO: "false", NOTIFY_TRANSPORT: "log" },
      { SEED_DEMO: "true", NOTIFY_TRANSPORT: "esms", ESMS_API_KEY: "k", ESMS_SECRET_KEY: "s" },
    ];
    for (const setting of settings) {
      configure(setting);
      const { text, data } = await page("/quan-tri/tin-nhan?so=0912000111");
      expect(data.showCodes).toBe(false);
      expect(data.rows).toHaveLength(2);
      for (const secret of ["482913", "771155", "Mã đăng ký"]) expect(text).not.toContain(secret);
    }
  });

  it("finds a number written any common way, shows it whole and masks the others", async () => {
    configure({ SEED_DEMO: "false", NOTIFY_TRANSPORT: "log" });
    otp("+84912345678", "111111");
    otp("+84987654321", "222222");
    otp("+84912345678", "333333");
    const all = await page("/quan-tri/tin-nhan");
    expect(all.data.rows.map((r: { to: string }) => r.to)).toEqual(["0912 *** 678", "0987 *** 321", "0912 *** 678"]);
    for (const typed of ["0912 345 678", "+84 912.345.678", "84912345678"]) {
      const { data } = await page(`/quan-tri/tin-nhan?so=${encodeURIComponent(typed)}`);
      expect(data.total).toBe(2);
      expect(data.rows.map((r: { to: string }) => r.to)).toEqual(["0912 345 678", "0912 345 678"]);
    }
  });

  it("says what is wrong with a number it cannot read and keeps what was typed", async () => {
    configure({ SEED_DEMO: "false", NOTIFY_TRANSPORT: "log" });
    otp("+84912345678", "111111");
    const { data } = await page(`/quan-tri/tin-nhan?so=${encodeURIComponent("028 3822 1234")}`);
    expect(data).toMatchObject({ phoneError: "accounts:phone.landline", typed: "028 3822 1234", total: 0, rows: [] });
  });

  it("pages by 50, newest first", async () => {
    configure({ SEED_DEMO: "false", NOTIFY_TRANSPORT: "log" });
    const ids = Array.from({ length: 51 }, (_, i) => otp("+84912345678", String(100000 + i)));
    const first = await page("/quan-tri/tin-nhan");
    expect(first.data).toMatchObject({ total: 51, page: 1, pageCount: 2 });
    expect(first.data.rows[0].id).toBe(ids[50]);
    const second = await page("/quan-tri/tin-nhan?trang=2");
    expect(second.data.rows.map((r: { id: number }) => r.id)).toEqual([ids[0]]);
  });
});
