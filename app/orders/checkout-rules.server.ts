import type { CarrierId, DeliveryOptions, Household } from "../../db/schema";
import { feeForZone } from "~/households/delivery";
import { deliveryZone } from "~/households/seller.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { carrierName } from "~/shipping/carrier-names";
import { farmShippingSettings } from "~/shipping/farm-settings.server";
import { verifyQuote } from "~/shipping/quote-token.server";

/**
 * The delivery rules the checkout page shows and placeCheckout enforces, in one place: a farm's
 * fee for the buyer's commune, refused when some listing is not delivered outside its province,
 * and the farm's fee settings as the page saw them (the fee basis) to judge a "fee changed".
 */

export type DeliveryReason = "chooseCommune" | "farmDoesNotDeliver" | "localOnly";

export interface DeliveryQuote {
  /** null: no delivery to this commune (pickup may still be possible) */
  feeVnd: number | null;
  reason: DeliveryReason | null;
  /** listings of this farm that are not delivered outside its province, when that is the reason */
  localTitles: string[];
}

interface QuoteLine {
  title: string;
  deliversOutsideProvince: boolean;
}

/** The delivery fee for one farm's part of the cart to a buyer's commune, or why there is none. */
export function deliveryQuote(
  db: Db,
  household: Pick<Household, "communeCode" | "delivery">,
  lines: QuoteLine[],
  buyerCommuneCode: string,
  subtotalVnd: number,
): DeliveryQuote {
  const zone = buyerCommuneCode ? deliveryZone(db, household.communeCode, buyerCommuneCode) : null;
  if (zone === null) return { feeVnd: null, reason: "chooseCommune", localTitles: [] };
  const feeVnd = feeForZone(household.delivery, zone, subtotalVnd);
  if (feeVnd === null) return { feeVnd: null, reason: "farmDoesNotDeliver", localTitles: [] };
  if (zone === "elsewhere") {
    const localTitles = lines.filter((l) => !l.deliversOutsideProvince).map((l) => l.title);
    if (localTitles.length > 0) return { feeVnd: null, reason: "localOnly", localTitles };
  }
  return { feeVnd, reason: null, localTitles: [] };
}

/** The farm's fee settings as the checkout page saw them: where it is and what it charges. */
export interface FeeBasis {
  communeCode: string;
  delivery: Pick<DeliveryOptions, "feeCommune" | "feeProvince" | "feeElsewhere" | "freeAbove">;
}

export function feeBasisOf(household: Pick<Household, "communeCode" | "delivery">): string {
  const { feeCommune, feeProvince, feeElsewhere, freeAbove } = household.delivery;
  return JSON.stringify({ communeCode: household.communeCode, delivery: { feeCommune, feeProvince, feeElsewhere, freeAbove } } satisfies FeeBasis);
}

const fee = (value: unknown): value is number | null => value === null || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0);

/** A fee basis the page wrote, or null for anything else (then no fee comparison is made). */
export function parseFeeBasis(text: string): FeeBasis | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const { communeCode, delivery } = value as Record<string, unknown>;
  if (typeof communeCode !== "string" || !/^\d{5}$/.test(communeCode) || !delivery || typeof delivery !== "object") return null;
  const d = delivery as Record<string, unknown>;
  if (![d.feeCommune, d.feeProvince, d.feeElsewhere, d.freeAbove].every(fee)) return null;
  return {
    communeCode,
    delivery: { feeCommune: d.feeCommune as number | null, feeProvince: d.feeProvince as number | null, feeElsewhere: d.feeElsewhere as number | null, freeAbove: d.freeAbove as number | null },
  };
}

/**
 * What the fee to the SUBMITTED commune was under the settings the page was drawn with. Compared
 * with the fee now, it tells a real change of the farm's settings from a page that merely printed
 * the fee of another commune (the buyer changed it without JavaScript).
 */
export function feeAtRender(db: Db, basis: FeeBasis, buyerCommuneCode: string, subtotalVnd: number): number | null {
  const zone = deliveryZone(db, basis.communeCode, buyerCommuneCode);
  return zone === null ? null : feeForZone({ pickup: false, ...basis.delivery }, zone, subtotalVnd);
}

/** What placing needs to charge a partner's fee for one farm's order. */
export interface PartnerChoice {
  household: Pick<Household, "id" | "displayName" | "communeCode" | "phone" | "representativeName" | "addressLine">;
  lines: QuoteLine[];
  carrier: CarrierId;
  /** the signed quote the page carried for this farm and carrier */
  token: string | undefined;
  communeCode: string;
  /** the farm's order weight now; null when a line's is unknown */
  weightGrams: number | null;
  /** the partners the operator has configured */
  configured: readonly CarrierId[];
  at: Date;
}

function refuse(key: string, choice: PartnerChoice, params: Record<string, string> = {}): never {
  throw new AppError(`shipping:checkout.errors.${key}`, 400, { farm: choice.household.displayName, carrier: carrierName(choice.carrier), ...params }, `delivery-${choice.household.id}`);
}

/**
 * The fee of a partner the buyer chose, from the quote the page showed: never a new call to the
 * carrier. Refused when the farm no longer uses that partner, the goods cannot leave the province,
 * or the quote is not the page's, is out of date, or was for another commune or weight (the page is
 * drawn again with fresh quotes).
 */
export function partnerFee(db: Db, choice: PartnerChoice): number {
  const { household, carrier } = choice;
  if (!choice.configured.includes(carrier) || !farmShippingSettings(db, household).carriers.includes(carrier)) refuse("partnerNotOffered", choice);
  if (choice.weightGrams === null) refuse("noWeight", choice);
  if (deliveryZone(db, household.communeCode, choice.communeCode) === "elsewhere") {
    const localTitles = choice.lines.filter((l) => !l.deliversOutsideProvince).map((l) => l.title);
    if (localTitles.length > 0) throw new AppError("orders:errors.localOnly", 400, { farm: household.displayName, titles: localTitles.join(", ") }, `delivery-${household.id}`);
  }
  const check = verifyQuote(choice.token ?? "", choice.at);
  if (!check.ok) refuse(check.reason === "expired" ? "quoteExpired" : "quoteInvalid", choice);
  const { quote } = check;
  if (quote.householdId !== household.id || quote.carrier !== carrier) refuse("quoteInvalid", choice);
  if (quote.communeCode !== choice.communeCode || quote.weightGrams !== choice.weightGrams) refuse("quoteStale", choice);
  return quote.feeVnd;
}
