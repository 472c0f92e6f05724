/**
 * What every transport shares: the Transport interface, the two kinds of failure (retry later,
 * or fail now) and the JSON POST with a timeout that the provider adapters use.
 */
import type { Channel, OutboxMessage } from "../../db/schema";

/** What a provider said when it accepted a message: its id, matched later by the delivery receipt. */
export interface SendReceipt {
  provider: string;
  providerMessageId?: string | null;
  /** the channel actually used, when it differs from the one asked for (ZNS falling back to SMS) */
  channel?: Channel;
}

/**
 * Delivers one outbox message. A rejected promise means "try again later", unless it is a
 * PermanentSendError: then the message fails at once with that reason.
 */
export interface Transport {
  name: string;
  send(msg: OutboxMessage): Promise<SendReceipt | void>;
}

/** The provider refused the message for a reason a retry cannot fix (bad number, bad credentials). */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentSendError";
  }
}

export class TransportError extends Error {
  constructor(message: string, public status?: number) {
    super(message);
    this.name = "TransportError";
  }
}

/**
 * POSTs JSON and returns the status and parsed body; a network error or timeout becomes a
 * (retryable) TransportError. Shared by the provider adapters.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs: number; what: string },
): Promise<{ status: number; json: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new TransportError(`${options.what} unreachable: ${cause}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new TransportError(`${options.what} answer cut short: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Left null: each adapter decides what a non-JSON answer means.
  }
  return { status: response.status, json, text: text.slice(0, 200) };
}

