/**
 * Choosing a carrier at checkout (issue 15): the page quotes the farm's partners, the buyer's choice
 * and its signed fee become the order's carrier and delivery fee, with the weight snapshotted; a
 * quote that was altered, is out of date or was for another commune is refused and nothing placed.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { carts, orderItems, orders } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { AppError } from "~/lib/errors";
import { OTHER_COMMUNE } from "~/listings/test-utils";
import { saveFarmShipping } from "~/shipping/farm-settings.server";
import { QUOTE_TTL_MS } from "~/shipping/quote-token.server";
import { answeringCarrier, silentCarrier } from "~/shipping/test-carriers";
import { addToCart } from "./cart.server";
import { checkoutInputFromForm, checkoutPage } from "./checkout-page.server";
import { placeCheckout } from "./checkout.server";
import { addListingTo, buyer, farmWithListing, TEST_COMMUNE } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const at = new Date("2026-05-01T03:00:00Z");
const settings = { pickupName: "Nguyễn Văn Tư", pickupPhone: "0912 345 678", pickupCommuneCode: TEST_COMMUNE, pickupAddressLine: "Ấp 3", weightTolerancePct: "10" };

/** A farm using GHN, a buyer with 2 kg of its mangoes (45.000 ₫/kg) and, optionally, 3 boxes of unknown weight. */
async function cartWithPartnerFarm(options: { unweighed?: boolean } = {}) {
  const farm = await farmWithListing(db, { priceVnd: 45_000, stock: 50 });
  saveFarmShipping(db, farm.farmer, farm.household.id, { carriers: ["ghn"], ...settings }, ["ghn"]);
  const user = { ...(await buyer(db)), sessionId: "test" };
  const cart = db.insert(carts).values({ userId: user.id }).returning().get();
  addToCart(db, cart.id, farm.listing.id, 2);
  if (options.unweighed) addToCart(db, cart.id, addListingTo(db, farm.farmer, farm.household.id, { unit: "box", title: "Hộp dâu" }).id, 3);
  return { ...farm, user, cart };
}

/** The form as the page drew it, with the way chosen for the farm. */
function formFrom(page: Awaited<ReturnType<typeof checkoutPage>>, householdId: number, way: string, changes: Record<string, string> = {}) {
  const form = new FormData();
  const fields: Record<string, string> = {
    idempotencyKey: page.idempotencyKey,
    lines: page.snapshot,
    recipientName: "Trần Thị Bích",
    recipientPhone: "0903 123 456",
    communeCode: page.values.communeCode,
    addressLine: "Số 12",
    [`delivery-${householdId}`]: way,
    [`feebasis-${householdId}`]: page.farms[0].feeBasis,
  };
  for (const p of page.farms[0].partners) fields[`quote-${householdId}-${p.carrier}`] = p.token;
  for (const [k, v] of Object.entries({ ...fields, ...changes })) form.append(k, v);
  return form;
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

const ordersOf = (checkoutId: number) => db.select().from(orders).where(eq(orders.checkoutId, checkoutId)).all();

describe("carriers at checkout", () => {
  it("lists the farm's partner with its fee beside its own ways, the cheapest delivery chosen; a silent one is left out with a note", async () => {
    const { household, user, cart } = await cartWithPartnerFarm();
    const page = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [answeringCarrier("ghn", 22_000), silentCarrier("ghtk")], at);
    const farm = page.farms[0];
    expect(farm).toMatchObject({ householdId: household.id, deliveryFeeVnd: 30_000, weightGrams: 2_000, method: "ghn", feeVnd: 22_000 });
    expect(farm.partners.map((p) => [p.carrier, p.feeVnd])).toEqual([["ghn", 22_000]]);
    // GHTK is configured but this farm does not use it: not asked, no note.
    expect(farm.partnerNotes).toEqual([]);
    expect(page.totalVnd).toBe(90_000 + 22_000);

    saveFarmShipping(db, { id: household.ownerUserId!, role: "farmer" }, household.id, { carriers: ["ghn", "ghtk"], ...settings }, ["ghn", "ghtk"]);
    const again = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [answeringCarrier("ghn", 22_000), silentCarrier("ghtk")], at);
    expect(again.farms[0].partnerNotes).toEqual([{ carrier: "ghtk", reason: "timeout" }]);
  }, 10_000);

  it("placing with the partner records it as the order's carrier with the quoted fee, the order's weight and each line's unit weight", async () => {
    const { household, user, cart } = await cartWithPartnerFarm();
    const page = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [answeringCarrier("ghn", 22_000)], at);
    // The carrier is not asked again: placing gets no carrier at all, only the configured ids.
    const placed = placeCheckout(db, user, { ...checkoutInputFromForm(db, cart.id, formFrom(page, household.id, "ghn")), now: new Date(at.getTime() + 60_000) }, ["ghn"]);
    expect(placed.orders[0]).toMatchObject({ carrier: "ghn", deliveryMethod: "delivery", deliveryFeeVnd: 22_000, weightGrams: 2_000, totalVnd: 90_000 + 22_000 });
    expect(db.select().from(orderItems).where(eq(orderItems.orderId, placed.orders[0].id)).all().map((i) => i.unitWeightGrams)).toEqual([1_000]);
  });

  it("the farm's own delivery and pick-up are recorded as carriers farm and pickup", async () => {
    for (const [way, carrier, method, fee] of [["delivery", "farm", "delivery", 30_000], ["pickup", "pickup", "pickup", 0]] as const) {
      const { household, user, cart } = await cartWithPartnerFarm();
      const page = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [], at);
      expect(page.farms[0].partners).toEqual([]);
      const placed = placeCheckout(db, user, { ...checkoutInputFromForm(db, cart.id, formFrom(page, household.id, way)), now: at }, []);
      expect(ordersOf(placed.checkout.id)[0]).toMatchObject({ carrier, deliveryMethod: method, deliveryFeeVnd: fee, weightGrams: 2_000 });
    }
  });

  it("refuses an altered fee, a quote over 30 minutes old and one for another commune, on the farm's field; nothing is placed", async () => {
    const { household, user, cart } = await cartWithPartnerFarm();
    const page = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [answeringCarrier("ghn", 22_000)], at);
    const token = page.farms[0].partners[0].token;
    const cheaper = token.replace(".22000.", ".2000.");
    const cases: Array<[Record<string, string>, Date, string]> = [
      [{ [`quote-${household.id}-ghn`]: cheaper }, at, "quoteInvalid"],
      [{ [`quote-${household.id}-ghn`]: "" }, at, "quoteInvalid"],
      [{}, new Date(at.getTime() + QUOTE_TTL_MS + 1), "quoteExpired"],
      [{ communeCode: TEST_COMMUNE }, at, "quoteStale"],
    ];
    for (const [changes, now, key] of cases) {
      const input = { ...checkoutInputFromForm(db, cart.id, formFrom(page, household.id, "ghn", changes)), now };
      const error = refusal(() => placeCheckout(db, user, input, ["ghn"]));
      expect(error.messageKey).toBe(`shipping:checkout.errors.${key}`);
      expect(error.field).toBe(`delivery-${household.id}`);
    }
    expect(db.select().from(orders).where(eq(orders.buyerUserId, user.id)).all()).toEqual([]);
  });

  it("a partner the operator no longer configures is refused even with a good quote", async () => {
    const { household, user, cart } = await cartWithPartnerFarm();
    const page = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [answeringCarrier("ghn", 22_000)], at);
    const input = { ...checkoutInputFromForm(db, cart.id, formFrom(page, household.id, "ghn")), now: at };
    expect(refusal(() => placeCheckout(db, user, input, [])).messageKey).toBe("shipping:checkout.errors.partnerNotOffered");
  });

  it("a line without a weight: partners cannot quote this farm and say so; its own delivery is offered and the order's weight stays unknown", async () => {
    const { household, user, cart } = await cartWithPartnerFarm({ unweighed: true });
    const ghn = answeringCarrier("ghn", 22_000);
    const page = await checkoutPage(db, user, cart.id, { provinceCode: "82", communeCode: OTHER_COMMUNE }, [ghn], at);
    expect(ghn.asked).toEqual([]);
    expect(page.farms[0]).toMatchObject({ partners: [], partnerNotes: [{ carrier: null, reason: "noWeight" }], weightGrams: null, method: "delivery" });
    const placed = placeCheckout(db, user, { ...checkoutInputFromForm(db, cart.id, formFrom(page, household.id, "delivery")), now: at }, ["ghn"]);
    expect(placed.orders[0]).toMatchObject({ carrier: "farm", weightGrams: null });
    expect(db.select().from(orderItems).where(eq(orderItems.orderId, placed.orders[0].id)).all().map((i) => i.unitWeightGrams).sort()).toEqual([1_000, null].sort());
  });
});
