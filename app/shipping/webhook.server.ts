/**
 * A carrier's status webhook (/webhooks/carriers/ghn|ghtk): authenticated by the operator's
 * CARRIER_WEBHOOK_SECRET, read by the carrier's adapter, applied once. Repeats and events for no
 * parcel of ours answer 200 too: both carriers resend anything but a 200, forever or ten times.
 */
import type { Logger } from "pino";
import type { Db } from "~/lib/db.server";
import { CarrierAuthError } from "./carrier";
import { applyCarrierEvents } from "./carrier-events.server";
import { partnerById } from "./registry.server";

const MAX_BODY_CHARS = 64 * 1024;

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function receiveCarrierWebhook(db: Db, carrierId: string, request: Request, log?: Logger): Promise<WebhookAnswer> {
  const carrier = partnerById(carrierId);
  if (!carrier) return { status: 404, body: { error: "not found" } };
  if (request.method !== "POST") return { status: 405, body: { error: "POST only" } };
  const body = await request.text();
  if (body.length > MAX_BODY_CHARS) return { status: 400, body: { error: "body too large" } };
  let events;
  try {
    events = carrier.parseWebhook({ headers: request.headers, body, url: new URL(request.url) });
  } catch (error) {
    if (error instanceof CarrierAuthError) {
      log?.warn({ carrier: carrierId }, "carrier webhook: wrong or missing secret");
      return { status: 401, body: { error: "unauthorized" } };
    }
    log?.warn({ carrier: carrierId, err: error }, "carrier webhook: unreadable body");
    return { status: 400, body: { error: "not a status update" } };
  }
  try {
    const outcome = applyCarrierEvents(db, carrier.id, events);
    if (outcome.unknown > 0) log?.warn({ carrier: carrierId, ...outcome }, "carrier webhook for no shipment of ours");
    else log?.info({ carrier: carrierId, ...outcome }, "carrier webhook");
    return { status: 200, body: { ok: true, ...outcome } };
  } catch (error) {
    // Not stored: the carrier's retry brings it again. The log has the stack, the carrier does not.
    log?.error({ carrier: carrierId, err: error }, "carrier webhook could not be applied");
    return { status: 500, body: { error: "not stored, retry later" } };
  }
}
