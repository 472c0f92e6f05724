/** The alert form on the commodity page, the list page and the signed unsubscribe link. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import { upsertCommodity, upsertMarket } from "~/prices/catalog.server";
import * as commodityPage from "~/routes/gia-ca.$commodity";
import * as unsubscribePage from "~/routes/canh-bao-gia.huy";
import * as alertsPage from "~/routes/tai-khoan_.canh-bao-gia";
import { createAlert, listAlerts } from "./alerts.server";
import { unsubscribePath } from "./signing.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

let cookie: string, userId: number, otherCookie: string, mango: number;
const page = "/gia-ca/xoai";
const params = { commodity: "xoai" };

beforeAll(async () => {
  mango = upsertCommodity(db, { slug: "xoai", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit" }).id;
  upsertMarket(db, { slug: "vinh-kim", name: "Chợ Vĩnh Kim", kind: "wholesale" });
  const user = await makeUser(db, "buyer");
  userId = user.id;
  cookie = await signIn(db, user.id);
  otherCookie = await signIn(db, (await makeUser(db, "farmer")).id);
});

describe("the form on the commodity page", () => {
  it("sends a visitor who is not signed in to log in", async () => {
    const response = await thrown(commodityPage.action(args(formRequest(page, { kind: "above", threshold: "45.000" }), params)));
    expect(response.headers.get("Location")).toContain("/dang-nhap");
  });

  it("refuses a bad amount on its field and keeps what was typed", async () => {
    const response = (await commodityPage.action(args(formRequest(page, { kind: "above", threshold: "45.5", market: "vinh-kim", type: "retail" }, cookie), params))) as Response;
    expect(response.status).toBe(400);
    const { result } = await response.json();
    expect(result.error.threshold).toEqual(["alerts:errors.threshold.decimal"]);
    expect(result.initialValue).toMatchObject({ threshold: "45.5", market: "vinh-kim", type: "retail" });
  });

  it("refuses a percentage out of range and a market that does not exist, each on its field", async () => {
    const percent = await ((await commodityPage.action(args(formRequest(page, { kind: "move", percent: "0,5" }, cookie), params))) as Response).json();
    expect(percent.result.error.percent).toEqual(["alerts:errors.percentRange"]);
    const market = await ((await commodityPage.action(args(formRequest(page, { kind: "above", threshold: "45000", market: "nowhere" }, cookie), params))) as Response).json();
    expect(market.result.error.market).toEqual(["Chợ này không có trong danh sách."]);
  });

  it("subscribes with amounts read the Vietnamese way and lists the alert", async () => {
    const response = (await commodityPage.action(args(formRequest(page, { kind: "below", threshold: "45.000đ", market: "vinh-kim" }, cookie), params))) as Response;
    expect(response.headers.get("Location")).toBe("/tai-khoan/canh-bao-gia?done=created");
    const move = (await commodityPage.action(args(formRequest(page, { kind: "move", percent: "7,5" }, cookie), params))) as Response;
    expect(move.status).toBe(302);
    const mine = listAlerts(db, userId);
    expect(mine.map((a) => [a.kind, a.thresholdVnd, a.movePercent, a.marketName])).toEqual([
      ["below", 45_000, null, "Chợ Vĩnh Kim"],
      ["move", null, 7.5, null],
    ]);
    const list = await (await alertsPage.loader(args(getRequest("/tai-khoan/canh-bao-gia", cookie)))).json();
    expect(list.alerts.map((a: { commodity: string }) => a.commodity)).toEqual(["Xoài cát Hòa Lộc", "Xoài cát Hòa Lộc"]);
  });
});

describe("the list page", () => {
  it("lets only the owner delete an alert", async () => {
    const alert = createAlert(db, userId, { commodityId: mango, marketId: null, priceType: "wholesale", kind: "above", thresholdVnd: 90_000, movePercent: null });
    const refused = (await alertsPage.action(args(formRequest("/tai-khoan/canh-bao-gia", { id: String(alert.id) }, otherCookie)))) as Response;
    expect(refused.status).toBe(403);
    expect(listAlerts(db, userId).some((a) => a.id === alert.id)).toBe(true);
    const others = await (await alertsPage.loader(args(getRequest("/tai-khoan/canh-bao-gia", otherCookie)))).json();
    expect(others.alerts).toEqual([]);
    const done = (await alertsPage.action(args(formRequest("/tai-khoan/canh-bao-gia", { id: String(alert.id) }, cookie)))) as Response;
    expect(done.headers.get("Location")).toBe("/tai-khoan/canh-bao-gia?done=deleted");
    expect(listAlerts(db, userId).some((a) => a.id === alert.id)).toBe(false);
  });
});

describe("the unsubscribe link", () => {
  it("asks first, removes on the button, and refuses a bad signature, all without logging in", async () => {
    const alert = createAlert(db, userId, { commodityId: mango, marketId: null, priceType: "wholesale", kind: "above", thresholdVnd: 80_000, movePercent: null });
    const path = unsubscribePath({ alertId: alert.id });
    const bad = await unsubscribePage.loader(args(getRequest(`${path}x`)));
    expect(bad.status).toBe(400);
    expect((await bad.json()).state).toBe("bad");
    const ask = await (await unsubscribePage.loader(args(getRequest(path)))).json();
    expect(ask).toMatchObject({ state: "ask", commodity: "Xoài cát Hòa Lộc" });
    expect(listAlerts(db, userId).some((a) => a.id === alert.id)).toBe(true);
    const forged = (await unsubscribePage.action(args(formRequest("/canh-bao-gia/huy", { k: ask.k, s: `${ask.s}x` })))) as Response;
    expect(forged.status).toBe(400);
    const done = await ((await unsubscribePage.action(args(formRequest("/canh-bao-gia/huy", { k: ask.k, s: ask.s })))) as Response).json();
    expect(done.done).toBe(true);
    expect(listAlerts(db, userId).some((a) => a.id === alert.id)).toBe(false);
    expect((await (await unsubscribePage.loader(args(getRequest(path)))).json()).state).toBe("gone");
  });
});
