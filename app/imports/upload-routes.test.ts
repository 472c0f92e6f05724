/**
 * The officer's upload pages called as Remix would: bad uploads answered with a message in the reader's
 * language and the form's choices kept; a good file previewed, confirmed once, and its report and the
 * templates downloaded; another officer's batch is not found.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { getBatch, runImport } from "~/imports/batches.server";
import * as batchPage from "~/routes/can-bo.nhap.$id";
import * as reportRoute from "~/routes/can-bo.nhap.$id.bao-loi";
import * as uploadPage from "~/routes/can-bo.nhap._index";
import * as templateRoute from "~/routes/can-bo.nhap.mau";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

const SHEET = [
  "Họ và tên chủ hộ,Số điện thoại,Số CCCD,Xã/Phường,Huyện",
  "Nguyễn Văn Một,0912 345 601,082123456701,X. Hòa Hưng,H. Cái Bè",
  "Trần Thị Hai,0123,,Xã Không Có,Cái Bè",
].join("\r\n");

function upload(cookie: string, file: { name: string; text: string } | null, fields: Record<string, string> = {}, lang = "vi") {
  const body = new FormData();
  body.set("kind", "households");
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set("file", file ? new File([file.text], file.name, { type: "text/csv" }) : new File([], "", { type: "application/octet-stream" }));
  return new Request("http://localhost/can-bo/nhap", { method: "POST", headers: { Cookie: cookie, "Accept-Language": lang }, body });
}

async function officer() {
  const user = await makeUser(db, "officer");
  assignOfficerAreas(db, user.id, [{ kind: "province", code: "82" }]);
  return { user, cookie: await signIn(db, user.id) };
}

describe("the upload page", () => {
  it("answers a missing file, an old .xls and a file in the wrong language's words, keeping the choices made", async () => {
    const { cookie } = await officer();
    const missing = (await uploadPage.action(args(upload(cookie, null, { sheet: "Xã An Hữu", consent: "on" })))) as Response;
    expect(missing.status).toBe(400);
    const body = await missing.json();
    expect(body.error).toBe("Hãy chọn một tệp CSV hoặc XLSX.");
    expect(body.values).toEqual({ kind: "households", sheet: "Xã An Hữu", consent: true });

    const xls = (await uploadPage.action(args(upload(cookie, { name: "ds.xls", text: "x" }, {}, "en")))) as Response;
    expect(xls.status).toBe(400);
    expect((await xls.json()).error).toMatch(/^Only \.csv, \.txt, \.tsv or \.xlsx files/);

    const noHeader = (await uploadPage.action(args(upload(cookie, { name: "ghi-chu.csv", text: "chỉ là ghi chú\r\nkhông có cột nào" }, { consent: "on" })))) as Response;
    expect(noHeader.status).toBe(302);
    const view = await (await batchPage.loader(args(getRequest(noHeader.headers.get("Location")!, cookie), { id: noHeader.headers.get("Location")!.split("/").pop()! }))).json();
    expect(view.view.stage).toBe("failed");
    expect(view.view.fileError).toMatch(/tiêu đề|cột/);
  });

  it("previews a good file, confirms it once, serves its error report; another officer cannot see it", async () => {
    const { cookie } = await officer();
    const response = (await uploadPage.action(args(upload(cookie, { name: "ds-ho.csv", text: SHEET }, { consent: "on" })))) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    const preview = await (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}`, cookie), { id }))).json();
    expect(preview.view).toMatchObject({ stage: "preview", counts: { rows: 2, created: 1, rejected: 1 } });
    expect(preview.view.sample).toHaveLength(2);
    expect(preview.view.problems.rejected.rows).toBe(1);
    const phone = preview.view.problems.rejected.groups.find((g: { field: string }) => g.field === "phone")!;
    const rows = await (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}?reason=${phone.key}&field=phone`, cookie), { id }))).json();
    expect(rows.view.problems.selected!.rows[0].message).toMatch(/Số điện thoại “0123”/);

    const confirmed = (await batchPage.action(args(formRequest(`/can-bo/nhap/${id}`, { intent: "confirm" }, cookie), { id }))) as Response;
    expect(confirmed.status).toBe(302);
    const again = await thrown(batchPage.action(args(formRequest(`/can-bo/nhap/${id}`, { intent: "confirm" }, cookie), { id })));
    expect(again.status).toBe(409);
    const queued = await (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}`, cookie), { id }))).json();
    expect(queued.view.stage).toBe("queued");

    const report = (await reportRoute.loader(args(getRequest(`/can-bo/nhap/${id}/bao-loi?dang=csv`, cookie), { id }))) as Response;
    expect(report.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = Buffer.from(await report.arrayBuffer()).toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("Trần Thị Hai,0123");

    const other = await officer();
    expect((await thrown(batchPage.loader(args(getRequest(`/can-bo/nhap/${id}`, other.cookie), { id })))).status).toBe(404);
    expect((await thrown(reportRoute.loader(args(getRequest(`/can-bo/nhap/${id}/bao-loi`, other.cookie), { id })))).status).toBe(404);
  });

  it("counts the changes to confirm on the preview and stores the officer's choice to apply them", async () => {
    const { cookie } = await officer();
    const sheet = (commune: string) => ["Họ và tên chủ hộ,Số điện thoại,Số CCCD,Xã/Phường", `Võ Văn Chín,0912 345 699,082123456799,${commune}`].join("\r\n");
    const first = (await uploadPage.action(args(upload(cookie, { name: "a.csv", text: sheet("Đạo Thạnh") }, { consent: "on" })))) as Response;
    const firstId = first.headers.get("Location")!.split("/").pop()!;
    await batchPage.action(args(formRequest(`/can-bo/nhap/${firstId}`, { intent: "confirm" }, cookie), { id: firstId }));
    await runImport(db, Number(firstId));

    const moved = (await uploadPage.action(args(upload(cookie, { name: "b.csv", text: sheet("Mỹ Tho") }, { consent: "on" })))) as Response;
    const id = moved.headers.get("Location")!.split("/").pop()!;
    const preview = await (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}`, cookie), { id }))).json();
    expect(preview.view).toMatchObject({ changesToConfirm: 1, counts: { rows: 1, rejected: 1 } });
    // The change is its own group of the preview's problems; its row card words the change.
    const key = "imports:reimport.changeNeedsConfirmation";
    expect(preview.view.problems.rejected.groups).toEqual([expect.objectContaining({ key, field: "commune", rows: 1 })]);
    const group = await (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}?reason=${encodeURIComponent(key)}&field=commune&page=1`, cookie), { id }))).json();
    expect(group.view.problems.selected?.rows[0].message).toContain("từ “Phường Đạo Thạnh” thành “Phường Mỹ Tho”");
    await batchPage.action(args(formRequest(`/can-bo/nhap/${id}`, { intent: "confirm", allowChanges: "on" }, cookie), { id }));
    expect(getBatch(db, Number(id))).toMatchObject({ allowChanges: true });
    expect(getBatch(db, Number(firstId))).toMatchObject({ allowChanges: false });
  });

  it("serves the templates to staff only", async () => {
    const { cookie } = await officer();
    const csv = (await templateRoute.loader(args(getRequest("/can-bo/nhap/mau?loai=households&dang=csv", cookie)))) as Response;
    expect(Buffer.from(await csv.arrayBuffer()).toString("utf8")).toMatch(/^\uFEFF?Họ và tên/);
    const buyer = await makeUser(db, "buyer");
    expect((await thrown(templateRoute.loader(args(getRequest("/can-bo/nhap/mau", await signIn(db, buyer.id)))))).status).toBe(403);
  });
});
