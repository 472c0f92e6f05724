import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, householdEvents, households, listings } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { insertUser } from "~/accounts/users.server";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { maySeeNationalId } from "~/accounts/access.server";
import { isAppError } from "~/lib/errors";
import { householdFunnel, nextStep } from "./funnel.server";
import { activateHousehold, listHouseholdEvents, reinstateHousehold, suspendHousehold, verifyHousehold } from "./lifecycle.server";
import { householdStatusCounts, listHouseholdsForOfficer, officerCommuneChoices } from "./officer-list.server";
import { createOwnHousehold, updateHouseholdProfile, type HouseholdInput } from "./profile.server";
import { canPublish, getHousehold, getHouseholdForUser, nationalIdFor } from "./records.server";
import { findDuplicateHousehold, registerHouseholdByOfficer } from "./registration.server";
import { deliveryFee, publicSeller } from "./seller.server";
import { DAO_THANH, input, MY_THO, nextCccd, PHU_KHUONG } from "./test-fixtures";

// A household's life across the modules that share it (profile, registration, lifecycle, funnel,
// what buyers see, access rules), on one database so each step builds on the one before.
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
  const farmer = await makeUser(db, "farmer");
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  const outsider = await makeUser(db, "officer");
  assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
  const admin = await makeUser(db, "admin");
  const buyer = await makeUser(db, "buyer");
  return { farmer, officer, outsider, admin, buyer };
}

describe("self-registration", () => {
  it("a confirmed farmer's household starts activated, with registered and activated events", async () => {
    const { farmer } = await setup();
    const h = createOwnHousehold(db, farmer, input({ phone: farmer.phone }));
    expect(h.status).toBe("activated");
    expect(h.ownerUserId).toBe(farmer.id);
    expect(h.phone).toBe(farmer.phone);
    expect(h.nameFolded).toBe("nguyen van tu");
    expect(getHouseholdForUser(db, farmer.id)?.id).toBe(h.id);
    const events = listHouseholdEvents(db, h.id);
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actorUserId])).toEqual([
      [null, "registered", farmer.id],
      ["registered", "activated", farmer.id],
    ]);
    expect(canPublish(h)).toBe(false);
    // One household per owner.
    expect((await errorOf(() => createOwnHousehold(db, farmer, input()))).key).toBe("households:errors.alreadyRegistered");
  });

  it("an unconfirmed farmer's household stays registered; buyers cannot register one", async () => {
    const unconfirmed = insertUser(db, { phone: "+84909111222", name: "Chưa xác nhận", passwordHash: null, role: "farmer", locale: "vi", phoneVerified: false });
    expect(createOwnHousehold(db, unconfirmed, input()).status).toBe("registered");
    const { buyer } = await setup();
    expect(await errorOf(() => createOwnHousehold(db, buyer, input()))).toMatchObject({ key: "households:errors.notFarmer", status: 403 });
  });

  it("stores names without control or direction-override characters", async () => {
    const { farmer } = await setup();
    const h = createOwnHousehold(
      db,
      farmer,
      input({ phone: farmer.phone, representativeName: "Nguyễn\u0007 Văn\u2066 Tư\u2069", displayName: "Vườn \u202Exoài\u202C Tư\u0000 Lộc" }),
    );
    const stored = getHousehold(db, h.id)!;
    expect(stored.representativeName).toBe("Nguyễn Văn Tư");
    expect(stored.displayName).toBe("Vườn xoài Tư Lộc");
    expect(stored.nameFolded).toBe("nguyen van tu");
  });

  it("refuses bad input on the right field", async () => {
    const { farmer } = await setup();
    const cases: Array<[Partial<HouseholdInput>, string, string]> = [
      [{ representativeName: "  " }, "representativeName", "households:errors.required"],
      [{ phone: "028 3823 4567" }, "phone", "accounts:phone.landline"],
      [{ nationalId: "12345" }, "nationalId", "households:errors.nationalId.wrongLength"],
      [{ nationalId: "0821234567AB" }, "nationalId", "households:errors.nationalId.invalidCharacters"],
      [{ communeCode: "99999" }, "communeCode", "households:errors.communeUnknown"],
      [{ communeCode: PHU_KHUONG }, "communeCode", "households:errors.communeOutsideProvince"],
      [{ bankBin: "970436" }, "bankAccountNumber", "households:errors.bankAccountRequired"],
      [{ bankBin: "123456", bankAccountNumber: "0123456789" }, "bankBin", "households:errors.bankUnknown"],
      [{ bankBin: "970436", bankAccountNumber: "01234abc" }, "bankAccountNumber", "households:errors.bankAccountInvalid"],
      [{ bankAccountNumber: "0123456789" }, "bankBin", "households:errors.bankRequired"],
      [{ delivery: { pickup: false } }, "pickup", "households:errors.noDeliveryOption"],
      [{ delivery: { pickup: true, feeCommune: 1.5 } }, "feeCommune", "households:errors.moneyInvalid"],
      [{ farmAreaM2: 0 }, "farmAreaM2", "households:errors.farmAreaInvalid"],
      [{ certifications: ["iso9001"] }, "certifications", "households:errors.certificationUnknown"],
    ];
    for (const [overrides, field, key] of cases) {
      expect(await errorOf(() => createOwnHousehold(db, farmer, input(overrides)))).toMatchObject({ field, key });
    }
    expect(getHouseholdForUser(db, farmer.id)).toBeUndefined();
  });

  it("stores a bank account by BIN, digits only, and defaults the shop name to the representative", async () => {
    const { farmer } = await setup();
    const h = createOwnHousehold(
      db,
      farmer,
      input({ displayName: "", bankBin: "970436", bankAccountNumber: "0123 456 789", bankAccountName: "NGUYEN VAN TU" }),
    );
    expect(h).toMatchObject({ displayName: "Nguyễn Văn Tư", bankBin: "970436", bankAccountNumber: "0123456789", bankAccountName: "NGUYEN VAN TU" });
  });

  it("accepts a 9-digit CMND and flags it; one ID belongs to one household", async () => {
    const { farmer } = await setup();
    const h = createOwnHousehold(db, farmer, input({ nationalId: "331 234 567" }));
    expect(h).toMatchObject({ nationalId: "331234567", nationalIdKind: "cmnd" });
    const other = await makeUser(db, "farmer");
    expect(await errorOf(() => createOwnHousehold(db, other, input({ nationalId: "331234567" })))).toMatchObject({
      key: "households:errors.nationalIdTaken",
      field: "nationalId",
      status: 409,
    });
  });
});

describe("funnel transitions", () => {
  it("activated → verified → suspended → verified again, each with an event", async () => {
    const { farmer, officer } = await setup();
    const h = createOwnHousehold(db, farmer, input());
    const verified = verifyHousehold(db, officer, h.id, { method: "in_person_id_card", note: "Đã xem CCCD và đến tận vườn" });
    expect(verified.status).toBe("verified");
    expect(canPublish(verified)).toBe(true);
    const suspended = suspendHousehold(db, officer, h.id, "Bán hàng giả");
    expect(suspended).toMatchObject({ status: "suspended", statusNote: "Bán hàng giả" });
    expect(canPublish(suspended)).toBe(false);
    // The funnel keeps the stages reached.
    expect(householdFunnel(db, h.id)).toEqual({ registered: true, activated: true, verified: true, listed: false, sold: false, suspended: true });
    expect(nextStep(suspended, householdFunnel(db, h.id))).toBe("suspended");
    expect(reinstateHousehold(db, officer, h.id, "Đã giải trình").status).toBe("verified");
    const events = listHouseholdEvents(db, h.id);
    expect(events.slice(2).map((e) => [e.fromStatus, e.toStatus, e.note, e.actorName])).toEqual([
      ["activated", "verified", "Đã xem CCCD và đến tận vườn", officer.name],
      ["verified", "suspended", "Bán hàng giả", officer.name],
      ["suspended", "verified", "Đã giải trình", officer.name],
    ]);
  });

  it("refuses transitions out of order", async () => {
    const { farmer, officer } = await setup();
    const h = createOwnHousehold(db, farmer, input());
    expect((await errorOf(() => reinstateHousehold(db, officer, h.id))).key).toBe("households:errors.notSuspended");
    expect((await errorOf(() => activateHousehold(db, h.id, farmer))).key).toBe("households:errors.cannotActivate");
    verifyHousehold(db, officer, h.id, { method: "in_person_id_card" });
    expect((await errorOf(() => verifyHousehold(db, officer, h.id, { method: "in_person_id_card" }))).key).toBe("households:errors.cannotVerify");
    expect((await errorOf(() => suspendHousehold(db, officer, h.id, "   ")))).toMatchObject({ key: "households:errors.reasonRequired", field: "reason" });
    suspendHousehold(db, officer, h.id, "Kiểm tra lại");
    expect((await errorOf(() => suspendHousehold(db, officer, h.id, "lần hai"))).key).toBe("households:errors.alreadySuspended");
    expect((await errorOf(() => verifyHousehold(db, officer, h.id, { method: "in_person_id_card" }))).key).toBe("households:errors.cannotVerify");
  });

  it("a household registered by an officer starts registered; its owner activates it (verifying before that: on-behalf.server.test.ts)", async () => {
    const { officer, admin } = await setup();
    const consentAt = new Date("2026-03-01T02:00:00Z");
    const h = registerHouseholdByOfficer(db, officer, { ...input(), consentAt, consentSource: "Phiếu đồng ý giấy, họp ấp" });
    expect(h).toMatchObject({ status: "registered", ownerUserId: null, registeredBy: officer.id, consentSource: "Phiếu đồng ý giấy, họp ấp" });
    expect(h.consentAt?.getTime()).toBe(consentAt.getTime());
    // Suspending before activation, then reinstating, goes back to registered.
    suspendHousehold(db, admin, h.id, "Trùng hộ");
    expect(reinstateHousehold(db, admin, h.id).status).toBe("registered");

    // The owner activates it once their phone is confirmed and a password is set.
    const unconfirmed = insertUser(db, { phone: "+84909111333", name: "Chủ hộ", passwordHash: null, role: "farmer", locale: "vi", phoneVerified: false });
    expect((await errorOf(() => activateHousehold(db, h.id, unconfirmed))).key).toBe("households:errors.ownerNotConfirmed");
    const owner = await makeUser(db, "farmer");
    const activated = activateHousehold(db, h.id, owner);
    expect(activated).toMatchObject({ status: "activated", ownerUserId: owner.id });
    expect(verifyHousehold(db, officer, h.id, { method: "in_person_id_card" }).status).toBe("verified");
  });

  it("registration by an officer needs consent and the officer's own area", async () => {
    const { officer, outsider, farmer } = await setup();
    expect((await errorOf(() => registerHouseholdByOfficer(db, officer, { ...input(), consentAt: new Date(), consentSource: " " }))).key).toBe(
      "households:errors.consentRequired",
    );
    expect(await errorOf(() => registerHouseholdByOfficer(db, outsider, { ...input(), consentAt: new Date(), consentSource: "x" }))).toMatchObject({
      key: "households:errors.notYourArea",
      status: 403,
    });
    expect((await errorOf(() => registerHouseholdByOfficer(db, farmer, { ...input(), consentAt: new Date(), consentSource: "x" }))).status).toBe(403);
  });

  it("officers outside the area, farmers and buyers cannot verify or suspend", async () => {
    const { farmer, outsider, buyer } = await setup();
    const h = createOwnHousehold(db, farmer, input());
    for (const actor of [outsider, farmer, buyer]) {
      expect(await errorOf(() => verifyHousehold(db, actor, h.id, { method: "in_person_id_card" }))).toMatchObject({ key: "households:errors.notYourArea", status: 403 });
      expect((await errorOf(() => suspendHousehold(db, actor, h.id, "x"))).status).toBe(403);
    }
    expect(getHousehold(db, h.id)?.status).toBe("activated");
  });

  it("derives listed from published listings; sold stays false until orders exist", async () => {
    const { farmer, officer } = await setup();
    const h = createOwnHousehold(db, farmer, input());
    verifyHousehold(db, officer, h.id, { method: "in_person_id_card" });
    expect(nextStep(getHousehold(db, h.id)!, householdFunnel(db, h.id))).toBe("addListing");
    const draft = { householdId: h.id, category: "fruit" as const, title: "Xoài cát", slug: "xoai-cat", unit: "kg" as const, priceVnd: 60_000 };
    db.insert(listings).values(draft).run();
    expect(householdFunnel(db, h.id).listed).toBe(false);
    db.insert(listings).values({ ...draft, status: "published", publishedAt: new Date() }).run();
    const funnel = householdFunnel(db, h.id);
    expect(funnel).toMatchObject({ listed: true, sold: false });
    expect(nextStep(getHousehold(db, h.id)!, funnel)).toBe("firstSale");
  });
});

describe("profile edits", () => {
  it("the owner edits freely until verified; then name, ID and commune are the officer's", async () => {
    const { farmer, officer } = await setup();
    const h = createOwnHousehold(db, farmer, input());
    const base = { ...input(), nationalId: h.nationalId };
    expect(updateHouseholdProfile(db, farmer, h.id, { ...base, communeCode: MY_THO }).communeCode).toBe(MY_THO);
    verifyHousehold(db, officer, h.id, { method: "in_person_id_card" });
    const after = { ...base, communeCode: MY_THO };
    expect(await errorOf(() => updateHouseholdProfile(db, farmer, h.id, { ...after, representativeName: "Người khác" }))).toMatchObject({
      field: "representativeName",
      key: "households:errors.identityLocked",
    });
    expect((await errorOf(() => updateHouseholdProfile(db, farmer, h.id, { ...after, nationalId: nextCccd() }))).field).toBe("nationalId");
    // Shop name, delivery and contact remain the owner's to change.
    const edited = updateHouseholdProfile(db, farmer, h.id, { ...after, displayName: "Vườn Tư Lộc mới", showContact: true, zaloPhone: "0987 654 321" });
    expect(edited).toMatchObject({ displayName: "Vườn Tư Lộc mới", showContact: true, zaloPhone: "+84987654321", status: "verified" });
    // The officer may correct the name.
    expect(updateHouseholdProfile(db, officer, h.id, { ...after, representativeName: "Nguyễn Văn Tư Em" }).representativeName).toBe("Nguyễn Văn Tư Em");
  });

  it("nobody else edits a household", async () => {
    const { farmer, outsider, buyer } = await setup();
    const h = createOwnHousehold(db, farmer, input());
    const other = await makeUser(db, "farmer");
    for (const actor of [outsider, buyer, other]) {
      expect((await errorOf(() => updateHouseholdProfile(db, actor, h.id, input({ displayName: "Hacked" })))).status).toBe(403);
    }
    expect(getHousehold(db, h.id)?.displayName).toBe("Vườn xoài Tư Lộc");
  });
});

describe("national ID visibility", () => {
  it("is whole for the owner, officers of the area and admins; masked for everyone else", async () => {
    const { farmer, officer, outsider, admin, buyer } = await setup();
    const id = nextCccd();
    const h = createOwnHousehold(db, farmer, input({ nationalId: id }));
    const masked = `********${id.slice(-4)}`;
    for (const viewer of [farmer, officer, admin]) {
      expect(maySeeNationalId(db, viewer, h)).toBe(true);
      expect(nationalIdFor(db, h, viewer)).toBe(id);
    }
    for (const viewer of [outsider, buyer, null]) {
      expect(maySeeNationalId(db, viewer, h)).toBe(false);
      expect(nationalIdFor(db, h, viewer)).toBe(masked);
    }
  });
});

describe("what buyers see", () => {
  it("only verified households, contact only when allowed, places in the buyer's language", async () => {
    const { farmer, officer } = await setup();
    const h = createOwnHousehold(db, farmer, input({ showContact: false }));
    expect(publicSeller(db, h.id, "vi")).toBeUndefined();
    verifyHousehold(db, officer, h.id, { method: "in_person_id_card" });
    const seller = publicSeller(db, h.id, "vi")!;
    expect(seller).toMatchObject({ id: h.id, slug: "vuon-xoai-tu-loc", displayName: "Vườn xoài Tư Lộc", communeName: "Phường Đạo Thạnh", provinceName: "Tỉnh Đồng Tháp" });
    expect(seller.phone).toBeUndefined();
    expect(JSON.stringify(seller)).not.toContain(h.nationalId!);
    expect(publicSeller(db, h.id, "en")?.communeName).toBe("Dao Thanh Ward");
    updateHouseholdProfile(db, farmer, h.id, { ...input({ nationalId: h.nationalId, showContact: true, zaloPhone: "0987654321" }) });
    expect(publicSeller(db, h.id, "vi")).toMatchObject({ phone: "+84912345678", zalo: "+84987654321" });
    suspendHousehold(db, officer, h.id, "Tạm nghỉ");
    expect(publicSeller(db, h.id, "vi")).toBeUndefined();
  });
});

describe("delivery fee", () => {
  const household = {
    communeCode: DAO_THANH,
    delivery: { pickup: true, feeCommune: 15_000, feeProvince: 30_000, feeElsewhere: null, freeAbove: 500_000 },
  };
  it("charges by zone, free above the amount, null where the farm does not deliver", () => {
    expect(deliveryFee(household, DAO_THANH, 100_000, db)).toBe(15_000);
    expect(deliveryFee(household, MY_THO, 100_000, db)).toBe(30_000);
    expect(deliveryFee(household, PHU_KHUONG, 100_000, db)).toBeNull();
    expect(deliveryFee(household, MY_THO, 500_000, db)).toBe(0);
    expect(deliveryFee(household, PHU_KHUONG, 900_000, db)).toBeNull();
    expect(deliveryFee(household, "99999", 100_000, db)).toBeNull();
  });
  it("a wider zone's fee covers the narrower ones", () => {
    const wide = { communeCode: DAO_THANH, delivery: { pickup: false, feeCommune: null, feeProvince: null, feeElsewhere: 50_000, freeAbove: null } };
    expect(deliveryFee(wide, DAO_THANH, 1_000_000, db)).toBe(50_000);
    expect(deliveryFee(wide, PHU_KHUONG, 1, db)).toBe(50_000);
  });
});

describe("officer lists", () => {
  it("show the households of the officer's areas only; admins see all", async () => {
    const { farmer, officer, outsider, admin, buyer } = await setup();
    const h = createOwnHousehold(db, farmer, input({ displayName: "Vườn trong địa bàn" }));
    const mine = listHouseholdsForOfficer(db, officer, { status: "activated" });
    expect(mine.rows.some((r) => r.id === h.id)).toBe(true);
    expect(mine.rows.every((r) => r.status === "activated")).toBe(true);
    expect(listHouseholdsForOfficer(db, outsider).rows.some((r) => r.id === h.id)).toBe(false);
    expect(listHouseholdsForOfficer(db, admin).total).toBe(db.select().from(households).all().length);
    expect(listHouseholdsForOfficer(db, buyer).rows).toEqual([]);
    expect(householdStatusCounts(db, officer).activated).toBeGreaterThan(0);
    expect(householdStatusCounts(db, outsider).activated).toBe(0);
  });

  it("every stored change is in household_events", () => {
    const all = db.select().from(households).all();
    for (const h of all) {
      const last = db.select().from(householdEvents).where(eq(householdEvents.householdId, h.id)).all().at(-1);
      expect(last?.toStatus).toBe(h.status);
    }
  });
});

const activityOf = (householdId: number) =>
  db.select().from(activityLog).where(eq(activityLog.householdId, householdId)).orderBy(activityLog.id).all();

describe("activity log", () => {
  it("records an officer's registration, edits on the household's behalf and status changes, not the owner's own", async () => {
    const { officer, admin } = await setup();
    const h = registerHouseholdByOfficer(db, officer, { ...input(), consentAt: new Date(), consentSource: "Phiếu đồng ý giấy" });
    expect(activityOf(h.id)).toMatchObject([
      { action: "household.register", actorUserId: officer.id, communeCode: DAO_THANH, detail: { consent: "Phiếu đồng ý giấy" } },
    ]);

    const base = { ...input(), nationalId: h.nationalId };
    updateHouseholdProfile(db, officer, h.id, { ...base, displayName: "Vườn mới", phone: "0987 111 222" });
    expect(activityOf(h.id).at(-1)).toMatchObject({ action: "household.update", actorUserId: officer.id, detail: { fields: "displayName,phone" } });
    // Saving without a change leaves no line.
    updateHouseholdProfile(db, officer, h.id, { ...base, displayName: "Vườn mới", phone: "0987 111 222" });
    expect(activityOf(h.id)).toHaveLength(2);

    suspendHousehold(db, admin, h.id, "Trùng hộ");
    reinstateHousehold(db, officer, h.id, "Đã kiểm tra");
    const owner = await makeUser(db, "farmer");
    activateHousehold(db, h.id, owner);
    verifyHousehold(db, officer, h.id, { method: "in_person_id_card", note: "Đã xem CCCD" });
    // The owner's own edit and activation are not officers' actions.
    updateHouseholdProfile(db, owner, h.id, { ...base, displayName: "Vườn của tôi", phone: "0987 111 222" });
    expect(activityOf(h.id).map((a) => [a.action, a.actorUserId])).toEqual([
      ["household.register", officer.id],
      ["household.update", officer.id],
      ["household.suspend", admin.id],
      ["household.reinstate", officer.id],
      ["household.verify", officer.id],
    ]);
    expect(activityOf(h.id)[2].detail).toMatchObject({ from: "registered", to: "suspended", note: "Trùng hộ" });
  });

  it("a refused change leaves no line; rows of an import batch are left to the batch's own line", async () => {
    const { officer, outsider } = await setup();
    const before = db.select().from(activityLog).all().length;
    await errorOf(() => registerHouseholdByOfficer(db, outsider, { ...input(), consentAt: new Date(), consentSource: "x" }));
    const h = registerHouseholdByOfficer(db, officer, { ...input(), consentAt: new Date(), consentSource: "Tệp nhập", importBatchId: 77 });
    expect(h.importBatchId).toBe(77);
    updateHouseholdProfile(db, officer, h.id, { ...input({ nationalId: h.nationalId, displayName: "Khác" }) }, { importBatchId: 77 });
    expect(db.select().from(activityLog).all().length).toBe(before);
  });
});

describe("duplicates on assisted registration", () => {
  it("refuses the same CCCD, or the same phone with the same folded name, and names the household", async () => {
    const { officer } = await setup();
    const consent = { consentAt: new Date(), consentSource: "Gặp trực tiếp" };
    const first = registerHouseholdByOfficer(db, officer, { ...input({ representativeName: "Trần Thị Bảy", phone: "0933 444 555", nationalId: null }), ...consent });
    const withId = registerHouseholdByOfficer(db, officer, { ...input({ representativeName: "Lê Văn Chín", phone: "0933 444 556" }), ...consent });

    const sameId = await errorOf(() => registerHouseholdByOfficer(db, officer, { ...input({ nationalId: withId.nationalId, phone: "0944 000 111" }), ...consent }));
    expect(sameId).toMatchObject({ key: "households:register.errors.duplicateNationalId", status: 409, field: "nationalId" });

    // Same phone written another way, same name without diacritics and in capitals.
    const samePhoneName = () => registerHouseholdByOfficer(db, officer, { ...input({ representativeName: "TRAN THI BAY", phone: "+84 933.444.555", nationalId: null }), ...consent });
    expect(await errorOf(samePhoneName)).toMatchObject({ key: "households:register.errors.duplicatePhoneName", field: "phone" });
    try {
      samePhoneName();
    } catch (error) {
      expect(isAppError(error) && error.params.id).toBe(first.id);
    }
    // A relative sharing the phone is another household; so is someone with another ID number.
    expect(registerHouseholdByOfficer(db, officer, { ...input({ representativeName: "Trần Văn Tám", phone: "0933 444 555", nationalId: null }), ...consent }).id).toBeGreaterThan(0);
    const otherId = registerHouseholdByOfficer(db, officer, { ...input({ representativeName: "Lê Văn Chín", phone: "0933 444 556" }), ...consent });
    expect(otherId.id).not.toBe(withId.id);
    expect(findDuplicateHousehold(db, { phone: "+84933444556", nameFolded: "le van chin" })).toMatchObject({ id: withId.id, by: "phoneName" });
    expect(findDuplicateHousehold(db, { phone: "+84933444556", nameFolded: "le van chin" }, withId.id)).toMatchObject({ id: otherId.id });
  });

  it("refuses a commune outside the officer's areas on the commune field", async () => {
    const officer = await makeUser(db, "officer");
    assignOfficerAreas(db, officer.id, [{ kind: "commune", code: DAO_THANH }]);
    expect(await errorOf(() => registerHouseholdByOfficer(db, officer, { ...input({ communeCode: MY_THO }), consentAt: new Date(), consentSource: "x" }))).toMatchObject({
      key: "households:errors.notYourArea",
      status: 403,
      field: "communeCode",
    });
    expect(officerCommuneChoices(db, officer)).toEqual([{ code: DAO_THANH, name: "Phường Đạo Thạnh" }]);
  });
});
