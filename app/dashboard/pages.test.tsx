/**
 * The dashboard page and the targets page rendered as the server renders them: the route's real
 * loader and action run through a static router, and the HTML is read for what a person sees —
 * the series table, active sellers, the targets with their progress, and the admin form keeping
 * what was typed.
 */
import i18next, { type i18n as I18n } from "i18next";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { i18nResources } from "~/i18n/resources.server";
import * as dashboardPage from "~/routes/can-bo.tong-quan";
import * as targetsPage from "~/routes/quan-tri.chi-tieu";
import { COMMUNES, seedStageFixture } from "./stages-fixture";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let i18n: I18n;
let officerCookie: string;
let adminCookie: string;

beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ lng: "vi", resources: i18nResources(), ns: ["common", "dashboard"], defaultNS: "common" });
  const buyer = await makeUser(db, "buyer");
  const officer = await makeUser(db, "officer");
  const admin = await makeUser(db, "admin");
  assignOfficerAreas(db, officer.id, [
    { kind: "commune", code: COMMUNES.A },
    { kind: "commune", code: COMMUNES.C },
  ]);
  seedStageFixture(db, buyer.id);
  officerCookie = await signIn(db, officer.id);
  adminCookie = await signIn(db, admin.id);
});

/** Runs the route's loader (and action for a POST) as Remix would, then renders its component. */
async function render(route: typeof dashboardPage | typeof targetsPage, request: Request): Promise<{ status: number; html: string }> {
  const path = new URL(request.url).pathname;
  const handler = createStaticHandler([
    {
      id: "page",
      path,
      // The route's own functions, with the app's load context as Remix passes it.
      loader: ({ request: r }) => route.loader(args(r)),
      action: "action" in route ? ({ request: r }) => targetsPage.action(args(r)) : undefined,
      Component: route.default,
    },
  ]);
  const context = await handler.query(request);
  if (context instanceof Response) return { status: context.status, html: "" };
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </I18nextProvider>,
  );
  return { status: context.statusCode, html };
}

/** The text of an HTML fragment, tags dropped and spaces folded. */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&nbsp;|\s+/g, " ").trim();

/** The table with this data-testid, as rows of cell texts. */
function table(html: string, testId: string): string[][] {
  const match = new RegExp(`<table[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  expect(match, `table ${testId}`).not.toBeNull();
  return [...match![1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1])));
}

const target = (fields: Record<string, string>) => ({ areaKind: "commune", areaCode: COMMUNES.A, year: "2026", householdsToRegister: "", householdsToVerify: "", productsToList: "", ...fields });

describe("/quan-tri/chi-tieu", () => {
  it("refuses officers, page and form alike, with 403", async () => {
    expect((await thrown(targetsPage.loader(args(getRequest("/quan-tri/chi-tieu", officerCookie))))).status).toBe(403);
    const post = formRequest("/quan-tri/chi-tieu", target({ householdsToRegister: "10" }), officerCookie);
    expect((await thrown(targetsPage.action(args(post)))).status).toBe(403);
    expect(db.$client.prepare("SELECT COUNT(*) FROM area_targets").pluck().get()).toBe(0);
  });

  it("shows the form again with what was typed and a message at each wrong box", async () => {
    const typed = target({ year: "20x6", householdsToRegister: "1.200", householdsToVerify: "-5" });
    const { status, html } = await render(targetsPage, formRequest("/quan-tri/chi-tieu", typed, adminCookie));
    expect(status).toBe(400);
    expect(html).toMatch(/name="year"[^>]*value="20x6"/);
    expect(html).toMatch(/name="householdsToRegister"[^>]*value="1.200"/);
    expect(html).toMatch(/name="householdsToVerify"[^>]*value="-5"/);
    expect(html).toMatch(/id="year"[^>]*aria-invalid="true"/);
    expect(text(html)).toContain("Năm phải từ 2020 đến 2100.");
    expect(text(html)).toContain("Nhập một số nguyên không âm");
    expect(text(html)).toContain("Chưa lưu được, hãy sửa các ô được đánh dấu.");
  });

  it("keeps the input when the area does not exist", async () => {
    const { status, html } = await render(targetsPage, formRequest("/quan-tri/chi-tieu", target({ areaCode: "99999", householdsToRegister: "10" }), adminCookie));
    expect(status).toBe(400);
    expect(html).toMatch(/name="areaCode"[^>]*value="99999"/);
    expect(text(html)).toContain("Không có địa bàn mã 99999 thuộc loại đã chọn.");
  });

  it("saves targets and lists them", async () => {
    const saved = (await targetsPage.action(
      args(formRequest("/quan-tri/chi-tieu", target({ householdsToRegister: "1.200", householdsToVerify: "4", productsToList: "5" }), adminCookie)),
    )) as Response;
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/quan-tri/chi-tieu?nam=2026&xong=commune%3A${COMMUNES.A}`);
    await targetsPage.action(args(formRequest("/quan-tri/chi-tieu", target({ areaKind: "province", areaCode: "82", householdsToRegister: "500" }), adminCookie)));
    const { html } = await render(targetsPage, getRequest(`/quan-tri/chi-tieu?nam=2026&xong=commune:${COMMUNES.A}`, adminCookie));
    expect(text(html)).toContain("Đã lưu chỉ tiêu năm 2026 cho Phường Đạo Thạnh.");
    expect(table(html, "targets-admin-table").slice(1).map((row) => row.slice(0, 4))).toEqual([
      ["Tỉnh Đồng Tháp Tỉnh, thành phố · 82", "500", "Không đặt", "Không đặt"],
      [`Phường Đạo Thạnh Xã, phường · ${COMMUNES.A} · Tỉnh Đồng Tháp`, "1.200", "4", "5"],
    ]);
  });
});

describe("/can-bo/tong-quan", () => {
  it("shows the officer the series table with every stage, active sellers, and their areas' targets", async () => {
    const { status, html } = await render(dashboardPage, getRequest("/can-bo/tong-quan?nam=2026", officerCookie));
    expect(status).toBe(200);
    const series = table(html, "series-table");
    expect(series[0]).toEqual(["Tháng", "Đăng ký", "Kích hoạt", "Xác minh", "Đã đăng sản phẩm", "Đã bán được hàng", "Sản phẩm đăng mới", "Mặt hàng"]);
    // Cumulative, then "+n trong kỳ" (see series.server.test.ts for the hand-worked figures).
    expect(series.slice(1, 4)).toEqual([
      ["10/2026", "2 +2 trong kỳ", "1 +1 trong kỳ", "0 +0 trong kỳ", "1 +1 trong kỳ", "0 +0 trong kỳ", "1", "1"],
      ["11/2026", "3 +1 trong kỳ", "3 +2 trong kỳ", "2 +2 trong kỳ", "3 +2 trong kỳ", "2 +2 trong kỳ", "3", "2"],
      ["12/2026", "3 +0 trong kỳ", "3 +0 trong kỳ", "2 +0 trong kỳ", "3 +0 trong kỳ", "3 +1 trong kỳ", "1", "1"],
    ]);
    expect(html).toContain('data-testid="onboarding-chart"');
    expect(html).toContain('data-testid="listings-chart"');
    expect(text(html)).toContain("Hộ có bán hàng trong 30 ngày qua");

    // Commune A has targets; commune C none; the province (set too) reaches outside the officer's areas.
    expect(table(html, "targets-table")).toEqual([
      ["Địa bàn", "Hộ đăng ký", "Hộ xác minh", "Sản phẩm đăng bán"],
      ["Phường Đạo Thạnh Xã, phường · Tỉnh Đồng Tháp", "2 / 1.200 (0,2%)", "1 / 4 (25%)", "4 / 5 (80%)"],
      ["Phường Mỹ Trà Xã, phường · Tỉnh Đồng Tháp", "Chưa đặt chỉ tiêu"],
    ]);
    const bar = /<progress[^>]*aria-label="Hộ xác minh: 1 trên chỉ tiêu 4"[^>]*>/.exec(html)?.[0] ?? "";
    expect(bar).toContain('max="4"');
    expect(bar).toContain('value="1"');
    expect(text(html)).toContain("Chỉ tiêu do quản trị viên đặt.");
  });

  it("shows an administrator the province target with a link to set targets", async () => {
    const { html } = await render(dashboardPage, getRequest("/can-bo/tong-quan?nam=2026", adminCookie));
    const rows = table(html, "targets-table");
    // Province 82 in 2026: K1–K4 registered.
    expect(rows.find((r) => r[0].startsWith("Tỉnh Đồng Tháp"))).toEqual(["Tỉnh Đồng Tháp Tỉnh, thành phố", "4 / 500 (0,8%)", "Không đặt", "Không đặt"]);
    expect(rows.find((r) => r[0].startsWith("Thành phố Hà Nội"))?.[1]).toBe("Chưa đặt chỉ tiêu");
    expect(html).toContain('href="/quan-tri/chi-tieu?nam=2026"');
  });

  it("lets a keyboard reach every sideways-scrolling table: focusable, a region, and named", async () => {
    const { html } = await render(dashboardPage, getRequest("/can-bo/tong-quan?nam=2026", adminCookie));
    const boxes = [...html.matchAll(/<div[^>]*class="table-scroll"[^>]*>/g)].map((m) => m[0]);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (const box of boxes) {
      expect(box).toContain('tabindex="0"');
      expect(box).toContain('role="region"');
      expect(box).toMatch(/aria-label="[^"]+"/);
    }
  });
});
