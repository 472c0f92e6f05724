import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startStripeFake, type StripeFake } from "../../tests/stripe-fake";
import { complaintPhotos, complaints, jobs, orderEvents, outbox, refunds } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { pngBomb } from "~/listings/test-utils";
import { farmWithListing, useStripe } from "~/payments/test-fixtures";
import { complaintOfOrder, openComplaint, withdrawComplaint } from "./complaints.server";
import { storeComplaintPhotos } from "./photos.server";
import { answerComplaint, carryOutRemedy, decideComplaint, runComplaintJob } from "./resolve.server";
import { COMPLAINT_JOB } from "./schedule.server";
import { jobHandler } from "~/jobs/registry.server";
import "./jobs.server";
import { form, orderAt, smallJpeg } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true, uploads: true });
let fake: StripeFake;
let farm: Awaited<ReturnType<typeof farmWithListing>>;
const HOUR = 3_600_000;

beforeAll(async () => {
  fake = await startStripeFake();
  useStripe(fake.url);
  farm = await farmWithListing(db, { priceVnd: 45_000, stock: 500 });
});
afterAll(async () => {
  await fake.close();
  useStripe(null);
  db.cleanup();
});
afterEach(() => vi.useRealTimers());

const kinds = (orderId: number) =>
  db
    .select({ kind: orderEvents.kind })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .all()
    .map((e) => e.kind)
    .filter((k): k is string => k !== null && k.startsWith("complaint."));
const templatesOf = (complaintId: number) =>
  db
    .select({ template: outbox.template, key: outbox.dedupeKey })
    .from(outbox)
    .all()
    .filter((r) => r.key?.startsWith(`complaint:${complaintId}:`))
    .map((r) => r.template);
const complaintRefunds = (orderId: number) => db.select().from(refunds).where(and(eq(refunds.orderId, orderId), eq(refunds.cause, "complaint"))).all();

describe("opening a complaint", () => {
  it("the buyer opens one within the window: stored, on the timeline, messaged to both sides, escalation queued", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const complaint = openComplaint(db, buyer, order.id, form(), []);
    expect(complaint).toMatchObject({ status: "open", level: "farm", reason: "quality", remedyAsked: "partial_refund", amountAskedVnd: 20_000 });
    expect(complaint.dueAt.getTime() - complaint.createdAt.getTime()).toBe(48 * HOUR);
    expect(kinds(order.id)).toEqual(["complaint.opened"]);
    const messages = db.select().from(outbox).where(eq(outbox.dedupeKey, `complaint:${complaint.id}:opened:farm:buyer`)).all();
    expect(messages).toHaveLength(1);
    expect(messages[0].body).toContain(order.code);
    expect(templatesOf(complaint.id).sort()).toEqual(["complaint.opened.buyer", "complaint.opened.farm"]);
    expect(db.select().from(jobs).where(eq(jobs.kind, COMPLAINT_JOB)).all().length).toBeGreaterThan(0);
  });

  it("one complaint per order: a second is refused with 409", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    openComplaint(db, buyer, order.id, form(), []);
    expect(() => openComplaint(db, buyer, order.id, form({ reason: "damaged" }), [])).toThrow(expect.objectContaining({ messageKey: "complaints:errors.alreadyOpened", status: 409 }));
  });

  it("is refused after the window, and only 'not delivered' for a shipped order once the window has passed", async () => {
    const delivered = await orderAt(db, farm, "delivered");
    const shipped = await orderAt(db, farm, "shipped");
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(Date.now() + 3 * 24 * HOUR + 60_000) });
    expect(() => openComplaint(db, delivered.buyer, delivered.order.id, form(), [])).toThrow(expect.objectContaining({ messageKey: "complaints:errors.windowClosed", status: 409 }));
    expect(() => openComplaint(db, shipped.buyer, shipped.order.id, form(), [])).toThrow(expect.objectContaining({ messageKey: "complaints:errors.onlyNotDelivered" }));
    const late = openComplaint(db, shipped.buyer, shipped.order.id, form({ reason: "not_delivered", remedy: "replacement", amount: "" }), []);
    expect(late.reason).toBe("not_delivered");
  });

  it("a shipped order inside the window cannot take a complaint yet", async () => {
    const { buyer, order } = await orderAt(db, farm, "shipped");
    expect(() => openComplaint(db, buyer, order.id, form({ reason: "not_delivered" }), [])).toThrow(expect.objectContaining({ messageKey: "complaints:errors.notYetLate" }));
  });

  it("checks what was typed: reason, description, a refund never above what was paid", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const bad = (overrides: Parameters<typeof form>[0]) => () => openComplaint(db, buyer, order.id, form(overrides), []);
    expect(bad({ reason: "bored" })).toThrow(expect.objectContaining({ field: "reason" }));
    expect(bad({ description: "dập" })).toThrow(expect.objectContaining({ messageKey: "complaints:errors.descriptionShort", field: "description" }));
    expect(bad({ amount: "1,5" })).toThrow(expect.objectContaining({ messageKey: "complaints:errors.amountInvalid", field: "amount" }));
    expect(bad({ amount: String(order.totalVnd + 1) })).toThrow(expect.objectContaining({ messageKey: "complaints:errors.amountTooHigh", params: { max: order.totalVnd } }));
    expect(complaintOfOrder(db, order.id)).toBeUndefined();
  });

  it("someone else's order is a 404, whoever they are", async () => {
    const { order } = await orderAt(db, farm, "delivered");
    const stranger = await makeUser(db, "buyer");
    for (const actor of [stranger, farm.farmer, farm.officer]) {
      expect(() => openComplaint(db, actor, order.id, form(), [])).toThrow(expect.objectContaining({ status: 404 }));
    }
  });
});

describe("photos", () => {
  it("stores phone photos as WebP without metadata under the uploads folder, linked to the complaint", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const stored = await storeComplaintPhotos([{ name: "a.jpg", data: await smallJpeg() }]);
    const complaint = openComplaint(db, buyer, order.id, form(), stored);
    const rows = db.select().from(complaintPhotos).where(eq(complaintPhotos.complaintId, complaint.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].path).toMatch(/^complaints\/[a-f0-9]{32}\.webp$/);
    const file = fs.readFileSync(path.join(db.uploadsDir, rows[0].path));
    expect(file.toString("latin1", 8, 12)).toBe("WEBP");
  });

  it("refuses a file that is not an image, one too large, a pixel bomb, and more than four", async () => {
    await expect(storeComplaintPhotos([{ name: "a.pdf", data: Buffer.from("%PDF-1.4 not a photo") }])).rejects.toMatchObject({ messageKey: "listings:photos.errors.notImage", field: "photos" });
    await expect(storeComplaintPhotos([], ["huge.jpg"])).rejects.toMatchObject({ messageKey: "listings:photos.errors.tooLarge", status: 413 });
    await expect(storeComplaintPhotos([{ name: "bomb.png", data: pngBomb() }])).rejects.toMatchObject({ messageKey: "listings:photos.errors.tooManyPixels" });
    const jpeg = await smallJpeg();
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `${i}.jpg`, data: jpeg }));
    await expect(storeComplaintPhotos(five)).rejects.toMatchObject({ messageKey: "complaints:errors.tooManyPhotos" });
  });
});

describe("the farm answers", () => {
  it("agrees: the refund asked is made once through Stripe, however often it is carried out", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered", { card: fake });
    const complaint = openComplaint(db, buyer, order.id, form({ amount: "30.000" }), []);
    const { complaint: answered } = answerComplaint(db, farm.farmer, complaint.id, { agrees: "yes", answer: "Xin lỗi anh chị, vườn hoàn tiền." });
    expect(answered).toMatchObject({ status: "resolved", decision: "partial_refund", decisionAmountVnd: 30_000, farmAgrees: true });
    const before = fake.refunds.length;
    expect(await carryOutRemedy(db, complaint.id)).toEqual({ refunded: true });
    expect(await carryOutRemedy(db, complaint.id)).toEqual({ refunded: false });
    await runComplaintJob(db);
    const made = fake.refunds.slice(before);
    expect(made).toHaveLength(1);
    expect(made[0].amount).toBe(30_000);
    expect(complaintRefunds(order.id)).toEqual([expect.objectContaining({ amountVnd: 30_000, status: "succeeded", causeRef: String(complaint.id) })]);
    expect(kinds(order.id)).toEqual(["complaint.opened", "complaint.answered", "complaint.decided"]);
    expect(() => answerComplaint(db, farm.farmer, complaint.id, { agrees: "yes", answer: "" })).toThrow(expect.objectContaining({ status: 409 }));
  });

  it("disputes (an answer required): the complaint goes to the officer with 48 hours, officers are told", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const complaint = openComplaint(db, buyer, order.id, form(), []);
    expect(() => answerComplaint(db, farm.farmer, complaint.id, { agrees: "no", answer: "" })).toThrow(expect.objectContaining({ field: "answer" }));
    const { complaint: disputed } = answerComplaint(db, farm.farmer, complaint.id, { agrees: "no", answer: "Hàng giao đủ cân, có ảnh lúc đóng gói." });
    expect(disputed).toMatchObject({ status: "escalated", level: "officer", farmAgrees: false });
    expect(disputed.dueAt.getTime() - disputed.farmAnsweredAt!.getTime()).toBe(48 * HOUR);
    expect(kinds(order.id)).toEqual(["complaint.opened", "complaint.answered", "complaint.escalated"]);
    expect(db.select().from(outbox).where(eq(outbox.template, "complaint.escalated.staff")).all().length).toBeGreaterThan(0);
    expect(complaintRefunds(order.id)).toEqual([]);
  });

  it("the buyer, a stranger and staff cannot answer for the farm (403 for a party, 404 for others)", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const complaint = openComplaint(db, buyer, order.id, form(), []);
    const stranger = await makeUser(db, "farmer");
    expect(() => answerComplaint(db, buyer, complaint.id, { agrees: "yes", answer: "" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => answerComplaint(db, stranger, complaint.id, { agrees: "yes", answer: "" })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => answerComplaint(db, farm.officer, complaint.id, { agrees: "yes", answer: "" })).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe("escalation by the job", () => {
  it("unanswered at the due time: to the officer; the officer silent 48 hours more: to an administrator", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const complaint = openComplaint(db, buyer, order.id, form(), []);
    const opened = complaint.createdAt.getTime();
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(opened + 47 * HOUR) });
    await runComplaintJob(db);
    expect(complaintOfOrder(db, order.id)).toMatchObject({ status: "open", level: "farm" });
    vi.setSystemTime(new Date(opened + 48 * HOUR + 1000));
    // The worker's handler for the queued job (registered by jobs.server.ts) does the same work.
    const queued = db.select().from(jobs).where(eq(jobs.kind, COMPLAINT_JOB)).all().at(-1)!;
    const ctx = { db, progress: () => {}, log: { info: () => {}, error: () => {}, warn: () => {} } } as unknown as Parameters<NonNullable<ReturnType<typeof jobHandler>>>[1];
    const result = (await jobHandler(COMPLAINT_JOB)!(queued, ctx)) as { escalated: number; next: string | null };
    // Other tests' open complaints in this database are due too: at least this one went up.
    expect(result.escalated).toBeGreaterThanOrEqual(1);
    expect(result.next).not.toBeNull();
    expect(complaintOfOrder(db, order.id)).toMatchObject({ status: "escalated", level: "officer" });
    expect(() => answerComplaint(db, farm.farmer, complaint.id, { agrees: "yes", answer: "" })).toThrow(expect.objectContaining({ status: 409 }));
    vi.setSystemTime(new Date(opened + 96 * HOUR + 2000));
    const run = await runComplaintJob(db);
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    expect(complaintOfOrder(db, order.id)).toMatchObject({ status: "escalated", level: "admin" });
    expect(kinds(order.id)).toEqual(["complaint.opened", "complaint.escalated", "complaint.escalated"]);
  });
});

describe("the decision", () => {
  it("the officer of the area decides a refund: paid once; deciding again is a 409", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered", { card: fake });
    const complaint = openComplaint(db, buyer, order.id, form({ remedy: "full_refund", amount: "" }), []);
    expect(() => decideComplaint(db, farm.officer, complaint.id, { decision: "no_remedy", amount: "", reason: "Chưa tới lượt." })).toThrow(expect.objectContaining({ messageKey: "complaints:errors.farmFirst", status: 409 }));
    answerComplaint(db, farm.farmer, complaint.id, { agrees: "no", answer: "Trái còn tốt khi giao." });
    expect(() => decideComplaint(db, farm.officer, complaint.id, { decision: "partial_refund", amount: "10.000", reason: "" })).toThrow(expect.objectContaining({ field: "reason" }));
    const decided = decideComplaint(db, farm.officer, complaint.id, { decision: "partial_refund", amount: "25.000", reason: "Ảnh cho thấy hai trái dập." });
    expect(decided).toMatchObject({ status: "resolved", decision: "partial_refund", decisionAmountVnd: 25_000, decidedByUserId: farm.officer.id });
    const before = fake.refunds.length;
    await carryOutRemedy(db, complaint.id);
    expect(() => decideComplaint(db, farm.officer, complaint.id, { decision: "full_refund", amount: "", reason: "Đổi ý, hoàn hết." })).toThrow(expect.objectContaining({ status: 409 }));
    const admin = await makeUser(db, "admin");
    expect(() => decideComplaint(db, admin, complaint.id, { decision: "full_refund", amount: "", reason: "Hoàn hết cho khách." })).toThrow(expect.objectContaining({ status: 409 }));
    await carryOutRemedy(db, complaint.id);
    expect(fake.refunds.slice(before).map((r) => r.amount)).toEqual([25_000]);
    expect(complaintRefunds(order.id)).toHaveLength(1);
    expect(kinds(order.id).at(-1)).toBe("complaint.decided");
  });

  it("a card refund that fails (Stripe unreachable) is kept decided and made once by the job later", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered", { card: fake });
    const complaint = openComplaint(db, buyer, order.id, form({ amount: "12.000" }), []);
    answerComplaint(db, farm.farmer, complaint.id, { agrees: "yes", answer: "" });
    useStripe("http://127.0.0.1:1");
    await expect(carryOutRemedy(db, complaint.id)).rejects.toBeTruthy();
    expect(complaintRefunds(order.id)).toEqual([expect.objectContaining({ status: "failed" })]);
    const down = await runComplaintJob(db);
    expect(down.refunded).toBe(0);
    useStripe(fake.url);
    const before = fake.refunds.length;
    expect((await runComplaintJob(db)).refunded).toBe(1);
    expect((await runComplaintJob(db)).refunded).toBe(0);
    expect(fake.refunds.slice(before).map((r) => r.amount)).toEqual([12_000]);
    expect(complaintRefunds(order.id)).toEqual([expect.objectContaining({ status: "succeeded", amountVnd: 12_000 })]);
  });

  it("a cash order's refund is recorded as owed by the farm; replacement moves no money", async () => {
    const first = await orderAt(db, farm, "delivered");
    const c1 = openComplaint(db, first.buyer, first.order.id, form({ remedy: "full_refund", amount: "" }), []);
    answerComplaint(db, farm.farmer, c1.id, { agrees: "no", answer: "Hàng đủ, người mua nhận rồi." });
    decideComplaint(db, farm.officer, c1.id, { decision: "full_refund", amount: "", reason: "Hàng hư toàn bộ theo ảnh." });
    await carryOutRemedy(db, c1.id);
    expect(complaintRefunds(first.order.id)).toEqual([expect.objectContaining({ method: "farm_owes", status: "owed", amountVnd: first.order.totalVnd })]);

    const second = await orderAt(db, farm, "delivered");
    const c2 = openComplaint(db, second.buyer, second.order.id, form({ remedy: "replacement", amount: "" }), []);
    answerComplaint(db, farm.farmer, c2.id, { agrees: "yes", answer: "Vườn gửi lại ngay." });
    expect(await carryOutRemedy(db, c2.id)).toEqual({ refunded: false });
    expect(complaintRefunds(second.order.id)).toEqual([]);
  });

  it("officers of other areas, other farmers and other buyers get a 404; the buyer may withdraw until decided", async () => {
    const { buyer, order } = await orderAt(db, farm, "delivered");
    const complaint = openComplaint(db, buyer, order.id, form(), []);
    const elsewhere = await makeUser(db, "officer");
    assignOfficerAreas(db, elsewhere.id, [{ kind: "province", code: "01" }]);
    const others = [elsewhere, await makeUser(db, "farmer"), await makeUser(db, "buyer")];
    for (const actor of others) {
      expect(() => decideComplaint(db, actor, complaint.id, { decision: "no_remedy", amount: "", reason: "Không có căn cứ." })).toThrow(expect.objectContaining({ status: 404 }));
      expect(() => withdrawComplaint(db, actor, complaint.id)).toThrow(expect.objectContaining({ status: 404 }));
    }
    expect(withdrawComplaint(db, buyer, complaint.id).status).toBe("withdrawn");
    expect(() => withdrawComplaint(db, buyer, complaint.id)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => decideComplaint(db, farm.officer, complaint.id, { decision: "no_remedy", amount: "", reason: "Không có căn cứ." })).toThrow(expect.objectContaining({ status: 409 }));
    expect(kinds(order.id)).toEqual(["complaint.opened", "complaint.withdrawn"]);
    expect(db.select().from(complaints).where(eq(complaints.id, complaint.id)).get()!.status).toBe("withdrawn");
  });
});
