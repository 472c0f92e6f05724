import { and, desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, householdEvents, outbox, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { verifyPassword } from "~/accounts/password.server";
import { makeUser, testPhone, TEST_PASSWORD } from "~/accounts/test-utils";
import { findUserByPhone, insertUser } from "~/accounts/users.server";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { isAppError } from "~/lib/errors";
import {
  claimableHouseholds,
  claimAccountState,
  CLAIM_TICKET_MINUTES,
  completeClaim,
  issueClaimCodeByOfficer,
  startClaim,
  ticketValid,
  verifyClaimCode,
  type ClaimTicket,
} from "./claim.server";
import { type Actor } from "~/accounts/access.server";
import { getHousehold, getHouseholdForUser } from "./records.server";
import { registerHouseholdByOfficer } from "./registration.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const DAO_THANH = "28249";
const MY_THO = "28261";

let cccdSeq = 300_000_000;
const nextCccd = () => `082${String(++cccdSeq).padStart(9, "0")}`;

async function errorOf(fn: () => unknown): Promise<{ key: string; status: number; field?: string; params: Record<string, unknown> }> {
  try {
    await fn();
  } catch (error) {
    if (isAppError(error)) return { key: error.messageKey, status: error.status, field: error.field, params: error.params };
    throw error;
  }
  throw new Error("expected an AppError");
}

let officer: Actor;
let outsider: Actor;
let admin: Actor;
const ready = (async () => {
  const o = await makeUser(db, "officer");
  assignOfficerAreas(db, o.id, [{ kind: "province", code: "82" }]);
  const x = await makeUser(db, "officer");
  assignOfficerAreas(db, x.id, [{ kind: "province", code: "86" }]);
  const a = await makeUser(db, "admin");
  officer = { id: o.id, role: "officer" };
  outsider = { id: x.id, role: "officer" };
  admin = { id: a.id, role: "admin" };
})();

function register(phone: string, name = "Nguyễn Văn Tư", communeCode = DAO_THANH, by: Actor = officer) {
  return registerHouseholdByOfficer(db, by, {
    kind: "household",
    representativeName: name,
    displayName: `Vườn ${name}`,
    phone,
    nationalId: nextCccd(),
    communeCode,
    delivery: { pickup: true },
    consentAt: new Date("2026-03-01T02:00:00Z"),
    consentSource: "Phiếu đồng ý giấy",
  });
}

/** The code texted to a phone, as the farmer reads it from the SMS. */
function smsCode(phone: string): string {
  const row = db.select({ body: outbox.body }).from(outbox).where(eq(outbox.recipient, phone)).orderBy(desc(outbox.id)).limit(1).get();
  const code = row?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code sent to ${phone}`);
  return code;
}

describe("starting a claim", () => {
  it("sends a code to a phone with a household waiting, and refuses a phone with none", async () => {
    await ready;
    const phone = testPhone();
    register(phone);
    expect(startClaim(db, { phone: phone.replace("+84", "0"), locale: "vi" })).toEqual({ phone });
    const sms = db.select().from(outbox).where(eq(outbox.recipient, phone)).orderBy(desc(outbox.id)).get();
    expect(sms?.template).toBe("otp.claim");
    expect(sms?.body).toMatch(/Mã nhận hồ sơ nông hộ/);

    const nobody = testPhone();
    expect(await errorOf(() => startClaim(db, { phone: nobody, locale: "vi" }))).toMatchObject({
      key: "households:claim.errors.nothingToClaim",
      field: "phone",
      status: 404,
    });
    expect(await errorOf(() => startClaim(db, { phone: "12ab", locale: "vi" }))).toMatchObject({ key: "accounts:phone.invalidCharacters", field: "phone" });
  });

  it("is rate-limited per phone (through issueCode) and per IP", async () => {
    await ready;
    const phone = testPhone();
    register(phone);
    for (let i = 0; i < 3; i++) startClaim(db, { phone, locale: "vi", clientIp: "10.9.9.9" });
    expect(await errorOf(() => startClaim(db, { phone, locale: "vi" }))).toMatchObject({ key: "accounts:errors.tooManyCodes", status: 429 });
  });
});

describe("the officer's hand-over code", () => {
  it("is issued for a household of the officer's area, sent by SMS and logged", async () => {
    await ready;
    const phone = testPhone();
    const h = register(phone);
    const given = issueClaimCodeByOfficer(db, officer, h.id);
    expect(given.code).toMatch(/^\d{6}$/);
    expect(given.phone).toBe(phone);
    expect(smsCode(phone)).toBe(given.code);
    const log = db.select().from(activityLog).where(and(eq(activityLog.householdId, h.id), eq(activityLog.action, "household.claimCode"))).all();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorUserId: officer.id, communeCode: DAO_THANH });
    // The ticket from that code names this household only.
    const ticket = verifyClaimCode(db, { phone, code: given.code });
    expect(ticket).toMatchObject({ phone, householdId: h.id });
    // An administrator may give one too.
    expect(issueClaimCodeByOfficer(db, admin, register(testPhone()).id).code).toMatch(/^\d{6}$/);
  });

  it("is refused outside the officer's area, for a claimed household, and for a missing one", async () => {
    await ready;
    const h = register(testPhone());
    expect(await errorOf(() => issueClaimCodeByOfficer(db, outsider, h.id))).toMatchObject({ key: "households:errors.notYourArea", status: 403 });
    expect(await errorOf(() => issueClaimCodeByOfficer(db, officer, 999_999))).toMatchObject({ status: 404 });
    const farmer = await makeUser(db, "farmer");
    expect(await errorOf(() => issueClaimCodeByOfficer(db, { id: farmer.id, role: "farmer" }, h.id))).toMatchObject({ status: 403 });
    // Nothing was logged for the refusals.
    expect(db.select().from(activityLog).where(eq(activityLog.householdId, h.id)).all().filter((r) => r.action === "household.claimCode")).toEqual([]);
  });
});

describe("checking the code", () => {
  it("refuses a wrong code with the attempts left, and an expired one", async () => {
    await ready;
    const phone = testPhone();
    register(phone);
    startClaim(db, { phone, locale: "vi" });
    const code = smsCode(phone);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await errorOf(() => verifyClaimCode(db, { phone, code: wrong }))).toMatchObject({ key: "accounts:errors.codeWrong", field: "code", params: { left: 4 } });
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await errorOf(() => verifyClaimCode(db, { phone, code, now: later }))).toMatchObject({ key: "accounts:errors.codeExpired" });
    // Still usable in time, once.
    const ticket = verifyClaimCode(db, { phone, code });
    expect(ticket.householdId).toBeNull();
    expect(ticket.expiresAt - Date.now()).toBeGreaterThan((CLAIM_TICKET_MINUTES - 1) * 60_000);
    expect(await errorOf(() => verifyClaimCode(db, { phone, code }))).toMatchObject({ key: "accounts:errors.codeInvalid" });
  });

  it("does not spend a code when nothing is left to claim", async () => {
    await ready;
    const phone = testPhone();
    expect(await errorOf(() => verifyClaimCode(db, { phone, code: "123456" }))).toMatchObject({ key: "households:claim.errors.nothingToClaim" });
  });
});

describe("completing the claim", () => {
  const ticketFor = (phone: string, householdId: number | null = null): ClaimTicket => ({ phone, householdId, expiresAt: Date.now() + 60_000 });

  it("creates a verified farmer account, activates the household with an event, and tells the household's phone", async () => {
    await ready;
    const phone = testPhone();
    const h = register(phone, "Lê Thị Mai");
    startClaim(db, { phone, locale: "vi" });
    const ticket = verifyClaimCode(db, { phone, code: smsCode(phone) });
    const { user, household } = await completeClaim(db, { ticket, householdId: h.id, signedIn: null, name: "", password: TEST_PASSWORD });
    expect(user).toMatchObject({ phone, role: "farmer", name: "Lê Thị Mai" });
    expect(user.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyPassword(user.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(household).toMatchObject({ id: h.id, ownerUserId: user.id, status: "activated" });
    const events = db.select().from(householdEvents).where(eq(householdEvents.householdId, h.id)).all();
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actorUserId])).toEqual([
      [null, "registered", officer.id],
      ["registered", "activated", user.id],
    ]);
    const notice = db.select().from(outbox).where(and(eq(outbox.recipient, phone), eq(outbox.template, "claim.done"))).get();
    expect(notice?.body).toContain("Vườn Lê Thị Mai");
    // A second claim of the same household is refused.
    expect(await errorOf(() => completeClaim(db, { ticket, householdId: h.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.alreadyClaimed",
      status: 409,
    });
  });

  it("checks the password before anything is written", async () => {
    await ready;
    const phone = testPhone();
    const h = register(phone);
    const ticket = ticketFor(phone);
    expect(await errorOf(() => completeClaim(db, { ticket, householdId: h.id, signedIn: null, password: "" }))).toMatchObject({
      key: "accounts:errors.passwordRequired",
      field: "password",
    });
    expect(await errorOf(() => completeClaim(db, { ticket, householdId: h.id, signedIn: null, password: phone.replace("+84", "0") }))).toMatchObject({
      key: "accounts:errors.passwordIsPhone",
    });
    expect(findUserByPhone(db, phone)).toBeUndefined();
    expect(getHousehold(db, h.id)?.status).toBe("registered");
  });

  it("lists every household of a shared phone and gives the farmer the one they pick", async () => {
    await ready;
    const phone = testPhone();
    const first = register(phone, "Trần Văn Một");
    const second = register(phone, "Trần Thị Hai");
    expect(claimableHouseholds(db, phone).map((h) => h.representativeName)).toEqual(["Trần Văn Một", "Trần Thị Hai"]);
    expect(claimableHouseholds(db, phone)[0].communeName).toMatch(/Đạo Thạnh/);
    const { user } = await completeClaim(db, { ticket: ticketFor(phone), householdId: second.id, signedIn: null, name: "Trần Thị Hai", password: TEST_PASSWORD });
    expect(getHousehold(db, second.id)?.ownerUserId).toBe(user.id);
    expect(getHousehold(db, first.id)?.ownerUserId).toBeNull();
    expect(claimableHouseholds(db, phone).map((h) => h.id)).toEqual([first.id]);

    // The phone's account now owns a household: the other one needs an account on another phone.
    expect(claimAccountState(db, ticketFor(phone), null)).toBe("phoneAccountHasHousehold");
    expect(await errorOf(() => completeClaim(db, { ticket: ticketFor(phone), householdId: first.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.phoneAccountHasHousehold",
    });
    const relative = await makeUser(db, "farmer");
    const claimed = await completeClaim(db, { ticket: ticketFor(phone), householdId: first.id, signedIn: { id: relative.id } });
    expect(claimed.household).toMatchObject({ ownerUserId: relative.id, status: "activated" });
  });

  it("never attaches a household the ticket does not cover", async () => {
    await ready;
    const phone = testPhone();
    const mine = register(phone);
    const other = register(testPhone());
    expect(await errorOf(() => completeClaim(db, { ticket: ticketFor(phone), householdId: other.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.notOnThisPhone",
      status: 403,
    });
    // An officer's code for one household does not open its neighbour on the same phone.
    const neighbour = register(phone, "Phạm Văn Ba");
    expect(
      await errorOf(() => completeClaim(db, { ticket: ticketFor(phone, mine.id), householdId: neighbour.id, signedIn: null, password: TEST_PASSWORD })),
    ).toMatchObject({ key: "households:claim.errors.notOnThisPhone" });
    // No ticket, or an expired one.
    expect(await errorOf(() => completeClaim(db, { ticket: null, householdId: mine.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.ticketExpired",
      status: 401,
    });
    const stale = { phone, householdId: null, expiresAt: Date.now() - 1 };
    expect(ticketValid(stale)).toBe(false);
    expect(await errorOf(() => completeClaim(db, { ticket: stale, householdId: mine.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.ticketExpired",
    });
    expect(getHousehold(db, mine.id)?.ownerUserId).toBeNull();
  });

  it("asks the owner of an existing account on the phone to log in first, then claims into it", async () => {
    await ready;
    const phone = testPhone();
    const buyer = await makeUser(db, "buyer", { phone });
    const h = register(phone);
    expect(claimAccountState(db, ticketFor(phone), null)).toBe("loginFirst");
    expect(await errorOf(() => completeClaim(db, { ticket: ticketFor(phone), householdId: h.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.loginFirst",
      status: 409,
    });
    expect(getHousehold(db, h.id)?.ownerUserId).toBeNull();
    const { user } = await completeClaim(db, { ticket: ticketFor(phone), householdId: h.id, signedIn: { id: buyer.id } });
    // A buyer who claims a farm becomes a farmer; the household is theirs.
    expect(user).toMatchObject({ id: buyer.id, role: "farmer" });
    expect(getHouseholdForUser(db, buyer.id)?.id).toBe(h.id);
  });

  it("completes a password-less account made for the phone", async () => {
    await ready;
    const phone = testPhone();
    const waiting = insertUser(db, { phone, name: "Chưa có mật khẩu", passwordHash: null, role: "farmer", locale: "vi", phoneVerified: false });
    const h = register(phone);
    expect(claimAccountState(db, ticketFor(phone), null)).toBe("passwordless");
    const { user } = await completeClaim(db, { ticket: ticketFor(phone), householdId: h.id, signedIn: null, name: "Võ Văn Năm", password: TEST_PASSWORD });
    expect(user.id).toBe(waiting.id);
    expect(user.name).toBe("Võ Văn Năm");
    expect(user.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyPassword(user.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(getHousehold(db, h.id)?.status).toBe("activated");
  });

  it("refuses staff accounts and accounts that already own a household", async () => {
    await ready;
    const phone = testPhone();
    const h = register(phone);
    expect(await errorOf(() => completeClaim(db, { ticket: ticketFor(phone), householdId: h.id, signedIn: { id: officer.id } }))).toMatchObject({
      key: "households:claim.errors.staffAccount",
      status: 403,
    });
    const owner = await makeUser(db, "farmer");
    await completeClaim(db, { ticket: ticketFor(phone), householdId: h.id, signedIn: { id: owner.id } });
    const another = register(phone, "Huỳnh Văn Sáu");
    expect(await errorOf(() => completeClaim(db, { ticket: ticketFor(phone), householdId: another.id, signedIn: { id: owner.id } }))).toMatchObject({
      key: "households:claim.errors.alreadyHasHousehold",
    });
    // An officer whose own phone is the household's cannot claim it either.
    const staffPhone = testPhone();
    await makeUser(db, "officer", { phone: staffPhone });
    const onStaffPhone = register(staffPhone);
    expect(claimAccountState(db, ticketFor(staffPhone), null)).toBe("staff");
    expect(await errorOf(() => completeClaim(db, { ticket: ticketFor(staffPhone), householdId: onStaffPhone.id, signedIn: null, password: TEST_PASSWORD }))).toMatchObject({
      key: "households:claim.errors.staffAccount",
    });
    const stored = db.select({ role: users.role }).from(users).where(eq(users.phone, staffPhone)).get();
    expect(stored?.role).toBe("officer");
  });

  it("is only for households registered by an officer and not yet claimed", async () => {
    await ready;
    const phone = testPhone();
    const h = register(phone, "Lý Văn Bảy", MY_THO, admin);
    expect(claimableHouseholds(db, phone, h.id)).toHaveLength(1);
    const farmer = await makeUser(db, "farmer");
    await completeClaim(db, { ticket: ticketFor(phone), householdId: h.id, signedIn: { id: farmer.id } });
    expect(claimableHouseholds(db, phone)).toEqual([]);
    expect(await errorOf(() => startClaim(db, { phone, locale: "vi" }))).toMatchObject({ key: "households:claim.errors.nothingToClaim" });
  });
});
