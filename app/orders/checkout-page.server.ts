import crypto from "node:crypto";
import { desc, eq, inArray } from "drizzle-orm";
import { checkouts, households, type PaymentMethod } from "../../db/schema";
import type { SessionUser } from "~/accounts/session.server";
import { getCurrentCommune, listCurrentCommunes, listProvinces } from "~/addresses/lookup.server";
import { deliveryFee } from "~/households/seller.server";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { formatPhone } from "~/lib/phone";
import { offeredPaymentMethods } from "~/payments/payments.server";
import { cartView, type CartView } from "./cart.server";
import type { CheckoutInput, CheckoutLine, DeliveryMethod } from "./checkout.server";

/**
 * Everything the checkout page shows, computed from the cart as it is now and the buyer's input
 * so far (the URL after "update fees", or the form that came back with an error): provinces and
 * the communes of the chosen one, each farm's delivery choices with the fee for the chosen
 * commune, payment methods every farm accepts, and the snapshot of lines the buyer confirms.
 */

interface CheckoutFarm {
  householdId: number;
  name: string;
  placeName: string;
  lines: CartView["farms"][number]["lines"];
  subtotalVnd: number;
  pickup: boolean;
  /** null: no delivery to the chosen commune (or none chosen yet) */
  deliveryFeeVnd: number | null;
  method: DeliveryMethod | null;
  /** fee for the chosen method, as shown (sent back to detect a change) */
  feeVnd: number | null;
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
  const farms: CheckoutFarm[] = view.farms.map((farm) => {
    const household = byId.get(farm.householdId)!;
    const fee = communeCode ? deliveryFee(household, communeCode, farm.subtotalVnd, db) : null;
    const asked = values[`delivery-${farm.householdId}`];
    let method: DeliveryMethod | null = asked === "pickup" || asked === "delivery" ? asked : null;
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
      method,
      feeVnd: method === "pickup" ? 0 : method === "delivery" ? fee : null,
    };
  });
  const paymentMethods: PaymentMethod[] = offeredPaymentMethods(farmRows);
  const lines = view.farms.flatMap((f) => f.lines).filter((l) => l.problem === null);
  return {
    view,
    farms,
    provinces: provinces.map((p) => ({ code: p.code, name: p.name })),
    provinceCode,
    communes,
    paymentMethods,
    snapshot: lines.map((l) => `${l.listingId}:${l.quantity}:${l.priceVnd}`).join(","),
    totalVnd: farms.reduce((sum, f) => sum + f.subtotalVnd + (f.feeVnd ?? 0), 0),
    idempotencyKey: crypto.randomBytes(18).toString("base64url"),
    values: {
      recipientName: values.recipientName ?? last?.recipientName ?? user.name,
      recipientPhone: values.recipientPhone ?? formatPhone(last?.recipientPhone ?? user.phone),
      addressLine: values.addressLine ?? last?.addressLine ?? "",
      note: values.note ?? "",
      communeCode,
      paymentMethod: paymentMethods.includes(values.paymentMethod as PaymentMethod) ? values.paymentMethod : "cod",
    },
  };
}

/** "12:3:45000,15:1:30000" → lines; null when it is not a snapshot this page wrote. */
function parseSnapshot(text: string | null | undefined): CheckoutLine[] | null {
  if (!text || !/^\d+:\d+:\d+(,\d+:\d+:\d+)*$/.test(text)) return null;
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
  const delivery: Record<number, DeliveryMethod> = {};
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
  const seenFees: Record<number, number> = {};
  for (const [key, value] of form.entries()) {
    const d = key.match(/^delivery-(\d+)$/);
    if (d && (value === "pickup" || value === "delivery")) delivery[Number(d[1])] = value;
    const f = key.match(/^fee-(\d+)$/);
    if (f && typeof value === "string" && /^\d+$/.test(value)) seenFees[Number(f[1])] = Number(value);
  }
  return {
    idempotencyKey: text("idempotencyKey"),
    paymentMethod: (["cod", "bank_transfer", "card"].includes(text("paymentMethod")) ? text("paymentMethod") : "cod") as PaymentMethod,
    recipientName: text("recipientName"),
    recipientPhone: text("recipientPhone"),
    communeCode: text("communeCode"),
    addressLine: text("addressLine"),
    note: text("note"),
    lines,
    delivery,
    seenFees,
  };
}
