/**
 * SMS through eSMS (esms.vn), from its public API documentation (developers' gitbook, "Send
 * OTP/Customer care message", "Callback Url", "Table of error codes"):
 *   POST {base}/MainService.svc/json/SendMultipleMessage_V4_post_json/  JSON body with ApiKey, SecretKey,
 *   Phone, Content, SmsType, Brandname, IsUnicode, Sandbox, RequestId, CallbackUrl
 *   → { CodeResult: "100", SMSID } when accepted, another CodeResult with ErrorMessage when not.
 * The receipt comes later as an HTTP GET to CallbackUrl with SMSID, SendStatus, SendSuccess, SendFailed.
 */
import crypto from "node:crypto";
import type { OutboxMessage } from "../../db/schema";
import { normalizePhone } from "~/lib/phone";
import { PermanentSendError, postJson, TransportError, type Transport } from "./send.server";
import type { DeliveryReceipt } from "./receipts.server";

export const ESMS_DEFAULT_URL = "https://rest.esms.vn";
const SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/";

/**
 * CodeResults no retry can fix: the number is blocked (99) or malformed (108), the keys are wrong (101),
 * the brand name (104), template (146) or sending IP (140) is not registered, the network is not (177).
 * Others (no balance, 103; unknown codes) are retried with the outbox's backoff.
 */
const PERMANENT_CODES = new Set(["99", "101", "104", "108", "140", "146", "177", "300"]);
/** A RequestId already seen: an earlier attempt was accepted and only its answer was lost. */
const DUPLICATE_REQUEST = "124";

interface EsmsOptions {
  apiKey: string;
  secretKey: string;
  /** registered brand name: customer-care SMS (type 2); without one, eSMS's fixed-number OTP line (type 8) */
  brandname?: string;
  sandbox?: boolean;
  apiUrl?: string;
  /** where eSMS sends this message's receipt (see esmsReceiptToken); none → no receipts */
  callbackUrl?: string | ((msg: OutboxMessage) => string);
  timeoutMs?: number;
}

/** The number as eSMS documents it (national form, 0901888484), through the one normaliser. */
function esmsPhone(msg: OutboxMessage): string {
  const phone = normalizePhone(msg.recipient);
  if (!phone.ok) throw new PermanentSendError(`not a Vietnamese mobile number (${phone.reason})`);
  return phone.e164.replace(/^\+84/, "0");
}

/**
 * A token good for one message's receipt only (HMAC of its outbox id with NOTIFY_CALLBACK_SECRET). eSMS is
 * given a receipt address per message, and addresses end up in request logs: a logged token can at most
 * settle that one message, where the shared secret could settle any.
 */
export function esmsReceiptToken(secret: string, outboxId: number): string {
  return crypto.createHmac("sha256", secret).update(`esms-receipt:outbox-${outboxId}`).digest("base64url");
}

export function esmsTransport(options: EsmsOptions): Transport {
  const url = new URL(SEND_PATH, options.apiUrl ?? ESMS_DEFAULT_URL).toString();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: "esms",
    async send(msg) {
      const body: Record<string, string> = {
        ApiKey: options.apiKey,
        SecretKey: options.secretKey,
        Phone: esmsPhone(msg),
        Content: msg.body,
        SmsType: options.brandname ? "2" : "8",
        // Vietnamese with its marks needs a Unicode SMS (70 characters a part instead of 160).
        IsUnicode: /[^\x20-\x7e]/.test(msg.body) ? "1" : "0",
        Sandbox: options.sandbox ? "1" : "0",
        // The same on every retry: eSMS answers 124 instead of sending twice.
        RequestId: `outbox-${msg.id}`,
      };
      if (options.brandname) body.Brandname = options.brandname;
      const callbackUrl = typeof options.callbackUrl === "function" ? options.callbackUrl(msg) : options.callbackUrl;
      if (callbackUrl) body.CallbackUrl = callbackUrl;
      const answer = await postJson(url, body, { timeoutMs, what: "eSMS" });
      if (answer.status >= 500 || answer.status === 429) {
        throw new TransportError(`eSMS answered HTTP ${answer.status}`, answer.status);
      }
      if (answer.status >= 400) throw new PermanentSendError(`eSMS refused the request (HTTP ${answer.status}: ${answer.text})`);
      const result = (answer.json ?? {}) as { CodeResult?: unknown; SMSID?: unknown; ErrorMessage?: unknown };
      const code = result.CodeResult === undefined ? "" : String(result.CodeResult);
      if (code === "100") return { provider: "esms", providerMessageId: typeof result.SMSID === "string" ? result.SMSID : null };
      if (code === DUPLICATE_REQUEST) return { provider: "esms", providerMessageId: null };
      const reason = `eSMS CodeResult ${code || "missing"}${typeof result.ErrorMessage === "string" ? `: ${result.ErrorMessage}` : ""}`;
      if (PERMANENT_CODES.has(code)) throw new PermanentSendError(reason);
      throw new TransportError(reason);
    },
  };
}

/**
 * Reads eSMS's receipt (query parameters of its GET). SendStatus 5 = processed: delivered when a
 * phone received it (SendSuccess > 0), failed otherwise; 4 = rejected. 1, 2, 7 are steps on the way:
 * null (nothing to record yet).
 */
export function parseEsmsReceipt(params: URLSearchParams): DeliveryReceipt | null | "invalid" {
  const smsId = params.get("SMSID")?.trim() ?? "";
  const requestId = params.get("RequestId")?.trim() ?? "";
  const status = params.get("SendStatus")?.trim() ?? "";
  if (!smsId && !requestId) return "invalid";
  const outboxId = /^outbox-(\d+)$/.exec(requestId)?.[1];
  const ids = { provider: "esms", providerMessageId: smsId || null, outboxId: outboxId ? Number(outboxId) : null };
  if (status === "4") return { ...ids, outcome: "failed", reason: "eSMS: rejected (SendStatus 4)" };
  if (status !== "5") return null;
  if (Number(params.get("SendSuccess") ?? 0) > 0) return { ...ids, outcome: "delivered" };
  return { ...ids, outcome: "failed", reason: `eSMS: not delivered (SendFailed ${params.get("SendFailed") ?? "?"})` };
}
