import crypto from "node:crypto";
import type { Logger } from "pino";
import type { OutboxMessage } from "../../db/schema";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";

/** Delivers one outbox message; a rejected promise means "try again later". */
export interface Transport {
  name: string;
  send(msg: OutboxMessage): Promise<void>;
}

/**
 * The default: writes each message to the log (development reads them at /dev/outbox).
 * Nothing reaches a phone, so production deployments configure the webhook transport.
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

class TransportError extends Error {
  constructor(message: string, public status?: number) {
    super(message);
    this.name = "TransportError";
  }
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

/** The transport the environment asks for (NOTIFY_TRANSPORT). */
export function transportFromEnv(): Transport {
  const config = env();
  if (config.NOTIFY_TRANSPORT === "webhook") {
    // env() already refuses webhook without a URL.
    return webhookTransport(config.NOTIFY_WEBHOOK_URL!, config.NOTIFY_WEBHOOK_SECRET);
  }
  return logTransport();
}
