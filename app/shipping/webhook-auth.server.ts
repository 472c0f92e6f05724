import crypto from "node:crypto";
import type { WebhookInput } from "./carrier";

function sameText(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * The operator's CARRIER_WEBHOOK_SECRET, as the carrier was told it: in the callback URL (?token=),
 * in an X-Webhook-Secret header, or in a field of the body the carrier documents (GHTK's hash).
 * Compared in constant time; no secret configured accepts nothing.
 */
export function webhookSecretMatches(input: WebhookInput, secret: string | undefined, bodyField?: string | null): boolean {
  if (!secret) return false;
  const given = [input.headers.get("X-Webhook-Secret"), input.url.searchParams.get("token"), bodyField ?? null];
  return given.some((value) => value !== null && value !== "" && sameText(value, secret));
}
