import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, householdEvents, listings, orderEvents, orders, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { countActiveSessions } from "~/accounts/session.server";
import { makeUser, signIn } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { isAppError } from "~/lib/errors";
import { createListing } from "~/listings/listings.server";
import { listingInput } from "~/listings/test-utils";
import { placeCheckout } from "~/orders/checkout.server";
import { createReview } from "~/orders/reviews.server";
import { transitionOrder } from "~/orders/state-machine.server";
import { addListingTo, buyer as makeBuyer, checkoutInput, farmWithListing, giveBankAccount } from "~/orders/test-fixtures";
import { type Actor } from "~/accounts/access.server";
import { updateHouseholdProfile } from "./profile.server";
import { getHousehold } from "./records.server";
import { registerHouseholdByOfficer } from "./registration.server";
import {
  deletedHouseholdName,
  deleteHouseholdData,
  exportFileName,
  exportHouseholdData,
  householdDeletedAt,
  listPendingDeletionRequests,
  pendingDeletionRequest,
  requestHouseholdDeletion,
} from "./privacy.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

async function errorOf(fn: () => unknown): Promise<{ key: string; status: number }> {
  try {
    await fn();
  } catch (error) {
    if (isAppError(error)) return { key: error.messageKey, status: error.status };
    throw error;
  }
  throw new Error("expected an AppError");
}

/** This module's entries in the activity log (other modules log verifications and the like). */
const privacyLog = (householdId: number) =>
  db
    .select()
    .from(activityLog)
    .where(eq(activityLog.householdId, householdId))
    .orderBy(activityLog.id)
    .all()
    .filter((r) => r.action === "household.export" || r.action.startsWith("household.delete"))
    .map((r) => [r.action, r.actorUserId]);

const NOTE = "Đã xoá dữ liệu cá nhân theo Nghị định 13/2023";
const actor = (u: { id: number; role: Actor["role"] }): Actor => ({ id: u.id, role: u.role });

/** A verified farm with a bank account, Zalo, two listings (one published), a completed order with a review and a rejected one. */
async function farmWithHistory() {
  const { farmer, officer, household, listing } = await farmWithListing(db, { priceVnd: 45_000, stock: 50 });
  giveBankAccount(db, household.id);
  db.update(users).set({ email: "tu@example.vn" }).where(eq(users.id, farmer.id)).run();
  const draft = createListing(db, farmer, household.id, listingInput({ title: "Cây giống xoài", category: "seedlings", unit: "head", priceVnd: 60_000 }));
  const buyer = await makeBuyer(db);
  const done = placeCheckout(db, buyer, checkoutInput(db, [{ listingId: listing.id, quantity: 2 }])).orders[0];
  for (const step of ["confirmed", "shipped", "delivered", "completed"] as const) {
    transitionOrder(db, step === "completed" ? actor(buyer) : actor(farmer), done.id, step);
  }
  createReview(db, buyer, done.id, { rating: 5, comment: "Xoài ngọt, giao đúng hẹn" });
  const refused = placeCheckout(db, buyer, checkoutInput(db, [{ listingId: listing.id, quantity: 1 }])).orders[0];
  transitionOrder(db, actor(farmer), refused.id, "rejected", "Hết hàng, gọi 0912 345 678 để đặt lại");
  const outsider = await makeUser(db, "officer");
  assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
  const admin = await makeUser(db, "admin");
  return { farmer, officer, household, listing, draft, buyer, done, refused, outsider, admin };
}

describe("exportHouseholdData", () => {
  it("gives the owner their profile, consent, history, listings and sales without the buyers' personal data", async () => {
    const f = await farmWithHistory();
    const doc = exportHouseholdData(db, actor(f.farmer), f.household.id, { now: new Date("2026-05-01T03:00:00Z") });
    expect(doc).toMatchObject({ format: "cho-nong-san/household-data", version: 1, exportedAt: "2026-05-01T03:00:00.000Z" });
    expect(doc.household).toMatchObject({
      id: f.household.id,
      representativeName: "Nguyễn Văn Tư",
      phone: "+84912345678",
      nationalId: f.household.nationalId,
      addressLine: "Ấp Hòa Thuận",
      bank: { bin: "970405", accountNumber: "700012345678", accountName: "NGUYEN VAN TU" },
      status: "verified",
    });
    expect((doc.household.commune as { name: string }).name).toMatch(/Đạo Thạnh/);
    expect(doc.owner).toMatchObject({ name: f.farmer.name, phone: f.farmer.phone, email: "tu@example.vn" });
    expect(doc.consent).toMatchObject({ registeredByOfficer: false });
    expect(doc.events.map((e) => e.to)).toEqual(["registered", "activated", "verified"]);
    expect(doc.events[2].note).toBe("CCCD checked");
    expect(doc.listings.map((l) => [l.title, l.status])).toEqual([
      ["Xoài cát Hòa Lộc loại 1", "published"],
      ["Cây giống xoài", "draft"],
    ]);
    expect((doc.listings[0].history as Array<{ action: string }>).map((e) => e.action)).toContain("status:published");
    expect(doc.orders).toHaveLength(2);
    expect(doc.orders[0]).toMatchObject({ code: f.done.code, status: "completed", totalVnd: 90_000, items: [{ title: "Xoài cát Hòa Lộc loại 1", quantity: 2, priceVnd: 45_000 }] });
    expect(doc.reviews).toEqual([expect.objectContaining({ orderCode: f.done.code, rating: 5, comment: "Xoài ngọt, giao đúng hẹn" })]);
    // No buyer's name, phone or address anywhere in the document.
    const text = JSON.stringify(doc);
    expect(text).not.toContain("Trần Thị Bích");
    expect(text).not.toContain("+84903123456");
    expect(text).not.toContain("Số 12, ấp Hòa Thuận");
    expect(text).not.toContain(f.buyer.phone);
    // The owner's own download is not staff processing: it is not in the activity log.
    expect(privacyLog(f.household.id)).toEqual([]);
  });

  it("is open to an officer of the area and administrators (logged), and closed to everyone else", async () => {
    const f = await farmWithHistory();
    expect(exportHouseholdData(db, actor(f.officer), f.household.id).household.id).toBe(f.household.id);
    expect(exportHouseholdData(db, actor(f.admin), f.household.id).household.id).toBe(f.household.id);
    expect(privacyLog(f.household.id)).toEqual([
      ["household.export", f.officer.id],
      ["household.export", f.admin.id],
    ]);
    expect(await errorOf(() => exportHouseholdData(db, actor(f.outsider), f.household.id))).toEqual({ key: "households:errors.notYourHousehold", status: 403 });
    expect(await errorOf(() => exportHouseholdData(db, actor(f.buyer), f.household.id))).toMatchObject({ status: 403 });
    const otherFarmer = await makeUser(db, "farmer");
    expect(await errorOf(() => exportHouseholdData(db, actor(otherFarmer), f.household.id))).toMatchObject({ status: 403 });
    expect(await errorOf(() => exportHouseholdData(db, actor(f.admin), 9_999_999))).toMatchObject({ status: 404 });
    // The later export lists the earlier staff exports as processing of the household's data.
    const processing = exportHouseholdData(db, actor(f.farmer), f.household.id).processing.map((p) => p.action);
    expect(processing.filter((a) => a === "household.export")).toHaveLength(2);
  });

  it("names the file by household number and date only", () => {
    expect(exportFileName(12, new Date("2026-05-01T03:00:00Z"))).toBe("cho-nong-san-ho-12-2026-05-01.json");
    // 03:00 on 2 December in Vietnam is still 1 December in UTC: the file says the day in Vietnam.
    expect(exportFileName(12, new Date("2026-12-01T20:00:00Z"))).toBe("cho-nong-san-ho-12-2026-12-02.json");
  });
});

describe("deletion requests", () => {
  it("are made by the owner only, once, and listed for administrators until carried out", async () => {
    const f = await farmWithHistory();
    expect(await errorOf(() => requestHouseholdDeletion(db, actor(f.officer), f.household.id))).toMatchObject({ status: 403 });
    expect(pendingDeletionRequest(db, f.household.id)).toBeNull();
    const first = requestHouseholdDeletion(db, actor(f.farmer), f.household.id);
    expect(first).toMatchObject({ householdId: f.household.id, requestedBy: f.farmer.id });
    const again = requestHouseholdDeletion(db, actor(f.farmer), f.household.id);
    expect(again.requestedAt).toEqual(first.requestedAt);
    expect(privacyLog(f.household.id)).toEqual([["household.deleteRequest", f.farmer.id]]);
    const listed = listPendingDeletionRequests(db).find((r) => r.householdId === f.household.id);
    expect(listed).toMatchObject({ displayName: "Vườn xoài Tư Lộc", requesterName: f.farmer.name, status: "verified" });
    expect(listed?.communeName).toMatch(/Đạo Thạnh/);

    deleteHouseholdData(db, actor(f.admin), f.household.id, { note: NOTE });
    expect(pendingDeletionRequest(db, f.household.id)).toBeNull();
    expect(listPendingDeletionRequests(db).some((r) => r.householdId === f.household.id)).toBe(false);
    expect(await errorOf(() => requestHouseholdDeletion(db, actor(f.farmer), f.household.id))).toEqual({
      key: "households:privacy.errors.alreadyDeleted",
      status: 409,
    });
  });
});

describe("deleteHouseholdData", () => {
  it("erases personal data, archives listings out of search, keeps orders, ends the owner's sessions and logs it", async () => {
    const f = await farmWithHistory();
    const second = addListingTo(db, f.farmer, f.household.id, { title: "Sầu riêng Ri6" });
    updateHouseholdProfile(db, actor(f.farmer), f.household.id, {
      kind: "household",
      representativeName: "Nguyễn Văn Tư",
      displayName: "Vườn xoài Tư Lộc",
      phone: "0912 345 678",
      nationalId: f.household.nationalId,
      communeCode: f.household.communeCode,
      addressLine: "Ấp Hòa Thuận",
      mainProducts: "Xoài cát Hòa Lộc",
      bankBin: "970405",
      bankAccountNumber: "700012345678",
      bankAccountName: "NGUYEN VAN TU",
      zaloPhone: "0912 345 678",
      showContact: true,
      delivery: { pickup: true },
    });
    await signIn(db, f.farmer.id);
    await signIn(db, f.farmer.id);
    const indexed = () => db.$client.prepare("SELECT count(*) AS n FROM listings_fts WHERE rowid IN (?, ?)").get(f.listing.id, second.id) as { n: number };
    expect(indexed().n).toBe(2);
    const ordersBefore = db.select().from(orders).where(eq(orders.householdId, f.household.id)).all();

    const result = deleteHouseholdData(db, actor(f.admin), f.household.id, { note: NOTE });
    expect(result).toMatchObject({ listingsArchived: 3, ordersKept: 2, sessionsRevoked: 2 });

    const h = getHousehold(db, f.household.id)!;
    const label = deletedHouseholdName(f.household.id);
    expect(h).toMatchObject({
      displayName: label,
      representativeName: label,
      phone: "",
      nationalId: null,
      nationalIdKind: null,
      addressLine: "",
      bankBin: null,
      bankAccountNumber: null,
      bankAccountName: null,
      zaloPhone: null,
      showContact: false,
      status: "suspended",
      statusNote: NOTE,
    });
    // Consent stays as a fact with its date; the products grown are not personal.
    expect(h.consentAt?.getTime()).toBe(f.household.consentAt?.getTime());
    expect(h.mainProducts).toBe("Xoài cát Hòa Lộc");

    // Listings archived through the listings module: out of search, history on behalf of the household.
    const rows = db.select({ id: listings.id, status: listings.status }).from(listings).where(eq(listings.householdId, h.id)).all();
    expect(rows.every((r) => r.status === "archived")).toBe(true);
    expect(indexed().n).toBe(0);

    // The owner account: no name, no email, no sessions; its phone is still its log-in.
    const owner = db.select().from(users).where(eq(users.id, f.farmer.id)).get()!;
    expect(owner).toMatchObject({ name: label, email: null, phone: f.farmer.phone });
    expect(countActiveSessions(db, f.farmer.id)).toBe(0);

    // Orders are kept as money records; the buyer's snapshot is the buyer's and stays; the farm's own note is gone.
    const ordersAfter = db.select().from(orders).where(eq(orders.householdId, f.household.id)).all();
    expect(ordersAfter.map((o) => [o.code, o.status, o.totalVnd, o.recipientName])).toEqual(ordersBefore.map((o) => [o.code, o.status, o.totalVnd, o.recipientName]));
    expect(ordersAfter.find((o) => o.id === f.refused.id)?.statusNote).toBeNull();
    const notes = db.select({ note: orderEvents.note, role: orderEvents.actorRole }).from(orderEvents).where(eq(orderEvents.orderId, f.refused.id)).all();
    expect(notes.filter((n) => n.role === "farm").every((n) => n.note === null)).toBe(true);

    // The status history keeps its transitions; old notes are erased, the deletion's note is the last one.
    const events = db.select().from(householdEvents).where(eq(householdEvents.householdId, h.id)).orderBy(householdEvents.id).all();
    expect(events.map((e) => e.toStatus)).toEqual(["registered", "activated", "verified", "suspended"]);
    expect(events.map((e) => e.note)).toEqual([null, null, null, NOTE]);

    // Recorded, and nothing personal remains in a fresh export.
    const log = db.select().from(activityLog).where(eq(activityLog.householdId, h.id)).all().find((r) => r.action === "household.delete");
    expect(log).toMatchObject({ actorUserId: f.admin.id, detail: { listingsArchived: 3, ordersKept: 2, sessionsRevoked: 2 } });
    expect(householdDeletedAt(db, h.id)).toBeInstanceOf(Date);
    const text = JSON.stringify(exportHouseholdData(db, actor(f.admin), h.id));
    for (const personal of ["Nguyễn Văn Tư", "+84912345678", f.household.nationalId!, "Ấp Hòa Thuận", "700012345678", "tu@example.vn", "0912 345 678"]) {
      expect(text).not.toContain(personal);
    }
  });

  it("is for administrators only, and not twice", async () => {
    const f = await farmWithHistory();
    expect(await errorOf(() => deleteHouseholdData(db, actor(f.officer), f.household.id, { note: NOTE }))).toMatchObject({ status: 403 });
    expect(await errorOf(() => deleteHouseholdData(db, actor(f.farmer), f.household.id, { note: NOTE }))).toMatchObject({ status: 403 });
    expect(getHousehold(db, f.household.id)?.representativeName).toBe("Nguyễn Văn Tư");
    expect(await errorOf(() => deleteHouseholdData(db, actor(f.admin), 9_999_999, { note: NOTE }))).toMatchObject({ status: 404 });
    deleteHouseholdData(db, actor(f.admin), f.household.id, { note: NOTE });
    expect(await errorOf(() => deleteHouseholdData(db, actor(f.admin), f.household.id, { note: NOTE }))).toEqual({
      key: "households:privacy.errors.alreadyDeleted",
      status: 409,
    });
  });

  it("works for a household no one has claimed (no owner, no listings)", async () => {
    const f = await farmWithHistory();
    const h = registerHouseholdByOfficer(db, actor(f.officer), {
      kind: "household",
      representativeName: "Đỗ Thị Chín",
      displayName: "Vườn cô Chín",
      phone: "0977 000 111",
      nationalId: "082199900001",
      communeCode: f.household.communeCode,
      delivery: { pickup: true },
      consentAt: new Date("2026-02-01T00:00:00Z"),
      consentSource: "Phiếu đồng ý giấy",
    });
    const result = deleteHouseholdData(db, actor(f.admin), h.id, { note: NOTE });
    expect(result).toMatchObject({ listingsArchived: 0, ordersKept: 0, sessionsRevoked: 0 });
    expect(getHousehold(db, h.id)).toMatchObject({ representativeName: deletedHouseholdName(h.id), phone: "", status: "suspended", consentSource: "Phiếu đồng ý giấy" });
  });
});
