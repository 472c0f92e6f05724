import crypto from "node:crypto";
import type { Logger } from "pino";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { esmsReceiptToken, parseEsmsReceipt } from "./esms.server";
import { recordDeliveryReceipt, type DeliveryReceipt } from "./receipts.server";
import { parseZnsReceipt } from "./zns.server";

const MAX_BODY_CHARS = 64 * 1024;

interface CallbackAnswer {
  status: number;
  body: Record<string, unknown>;
}

function sameText(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The operator's secret, in the URL (?secret=…) or the X-Webhook-Secret header, compared in constant time. */
function secretMatches(request: Request, secret: string): boolean {
  const given = request.headers.get("X-Webhook-Secret") ?? new URL(request.url).searchParams.get("secret");
  return given !== null && sameText(given, secret);
}

/** eSMS's per-message receipt address: ?token= for the outbox id it echoes as RequestId → that id, else null. */
function esmsTokenScope(request: Request, secret: string): number | null {
  const params = new URL(request.url).searchParams;
  const token = params.get("token");
  const id = /^outbox-(\d+)$/.exec(params.get("RequestId") ?? "")?.[1];
  if (!token || !id) return null;
  return sameText(token, esmsReceiptToken(secret, Number(id))) ? Number(id) : null;
}

async function readReceipt(provider: string, request: Request): Promise<DeliveryReceipt | null | "invalid"> {
  // eSMS calls back with a GET and query parameters; Zalo posts its event as JSON.
  if (provider === "esms") {
    if (request.method === "GET") return parseEsmsReceipt(new URL(request.url).searchParams);
    const text = await request.text();
    return parseEsmsReceipt(new URLSearchParams(text.slice(0, MAX_BODY_CHARS)));
  }
  if (request.method !== "POST") return "invalid";
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) return "invalid";
  try {
    return parseZnsReceipt(JSON.parse(text));
  } catch {
    return "invalid";
  }
}

/**
 * A provider's delivery callback: authenticated by the shared secret, parsed by the provider's
 * adapter, applied once. Unknown ids and repeats still answer 200, so the provider stops resending.
 */
export async function receiveDeliveryCallback(db: Db, provider: string, request: Request, log?: Logger): Promise<CallbackAnswer> {
  const secret = env().NOTIFY_CALLBACK_SECRET;
  if (!secret || (provider !== "esms" && provider !== "zns")) return { status: 404, body: { error: "not found" } };
  const scope = provider === "esms" ? esmsTokenScope(request, secret) : null;
  if (scope === null && !secretMatches(request, secret)) {
    log?.warn({ provider }, "delivery callback: wrong or missing secret");
    return { status: 401, body: { error: "unauthorized" } };
  }
  const receipt = await readReceipt(provider, request);
  if (receipt === "invalid") return { status: 400, body: { error: "not a delivery report" } };
  if (receipt === null) return { status: 200, body: { received: true, outcome: "ignored" } };
  const outcome = recordDeliveryReceipt(db, receipt, scope === null ? {} : { onlyOutboxId: scope });
  const fields = { provider, providerMessageId: receipt.providerMessageId, outboxId: receipt.outboxId, receipt: receipt.outcome, outcome };
  if (outcome === "unknown") log?.warn(fields, "delivery callback for no message of ours");
  else log?.info(fields, "delivery callback");
  return { status: 200, body: { received: true, outcome } };
}
