import { and, eq, inArray } from "drizzle-orm";
import {
  cartItems,
  carts,
  checkouts,
  households,
  listings,
  orderEvents,
  orderItems,
  orders,
  type CarrierId,
  type Checkout,
  type Household,
  type Listing,
  type Order,
  type PaymentMethod,
} from "../../db/schema";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { indexListing } from "~/catalog/search-index.server";
import { canPublish } from "~/households/records.server";
import { now as clockNow } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { normalizePhone } from "~/lib/phone";
import { MAX_QUANTITY, lineTotalVnd, parseQuantity, quantityInputValue, roundQuantity } from "~/lib/quantity";
import { cleanText } from "~/lib/text";
import { recordListingEvent } from "~/listings/listings.server";
import { quantityRule, unitWeightGrams } from "~/listings/options";
import { cardForWholeCart, createPaymentRows, paymentMethodsForHousehold, type FarmPaymentMethod } from "~/payments/payments.server";
import { configuredPartners } from "~/shipping/registry.server";
import { orderWeightGrams } from "~/shipping/quotes.server";
import type { DeliveryChoice } from "./checkout-carriers.server";
import { deliveryQuote, feeAtRender, partnerFee, type FeeBasis } from "./checkout-rules.server";
import { orderCode, transferReference } from "./codes";
import { ensureHousekeeping } from "./housekeeping.server";
import { notifyOrderStep } from "./notify.server";

/**
 * Checkout: one buyer confirmation becomes one order per farm, sharing a checkout id. Everything
 * happens in ONE immediate better-sqlite3 transaction — prices and stock re-read, stock reserved
 * with a guarded UPDATE, orders, items, events, payment rows, notifications — so concurrent
 * checkouts can never oversell and a failure leaves nothing behind. Nothing async runs inside.
 */

export type DeliveryMethod = "pickup" | "delivery";

/** One line as the buyer saw it on the checkout page. */
export interface CheckoutLine {
  listingId: number;
  quantity: number;
  seenPriceVnd: number;
}

export interface CheckoutInput {
  /** from the form: a double tap sends the same key and gets the same checkout */
  idempotencyKey: string;
  /** "card": the whole checkout in one Stripe payment; otherwise the method of every farm not in `payments` */
  paymentMethod: PaymentMethod;
  /** each farm's own method, per household id (decision 0018) */
  payments?: Record<number, FarmPaymentMethod>;
  recipientName: string;
  /** any accepted written form; stored as E.164 */
  recipientPhone: string;
  /** current-set commune code */
  communeCode: string;
  addressLine: string;
  note?: string | null;
  lines: CheckoutLine[];
  /** per household id: pick-up, the farm delivers, or a partner */
  delivery: Record<number, DeliveryChoice>;
  /** per household id, the signed quote of the partner chosen (checkout-carriers.server.ts) */
  partnerQuotes?: Record<number, string>;
  /**
   * per household id, the farm's fee settings when the page was drawn: the fee they give for the
   * submitted commune is what the buyer agreed to; a different fee now is a change to show
   */
  feeBasis?: Record<number, FeeBasis>;
  now?: Date;
}

export interface CheckoutChange {
  kind: "price" | "stock" | "unavailable" | "minOrder" | "fee";
  listingId: number | null;
  householdId: number;
  title: string;
  before: number | null;
  after: number | null;
}

/** Prices, stock or fees moved since the buyer saw them: nothing was placed; show the changes. */
export class CheckoutChangedError extends AppError {
  constructor(public changes: CheckoutChange[]) {
    super("orders:errors.changed", 409);
    this.name = "CheckoutChangedError";
  }
}

const RECIPIENT_MAX = 100;
const ADDRESS_MAX = 200;
const NOTE_MAX = 500;
const MAX_LINES = 50;

function fail(key: string, field?: string, status = 400, params: Record<string, string | number> = {}): never {
  throw new AppError(`orders:errors.${key}`, status, params, field);
}

function validate(db: Db, input: CheckoutInput) {
  const key = cleanText(input.idempotencyKey ?? "");
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(key)) fail("formExpired");
  const recipientName = cleanText(input.recipientName ?? "");
  if (!recipientName) fail("required", "recipientName");
  if (recipientName.length > RECIPIENT_MAX) fail("tooLong", "recipientName", 400, { max: RECIPIENT_MAX });
  const phone = normalizePhone(input.recipientPhone);
  if (!phone.ok) throw new AppError(`accounts:phone.${phone.reason}`, 400, {}, "recipientPhone");
  if (!getCurrentCommune(db, input.communeCode ?? "")) fail("communeRequired", "communeCode");
  const addressLine = cleanText(input.addressLine ?? "");
  if (!addressLine) fail("required", "addressLine");
  if (addressLine.length > ADDRESS_MAX) fail("tooLong", "addressLine", 400, { max: ADDRESS_MAX });
  const note = cleanText(input.note ?? "");
  if (note.length > NOTE_MAX) fail("tooLong", "note", 400, { max: NOTE_MAX });
  if (input.lines.length === 0) fail("cartEmpty");
  if (input.lines.length > MAX_LINES) fail("tooManyLines", undefined, 400, { max: MAX_LINES });
  const seen = new Set<number>();
  for (const line of input.lines) {
    // Fractions are allowed here (0.5 kg); whether this listing takes them is checked against its step below.
    const quantityOk = Number.isFinite(line.quantity) && line.quantity > 0 && line.quantity <= MAX_QUANTITY && roundQuantity(line.quantity) === line.quantity;
    if (!Number.isSafeInteger(line.listingId) || !quantityOk) fail("quantityInvalid");
    if (!Number.isSafeInteger(line.seenPriceVnd) || line.seenPriceVnd < 0) fail("formExpired");
    if (seen.has(line.listingId)) fail("formExpired");
    seen.add(line.listingId);
  }
  return { key, recipientName, recipientPhone: phone.e164, communeCode: input.communeCode, addressLine, note };
}

/** The checkout a buyer already made with this key, with its orders. */
export function findCheckout(db: Db, buyerUserId: number, idempotencyKey: string): { checkout: Checkout; orders: Order[] } | null {
  const checkout = db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.buyerUserId, buyerUserId), eq(checkouts.idempotencyKey, idempotencyKey)))
    .get();
  if (!checkout) return null;
  return { checkout, orders: db.select().from(orders).where(eq(orders.checkoutId, checkout.id)).orderBy(orders.id).all() };
}

interface FarmGroup {
  household: Household;
  lines: Array<{ listing: Listing; quantity: number }>;
  subtotalVnd: number;
  method: DeliveryMethod;
  carrier: CarrierId;
  feeVnd: number;
  payment: PaymentMethod;
}

/** The checkout row's summary of its orders' methods: card, else a transfer if any order has one, else cash. */
function checkoutMethod(farms: FarmGroup[]): PaymentMethod {
  if (farms.some((g) => g.payment === "card")) return "card";
  return farms.some((g) => g.payment === "bank_transfer") ? "bank_transfer" : "cod";
}

/**
 * Places a checkout. Returns the new checkout and its orders, or — for a repeated key — the first
 * one (repeated: true). Throws CheckoutChangedError when prices, stock, minimums or fees differ
 * from what the buyer saw, AppError for invalid input.
 */
export function placeCheckout(
  db: Db,
  buyer: { id: number },
  input: CheckoutInput,
  /** the partners the operator has configured */
  partners: readonly CarrierId[] = configuredPartners().map((c) => c.id),
): { checkout: Checkout; orders: Order[]; repeated: boolean } {
  const clean = validate(db, input);
  const now = input.now ?? clockNow();
  const config = env();

  return db.transaction(
    () => {
      // Inside the write lock, so two concurrent submits of one form cannot both miss it.
      const previous = findCheckout(db, buyer.id, clean.key);
      if (previous) return { ...previous, repeated: true };

      const ids = input.lines.map((l) => l.listingId);
      const rows = db
        .select({ listing: listings, household: households })
        .from(listings)
        .innerJoin(households, eq(households.id, listings.householdId))
        .where(inArray(listings.id, ids))
        .all();
      const byId = new Map(rows.map((r) => [r.listing.id, r]));

      const changes: CheckoutChange[] = [];
      const groups = new Map<number, FarmGroup>();
      for (const line of input.lines) {
        const row = byId.get(line.listingId);
        if (!row || row.listing.status !== "published" || !canPublish(row.household)) {
          changes.push({ kind: "unavailable", listingId: line.listingId, householdId: row?.household.id ?? 0, title: row?.listing.title ?? "", before: line.quantity, after: null });
          continue;
        }
        const { listing, household } = row;
        if (household.ownerUserId === buyer.id) fail("ownListing", undefined, 409);
        // The same rule as the cart: the listing's step, whole numbers for counted units.
        if (!parseQuantity(quantityInputValue(line.quantity), quantityRule(listing)).ok) fail("quantityInvalid");
        if (listing.priceVnd !== line.seenPriceVnd) {
          changes.push({ kind: "price", listingId: listing.id, householdId: household.id, title: listing.title, before: line.seenPriceVnd, after: listing.priceVnd });
        }
        if (listing.stock < line.quantity) {
          changes.push({ kind: "stock", listingId: listing.id, householdId: household.id, title: listing.title, before: line.quantity, after: listing.stock });
        } else if (line.quantity < listing.minOrder) {
          changes.push({ kind: "minOrder", listingId: listing.id, householdId: household.id, title: listing.title, before: line.quantity, after: listing.minOrder });
        }
        let group = groups.get(household.id);
        if (!group) {
          group = { household, lines: [], subtotalVnd: 0, method: "pickup", carrier: "pickup", feeVnd: 0, payment: "cod" };
          groups.set(household.id, group);
        }
        group.lines.push({ listing, quantity: line.quantity });
        group.subtotalVnd += lineTotalVnd(listing.priceVnd, line.quantity);
      }

      for (const group of groups.values()) {
        const { household } = group;
        const chosen = input.delivery[household.id];
        if (!chosen) fail("deliveryRequired", `delivery-${household.id}`);
        group.method = chosen === "pickup" ? "pickup" : "delivery";
        group.carrier = chosen === "pickup" ? "pickup" : chosen === "delivery" ? "farm" : chosen;
        if (chosen !== "pickup" && chosen !== "delivery") {
          // A partner: the fee its signed quote on the page gave, without calling it again.
          group.feeVnd = partnerFee(db, {
            household,
            lines: group.lines.map((l) => l.listing),
            carrier: chosen,
            token: input.partnerQuotes?.[household.id],
            communeCode: clean.communeCode,
            weightGrams: weightOf(group),
            configured: partners,
            at: now,
          });
        } else if (chosen === "pickup") {
          if (!household.delivery.pickup) fail("pickupNotOffered", `delivery-${household.id}`, 400, { farm: household.displayName });
          group.feeVnd = 0;
        } else {
          const quote = deliveryQuote(db, household, group.lines.map((l) => l.listing), clean.communeCode, group.subtotalVnd);
          if (quote.reason === "localOnly") {
            fail("localOnly", `delivery-${household.id}`, 400, { farm: household.displayName, titles: quote.localTitles.join(", ") });
          }
          if (quote.feeVnd === null) fail("noDelivery", `delivery-${household.id}`, 400, { farm: household.displayName });
          group.feeVnd = quote.feeVnd;
          // The fee the page's settings give for the commune submitted — not the number printed
          // beside the option, which was for the commune shown when the page was drawn.
          const basis = input.feeBasis?.[household.id];
          const before = basis ? feeAtRender(db, basis, clean.communeCode, group.subtotalVnd) : group.feeVnd;
          if (before !== group.feeVnd) {
            changes.push({ kind: "fee", listingId: null, householdId: household.id, title: household.displayName, before, after: group.feeVnd });
          }
        }
        group.payment = paymentOf(input, household);
      }
      if (changes.length > 0) throw new CheckoutChangedError(changes);

      const farms = [...groups.values()];
      const method = checkoutMethod(farms);

      const totalVnd = farms.reduce((sum, g) => sum + g.subtotalVnd + g.feeVnd, 0);
      const checkout = db
        .insert(checkouts)
        .values({
          buyerUserId: buyer.id,
          idempotencyKey: clean.key,
          paymentMethod: method,
          recipientName: clean.recipientName,
          recipientPhone: clean.recipientPhone,
          communeCode: clean.communeCode,
          addressLine: clean.addressLine,
          note: clean.note,
          totalVnd,
          createdAt: now,
        })
        .returning()
        .get();

      const expiryOf = (payment: PaymentMethod) =>
        payment === "bank_transfer"
          ? new Date(now.getTime() + config.TRANSFER_EXPIRY_HOURS * 3_600_000)
          : payment === "card"
            ? new Date(now.getTime() + config.CARD_EXPIRY_MINUTES * 60_000)
            : null;

      const placed: Order[] = [];
      for (const group of farms) {
        const inserted = db
          .insert(orders)
          .values({
            // The public code is made from the id, known only after the insert.
            code: `new-${checkout.id}-${group.household.id}`,
            checkoutId: checkout.id,
            buyerUserId: buyer.id,
            householdId: group.household.id,
            status: "placed",
            paymentMethod: group.payment,
            paymentStatus: group.payment === "card" ? "pending" : "unpaid",
            deliveryMethod: group.method,
            carrier: group.carrier,
            weightGrams: weightOf(group),
            subtotalVnd: group.subtotalVnd,
            deliveryFeeVnd: group.feeVnd,
            totalVnd: group.subtotalVnd + group.feeVnd,
            recipientName: clean.recipientName,
            recipientPhone: clean.recipientPhone,
            communeCode: clean.communeCode,
            addressLine: clean.addressLine,
            note: clean.note,
            expiresAt: expiryOf(group.payment),
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: orders.id })
          .get();
        const order = db
          .update(orders)
          .set({
            code: orderCode(inserted.id, now),
            transferReference: group.payment === "bank_transfer" ? transferReference(inserted.id) : null,
          })
          .where(eq(orders.id, inserted.id))
          .returning()
          .get();

        for (const { listing, quantity } of group.lines) {
          reserveStock(db, listing, quantity, order.id, now);
          db.insert(orderItems)
            .values({
              orderId: order.id,
              listingId: listing.id,
              title: listing.title,
              unit: listing.unit,
              priceVnd: listing.priceVnd,
              quantity,
              lineTotalVnd: lineTotalVnd(listing.priceVnd, quantity),
              unitWeightGrams: unitWeightGrams(listing.unit, listing.unitWeightGrams),
            })
            .run();
        }
        db.insert(orderEvents)
          .values({ orderId: order.id, fromStatus: null, toStatus: "placed", actorUserId: buyer.id, actorRole: "buyer", note: null, at: now })
          .run();
        placed.push(order);
      }

      createPaymentRows(db, checkout, placed);
      for (const order of placed) notifyOrderStep(db, order, "placed", null);
      removeFromCart(db, buyer.id, ids);
      ensureHousekeeping(db, now);
      return { checkout, orders: placed, repeated: false };
    },
    { behavior: "immediate" },
  );
}

/** The farm's order weight as placed (null when a counted unit has no weight set). */
function weightOf(group: FarmGroup): number | null {
  return orderWeightGrams(group.lines.map(({ listing, quantity }) => ({ unit: listing.unit, unitWeightGrams: listing.unitWeightGrams, quantity })));
}

/**
 * One farm's payment method: card for every farm when the buyer pays the whole cart by card,
 * otherwise the farm's own choice — refused on its field when that farm cannot take it.
 */
function paymentOf(input: CheckoutInput, household: Household): PaymentMethod {
  if (input.paymentMethod === "card") {
    if (!cardForWholeCart()) fail("paymentNotOffered", "paymentMethod");
    return "card";
  }
  const chosen = input.payments?.[household.id] ?? input.paymentMethod;
  if (chosen !== "cod" && chosen !== "bank_transfer") fail("paymentNotOffered", `payment-${household.id}`, 400, { farm: household.displayName });
  if (!paymentMethodsForHousehold(household).includes(chosen)) {
    fail("transferNotOffered", `payment-${household.id}`, 400, { farm: household.displayName });
  }
  return chosen;
}

/**
 * The guarded decrement: it can only succeed while enough stock is left, whatever other
 * connections did. A listing that reaches 0 is sold out and leaves the search index.
 */
function reserveStock(db: Db, listing: Listing, quantity: number, orderId: number, now: Date) {
  const result = db.$client
    .prepare(
      `UPDATE listings
         SET stock = round(stock - ?, 3),
             status = CASE WHEN round(stock - ?, 3) <= 0 AND status = 'published' THEN 'sold_out' ELSE status END,
             updated_at = ?
       WHERE id = ? AND round(stock - ?, 3) >= 0`,
    )
    .run(quantity, quantity, now.getTime(), listing.id, quantity);
  if (result.changes !== 1) {
    const current = db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, listing.id)).get();
    throw new CheckoutChangedError([
      { kind: "stock", listingId: listing.id, householdId: listing.householdId, title: listing.title, before: quantity, after: current?.stock ?? 0 },
    ]);
  }
  // Rounded to thousandths like the UPDATE: 0.3 - 0.1 - 0.2 must be sold out, not 2.7e-17 left.
  if (roundQuantity(listing.stock - quantity) <= 0 && listing.status === "published") {
    recordListingEvent(db, listing.id, null, "status:sold_out", false, `order ${orderId}`);
    indexListing(db, listing.id);
  }
}

/** What was bought leaves the buyer's cart in the same transaction. */
function removeFromCart(db: Db, buyerUserId: number, listingIds: number[]) {
  const cart = db.select({ id: carts.id }).from(carts).where(eq(carts.userId, buyerUserId)).get();
  if (!cart) return;
  db.delete(cartItems)
    .where(and(eq(cartItems.cartId, cart.id), inArray(cartItems.listingId, listingIds)))
    .run();
}
