import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, orderEvents, outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser, testPhone, TEST_PASSWORD } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { completeClaim, issueClaimCodeByOfficer, verifyClaimCode } from "~/households/claim.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { input } from "~/households/test-fixtures";
import { AppError } from "~/lib/errors";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { listingInput } from "~/listings/test-utils";
import { placeCheckout } from "./checkout.server";
import { orderPageData } from "./order-page.server";
import { requireOrderView } from "./queries.server";
import { transitionOrder } from "./state-machine.server";
import { buyer as makeBuyer, checkoutInput } from "./test-fixtures";

// Orders to a farm that no one has claimed yet: staff of its area take the farm's steps on its
// behalf until the farmer claims the account.
const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

async function unclaimedFarmWithOrder() {
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  const outsider = await makeUser(db, "officer");
  assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
  const phone = testPhone();
  const household = registerHouseholdByOfficer(db, officer, {
    ...input({ phone, displayName: "Vườn sầu riêng Ba Tâm", representativeName: "Trần Văn Tâm" }),
    consentAt: new Date("2026-03-01T02:00:00Z"),
    consentSource: "Phiếu đồng ý giấy",
  });
  verifyHousehold(db, officer, household.id, { method: "in_person_id_card" });
  const listing = createListing(db, officer, household.id, listingInput({ title: "Sầu riêng Ri6", minOrder: 1, stock: 50 }));
  setListingStatus(db, officer, listing.id, "published");
  const buyer = await makeBuyer(db);
  const { orders } = placeCheckout(db, buyer, checkoutInput(db, [{ listingId: listing.id, quantity: 2 }]));
  return { officer, outsider, phone, household, buyer, order: orders[0] };
}

describe("the farm's steps on behalf of a household without an owner", () => {
  it("the area's officer confirms: recorded on behalf, shown so in the timeline, the household told by SMS", async () => {
    const { officer, outsider, buyer, phone, household, order } = await unclaimedFarmWithOrder();
    // The new order is announced to the household as one staff will handle (code only).
    const placed = db.select().from(outbox).where(eq(outbox.recipient, phone)).all().filter((m) => m.template.startsWith("order.placed"));
    expect(placed.map((m) => [m.template, m.payload])).toEqual([["order.placed.unclaimed", { code: order.code }]]);

    // Another area's officer has no part in the order; the buyer cannot take the farm's step.
    expect(refusal(() => transitionOrder(db, outsider, order.id, "confirmed")).status).toBe(404);
    expect(refusal(() => transitionOrder(db, buyer, order.id, "confirmed")).messageKey).toBe("orders:errors.notYourStep");
    // Only the farm's steps: cancelling is the buyer's.
    expect(refusal(() => transitionOrder(db, officer, order.id, "cancelled")).messageKey).toBe("orders:errors.notYourStep");

    // The officer's order page offers the farm's steps.
    expect(requireOrderView(db, officer, order.code, "officer").steps).toEqual(["confirmed", "rejected"]);
    const confirmed = transitionOrder(db, officer, order.id, "confirmed");
    expect(confirmed.status).toBe("confirmed");
    const event = db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "confirmed"))).get();
    expect(event).toMatchObject({ actorUserId: officer.id, actorRole: "farm", onBehalf: true });

    const view = requireOrderView(db, officer, order.code, "officer");
    expect(view.steps).toEqual(["packed", "shipped"]);
    const timeline = orderPageData(view.detail, view.steps).events;
    expect(timeline.at(-1)).toMatchObject({ toStatus: "confirmed", actorName: officer.name, onBehalfOf: "Vườn sầu riêng Ba Tâm" });

    const sms = db.select().from(outbox).where(and(eq(outbox.recipient, phone), eq(outbox.template, "order.confirmed.onBehalf"))).all();
    expect(sms).toHaveLength(1);
    expect(sms[0].channel).toBe("sms");
    expect(sms[0].body).toContain(order.code);
    // Only the order code and the step: no buyer, no farm name, no amount.
    expect(sms[0].body).not.toContain("Trần");
    expect(sms[0].body).not.toContain(household.displayName);
    expect(sms[0].body).not.toMatch(/₫/);
    expect(sms[0].payload).toEqual({ code: order.code });
    // The buyer is told as usual.
    expect(db.select().from(outbox).where(eq(outbox.template, "order.confirmed.buyer")).all().some((m) => m.body.includes(order.code))).toBe(true);

    const log = db.select().from(activityLog).where(and(eq(activityLog.householdId, household.id), eq(activityLog.action, "order.onBehalf"))).all();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorUserId: officer.id, detail: { code: order.code, from: "placed", to: "confirmed" } });
  });

  it("after the claim the officer can no longer take the farm's steps; the farmer can", async () => {
    const { officer, phone, household, order } = await unclaimedFarmWithOrder();
    transitionOrder(db, officer, order.id, "confirmed");

    const given = issueClaimCodeByOfficer(db, officer, household.id);
    const ticket = verifyClaimCode(db, { phone, code: given.code });
    const { user: farmer } = await completeClaim(db, { ticket, householdId: household.id, signedIn: null, password: TEST_PASSWORD });

    expect(refusal(() => transitionOrder(db, officer, order.id, "shipped")).status).toBe(404);
    expect(requireOrderView(db, officer, order.code, "officer").steps).toEqual([]);
    // The farmer sees it as their own order and ships it.
    expect(requireOrderView(db, farmer, order.code, "farm").steps).toEqual(["packed", "shipped"]);
    expect(transitionOrder(db, farmer, order.id, "shipped").status).toBe("shipped");
    const shipped = db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "shipped"))).get();
    expect(shipped).toMatchObject({ actorUserId: farmer.id, actorRole: "farm", onBehalf: false });
    expect(db.select().from(outbox).where(and(eq(outbox.recipient, phone), eq(outbox.template, "order.shipped.farm"))).all()).toHaveLength(1);
  });
});
