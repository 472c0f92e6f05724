/**
 * Unsubscribe links that work without logging in: the scope ("a12" = alert 12, "u7" = every alert of
 * user 7) signed with HMAC-SHA256 under the session secret, so nobody can forge another's link.
 */
import { env } from "~/lib/env.server";
import { signatureHolds, signText } from "~/lib/signing.server";

export type UnsubscribeScope = { alertId: number } | { userId: number };

function scopeText(scope: UnsubscribeScope): string {
  return "alertId" in scope ? `a${scope.alertId}` : `u${scope.userId}`;
}

const PURPOSE = "price-alert-unsubscribe";

/** The link's path and query, e.g. /canh-bao-gia/huy?k=a12&s=… */
export function unsubscribePath(scope: UnsubscribeScope): string {
  const k = scopeText(scope);
  return `/canh-bao-gia/huy?${new URLSearchParams({ k, s: signText(PURPOSE, k) })}`;
}

/** The scope of a link whose signature holds; null for anything else. */
export function verifyUnsubscribe(k: string | null, s: string | null): UnsubscribeScope | null {
  if (!k || !s) return null;
  const m = /^([au])([1-9]\d{0,15})$/.exec(k);
  if (!m) return null;
  if (!signatureHolds(PURPOSE, k, s)) return null;
  const id = Number(m[2]);
  return m[1] === "a" ? { alertId: id } : { userId: id };
}

/** An absolute link for messages; without PUBLIC_URL the bare path (as other messages do). */
export function messageUrl(path: string): string {
  return `${(env().PUBLIC_URL ?? "").replace(/\/+$/, "")}${path}`;
}
