/**
 * The mapping step of the upload page, called as Remix would: a sheet whose representative's column the
 * importer cannot place waits at the mapping step with the headers read; the officer's mapping makes a
 * preview that imports; their next file with the same headers starts from it, another officer's does not.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import * as householdRoute from "~/routes/can-bo.ho.$id";
import * as exportRoute from "~/routes/can-bo.ho.$id_.du-lieu";
import * as batchPage from "~/routes/can-bo.nhap.$id";
import * as uploadPage from "~/routes/can-bo.nhap._index";
import { runImport } from "./batches.server";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

const HEADERS = "Người đứng tên,SĐT,Xã/Phường,Huyện,Năm sinh";
const sheet = (...rows: string[]) => [HEADERS, ...rows].join("\r\n");
const FIRST = sheet("Nguyễn Văn Ba,0912 345 701,X. Hòa Hưng,H. Cái Bè,1975", "Trần Thị Tư,0912 345 702,Hòa Hưng,Cái Bè,");

function upload(cookie: string, text: string) {
  const body = new FormData();
  body.set("kind", "households");
  body.set("consent", "on");
  body.set("file", new File([text], "ds-ho.csv", { type: "text/csv" }));
  return new Request("http://localhost/can-bo/nhap", { method: "POST", headers: { Cookie: cookie, "Accept-Language": "vi" }, body });
}

async function officer() {
  const user = await makeUser(db, "officer");
  assignOfficerAreas(db, user.id, [{ kind: "province", code: "82" }]);
  return { user, cookie: await signIn(db, user.id) };
}

async function uploaded(cookie: string, text: string) {
  const response = (await uploadPage.action(args(upload(cookie, text)))) as Response;
  expect(response.status).toBe(302);
  const id = response.headers.get("Location")!.split("/").pop()!;
  return { id, page: await load(cookie, id) };
}

async function load(cookie: string, id: string) {
  const data = await (await batchPage.loader(args(getRequest(`/can-bo/nhap/${id}`, cookie), { id }))).json();
  // every batch here waits at the preview or the mapping step: the mapping is shown
  return { view: data.view, mapping: data.mapping! };
}

describe("the mapping step", () => {
  it("holds a sheet with an unplaced required column at the mapping step, applies the officer's mapping, imports, remembers it", async () => {
    const a = await officer();
    const { id, page } = await uploaded(a.cookie, FIRST);
    expect(page.view.stage).toBe("mapping");
    expect(page.mapping.problem).toContain("Tệp thiếu cột bắt buộc: Họ và tên chủ hộ.");
    expect(page.mapping.problem).toContain("Tiêu đề đã đọc trong tệp: “Người đứng tên”, “SĐT”, “Xã/Phường”, “Huyện”, “Năm sinh”.");
    expect(page.mapping.columns.map((c: { header: string; target: string }) => [c.header, c.target])).toEqual([
      ["Người đứng tên", "extra"],
      ["SĐT", "phone"],
      ["Xã/Phường", "commune"],
      ["Huyện", "district"],
      ["Năm sinh", "extra"],
    ]);
    expect(page.mapping.columns[0].samples).toEqual(["Nguyễn Văn Ba", "Trần Thị Tư"]);
    // nothing to confirm yet
    expect((await thrown(batchPage.action(args(formRequest(`/can-bo/nhap/${id}`, { intent: "confirm" }, a.cookie), { id })))).status).toBe(409);

    const mapped = (await batchPage.action(
      args(formRequest(`/can-bo/nhap/${id}`, { intent: "map", "col-0": "representativeName", "col-1": "phone", "col-2": "commune", "col-3": "district", "col-4": "extra" }, a.cookie), { id }),
    )) as Response;
    expect(mapped.status).toBe(302);
    const preview = await load(a.cookie, id);
    expect(preview.view).toMatchObject({ stage: "preview", counts: { rows: 2, created: 2, rejected: 0 } });
    expect(preview.view.sample).toHaveLength(2);
    expect(preview.mapping.problem).toBeNull();
    expect(preview.mapping.columns[0]).toMatchObject({ header: "Người đứng tên", target: "representativeName", how: "chosen" });
    expect(preview.mapping.extras).toEqual(["Năm sinh"]);

    expect(((await batchPage.action(args(formRequest(`/can-bo/nhap/${id}`, { intent: "confirm" }, a.cookie), { id }))) as Response).status).toBe(302);
    const summary = await runImport(db, Number(id));
    expect(summary).toMatchObject({ status: "completed", created: 2, rejected: 0 });
    const rows = db.$client
      .prepare(`SELECT representative_name AS name, extra_attributes AS extra FROM households WHERE import_batch_id = ? ORDER BY id`)
      .all(Number(id));
    expect(rows).toEqual([
      { name: "Nguyễn Văn Ba", extra: JSON.stringify({ "Năm sinh": "1975" }) },
      { name: "Trần Thị Tư", extra: null },
    ]);

    // The same officer's next file with the same headers starts from the remembered mapping.
    const next = await uploaded(a.cookie, sheet("Lê Văn Năm,0912 345 703,Hòa Hưng,Cái Bè,1980"));
    expect(next.page.view).toMatchObject({ stage: "preview", counts: { created: 1, rejected: 0 } });
    expect(next.page.mapping.rememberedAt).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    expect(next.page.mapping.columns[0]).toMatchObject({ target: "representativeName", how: "chosen" });

    // The extra attribute is on the officer's household page and in the household's data export.
    const householdId = String((db.$client.prepare(`SELECT id FROM households WHERE phone = '+84912345701'`).get() as { id: number }).id);
    const householdPage = await (await householdRoute.loader(args(getRequest(`/can-bo/ho/${householdId}`, a.cookie), { id: householdId }))).json();
    expect(householdPage.household.extraAttributes).toEqual({ "Năm sinh": "1975" });
    const exported = (await exportRoute.loader(args(getRequest(`/can-bo/ho/${householdId}/du-lieu`, a.cookie), { id: householdId }))) as Response;
    expect((await exported.json()).household.extraAttributes).toEqual({ "Năm sinh": "1975" });

    // The same file again: every row unchanged, the extra attribute included.
    const again = await uploaded(a.cookie, FIRST);
    expect(again.page.view).toMatchObject({ stage: "preview", counts: { rows: 2, created: 0, updated: 0, unchanged: 2 } });

    // Another officer's file with the same headers is not affected.
    const b = await officer();
    const other = await uploaded(b.cookie, sheet("Lê Văn Sáu,0912 345 704,Hòa Hưng,Cái Bè,1981"));
    expect(other.page.view.stage).toBe("mapping");
    expect(other.page.mapping.rememberedAt).toBeNull();
  });

  it("refuses two columns chosen for one field, naming both, and keeps the officer at the mapping step", async () => {
    const a = await officer();
    const { id } = await uploaded(a.cookie, FIRST);
    await batchPage.action(args(formRequest(`/can-bo/nhap/${id}`, { intent: "map", "col-0": "representativeName", "col-4": "representativeName" }, a.cookie), { id }));
    const page = await load(a.cookie, id);
    expect(page.view.stage).toBe("mapping");
    expect(page.mapping.problem).toContain("Hai cột được chọn cho cùng một trường “Họ và tên chủ hộ”: “Người đứng tên”, “Năm sinh”.");
  });
});
