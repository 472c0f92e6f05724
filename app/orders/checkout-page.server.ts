import crypto from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { checkouts, households, listings, orders } from "../../db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { getCurrentCommune, listCurrentCommunes, listProvinces } from "~/addresses/lookup.server";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { formatPhone } from "~/lib/phone";
import { cardForWholeCart, farmPaymentOptions, type FarmPaymentMethod, type FarmPaymentOption } from "~/payments/payments.server";
import { transferQr } from "~/payments/vietqr.server";
import { cartView, type CartView } from "./cart.server";
import { deliveryQuote, feeBasisOf, parseFeeBasis, type DeliveryReason, type FeeBasis } from "./checkout-rules.server";
import type { Carrier } from "~/shipping/carrier";
import type { QuoteNote } from "~/shipping/quotes.server";
import { addCarrierQuotes, type DeliveryChoice, type PartnerOption } from "./checkout-carriers.server";
import type { CheckoutInput, CheckoutLine } from "./checkout.server";

/**
 * Everything the checkout page shows, computed from the cart as it is now and the buyer's input
 * so far (the URL after "update fees", or the form that came back with an error): provinces and
 * the communes of the chosen one, each farm's delivery choices with the fee for the chosen
 * commune (or why there is none), each farm's payment methods (or why one is missing), card for the
 * whole cart when configured, and the snapshot of lines the buyer confirms.
 */

interface CheckoutFarm {
  householdId: number;
  name: string;
  placeName: string;
  lines: CartView["farms"][number]["lines"];
  subtotalVnd: number;
  pickup: boolean;
  /** null: no delivery to the chosen commune (or none chosen yet); deliveryReason says why */
  deliveryFeeVnd: number | null;
  deliveryReason: DeliveryReason | null;
  /** the farm's listings that stay in its province, when that is why */
  localTitles: string[];
  /** pick-up, the farm delivers, or a partner */
  method: DeliveryChoice | null;
  /** fee for the chosen method, as shown */
  feeVnd: number | null;
  /** the farm's fee settings now, sent back to tell a real fee change (see checkout-rules) */
  feeBasis: string;
  payment: { options: FarmPaymentOption[]; chosen: FarmPaymentMethod };
  /** the partners that quoted (filled in by checkoutPage), and why others are not offered */
  partners: PartnerOption[];
  partnerNotes: QuoteNote[];
  weightGrams: number | null;
}

type CheckoutValues = Record<string, string>;

export function buildCheckoutPage(db: Db, user: SessionUser, cartId: number | null | undefined, values: CheckoutValues) {
  const view = cartView(db, cartId);
  const last = db.select().from(checkouts).where(eq(checkouts.buyerUserId, user.id)).orderBy(desc(checkouts.id)).limit(1).get();
  const chosenCommune = getCurrentCommune(db, values.communeCode ?? "");
  const lastCommune = last ? getCurrentCommune(db, last.communeCode) : null;
  const provinces = listProvinces(db);
  const provinceCode =
    [values.provinceCode, chosenCommune?.provinceCode, lastCommune?.provinceCode, env().HOME_PROVINCE_CODE].find(
      (code) => code && provinces.some((p) => p.code === code),
    ) ?? provinces[0]?.code ?? "";
  const communes = listCurrentCommunes(db, provinceCode).map((c) => ({ code: c.code, name: c.name }));
  // The commune counts only if it lies in the province shown (the province was just changed otherwise).
  const communeCode =
    chosenCommune && chosenCommune.provinceCode === provinceCode
      ? chosenCommune.code
      : !values.communeCode && lastCommune && lastCommune.provinceCode === provinceCode
        ? lastCommune.code
        : "";

  const farmRows = view.farms.length
    ? db.select().from(households).where(inArray(households.id, view.farms.map((f) => f.householdId))).all()
    : [];
  const byId = new Map(farmRows.map((h) => [h.id, h]));
  const listingIds = view.farms.flatMap((f) => f.lines.map((l) => l.listingId));
  const travels = new Map(
    listingIds.length
      ? db.select({ id: listings.id, out: listings.deliversOutsideProvince }).from(listings).where(inArray(listings.id, listingIds)).all().map((r) => [r.id, r.out])
      : [],
  );
  const farms: CheckoutFarm[] = view.farms.map((farm) => {
    const household = byId.get(farm.householdId)!;
    const quote = deliveryQuote(
      db,
      household,
      farm.lines.map((l) => ({ title: l.title, deliversOutsideProvince: travels.get(l.listingId) ?? false })),
      communeCode,
      farm.subtotalVnd,
    );
    const fee = quote.feeVnd;
    const options = farmPaymentOptions(household);
    const askedPayment = values[`payment-${farm.householdId}`];
    const chosen = options.find((o) => o.available && o.method === askedPayment)?.method ?? "cod";
    const asked = values[`delivery-${farm.householdId}`];
    let method: DeliveryChoice | null = asked === "pickup" || asked === "delivery" ? asked : null;
    if (method === null) method = fee !== null ? "delivery" : farm.pickup ? "pickup" : null;
    const place = getCurrentCommune(db, household.communeCode);
    return {
      householdId: farm.householdId,
      name: farm.name,
      placeName: place ? `${place.name}, ${place.provinceName}` : "",
      lines: farm.lines,
      subtotalVnd: farm.subtotalVnd,
      pickup: household.delivery.pickup,
      deliveryFeeVnd: fee,
      deliveryReason: quote.reason,
      localTitles: quote.localTitles,
      method,
      feeVnd: method === "pickup" ? 0 : method === "delivery" ? fee : null,
      feeBasis: feeBasisOf(household),
      payment: { options, chosen },
      partners: [],
      partnerNotes: [],
      weightGrams: null,
    };
  });
  const card = cardForWholeCart();
  const lines = view.farms.flatMap((f) => f.lines).filter((l) => l.problem === null);
  return {
    view,
    farms,
    provinces: provinces.map((p) => ({ code: p.code, name: p.name })),
    provinceCode,
    communes,
    cardForWholeCart: card,
    snapshot: lines.map((l) => `${l.listingId}:${l.quantity}:${l.priceVnd}`).join(","),
    totalVnd: farms.reduce((sum, f) => sum + f.subtotalVnd + (f.feeVnd ?? 0), 0),
    idempotencyKey: crypto.randomBytes(18).toString("base64url"),
    values: {
      recipientName: values.recipientName ?? last?.recipientName ?? user.name,
      recipientPhone: values.recipientPhone ?? formatPhone(last?.recipientPhone ?? user.phone),
      addressLine: values.addressLine ?? last?.addressLine ?? "",
      note: values.note ?? "",
      communeCode,
      /** "card" (the whole cart by card) or "per_farm" (each farm's own method) */
      paymentMethod: card && values.paymentMethod === "card" ? "card" : "per_farm",
    },
  };
}

/**
 * The checkout page with every farm's ways quoted through the carriers: its own, and the partners
 * it chose among those configured (each given 3 s; one that fails is left out with a note).
 */
export async function checkoutPage(db: Db, user: SessionUser, cartId: number | null | undefined, values: CheckoutValues, partners: Carrier[], at: Date) {
  return addCarrierQuotes(db, buildCheckoutPage(db, user, cartId, values), values, partners, at);
}

/** "12:3:45000,15:1.5:30000" → lines (quantities to thousandths); null when it is not a snapshot this page wrote. */
const SNAPSHOT_LINE = String.raw`\d+:\d+(?:\.\d{1,3})?:\d+`;
const SNAPSHOT = new RegExp(`^${SNAPSHOT_LINE}(,${SNAPSHOT_LINE})*$`);
function parseSnapshot(text: string | null | undefined): CheckoutLine[] | null {
  if (!text || !SNAPSHOT.test(text)) return null;
  return text.split(",").map((part) => {
    const [listingId, quantity, seenPriceVnd] = part.split(":").map(Number);
    return { listingId, quantity, seenPriceVnd };
  });
}

/** The form as placeCheckout's input. Lines come from the page's snapshot, else from the cart as it is. */
export function checkoutInputFromForm(db: Db, cartId: number | null | undefined, form: FormData): CheckoutInput {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const delivery: Record<number, DeliveryChoice> = {};
  let lines = parseSnapshot(text("lines"));
  if (!lines) {
    // A client without the snapshot (a script, the benchmark) confirms what the cart holds at the
    // prices it saw, picking up at the farm unless it says otherwise.
    const farms = cartView(db, cartId).farms;
    lines = farms
      .flatMap((f) => f.lines)
      .filter((l) => l.problem === null)
      .map((l) => ({ listingId: l.listingId, quantity: l.quantity, seenPriceVnd: l.seenPriceVnd }));
    for (const farm of farms) if (farm.pickup) delivery[farm.householdId] = "pickup";
  }
  const feeBasis: Record<number, FeeBasis> = {};
  const payments: Record<number, FarmPaymentMethod> = {};
  const quotes: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const d = key.match(/^delivery-(\d+)$/);
    if (d && (value === "pickup" || value === "delivery" || value === "ghn" || value === "ghtk")) delivery[Number(d[1])] = value;
    if (/^quote-\d+-[a-z]+$/.test(key)) quotes[key] = value;
    const p = key.match(/^payment-(\d+)$/);
    if (p && (value === "cod" || value === "bank_transfer")) payments[Number(p[1])] = value;
    const f = key.match(/^feebasis-(\d+)$/);
    const basis = f ? parseFeeBasis(value) : null;
    if (f && basis) feeBasis[Number(f[1])] = basis;
  }
  const method = text("paymentMethod");
  return {
    idempotencyKey: text("idempotencyKey"),
    // Card pays the whole cart; otherwise each farm's radio group, cash where none was sent.
    paymentMethod: method === "card" ? "card" : method === "bank_transfer" ? "bank_transfer" : "cod",
    payments,
    recipientName: text("recipientName"),
    recipientPhone: text("recipientPhone"),
    communeCode: text("communeCode"),
    addressLine: text("addressLine"),
    note: text("note"),
    lines,
    delivery,
    feeBasis,
    // Only the signed quote of the partner chosen for each farm.
    partnerQuotes: Object.fromEntries(
      Object.entries(delivery).flatMap(([farm, way]) => (quotes[`quote-${farm}-${way}`] ? [[Number(farm), quotes[`quote-${farm}-${way}`]]] : [])),
    ),
  };
}

/**
 * The page after placing (not for card checkouts, which go to Stripe): each farm's order with how
 * to pay it — the VietQR code for a transfer, cash on delivery otherwise. Only the buyer's own
 * checkout; null for anyone else's.
 */
export async function placedCheckoutPage(db: Db, buyerUserId: number, checkoutId: number) {
  const rows = db
    .select({ order: orders, farmName: households.displayName })
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .where(and(eq(orders.buyerUserId, buyerUserId), eq(orders.checkoutId, checkoutId)))
    .orderBy(asc(orders.id))
    .all();
  if (rows.length === 0) return null;
  return Promise.all(
    rows.map(async ({ order, farmName }) => ({
      code: order.code,
      farmName,
      paymentMethod: order.paymentMethod,
      paymentStatus: order.paymentStatus,
      totalVnd: order.totalVnd,
      transfer: await transferQr(db, order),
    })),
  );
}
