import crypto from "node:crypto";
import type { Logger } from "pino";
import type { OutboxMessage } from "../../db/schema";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { esmsReceiptToken, esmsTransport } from "./esms.server";
import { TransportError, type Transport } from "./send.server";
import { znsTransport } from "./zns.server";

export { PermanentSendError, type SendReceipt, type Transport } from "./send.server";

/**
 * The default: writes each message to the log (development reads them at /dev/outbox).
 * Nothing reaches a phone, so production deployments configure esms, zns or webhook.
 */
export function logTransport(log: Logger = logger()): Transport {
  return {
    name: "log",
    async send(msg) {
      log.info(
        { outboxId: msg.id, channel: msg.channel, to: msg.recipient, template: msg.template, locale: msg.locale, text: msg.body },
        "outbox message (log transport)",
      );
    },
  };
}

const SIGNATURE_HEADER = "X-Signature-256";
const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** "sha256=<hex>" HMAC of the exact request body, as receivers verify it. */
function signWebhookBody(body: string, secret: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Constant-time check of a signature header, for receivers (and tests). */
export function verifyWebhookSignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/**
 * POSTs each message as JSON to an SMS/Zalo/email gateway. The Idempotency-Key stays the same on
 * every retry of a message, so the gateway can drop duplicates if a response was lost.
 */
export function webhookTransport(url: string, secret?: string, options: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: "webhook",
    async send(msg) {
      const body = JSON.stringify({
        id: msg.id,
        channel: msg.channel,
        to: msg.recipient,
        template: msg.template,
        locale: msg.locale,
        body: msg.body,
        payload: msg.payload,
      });
      const headers: Record<string, string> = {
        "Content-Type": "application/json; charset=utf-8",
        [IDEMPOTENCY_HEADER]: `outbox-${msg.id}`,
      };
      if (secret) headers[SIGNATURE_HEADER] = signWebhookBody(body, secret);
      let response: Response;
      try {
        response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new TransportError(`webhook unreachable: ${cause}`);
      }
      if (!response.ok) {
        const text = (await response.text().catch(() => "")).slice(0, 200);
        throw new TransportError(`webhook answered HTTP ${response.status}${text ? `: ${text}` : ""}`, response.status);
      }
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
    },
  };
}

/** Where eSMS sends a message's receipt: the public address with that message's token (not the shared secret). */
function esmsCallbackUrl(config: ReturnType<typeof env>): ((msg: OutboxMessage) => string) | undefined {
  const secret = config.NOTIFY_CALLBACK_SECRET;
  if (!secret || !config.PUBLIC_URL) return undefined;
  const base = new URL("/webhooks/messages/esms", config.PUBLIC_URL).toString();
  return (msg) => `${base}?token=${esmsReceiptToken(secret, msg.id)}`;
}

function esmsFromEnv(config: ReturnType<typeof env>): Transport | undefined {
  if (!config.ESMS_API_KEY || !config.ESMS_SECRET_KEY) return undefined;
  return esmsTransport({
    apiKey: config.ESMS_API_KEY,
    secretKey: config.ESMS_SECRET_KEY,
    brandname: config.ESMS_BRANDNAME,
    sandbox: config.ESMS_SANDBOX,
    apiUrl: config.ESMS_API_URL,
    callbackUrl: esmsCallbackUrl(config),
  });
}

/** The transport the environment asks for (NOTIFY_TRANSPORT). */
export function transportFromEnv(): Transport {
  const config = env();
  if (config.NOTIFY_TRANSPORT === "webhook") {
    // env() already refuses webhook without a URL.
    return webhookTransport(config.NOTIFY_WEBHOOK_URL!, config.NOTIFY_WEBHOOK_SECRET);
  }
  // env() refuses esms without both keys and zns without a token.
  if (config.NOTIFY_TRANSPORT === "esms") return esmsFromEnv(config)!;
  if (config.NOTIFY_TRANSPORT === "zns") {
    return znsTransport({
      accessToken: config.ZNS_ACCESS_TOKEN!,
      templates: config.ZNS_TEMPLATES,
      apiUrl: config.ZNS_API_URL,
      fallback: esmsFromEnv(config),
    });
  }
  return logTransport();
}

function receiptsNote(config: ReturnType<typeof env>): string {
  return config.NOTIFY_CALLBACK_SECRET ? "" : " No delivery receipts (NOTIFY_CALLBACK_SECRET is unset).";
}

/** The one line `npm start` prints about messages, so nobody mistakes the log for delivery. */
export function transportStartLine(config: ReturnType<typeof env> = env()): string {
  switch (config.NOTIFY_TRANSPORT) {
    case "log":
      return `Messages are only written to the log (NOTIFY_TRANSPORT=log): no SMS reaches a phone.${
        config.SEED_DEMO ? " Demo: the admin sees one-time codes at /quan-tri/tin-nhan." : ""
      }`;
    case "webhook":
      return `Messages are posted to your gateway at ${new URL(config.NOTIFY_WEBHOOK_URL!).origin} (NOTIFY_TRANSPORT=webhook).`;
    case "esms": {
      const sandbox = config.ESMS_SANDBOX ? ", sandbox: nothing reaches a phone" : "";
      return `Messages are sent as SMS through eSMS (NOTIFY_TRANSPORT=esms${sandbox}).${receiptsNote(config)}`;
    }
    case "zns": {
      const templates = Object.keys(config.ZNS_TEMPLATES).length;
      const fallback = config.ESMS_API_KEY ? "SMS through eSMS" : "none: they fail";
      return `Messages are sent through Zalo ZNS (NOTIFY_TRANSPORT=zns, ${templates} template(s); messages without a ZNS template: ${fallback}).${receiptsNote(config)}`;
    }
  }
}
