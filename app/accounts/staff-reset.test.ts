/**
 * Password resets started by staff (/quan-ly/dat-lai-mat-khau): an officer reaches only farmers whose
 * household lies in their areas, the page tells nothing about a number, and attempts are counted.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, type User } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { createOwnHousehold } from "~/households/profile.server";
import { householdInput, OTHER_COMMUNE, TEST_COMMUNE } from "~/listings/test-utils";
import * as staffReset from "~/routes/quan-ly.dat-lai-mat-khau";
import { completePasswordReset, startResetForUser } from "./auth.server";
import { RATE_RULES } from "./rate-limit.server";
import { formRequest, makeUser, routeArgs, signIn, testPhone, thrown } from "./test-utils";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const messagesTo = (phone: string) => db.select().from(outbox).where(eq(outbox.recipient, phone)).all();

let officerHere: User;
let officerThere: User;
let admin: User;
beforeAll(async () => {
  officerHere = await makeUser(db, "officer");
  officerThere = await makeUser(db, "officer");
  admin = await makeUser(db, "admin");
  assignOfficerAreas(db, officerHere.id, [{ kind: "commune", code: TEST_COMMUNE }]);
  assignOfficerAreas(db, officerThere.id, [{ kind: "commune", code: OTHER_COMMUNE }]);
});

async function farmerIn(commune: string, name = "Nguyễn Thị Bảy") {
  const farmer = await makeUser(db, "farmer", { name });
  createOwnHousehold(db, farmer, householdInput({ communeCode: commune, phone: farmer.phone }));
  return farmer;
}

describe("startResetForUser", () => {
  it("an officer reaches a farmer of their own area; the code goes to the farmer, never to the officer", async () => {
    const farmer = await farmerIn(TEST_COMMUNE);
    const result = startResetForUser(db, officerHere, { phone: farmer.phone });
    expect(result).toEqual({ phone: farmer.phone, sent: true });
    const sms = messagesTo(farmer.phone).pop()!;
    expect(sms.template).toBe("otp.reset");
    expect(JSON.stringify(result)).not.toContain(String(sms.payload.code));
    await completePasswordReset(db, { phone: farmer.phone, code: String(sms.payload.code), password: "luc ngan moi 22" });
  });

  it("an officer of another commune cannot send a code to that farmer", async () => {
    const farmer = await farmerIn(TEST_COMMUNE);
    expect(startResetForUser(db, officerThere, { phone: farmer.phone })).toEqual({ phone: farmer.phone, sent: false });
    expect(messagesTo(farmer.phone)).toHaveLength(0);
  });

  it("buyers, farmers without a household and staff: administrators only; nobody for themself or an administrator", async () => {
    const buyer = await makeUser(db, "buyer");
    const lone = await makeUser(db, "farmer");
    const otherOfficer = await makeUser(db, "officer");
    const otherAdmin = await makeUser(db, "admin");
    for (const target of [buyer, lone, otherOfficer, otherAdmin, officerHere]) {
      expect(startResetForUser(db, officerHere, { phone: target.phone }).sent).toBe(false);
    }
    expect(startResetForUser(db, admin, { phone: buyer.phone }).sent).toBe(true);
    expect(startResetForUser(db, admin, { phone: lone.phone }).sent).toBe(true);
    expect(startResetForUser(db, admin, { phone: otherOfficer.phone }).sent).toBe(true);
    expect(startResetForUser(db, admin, { phone: otherAdmin.phone }).sent).toBe(false);
    expect(messagesTo(otherAdmin.phone)).toHaveLength(0);
  });

  it("counts every attempt per staff member and refuses past the limit with the minutes to wait", async () => {
    const officer = await makeUser(db, "officer");
    for (let i = 0; i < RATE_RULES.staffReset.limit; i++) startResetForUser(db, officer, { phone: testPhone() });
    expect(() => startResetForUser(db, officer, { phone: testPhone() })).toThrow(
      expect.objectContaining({ messageKey: "accounts:errors.tooManyStaffResets", status: 429 }),
    );
  });
});

describe("the staff reset page", () => {
  const post = async (cookie: string, phone: string) => {
    const response = (await staffReset.action(routeArgs(formRequest("/quan-ly/dat-lai-mat-khau", { phone }, cookie)))) as Response;
    return { status: response.status, body: await response.text() };
  };

  it("answers the same for a farmer of the area, a farmer elsewhere and a number nobody has, and names nobody", async () => {
    const here = await farmerIn(TEST_COMMUNE, "Trần Văn Mười Hai");
    const there = await farmerIn(OTHER_COMMUNE, "Lê Thị Mười Ba");
    const cookie = await signIn(db, officerHere.id);
    const answers = await Promise.all([here.phone, there.phone, testPhone()].map((phone) => post(cookie, phone)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toMatch(/Mười Hai|Mười Ba/);
    }
    const shape = (a: { body: string }) => JSON.stringify({ ...JSON.parse(a.body), sent: null });
    expect(new Set(answers.map(shape)).size).toBe(1);
    expect(messagesTo(here.phone)).toHaveLength(1);
    expect(messagesTo(there.phone)).toHaveLength(0);
  });

  it("is closed to buyers and farmers (localized 403)", async () => {
    for (const role of ["buyer", "farmer"] as const) {
      const user = await makeUser(db, role);
      const cookie = await signIn(db, user.id);
      const victim = await farmerIn(TEST_COMMUNE);
      const page = await thrown(staffReset.action(routeArgs(formRequest("/quan-ly/dat-lai-mat-khau", { phone: victim.phone }, cookie))));
      expect(page.status).toBe(403);
      expect(await page.json()).toEqual({ messageKey: "common:errors.forbiddenText" });
      expect(messagesTo(victim.phone)).toHaveLength(0);
    }
  });
});
