/**
 * Quoting one farm's part of a cart: its own ways (the farm delivers, pick-up) and the partners it
 * chose, all through the Carrier interface. Partners are asked in parallel, each given 3 s: one that
 * does not answer in time or answers with an error is left out with a note, never holding up the
 * checkout. Partners cannot quote a parcel whose weight is unknown (a counted unit without the
 * farm's figure); the farm's own ways still can.
 */
import type { Unit } from "../../db/schema";
import { unitWeightGrams } from "~/listings/options";
import type { Carrier, CarrierId, Place, QuoteRequest } from "./carrier";

export const PARTNER_TIMEOUT_MS = 3_000;

export interface FarmQuoteRequest {
  /** where partners collect the parcel: the farm's pick-up address */
  from: Place;
  /** where the farm's own ways start (its household's commune: the zone its fees are set by) */
  farmPlace: Place;
  to: Place;
  /** null when some line's weight is unknown */
  weightGrams: number | null;
  /** the farm's goods: the insured value, and what the carrier collects when paid in cash */
  subtotalVnd: number;
  /** the buyer pays this farm in cash on delivery: the carrier collects the goods' value */
  cashOnDelivery: boolean;
  own: Carrier[];
  partners: Carrier[];
  timeoutMs?: number;
}

export interface QuotedOption {
  carrier: CarrierId;
  feeVnd: number;
  /** a partner's quote (false for the farm's own ways) */
  partner: boolean;
}

export type QuoteNoteReason = "timeout" | "failed" | "noWeight";

/** Why a partner is not offered; carrier null for a note about every partner (no weight). */
export interface QuoteNote {
  carrier: CarrierId | null;
  reason: QuoteNoteReason;
}

export interface FarmQuotes {
  /** the farm's own ways first, then partners, cheapest first */
  options: QuotedOption[];
  notes: QuoteNote[];
}

class QuoteTimeout extends Error {}

/** The carrier's quote, or a rejection when it has not answered once the signal fires (even if it ignores the signal). */
function quoteWithin(carrier: Carrier, request: QuoteRequest, timeoutMs: number) {
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<number>((resolve, reject) => {
    const onAbort = () => reject(new QuoteTimeout());
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    carrier
      .quote(request, signal)
      .then(
        (quote) => (Number.isSafeInteger(quote.feeVnd) && quote.feeVnd >= 0 ? resolve(quote.feeVnd) : reject(new Error("bad fee"))),
        // A carrier that fails because the signal fired is a carrier that did not answer in time.
        (error: unknown) => reject(signal.aborted ? new QuoteTimeout() : error),
      )
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export async function quoteFarm(request: FarmQuoteRequest): Promise<FarmQuotes> {
  const timeoutMs = request.timeoutMs ?? PARTNER_TIMEOUT_MS;
  const weightGrams = request.weightGrams ?? 0;
  const parcel = { weightGrams, codVnd: request.cashOnDelivery ? request.subtotalVnd : 0, insuredValueVnd: request.subtotalVnd };
  const quoteRequest: QuoteRequest = { from: request.from, to: request.to, parcel };
  const ownRequest: QuoteRequest = { from: request.farmPlace, to: request.to, parcel };
  const notes: QuoteNote[] = [];
  const partners = request.weightGrams === null || request.weightGrams <= 0 ? [] : request.partners;
  if (partners.length < request.partners.length) notes.push({ carrier: null, reason: "noWeight" });

  const [own, quoted] = await Promise.all([
    // The farm's own ways compute, they do not call out: a refusal means "does not go there".
    Promise.allSettled(request.own.map((c) => quoteWithin(c, ownRequest, timeoutMs))),
    Promise.allSettled(partners.map((c) => quoteWithin(c, quoteRequest, timeoutMs))),
  ]);
  const options: QuotedOption[] = [];
  own.forEach((result, i) => {
    if (result.status === "fulfilled") options.push({ carrier: request.own[i].id, feeVnd: result.value, partner: false });
  });
  const partnerOptions: QuotedOption[] = [];
  quoted.forEach((result, i) => {
    const carrier = partners[i].id;
    if (result.status === "fulfilled") partnerOptions.push({ carrier, feeVnd: result.value, partner: true });
    else notes.push({ carrier, reason: result.reason instanceof QuoteTimeout ? "timeout" : "failed" });
  });
  partnerOptions.sort((a, b) => a.feeVnd - b.feeVnd);
  return { options: [...options, ...partnerOptions], notes };
}

/** The weight of one farm's lines in grams (Σ unit weight × quantity), null when any line's is unknown. */
export function orderWeightGrams(lines: Array<{ unit: Unit; unitWeightGrams: number | null; quantity: number }>): number | null {
  let total = 0;
  for (const line of lines) {
    const unit = unitWeightGrams(line.unit, line.unitWeightGrams);
    if (unit === null) return null;
    total += unit * line.quantity;
  }
  return Math.round(total);
}
