/**
 * Zalo Notification Service (ZNS) template messages:
 *   POST {base}/message/template, header access_token, JSON { phone: "84…", template_id, template_data, tracking_id }
 *   → { error: 0, message, data: { msg_id, sent_time, quota } }; a non-zero error is a refusal.
 * The receipt is the Official Account's webhook event "user_received_message" with msg_id and tracking_id.
 * A ZNS template is approved by Zalo beforehand, one per kind of message: the operator maps outbox
 * templates to ZNS template ids (ZNS_TEMPLATE_OTP_SIGNUP, or ZNS_TEMPLATE_OTP for every otp.*), and
 * the ZNS template's parameters carry the outbox payload's names (code, minutes, …).
 */
import type { OutboxMessage } from "../../db/schema";
import { normalizePhone } from "~/lib/phone";
import { PermanentSendError, postJson, TransportError, type SendReceipt, type Transport } from "./send.server";
import type { DeliveryReceipt } from "./receipts.server";

export const ZNS_DEFAULT_URL = "https://business.openapi.zalo.me";

/** Zalo errors worth another try: its own unknown error (-100) and a spent daily quota (-115). */
const TRANSIENT_ERRORS = new Set([-100, -115]);
/**
 * Zalo cannot reach this person (inactive or refusing, -114; no Zalo account, -118; cannot receive
 * ZNS, -119; refused this kind of message, -139): an SMS can, when one is configured.
 */
const UNREACHABLE_ON_ZALO = new Set([-114, -118, -119, -139]);

interface ZnsOptions {
  accessToken: string;
  /** ZNS template ids by name: "OTP_SIGNUP" (one template) or "OTP" (a group) */
  templates: Record<string, string>;
  apiUrl?: string;
  /** where messages without a ZNS template go (SMS), if anywhere */
  fallback?: Transport;
  timeoutMs?: number;
}

/** "otp.signup" → ["OTP_SIGNUP", "OTP"]: the exact template first, then its groups. */
export function znsTemplateNames(template: string): string[] {
  const parts = template.toUpperCase().split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("_"));
}

function znsPhone(msg: OutboxMessage): string {
  const phone = normalizePhone(msg.recipient);
  if (!phone.ok) throw new PermanentSendError(`not a Vietnamese mobile number (${phone.reason})`);
  return phone.e164.slice(1); // Zalo wants 84xxxxxxxxx
}

async function sendBySms(fallback: Transport, msg: OutboxMessage): Promise<SendReceipt> {
  return { provider: fallback.name, ...(await fallback.send(msg)), channel: "sms" };
}

export function znsTransport(options: ZnsOptions): Transport {
  const url = new URL("/message/template", options.apiUrl ?? ZNS_DEFAULT_URL).toString();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: "zns",
    async send(msg) {
      const names = znsTemplateNames(msg.template);
      const templateId = names.map((name) => options.templates[name]).find(Boolean);
      if (!templateId) {
        if (options.fallback) return sendBySms(options.fallback, msg);
        throw new PermanentSendError(
          `no ZNS template for "${msg.template}" (set ZNS_TEMPLATE_${names[0]} or ZNS_TEMPLATE_${names[names.length - 1]}) and no SMS fallback (ESMS_API_KEY)`,
        );
      }
      const templateData = Object.fromEntries(Object.entries(msg.payload).map(([key, value]) => [key, String(value)]));
      const answer = await postJson(
        url,
        { phone: znsPhone(msg), template_id: templateId, template_data: templateData, tracking_id: `outbox-${msg.id}` },
        { headers: { access_token: options.accessToken }, timeoutMs, what: "Zalo ZNS" },
      );
      if (answer.status >= 500 || answer.status === 429) throw new TransportError(`Zalo ZNS answered HTTP ${answer.status}`, answer.status);
      if (answer.status >= 400) throw new PermanentSendError(`Zalo ZNS refused the request (HTTP ${answer.status}: ${answer.text})`);
      const result = (answer.json ?? {}) as { error?: unknown; message?: unknown; data?: { msg_id?: unknown } };
      if (typeof result.error !== "number") throw new TransportError(`Zalo ZNS answered without an error code: ${answer.text}`);
      if (result.error === 0) {
        const msgId = result.data?.msg_id;
        return { provider: "zns", providerMessageId: typeof msgId === "string" ? msgId : null, channel: "zalo" };
      }
      const reason = `Zalo ZNS error ${result.error}${typeof result.message === "string" ? `: ${result.message}` : ""}`;
      if (TRANSIENT_ERRORS.has(result.error)) throw new TransportError(reason);
      if (UNREACHABLE_ON_ZALO.has(result.error) && options.fallback) return sendBySms(options.fallback, msg);
      throw new PermanentSendError(reason);
    },
  };
}

/** Reads an Official Account webhook event; only "user_received_message" says anything about delivery. */
export function parseZnsReceipt(event: unknown): DeliveryReceipt | null | "invalid" {
  if (!event || typeof event !== "object") return "invalid";
  const { event_name: name, message } = event as {
    event_name?: unknown;
    message?: { msg_id?: unknown; tracking_id?: unknown; delivery_time?: unknown };
  };
  if (typeof name !== "string") return "invalid";
  if (name !== "user_received_message") return null;
  const msgId = typeof message?.msg_id === "string" ? message.msg_id : "";
  const trackingId = typeof message?.tracking_id === "string" ? message.tracking_id : "";
  const outboxId = /^outbox-(\d+)$/.exec(trackingId)?.[1];
  if (!msgId && !outboxId) return "invalid";
  // delivery_time is milliseconds since the epoch, as a string; anything implausible is ignored.
  const deliveredMs = Number(message?.delivery_time);
  const at = Number.isSafeInteger(deliveredMs) && deliveredMs > Date.UTC(2020, 0, 1) && deliveredMs < Date.now() + 86_400_000 ? new Date(deliveredMs) : undefined;
  return { provider: "zns", providerMessageId: msgId || null, outboxId: outboxId ? Number(outboxId) : null, outcome: "delivered", at };
}
