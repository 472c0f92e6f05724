/**
 * Helpers for the payments tests: a verified farm with a bank account and a listing, a buyer, and
 * checkouts placed through the orders module. Not imported by application code.
 */
import crypto from "node:crypto";
import Stripe from "stripe";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { createOwnHousehold } from "~/households/profile.server";
import type { Db } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { householdInput, listingInput, TEST_COMMUNE } from "~/listings/test-utils";
import { placeCheckout } from "~/orders/checkout.server";
import type { PaymentMethod } from "../../db/schema";

const TEST_WEBHOOK_SECRET = "whsec_test_payments_secret";
const TEST_STRIPE_KEY = "sk_test_payments_fake_key";

/** Points the app's Stripe client at the local fake (or switches card payments off with null). */
export function useStripe(apiUrl: string | null) {
  if (apiUrl) {
    process.env.STRIPE_SECRET_KEY = TEST_STRIPE_KEY;
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    process.env.STRIPE_API_URL = apiUrl;
  } else {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_API_URL;
  }
  resetEnvForTests();
}

/** A verified farm (with a VietQR bank account unless bank: false) selling one listing. */
export async function farmWithListing(db: Db, options: { bank?: boolean; stock?: number; priceVnd?: number; name?: string } = {}) {
  const farmer = await makeUser(db, "farmer");
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  const bank = options.bank === false ? {} : { bankBin: "970405", bankAccountNumber: "7000 1234 5678", bankAccountName: "NGUYEN VAN TU" };
  let household = createOwnHousehold(db, farmer, householdInput({ displayName: options.name ?? "Vườn xoài Tư Lộc", ...bank }));
  household = verifyHousehold(db, officer, household.id, { method: "in_person_id_card", note: "CCCD checked" });
  const draft = createListing(db, farmer, household.id, listingInput({ stock: options.stock ?? 200, priceVnd: options.priceVnd ?? 45_000, minOrder: 1 }));
  const listing = setListingStatus(db, farmer, draft.id, "published");
  return { farmer, officer, household, listing };
}

/** A checkout of `quantity` units of each listing, paid by `method`, picked up at the farms. */
export function checkoutOf(
  db: Db,
  buyer: { id: number },
  items: Array<{ listing: { id: number; householdId: number; priceVnd: number }; quantity: number }>,
  method: PaymentMethod,
) {
  return placeCheckout(db, buyer, {
    idempotencyKey: crypto.randomBytes(12).toString("base64url"),
    paymentMethod: method,
    recipientName: "Trần Thị Bích",
    recipientPhone: "0909 123 456",
    communeCode: TEST_COMMUNE,
    addressLine: "12 Lê Lợi",
    lines: items.map(({ listing, quantity }) => ({ listingId: listing.id, quantity, seenPriceVnd: listing.priceVnd })),
    delivery: Object.fromEntries(items.map(({ listing }) => [listing.householdId, "pickup" as const])),
  });
}

export const makeBuyer = (db: Db) => makeUser(db, "buyer");

/** A webhook request as Stripe sends it: the raw JSON body signed with the endpoint's secret. */
export function signedWebhookRequest(event: object, options: { secret?: string; signature?: string } = {}): Request {
  const payload = JSON.stringify(event);
  const signature = options.signature ?? Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? TEST_WEBHOOK_SECRET });
  return new Request("http://localhost/webhooks/stripe", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
    body: payload,
  });
}
