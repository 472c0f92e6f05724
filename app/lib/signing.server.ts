/**
 * Texts the app hands out and must get back unchanged (an unsubscribe link, a carrier quote carried
 * in a form): HMAC-SHA256 under the session secret, with a purpose so one kind cannot pass for another.
 */
import crypto from "node:crypto";
import { env } from "~/lib/env.server";

export function signText(purpose: string, text: string): string {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update(`${purpose}:${text}`).digest("base64url");
}

/** True when `signature` is this text's signature for this purpose (compared in constant time). */
export function signatureHolds(purpose: string, text: string, signature: string): boolean {
  const expected = Buffer.from(signText(purpose, text));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
