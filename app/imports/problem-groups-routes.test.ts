/**
 * The batch page's problems as the officer gets them: an upload with hundreds of refused rows shows one
 * line per reason with its count over the whole file and a link to its rows; the link opens 50 rows as
 * cards with the cells that matter and previous/next links; notes on accepted rows are their own groups;
 * a malformed link answers 400 with the page and a sentence, not a 500.
 */
import { createRequestHandler } from "@remix-run/node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { officerSheet, officerSheetCsv } from "../../tests/fixtures/imports/officer-sheet";
import { sourceBuild } from "../../tests/support/remix-app";
import { getRequest, makeUser, routeArgs as args, signIn } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { formatNumber } from "~/i18n/format";
import * as batchPage from "~/routes/can-bo.nhap.$id";
import * as uploadPage from "~/routes/can-bo.nhap._index";
import { serverBuild } from "~/server/server-build.server";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

const sheet = officerSheet({ rows: 700, seed: 3, badPhones: 230, missingNames: 25, ambiguousCommunes: 30, unknownCommunes: 5 });
const PHONE = "imports:errors.phone.wrongLength";
let cookie: string;
let id: string;
let handle: (path: string, headers?: Record<string, string>) => Promise<Response>;

beforeAll(async () => {
  const user = await makeUser(db, "officer");
  assignOfficerAreas(db, user.id, [{ kind: "province", code: "82" }]);
  cookie = await signIn(db, user.id);
  const body = new FormData();
  body.set("kind", "households");
  body.set("consent", "on");
  body.set("file", new File([officerSheetCsv(sheet)], "ds-ho-xa.csv", { type: "text/csv" }));
  const response = (await uploadPage.action(args(new Request("http://localhost/can-bo/nhap", { method: "POST", headers: { Cookie: cookie }, body })))) as Response;
  expect(response.status).toBe(302);
  id = response.headers.get("Location")!.split("/").pop()!;

  const { build } = await sourceBuild();
  const handler = createRequestHandler(serverBuild(build), "production");
  const context = { requestId: "test", cspNonce: "", clientIp: "127.0.0.1", log: pino({ level: "silent" }) };
  handle = (path, headers = {}) => handler(new Request(`http://localhost${path}`, { headers: { Cookie: cookie, ...headers } }), context);
}, 120_000);

async function view(query = "") {
  const response = (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}${query}`, cookie), { id }))) as Response;
  return { status: response.status, view: (await response.json()).view };
}

describe("the batch page's problem groups", () => {
  it("counts the refused rows by reason over the whole file, most first, and the accepted rows with notes apart", async () => {
    const { view: v } = await view();
    const phones = sheet.errors[`phone|${PHONE}`];
    expect(v.problems.rejected.rows).toBe(sheet.rejectedRows);
    expect(v.problems.rejected.groups[0]).toMatchObject({ key: PHONE, field: "phone", rows: phones.length });
    expect(v.problems.rejected.groups[0].label).toBe("Số điện thoại “…” không đủ hoặc thừa chữ số (số di động có 10 chữ số, ví dụ 0912 345 678).");
    expect(v.problems.rejected.groups.map((g: { rows: number }) => g.rows)).toEqual(
      Object.values(sheet.errors).map((rows) => rows.length).sort((a, b) => b - a),
    );
    expect(v.problems.notes.groups).toEqual([
      expect.objectContaining({ key: "imports:flags.formerAddress", rows: sheet.notes["commune|imports:flags.formerAddress"].length }),
    ]);
    // A group's line leaves each row's values out; an ellipsis ends the sentence by itself.
    expect(v.problems.notes.groups[0].label).toBe("Địa chỉ cũ … nay thuộc …");
    expect(v.problems.selected).toBeNull();
  });

  it("renders the groups with counts and links, and the report beside them", async () => {
    const response = await handle(`/can-bo/nhap/${id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const phones = sheet.errors[`phone|${PHONE}`].length;
    expect(html).toContain(`href="/can-bo/nhap/${id}?reason=${encodeURIComponent(PHONE)}&amp;field=phone&amp;page=1#nhom-loi"`);
    expect(html).toMatch(new RegExp(`>${formatNumber(phones, "vi")}<`));
    expect(html).toContain(`${formatNumber(sheet.rejectedRows, "vi")} dòng bị từ chối`);
    expect(html).toContain(`/can-bo/nhap/${id}/bao-loi?dang=xlsx`);
    expect(html).toContain("Sẽ nhập kèm ghi chú");
  });

  it("opens a group's second page of rows as cards with the name and the cell, linking to the pages around it", async () => {
    const rows = sheet.errors[`phone|${PHONE}`];
    const { view: v } = await view(`?reason=${encodeURIComponent(PHONE)}&field=phone&page=2`);
    expect(v.problems.selected).toMatchObject({ kind: "error", key: PHONE, page: 2, total: rows.length, pages: Math.ceil(rows.length / 50) });
    expect(v.problems.selected.rows.map((r: { rowNumber: number }) => r.rowNumber)).toEqual(rows.slice(50, 100));
    const card = v.problems.selected.rows[0];
    const cells = sheet.rows[rows[50] - 3];
    expect(card.cells).toEqual([
      { label: "Họ và tên chủ hộ", value: cells[1], mark: false },
      { label: "Số điện thoại", value: cells[2], mark: true },
    ]);
    expect(card.message).toBe(`Số điện thoại “${cells[2]}” không đủ hoặc thừa chữ số (số di động có 10 chữ số, ví dụ 0912 345 678).`);

    const html = await (await handle(`/can-bo/nhap/${id}?reason=${encodeURIComponent(PHONE)}&field=phone&page=2`, { "Accept-Language": "en" })).text();
    expect(html).toContain(`Row ${rows[50]}`);
    expect(html).toContain(`?reason=${encodeURIComponent(PHONE)}&amp;field=phone&amp;page=1#nhom-loi`);
    expect(html).toContain(`?reason=${encodeURIComponent(PHONE)}&amp;field=phone&amp;page=3#nhom-loi`);
  });

  it("words an ambiguous commune's card with its candidates, and answers a bad link with 400 and an unknown reason with an empty group", async () => {
    const { view: v } = await view(`?reason=${encodeURIComponent("imports:errors.addressAmbiguous")}&field=commune`);
    const card = v.problems.selected.rows[0];
    expect(card.cells.find((c: { mark: boolean }) => c.mark)).toEqual({ label: "Xã/Phường/TT", value: "Phường 2", mark: true });
    expect(card.message).toMatch(/^Địa chỉ “Phường 2” chưa xác định được một xã, phường\. .+Phường 2.+/);

    const bad = await view(`?reason=${encodeURIComponent(PHONE)}&field=phone&page=abc`);
    expect(bad.status).toBe(400);
    expect(bad.view.problems.linkError).toMatch(/Liên kết/);
    expect(bad.view.problems.rejected.rows).toBe(sheet.rejectedRows);
    const page = await handle(`/can-bo/nhap/${id}?page=0&reason=x&field=y`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("Liên kết");

    const unknown = await view(`?reason=imports:errors.nothing&field=phone`);
    expect(unknown.status).toBe(200);
    expect(unknown.view.problems.selected).toMatchObject({ total: 0, rows: [] });
  });
});
