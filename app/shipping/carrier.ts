/**
 * One interface for every way an order travels: the delivery partners (GHN, GHTK) and the farm's
 * own ways (the farm delivers, the buyer picks up). Checkout quotes through it, packing creates the
 * shipment through it, the webhook route parses through it. A new carrier is one adapter file
 * registered in registry.server.ts.
 */
import type { CarrierId, ShipmentStatus } from "../../db/schema";

export type { CarrierId, ShipmentStatus };

/** A place a parcel leaves from or goes to. Codes are the current (2025) commune and province codes. */
export interface Place {
  name: string;
  /** E.164 phone, as stored */
  phone: string;
  provinceCode: string;
  communeCode: string;
  /** names as shown, for carriers that take an address in words (GHTK) */
  provinceName: string;
  communeName: string;
  addressLine: string;
  /**
   * The same place in the units before the 2025 reform (province → district → ward), for partners
   * whose address data still has districts (GHN): the first former commune that went into it.
   */
  former?: { provinceName: string; districtName: string; communeName: string };
}

export interface Parcel {
  weightGrams: number;
  /** what the carrier collects from the buyer on delivery (0 when prepaid) */
  codVnd: number;
  /** declared value, for the carrier's insurance */
  insuredValueVnd: number;
}

export interface QuoteRequest {
  from: Place;
  to: Place;
  parcel: Parcel;
}

export interface Quote {
  carrier: CarrierId;
  feeVnd: number;
  /** the carrier's service, when it has several (GHN service_type_id) */
  service?: string;
}

export interface ShipmentRequest extends QuoteRequest {
  /** our order code, sent as the carrier's client order code: a retried create finds the first shipment */
  clientCode: string;
  items: Array<{ name: string; quantity: number; weightGrams: number }>;
  note: string;
}

export interface CreatedShipment {
  /** the carrier's code for the parcel (GHN order_code, GHTK label); null for the farm's own ways */
  trackingCode: string | null;
  feeVnd: number;
}

/** One thing a carrier told us about a parcel, in our words. */
export interface CarrierEvent {
  /** unique per event at this carrier: a retried or replayed event has the same key */
  eventKey: string;
  trackingCode: string | null;
  clientCode: string | null;
  kind: "status" | "weight" | "cod" | "fee";
  status?: ShipmentStatus;
  /** the carrier's own word for the status, for the timeline */
  carrierStatus?: string;
  occurredAt: Date;
  weightGrams?: number;
  feeVnd?: number;
  /** what the carrier collected from the buyer (on delivery) */
  codCollectedVnd?: number;
  /** the COD amount as the carrier now holds it (after an update) */
  codVnd?: number;
  payload: Record<string, unknown>;
}

/** What a webhook route hands the carrier: the raw request, before anything is trusted. */
export interface WebhookInput {
  headers: Headers;
  /** the body as received (JSON for GHN, form-encoded for GHTK) */
  body: string;
  url: URL;
}

export interface Carrier {
  id: CarrierId;
  /** delivered by a partner whose webhooks move the order (false: the farm moves it by hand) */
  tracked: boolean;
  quote(request: QuoteRequest, signal: AbortSignal): Promise<Quote>;
  createShipment(request: ShipmentRequest, signal: AbortSignal): Promise<CreatedShipment>;
  cancel(trackingCode: string, signal: AbortSignal): Promise<void>;
  /** changes the amount to collect, before pick-up (after a packed weight) */
  updateCod(trackingCode: string, codVnd: number, signal: AbortSignal): Promise<void>;
  /** where the farm prints the label, or null when there is none */
  labelUrl(trackingCode: string): Promise<string | null>;
  /**
   * Checks the request is the carrier's (the operator's shared secret) and reads its events;
   * throws CarrierAuthError when it is not.
   */
  parseWebhook(input: WebhookInput): CarrierEvent[];
}

export class CarrierAuthError extends Error {}

/** A carrier that did not answer, or answered with an error: the caller decides what the buyer sees. */
export class CarrierError extends Error {
  constructor(
    readonly carrier: CarrierId,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
