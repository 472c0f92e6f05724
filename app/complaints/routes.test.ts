/**
 * The complaint routes called as Remix would: the multipart form without JavaScript, the photo only
 * for the complaint's parties, every page a 404 for anyone else whatever id or code is in the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { farmWithListing } from "~/payments/test-fixtures";
import * as staffPage from "~/routes/can-bo.khieu-nai.$id";
import * as staffList from "~/routes/can-bo.khieu-nai._index";
import * as farmPage from "~/routes/ban-hang.don-hang.$code_.khieu-nai";
import * as buyerPage from "~/routes/don-hang.$code_.khieu-nai";
import * as photoRoute from "~/routes/khieu-nai.anh.$id";
import { complaintOfOrder, openComplaint, photosOf } from "./complaints.server";
import { form, orderAt, smallJpeg } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

let farm: Awaited<ReturnType<typeof farmWithListing>>;
let placed: Awaited<ReturnType<typeof orderAt>>;
beforeAll(async () => {
  farm = await farmWithListing(db, { priceVnd: 40_000 });
  placed = await orderAt(db, farm, "delivered");
});

function multipart(path: string, fields: Record<string, string>, photos: Buffer[], cookie: string): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [i, p] of photos.entries()) form.append("photos", new Blob([new Uint8Array(p)], { type: "image/jpeg" }), `p${i}.jpg`);
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie }, body: form });
}
const json = async (value: unknown) => (value as Response).json();

describe("complaint routes", () => {
  it("the buyer's multipart form: bad input keeps what was typed; a good one opens the complaint with its photo", async () => {
    const cookie = await signIn(db, placed.buyer.id);
    const path = `/don-hang/${placed.order.code}/khieu-nai`;
    const fields = { intent: "open", reason: "wrong_weight", description: "Thiếu", remedy: "partial_refund", amount: "15.000" };
    const bad = (await buyerPage.action(args(multipart(path, fields, [], cookie), { code: placed.order.code }))) as Response;
    expect(bad.status).toBe(400);
    const reply = await bad.json();
    expect(reply.values).toMatchObject({ reason: "wrong_weight", description: "Thiếu", amount: "15.000" });
    expect(reply.errors.fields.description).toBe("Hãy mô tả vấn đề (ít nhất 10 ký tự).");
    const notPhoto = (await buyerPage.action(args(multipart(path, { ...fields, description: "Thiếu nửa ký so với đơn." }, [Buffer.from("not a photo")], cookie), { code: placed.order.code }))) as Response;
    expect(notPhoto.status).toBe(415);
    expect((await notPhoto.json()).errors.fields.photos).toBe("Tệp này không phải ảnh JPEG, PNG hay WebP (kiểm tra theo nội dung tệp, không theo tên).");
    const good = (await buyerPage.action(args(multipart(path, { ...fields, description: "Thiếu nửa ký so với đơn." }, [await smallJpeg()], cookie), { code: placed.order.code }))) as Response;
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe(`${path}?xong=opened`);
    const complaint = complaintOfOrder(db, placed.order.id)!;
    expect(photosOf(db, complaint.id)).toHaveLength(1);
    const page = await json(await buyerPage.loader(args(getRequest(path, cookie), { code: placed.order.code })));
    expect(page.complaint).toMatchObject({ status: "open", reason: "wrong_weight", amountAskedVnd: 15_000 });
  });

  it("the photo and the pages are for the complaint's parties only; everyone else gets 404", async () => {
    const complaint = complaintOfOrder(db, placed.order.id)!;
    const [photo] = photosOf(db, complaint.id);
    const photoPath = `/khieu-nai/anh/${photo.id}`;
    for (const party of [placed.buyer, farm.farmer, farm.officer]) {
      const response = (await photoRoute.loader(args(getRequest(photoPath, await signIn(db, party.id)), { id: String(photo.id) }))) as Response;
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("image/webp");
      expect(response.headers.get("Cache-Control")).toContain("private");
    }
    const elsewhere = await makeUser(db, "officer");
    assignOfficerAreas(db, elsewhere.id, [{ kind: "province", code: "01" }]);
    const strangers = [await makeUser(db, "buyer"), await makeUser(db, "farmer"), elsewhere];
    for (const stranger of strangers) {
      const cookie = await signIn(db, stranger.id);
      expect((await thrown(photoRoute.loader(args(getRequest(photoPath, cookie), { id: String(photo.id) })))).status).toBe(404);
      expect((await thrown(buyerPage.loader(args(getRequest("/", cookie), { code: placed.order.code })))).status).toBe(404);
      expect((await thrown(farmPage.loader(args(getRequest("/", cookie), { code: placed.order.code })))).status).toBe(404);
    }
    const elsewhereCookie = await signIn(db, elsewhere.id);
    expect((await thrown(staffPage.loader(args(getRequest("/", elsewhereCookie), { id: String(complaint.id) })))).status).toBe(404);
    expect((await thrown(staffPage.action(args(formRequest("/", { intent: "decide", decision: "no_remedy", reason: "Không có căn cứ." }, elsewhereCookie), { id: String(complaint.id) })))).status).toBe(404);
    expect((await json(await staffList.loader(args(getRequest("/can-bo/khieu-nai", elsewhereCookie))))).rows).toEqual([]);
    const officerList = await json(await staffList.loader(args(getRequest("/can-bo/khieu-nai", await signIn(db, farm.officer.id)))));
    expect(officerList.rows.map((r: { id: number }) => r.id)).toContain(complaint.id);
  });

  it("the farm answers on its page; the officer decides once, a second decision is a 409", async () => {
    const complaint = complaintOfOrder(db, placed.order.id)!;
    const farmCookie = await signIn(db, farm.farmer.id);
    const answered = (await farmPage.action(args(formRequest("/", { intent: "answer", agrees: "no", answer: "Vườn cân đủ trước khi gửi." }, farmCookie), { code: placed.order.code }))) as Response;
    expect(answered.headers.get("Location")).toBe(`/ban-hang/don-hang/${placed.order.code}/khieu-nai?xong=answered`);
    const officerCookie = await signIn(db, farm.officer.id);
    const decide = { intent: "decide", decision: "partial_refund", amount: "15.000", reason: "Cân lại thấy thiếu nửa ký." };
    const first = (await staffPage.action(args(formRequest("/", decide, officerCookie), { id: String(complaint.id) }))) as Response;
    expect(first.headers.get("Location")).toBe(`/can-bo/khieu-nai/${complaint.id}?xong=decided`);
    const again = (await staffPage.action(args(formRequest("/", decide, officerCookie), { id: String(complaint.id) }))) as Response;
    expect(again.status).toBe(409);
    const page = await json(await staffPage.loader(args(getRequest("/", officerCookie), { id: String(complaint.id) })));
    expect(page.complaint).toMatchObject({ status: "resolved", decisionAmountVnd: 15_000, refund: { status: "owed", amountVnd: 15_000 } });
  });

  it("the buyer withdraws with a plain form (no JavaScript, no files); the farm's page then offers no answer", async () => {
    const other = await orderAt(db, farm, "delivered");
    openComplaint(db, other.buyer, other.order.id, form(), []);
    const cookie = await signIn(db, other.buyer.id);
    const response = (await buyerPage.action(args(formRequest("/", { intent: "withdraw" }, cookie), { code: other.order.code }))) as Response;
    expect(response.headers.get("Location")).toBe(`/don-hang/${other.order.code}/khieu-nai?xong=withdrawn`);
    expect(complaintOfOrder(db, other.order.id)!.status).toBe("withdrawn");
    const farmView = await json(await farmPage.loader(args(getRequest("/", await signIn(db, farm.farmer.id)), { code: other.order.code })));
    expect(farmView).toMatchObject({ canAnswer: false, complaint: { status: "withdrawn" } });
  });
});
