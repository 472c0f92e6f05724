import crypto from "node:crypto";

export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * Security headers for every response; scripts run only with the request's nonce. HSTS only when
 * the configured public URL is https: sent over plain http it would lock a local or test site out.
 */
export function securityHeaders(nonce: string, options: { dev?: boolean; extraFormActions?: string[]; publicUrl?: string } = {}) {
  const connect = options.dev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
  const formAction = ["'self'", ...(options.extraFormActions ?? [])].join(" ");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(self), geolocation=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (options.publicUrl && new URL(options.publicUrl).protocol === "https:") {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * State changes come only by POST from our own pages: a browser's Origin (or Referer) must match
 * the host. Requests without either (curl, payment webhooks) are judged by their own checks.
 */
export function isCrossSiteWrite(method: string, headers: { origin?: string; referer?: string; host?: string }, publicUrl?: string) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const source = headers.origin ?? headers.referer;
  if (!source) return false;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return true; // "null" or garbage
  }
  const allowed = new Set([headers.host, publicUrl ? new URL(publicUrl).host : undefined].filter(Boolean));
  return !allowed.has(sourceHost);
}
