/**
 * The SMS a household gets when an officer verifies, suspends or reinstates it: one path, one
 * message per event in the owner's language, none for bulk actions (but the unclaimed household's
 * notice bulk verification always sent), none without a phone, none when data is erased.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { householdEvents, households, outbox, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser, testPhone } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { listCurrentCommunes } from "~/addresses/lookup.server";
import { formatPhone } from "~/lib/phone";
import { startBulkAction } from "./bulk.server";
import { runBulkAction } from "./bulk-run.server";
import { announceHouseholdEvent } from "./lifecycle-messages.server";
import { reinstateHousehold, suspendHousehold, verifyHousehold } from "./lifecycle.server";
import { deleteHouseholdData } from "./privacy.server";
import { createOwnHousehold } from "./profile.server";
import { registerHouseholdByOfficer } from "./registration.server";
import { input, DAO_THANH } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const messagesTo = (phone: string) =>
  db.select().from(outbox).where(eq(outbox.recipient, phone)).orderBy(asc(outbox.id)).all();

async function officerFor(communeCode: string) {
  const officer = await makeUser(db, "officer", { name: "Cán bộ Võ Thị Sáu" });
  assignOfficerAreas(db, officer.id, [{ kind: "commune", code: communeCode }]);
  return officer;
}

async function ownHousehold(communeCode = DAO_THANH, locale: "vi" | "en" = "vi") {
  const farmer = await makeUser(db, "farmer");
  db.update(users).set({ locale }).where(eq(users.id, farmer.id)).run();
  const phone = testPhone();
  const household = createOwnHousehold(db, farmer, input({ phone, communeCode }));
  return { farmer, phone, household };
}

describe("lifecycle messages", () => {
  it("verified → list your first product; suspended → the reason and whom to call; reinstated → what next; one per event", async () => {
    const officer = await officerFor(DAO_THANH);
    const { phone, household } = await ownHousehold();

    verifyHousehold(db, officer, household.id, { method: "in_person_id_card" });
    let sent = messagesTo(phone);
    expect(sent.map((m) => m.template)).toEqual(["lifecycle.verified"]);
    expect(sent[0]).toMatchObject({ channel: "sms", locale: "vi" });
    expect(sent[0].body).toContain("/ban-hang/san-pham/moi");
    expect(sent[0].body).toMatch(/xác minh/);
    // Nothing personal: someone else may hold the phone.
    expect(sent[0].body).not.toContain("Nguyễn Văn Tư");

    suspendHousehold(db, officer, household.id, "Ảnh không đúng hàng thật");
    reinstateHousehold(db, officer, household.id, "Đã đổi ảnh");
    suspendHousehold(db, officer, household.id, "Giao thiếu hàng nhiều lần");
    sent = messagesTo(phone);
    expect(sent.map((m) => m.template)).toEqual(["lifecycle.verified", "lifecycle.suspended", "lifecycle.reinstated", "lifecycle.suspended"]);
    expect(sent[1].body).toContain("Ảnh không đúng hàng thật");
    expect(sent[1].body).toContain("Cán bộ Võ Thị Sáu");
    expect(sent[1].body).toContain(formatPhone(officer.phone));
    expect(sent[1].body).toMatch(/khiếu nại/);
    expect(sent[2].body).toContain("/ban-hang");
    expect(sent[3].body).toContain("Giao thiếu hàng nhiều lần");

    // Announcing an event again (a retried job, a second call) sends nothing more.
    const events = db.select().from(householdEvents).where(eq(householdEvents.householdId, household.id)).all();
    for (const event of events) announceHouseholdEvent(db, event.id);
    expect(messagesTo(phone)).toHaveLength(4);
  });

  it("speaks the owner's language", async () => {
    const officer = await officerFor(DAO_THANH);
    const { phone, household } = await ownHousehold(DAO_THANH, "en");
    verifyHousehold(db, officer, household.id, { method: "documents" });
    const [message] = messagesTo(phone);
    expect(message).toMatchObject({ template: "lifecycle.verified", locale: "en" });
    expect(message.body).toMatch(/verified/i);
  });

  it("a household nobody claimed yet gets the on-behalf notice once, pointing to the hand-over", async () => {
    const officer = await officerFor(DAO_THANH);
    const phone = testPhone();
    const household = registerHouseholdByOfficer(db, officer, { ...input({ phone, communeCode: DAO_THANH }), consentAt: new Date(), consentSource: "Phiếu giấy" });
    verifyHousehold(db, officer, household.id, { method: "in_person_known" });
    expect(messagesTo(phone).map((m) => m.template)).toEqual(["onBehalf.verified"]);
    suspendHousehold(db, officer, household.id, "Sai địa chỉ");
    const suspended = messagesTo(phone)[1];
    expect(suspended.template).toBe("lifecycle.suspended");
    expect(suspended.body).toContain("/nhan-tai-khoan");
  });

  it("no message without a phone, and none when an administrator erases the household's data", async () => {
    const officer = await officerFor(DAO_THANH);
    const { phone, household } = await ownHousehold();
    db.update(households).set({ phone: "" }).where(eq(households.id, household.id)).run();
    verifyHousehold(db, officer, household.id, { method: "in_person_id_card" });
    expect(db.select().from(outbox).where(eq(outbox.recipient, "")).all()).toEqual([]);
    expect(messagesTo(phone)).toEqual([]);

    const other = await ownHousehold();
    const admin = await makeUser(db, "admin");
    deleteHouseholdData(db, admin, other.household.id, { note: "Theo yêu cầu của chủ hộ" });
    expect(messagesTo(other.phone)).toEqual([]);
  });

  it("bulk verification sends no lifecycle message, only the notice it always sent to unclaimed households", async () => {
    // A commune no other test uses, so the bulk set is exactly these two.
    const commune = listCurrentCommunes(db, "82").find((c) => c.code !== DAO_THANH)!.code;
    const officer = await officerFor(commune);
    const claimed = await ownHousehold(commune);
    const unclaimedPhone = testPhone();
    registerHouseholdByOfficer(db, officer, { ...input({ phone: unclaimedPhone, communeCode: commune }), consentAt: new Date(), consentSource: "Phiếu giấy" });
    const action = startBulkAction(db, officer, { kind: "verify", filters: { communeCode: commune }, options: { method: "in_person_id_card", note: "Họp ấp" } });
    const done = await runBulkAction(db, action.id);
    expect(done.result).toMatchObject({ verified: 2 });
    expect(messagesTo(claimed.phone)).toEqual([]);
    const rows = db.select().from(outbox).where(and(inArray(outbox.recipient, [unclaimedPhone]), eq(outbox.template, "onBehalf.verified"))).all();
    expect(rows).toHaveLength(1);
  });
});
