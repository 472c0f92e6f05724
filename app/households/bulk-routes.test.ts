/**
 * Route tests of the bulk actions: the confirmation counts the filtered set, the POST starts the
 * action, the slips page gives one slip (code and QR as inline SVG) per unclaimed household from the
 * server alone, and another officer can read neither the action, its slips nor its file.
 */
import { afterAll, describe, expect, it } from "vitest";
import { households } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, signIn, routeArgs as args, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { listCurrentCommunes } from "~/addresses/lookup.server";
import * as start from "~/routes/can-bo.hang-loat._index";
import * as page from "~/routes/can-bo.hang-loat.$id";
import * as slips from "~/routes/can-bo.hang-loat.$id_.phieu";
import * as download from "~/routes/can-bo.hang-loat.$id_.tai-ve";
import * as officerList from "~/routes/can-bo._index";
import { runBulkAction } from "./bulk-run.server";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

const body = async (value: unknown) => (value as Response).json();
const [MINE, OTHER] = listCurrentCommunes(db, "82").map((c) => c.code).slice(40, 42);
let phone = 200_000;

function seed(communeCode: string, hamlet: string, owner: number | null = null) {
  const name = `Trần Thị ${++phone}`;
  return db
    .insert(households)
    .values({
      displayName: name,
      representativeName: name,
      nameFolded: name,
      phone: `+8498${String(phone).padStart(7, "0")}`,
      communeCode,
      addressLine: `Ấp ${hamlet}`,
      status: owner ? "activated" : "registered",
      ownerUserId: owner,
    })
    .returning()
    .get();
}

async function setUp() {
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "commune", code: MINE }]);
  const colleague = await makeUser(db, "officer");
  assignOfficerAreas(db, colleague.id, [{ kind: "commune", code: MINE }]);
  const farmer = await makeUser(db, "farmer");
  const open = [seed(MINE, "Phú Hòa"), seed(MINE, "Phú Hòa"), seed(MINE, "Phú Hòa")];
  const claimed = seed(MINE, "Phú Hòa", farmer.id);
  seed(MINE, "Long Hưng");
  seed(OTHER, "Phú Hòa");
  return { officer, colleague, open, claimed, cookie: await signIn(db, officer.id), colleagueCookie: await signIn(db, colleague.id) };
}

describe("bulk action pages", () => {
  it("confirms with the count, starts the action, and prints one slip per unclaimed household", async () => {
    const { open, claimed, cookie, colleagueCookie } = await setUp();
    const filters = `xa=${MINE}&ap=${encodeURIComponent("Phú Hòa")}`;

    // The list links to the bulk page with its own filters.
    const list = await body(await officerList.loader(args(getRequest(`/can-bo?${filters}`, cookie))));
    expect(list.total).toBe(4);

    const confirm = await body(await start.loader(args(getRequest(`/can-bo/hang-loat?${filters}&viec=handOverCodes&cach-trao=print`, cookie))));
    expect(confirm.count).toBe(4);
    expect(confirm.choice.kind).toBe("handOverCodes");

    const response = (await start.action(args(formRequest("/can-bo/hang-loat", { xa: MINE, ap: "Phú Hòa", viec: "handOverCodes", "cach-trao": "print" }, cookie)))) as Response;
    expect(response.status).toBe(302);
    const id = Number(response.headers.get("Location")!.split("/").pop());
    const queued = await body(await page.loader(args(getRequest(`/can-bo/hang-loat/${id}`, cookie), { id: String(id) })));
    expect(queued.view).toMatchObject({ status: "queued", total: 4, done: 0 });

    await runBulkAction(db, id);
    const done = await body(await page.loader(args(getRequest(`/can-bo/hang-loat/${id}`, cookie), { id: String(id) })));
    expect(done.view).toMatchObject({ status: "completed", done: 4, skipped: 1, slips: true });

    const sheet = await body(await slips.loader(args(getRequest(`/can-bo/hang-loat/${id}/phieu`, cookie), { id: String(id) })));
    expect(sheet.slips.map((s: { householdId: number }) => s.householdId)).toEqual(open.map((h) => h.id));
    expect(sheet.slips.map((s: { householdId: number }) => s.householdId)).not.toContain(claimed.id);
    for (const slip of sheet.slips) {
      expect(slip.code).toMatch(/^\d{6}$/);
      expect(slip.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(slip.claimLink).toMatch(/^http:\/\/localhost\/nhan-tai-khoan\/xac-nhan\?phone=0\d{9}$/);
      expect(slip.phoneMasked).toMatch(/^0\d{3} \*\*\* \d{3}$/);
    }
    expect(sheet.claimAddress).toBe("localhost/nhan-tai-khoan");

    // A colleague of the same commune cannot read the action or its slips.
    expect((await thrown(page.loader(args(getRequest(`/can-bo/hang-loat/${id}`, colleagueCookie), { id: String(id) })))).status).toBe(404);
    expect((await thrown(slips.loader(args(getRequest(`/can-bo/hang-loat/${id}/phieu`, colleagueCookie), { id: String(id) })))).status).toBe(404);
  });

  it("serves an export's file to its officer only", async () => {
    const { cookie, colleagueCookie } = await setUp();
    const response = (await start.action(args(formRequest("/can-bo/hang-loat", { xa: MINE, ap: "Long Hưng", viec: "exportCsv" }, cookie)))) as Response;
    const id = Number(response.headers.get("Location")!.split("/").pop());
    await runBulkAction(db, id);
    const file = (await download.loader(args(getRequest(`/can-bo/hang-loat/${id}/tai-ve`, cookie), { id: String(id) }))) as Response;
    expect(file.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(file.headers.get("Cache-Control")).toBe("private, no-store");
    const text = await file.text();
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(3);
    expect(text).toContain("Ấp Long Hưng");
    expect((await thrown(download.loader(args(getRequest(`/can-bo/hang-loat/${id}/tai-ve`, colleagueCookie), { id: String(id) })))).status).toBe(404);
  });

  it("answers an empty set on the form, not with an error page", async () => {
    const { cookie } = await setUp();
    const response = (await start.action(args(formRequest("/can-bo/hang-loat", { xa: MINE, ap: "Không có", viec: "exportXlsx" }, cookie)))) as Response;
    expect(response.status).toBe(400);
    expect((await body(response)).error).toBe("Không có hộ nào khớp bộ lọc trong địa bàn của bạn.");
  });
});
