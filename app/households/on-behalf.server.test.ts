import { and, desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser, testPhone, TEST_PASSWORD } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { searchUncached } from "~/catalog/search.server";
import { isAppError } from "~/lib/errors";
import { createListing, listingsOfHousehold, setListingStatus } from "~/listings/listings.server";
import { listingInput } from "~/listings/test-utils";
import { claimableHouseholds, completeClaim, issueClaimCodeByOfficer, verifyClaimCode } from "./claim.server";
import { householdFunnel } from "./funnel.server";
import { listHouseholdEvents, verificationOf, verifyHousehold } from "./lifecycle.server";
import { canPublish, getHousehold, getHouseholdForUser } from "./records.server";
import { registerHouseholdByOfficer } from "./registration.server";
import { input } from "./test-fixtures";

// Households an officer registered that no one has claimed yet: verified in person, listed for
// and then handed over to the farmer who claims the account.
const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

async function errorOf(fn: () => unknown): Promise<{ key: string; status: number; field?: string }> {
  try {
    await fn();
  } catch (error) {
    if (isAppError(error)) return { key: error.messageKey, status: error.status, field: error.field };
    throw error;
  }
  throw new Error("expected an AppError");
}

async function setup() {
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  const outsider = await makeUser(db, "officer");
  assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
  const farmer = await makeUser(db, "farmer");
  const phone = testPhone();
  const household = registerHouseholdByOfficer(db, officer, {
    ...input({ phone, displayName: "Vườn bưởi Năm Roi Út Hiền", representativeName: "Lê Thị Hiền" }),
    consentAt: new Date("2026-03-01T02:00:00Z"),
    consentSource: "Phiếu đồng ý giấy, họp ấp",
  });
  return { officer, outsider, farmer, phone, household };
}

const messagesTo = (phone: string, template: string) =>
  db.select().from(outbox).where(and(eq(outbox.recipient, phone), eq(outbox.template, template))).orderBy(desc(outbox.id)).all();

describe("verifying a household before its owner claims it", () => {
  it("asks how identity was checked, records who, when and how, and tells the household", async () => {
    const { officer, outsider, farmer, phone, household: h } = await setup();
    expect(h).toMatchObject({ status: "registered", ownerUserId: null });

    // The method is required and must be one of the list: a field error, nothing changes.
    for (const method of [undefined, "", "phone_call"]) {
      expect(await errorOf(() => verifyHousehold(db, officer, h.id, { method: method as never, note: "x" }))).toMatchObject({
        key: "households:errors.methodRequired",
        field: "method",
        status: 400,
      });
    }
    // Outside the officer's area, and a farmer: refused.
    for (const actor of [outsider, farmer]) {
      expect(await errorOf(() => verifyHousehold(db, actor, h.id, { method: "in_person_id_card" }))).toMatchObject({
        key: "households:errors.notYourArea",
        status: 403,
      });
    }
    expect(getHousehold(db, h.id)).toMatchObject({ status: "registered", verifiedBy: null, verificationMethod: null });

    const verified = verifyHousehold(db, officer, h.id, { method: "in_person_id_card", note: "Gặp tại nhà văn hóa ấp" });
    expect(verified).toMatchObject({ status: "verified", ownerUserId: null, verifiedBy: officer.id, verificationMethod: "in_person_id_card" });
    expect(verified.verifiedAt).toBeInstanceOf(Date);
    expect(canPublish(verified)).toBe(true);
    // Verified, but nobody has activated (claimed) the account yet.
    expect(householdFunnel(db, h.id)).toMatchObject({ registered: true, activated: false, verified: true });
    expect(verificationOf(db, verified)).toMatchObject({ officerName: officer.name, method: "in_person_id_card", at: verified.verifiedAt });

    const last = listHouseholdEvents(db, h.id).at(-1)!;
    expect(last).toMatchObject({ fromStatus: "registered", toStatus: "verified", actorUserId: officer.id, note: "Gặp tại nhà văn hóa ấp", kind: "status" });
    const log = db.select().from(activityLog).where(and(eq(activityLog.householdId, h.id), eq(activityLog.action, "household.verify"))).all();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorUserId: officer.id, detail: { from: "registered", to: "verified", method: "in_person_id_card" } });

    const [sms] = messagesTo(phone, "onBehalf.verified");
    expect(sms?.channel).toBe("sms");
    expect(sms?.body).toMatch(/xác minh/);
    // Nothing personal in it: not the name, not the ID.
    expect(sms?.body).not.toContain("Hiền");
    expect(sms?.body).not.toContain(h.nationalId!);

    // Twice is refused.
    expect((await errorOf(() => verifyHousehold(db, officer, h.id, { method: "documents" }))).key).toBe("households:errors.cannotVerify");
  });

  it("then a listing published on its behalf is in the catalog search, and the household is told", async () => {
    const { officer, phone, household: h } = await setup();
    verifyHousehold(db, officer, h.id, { method: "in_person_known" });
    const listing = createListing(db, officer, h.id, listingInput({ title: "Bưởi Năm Roi Út Hiền", category: "fruit" }));
    const published = setListingStatus(db, officer, listing.id, "published");
    expect(published.status).toBe("published");
    const found = searchUncached(db, { q: "buoi nam roi ut hien" });
    expect(found.items.map((i) => i.title)).toContain("Bưởi Năm Roi Út Hiền");
    const [sms] = messagesTo(phone, "onBehalf.listingPublished");
    expect(sms?.body).toContain("Bưởi Năm Roi Út Hiền");
  });
});

describe("claiming hands everything over", () => {
  it("a verified household stays verified, gets its owner and keeps its listings; the hand-over is in its history", async () => {
    const { officer, phone, household: h } = await setup();
    verifyHousehold(db, officer, h.id, { method: "documents", note: "Giấy chứng nhận HTX" });
    const listing = createListing(db, officer, h.id, listingInput({ title: "Bưởi da xanh Út Hiền" }));
    setListingStatus(db, officer, listing.id, "published");

    // The claim page lists it, saying it is handed over verified.
    expect(claimableHouseholds(db, phone)).toMatchObject([{ id: h.id, verified: true }]);
    const given = issueClaimCodeByOfficer(db, officer, h.id);
    const ticket = verifyClaimCode(db, { phone, code: given.code });
    const { user, household } = await completeClaim(db, { ticket, householdId: h.id, signedIn: null, password: TEST_PASSWORD });
    expect(household).toMatchObject({ id: h.id, status: "verified", ownerUserId: user.id, verifiedBy: officer.id, verificationMethod: "documents" });
    expect(getHouseholdForUser(db, user.id)?.id).toBe(h.id);
    expect(householdFunnel(db, h.id)).toMatchObject({ activated: true, verified: true, listed: true });
    expect(listingsOfHousehold(db, h.id).map((l) => [l.title, l.status])).toEqual([["Bưởi da xanh Út Hiền", "published"]]);
    const last = listHouseholdEvents(db, h.id).at(-1)!;
    expect(last).toMatchObject({ fromStatus: "verified", toStatus: "verified", kind: "handover", actorUserId: user.id });
    // Once claimed, it cannot be claimed again.
    expect((await errorOf(() => issueClaimCodeByOfficer(db, officer, h.id))).key).toBe("households:claim.errors.alreadyClaimed");
  });
});
