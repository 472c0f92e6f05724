/**
 * The dashboard's routes called as Remix would: who may see what, the page's data and the CSV
 * files row by row against the fixture's hand-worked figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { getRequest, makeUser, signIn, routeArgs as args, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import * as csvRoute from "~/routes/can-bo.tong-quan[.]csv";
import * as page from "~/routes/can-bo.tong-quan";
import { bucketOf } from "./series.server";
import { COMMUNES, seedDashboardFixture } from "./test-fixture";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let officerCookie: string;
let adminCookie: string;
let buyerCookie: string;

beforeAll(async () => {
  const buyer = await makeUser(db, "buyer");
  const officer = await makeUser(db, "officer");
  const admin = await makeUser(db, "admin");
  assignOfficerAreas(db, officer.id, [
    { kind: "commune", code: COMMUNES.A },
    { kind: "commune", code: COMMUNES.C },
    { kind: "commune", code: COMMUNES.D },
    { kind: "commune", code: COMMUNES.E },
  ]);
  seedDashboardFixture(db, buyer.id);
  officerCookie = await signIn(db, officer.id);
  adminCookie = await signIn(db, admin.id);
  buyerCookie = await signIn(db, buyer.id);
});

const csvText = async (path: string, cookie: string) => {
  const response = (await csvRoute.loader(args(getRequest(path, cookie)))) as Response;
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  // Response.text() would drop the BOM: read the bytes, and keep it when decoding.
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { response, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
};

const HEADER =
  "Hộ đã đăng ký,Đã kích hoạt,Đã xác minh,Đủ điều kiện bán,Đang tạm ngưng,Có sản phẩm đang bán,Đã bán được hàng,Sản phẩm đang bán," +
  "Số đơn hoàn tất,Giá trị đơn hoàn tất (đồng),Số đơn không bị hủy,Giá trị đơn không bị hủy (đồng)";

describe("who may open the dashboard", () => {
  it("sends a signed-out visitor to log in", async () => {
    const response = await thrown(page.loader(args(getRequest("/can-bo/tong-quan"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dang-nhap?redirectTo=%2Fcan-bo%2Ftong-quan");
  });

  it("refuses a buyer, page and CSV alike, with 403", async () => {
    expect((await thrown(page.loader(args(getRequest("/can-bo/tong-quan", buyerCookie))))).status).toBe(403);
    expect((await thrown(csvRoute.loader(args(getRequest("/can-bo/tong-quan.csv", buyerCookie))))).status).toBe(403);
  });
});

describe("/can-bo/tong-quan", () => {
  it("shows an officer their areas only: groups, totals, series and a chart", async () => {
    const response = (await page.loader(args(getRequest("/can-bo/tong-quan", officerCookie)))) as Response;
    const data = await response.json();
    expect(data.isAdmin).toBe(false);
    expect(data.areas).toEqual(["Phường Đạo Thạnh", "Phường Mỹ Trà", "Xã Thường Phước", "Xã Tân Long"]);
    expect(data.figures.groups.map((g: { code: string }) => g.code)).toEqual([COMMUNES.A, COMMUNES.C, COMMUNES.E, COMMUNES.D]);
    expect(data.figures.totals.registered).toBe(9);
    expect(data.figures.totals.ordersCompletedVnd).toBe(770_000);
    expect(data.series[0]).toMatchObject({ start: "2025-12-01", registered: 1, activated: 1, verified: 1 });
    expect(data.series.at(-1)).toMatchObject({ start: bucketOf(new Date(), "month"), registered: 9, activated: 7, verified: 5 });
    expect(data.chart.lines.map((l: { key: string }) => l.key)).toEqual(["registered", "activated", "verified", "listed", "sold"]);
    expect(data.listingsChart.lines.map((l: { key: string }) => l.key)).toEqual(["listingsPublished", "productsListed"]);
    expect(data.chart.lines.every((l: { path: string }) => l.path.startsWith("M"))).toBe(true);
  });

  it("reads the toggles and the dates from the query string", async () => {
    const response = (await page.loader(
      args(getRequest("/can-bo/tong-quan?theo=huyen-cu&ky=tuan&tu=2026-01-01&den=2026-01-31", adminCookie)),
    )) as Response;
    const data = await response.json();
    expect(data.query).toEqual({
      groupBy: "formerDistrict",
      period: "week",
      fromDay: "2026-01-01",
      toDay: "2026-01-31",
      year: Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)),
      dateError: null,
    });
    // Admin, January 2026: H1, H2 (A), H4 (B), H5 (C), H10 (E), H11 (Hà Nội).
    expect(data.figures.totals.registered).toBe(6);
    expect(data.figures.groups.map((g: { code: string; figures: { registered: number } }) => [g.code, g.figures.registered])).toEqual([
      ["874", 1],
      ["001", 1],
      ["866", 1],
      ["815", 3],
    ]);
    expect(data.series[0].start).toBe("2025-12-29");
  });

  it("ignores a bad date and says so", async () => {
    const response = (await page.loader(args(getRequest("/can-bo/tong-quan?tu=2026-02-30", officerCookie)))) as Response;
    const data = await response.json();
    expect(data.query.dateError).toBe("dashboard:filters.badDate");
    expect(data.figures.totals.registered).toBe(9);
  });
});

describe("/can-bo/tong-quan.csv", () => {
  it("gives the officer's table by commune with a totals row, BOM first", async () => {
    const { response, text } = await csvText("/can-bo/tong-quan.csv", officerCookie);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tong-quan-theo-xa-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(text.slice(1).split("\r\n")).toEqual([
      `Mã,"Xã, phường",Ghi chú,Đăng ký từ,Đến hết,${HEADER}`,
      "28249,Phường Đạo Thạnh,Thành phố Mỹ Tho (Tiền Giang),,,3,2,2,1,1,2,2,3,3,350000,4,390000",
      '29888,Phường Mỹ Trà,"Thành phố Cao Lãnh (Đồng Tháp); Huyện Cao Lãnh (Đồng Tháp)",,,2,2,1,1,1,0,1,0,1,300000,3,375000',
      '30154,Xã Tân Long,"Huyện Thanh Bình (Đồng Tháp); Huyện Hồng Ngự (Đồng Tháp)",,,2,2,1,1,0,1,1,1,1,120000,1,120000',
      "29971,Xã Thường Phước,Huyện Hồng Ngự (Đồng Tháp),,,2,1,1,1,0,1,0,1,0,0,0,0",
      ",Tổng cộng,,,,9,7,5,4,2,4,4,5,5,770000,8,885000",
      "",
    ]);
  });

  it("gives the table by former district with the same filters as the page", async () => {
    const { response, text } = await csvText("/can-bo/tong-quan.csv?theo=huyen-cu&tu=2026-01-01&den=2026-01-31", officerCookie);
    expect(response.headers.get("Content-Disposition")).toMatch(/filename="tong-quan-theo-huyen-cu-/);
    // Officer, January 2026: H1, H2 (A → 815), H5 (C → 866), H10 (E → 874).
    expect(text.slice(1).split("\r\n")).toEqual([
      `Mã,Huyện cũ,Xã có phần từ huyện khác,Đăng ký từ,Đến hết,${HEADER}`,
      "874,Huyện Thanh Bình (Đồng Tháp),Xã Tân Long,2026-01-01,2026-01-31,1,1,1,1,0,1,1,1,1,120000,1,120000",
      "866,Thành phố Cao Lãnh (Đồng Tháp),Phường Mỹ Trà,2026-01-01,2026-01-31,1,1,1,1,0,0,1,0,1,300000,3,375000",
      "815,Thành phố Mỹ Tho (Tiền Giang),,2026-01-01,2026-01-31,2,1,1,1,0,1,1,2,2,150000,2,150000",
      ",Tổng cộng,,2026-01-01,2026-01-31,4,3,3,3,0,2,3,3,4,570000,6,645000",
      "",
    ]);
  });

  it("gives the series, one row per month up to now", async () => {
    const { response, text } = await csvText("/can-bo/tong-quan.csv?bang=thoi-gian", officerCookie);
    expect(response.headers.get("Content-Disposition")).toMatch(/filename="tong-quan-theo-thang-/);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines.slice(0, 5)).toEqual([
      "Bắt đầu kỳ,Kỳ,Hộ đã đăng ký,Đã kích hoạt,Đã xác minh,Hộ đã đăng sản phẩm (cộng dồn),Hộ đã bán được hàng (cộng dồn)," +
        "Đăng ký trong kỳ,Kích hoạt trong kỳ,Xác minh trong kỳ,Đã đăng sản phẩm trong kỳ,Đã bán được hàng trong kỳ,Sản phẩm đăng mới,Mặt hàng",
      // Listed: H7 (12/2025), H1 and H10 (01), H3 (02). Sold (completed or delivered, no history: their last change):
      // H1, H5, H10 (01), H3 (02). Listings published: H7's, H1's two and H10's, H3's; all fruit, one product.
      "2025-12-01,Tháng,1,1,1,1,0,1,1,1,1,0,1,1",
      "2026-01-01,Tháng,5,3,2,3,3,4,2,1,2,3,3,1",
      "2026-02-01,Tháng,7,5,5,4,4,2,2,3,1,1,1,1",
      "2026-03-01,Tháng,9,7,5,4,4,2,2,0,0,0,0,0",
    ]);
    // Nothing happens after March: every later month repeats the totals, up to this month.
    for (const line of lines.slice(5)) expect(line).toMatch(/^\d{4}-\d{2}-01,Tháng,9,7,5,4,4,0,0,0,0,0,0,0$/);
    expect(lines.at(-1)!.slice(0, 10)).toBe(bucketOf(new Date(), "month"));
  });

  it("gives an administrator every commune", async () => {
    const { text } = await csvText("/can-bo/tong-quan.csv", adminCookie);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines.map((l) => l.split(",")[0])).toEqual(["Mã", COMMUNES.F, COMMUNES.A, COMMUNES.B, COMMUNES.C, COMMUNES.E, COMMUNES.D, ""]);
    expect(lines.at(-1)).toBe(",Tổng cộng,,,,11,9,6,5,2,6,5,7,6,1270000,10,1455000");
  });
});
