/**
 * A partner's quote as the checkout page showed it, carried in the form: signed with HMAC-SHA256
 * under the session secret so placing the order charges that fee without calling the carrier again,
 * and nobody can lower it by editing the form. It is good for 30 minutes, for this farm, carrier,
 * commune and weight only (decision 0032).
 */
import { CARRIER_IDS, type CarrierId } from "../../db/schema";
import { signatureHolds, signText } from "~/lib/signing.server";

export const QUOTE_TTL_MS = 30 * 60_000;

export interface SignedQuote {
  householdId: number;
  carrier: CarrierId;
  communeCode: string;
  weightGrams: number;
  feeVnd: number;
  /** epoch milliseconds */
  expiresAt: number;
}

const PURPOSE = "carrier-quote";

export function signQuote(quote: Omit<SignedQuote, "expiresAt">, at: Date): string {
  const q: SignedQuote = { ...quote, expiresAt: at.getTime() + QUOTE_TTL_MS };
  const body = [q.householdId, q.carrier, q.communeCode, q.weightGrams, q.feeVnd, q.expiresAt].join(".");
  return `${body}.${signText(PURPOSE, body)}`;
}

export type QuoteCheck = { ok: true; quote: SignedQuote } | { ok: false; reason: "invalid" | "expired" };

const TOKEN = /^(\d{1,12})\.([a-z]+)\.(\d{5})\.(\d{1,10})\.(\d{1,10})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

/** Reads a token the page wrote: "invalid" when it was altered or is not one, "expired" when too old. */
export function verifyQuote(token: string, at: Date): QuoteCheck {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: "invalid" };
  const body = token.slice(0, token.lastIndexOf("."));
  if (!signatureHolds(PURPOSE, body, m[7])) return { ok: false, reason: "invalid" };
  if (!(CARRIER_IDS as readonly string[]).includes(m[2])) return { ok: false, reason: "invalid" };
  const quote: SignedQuote = {
    householdId: Number(m[1]),
    carrier: m[2] as CarrierId,
    communeCode: m[3],
    weightGrams: Number(m[4]),
    feeVnd: Number(m[5]),
    expiresAt: Number(m[6]),
  };
  if (at.getTime() >= quote.expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, quote };
}
