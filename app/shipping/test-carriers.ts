/**
 * Carriers for tests of the quoting rule (not adapters): one that answers a fixed fee and records
 * what it was asked, one that never answers until its signal fires, one that fails. Not imported by
 * application code.
 */
import { CarrierError, type Carrier, type CarrierId, type QuoteRequest } from "./carrier";

type QuoteFn = (request: QuoteRequest, signal: AbortSignal) => Promise<{ carrier: CarrierId; feeVnd: number }>;

function carrier(id: CarrierId, quote: QuoteFn): Carrier {
  return {
    id,
    tracked: true,
    quote,
    createShipment: () => Promise.reject(new CarrierError(id, "not in this test")),
    cancel: async () => {},
    updateCod: async () => {},
    labelUrl: async () => null,
    parseWebhook: () => [],
  };
}

/** Answers `feeVnd`; `asked` keeps every request it received. */
export function answeringCarrier(id: CarrierId, feeVnd: number): Carrier & { asked: QuoteRequest[] } {
  const asked: QuoteRequest[] = [];
  return Object.assign(
    carrier(id, async (request) => {
      asked.push(request);
      return { carrier: id, feeVnd };
    }),
    { asked },
  );
}

/** Never answers on its own: it gives up only when the caller's signal fires (a carrier that hangs). */
export function silentCarrier(id: CarrierId, options: { ignoresSignal?: boolean } = {}): Carrier {
  return carrier(
    id,
    (_request, signal) =>
      new Promise((_resolve, reject) => {
        if (!options.ignoresSignal) signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
  );
}

/** Answers with an error, as a carrier's API does for an address it does not serve. */
export function failingCarrier(id: CarrierId): Carrier {
  return carrier(id, () => Promise.reject(new CarrierError(id, "HTTP 400", 400)));
}
