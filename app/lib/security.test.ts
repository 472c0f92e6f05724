import { describe, expect, it } from "vitest";
import { isCrossSiteWrite, securityHeaders } from "./security.server";

describe("isCrossSiteWrite", () => {
  it("lets reads through", () => {
    expect(isCrossSiteWrite("GET", { origin: "https://evil.example", host: "cho.vn" })).toBe(false);
  });
  it("accepts a POST from our own origin", () => {
    expect(isCrossSiteWrite("POST", { origin: "http://localhost:3000", host: "localhost:3000" })).toBe(false);
    expect(isCrossSiteWrite("POST", { origin: "https://cho.vn", host: "127.0.0.1:3000" }, "https://cho.vn")).toBe(false);
  });
  it("refuses a POST from another origin, or an opaque one", () => {
    expect(isCrossSiteWrite("POST", { origin: "https://evil.example", host: "cho.vn" })).toBe(true);
    expect(isCrossSiteWrite("POST", { origin: "null", host: "cho.vn" })).toBe(true);
    expect(isCrossSiteWrite("POST", { referer: "https://evil.example/x", host: "cho.vn" })).toBe(true);
  });
  it("leaves non-browser clients (no Origin, no Referer) to their own checks", () => {
    expect(isCrossSiteWrite("POST", { host: "cho.vn" })).toBe(false);
  });
});

describe("securityHeaders", () => {
  it("sets a nonce CSP that forbids framing", () => {
    const h = securityHeaders("abc");
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });
  it("asks browsers to keep to HTTPS when the public URL is https, never over plain http", () => {
    const https = securityHeaders("abc", { publicUrl: "https://cho.example.vn" });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders("abc", { publicUrl: "http://localhost:3000" })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders("abc")).not.toHaveProperty("Strict-Transport-Security");
    // A scheme in capitals is still https (URL parsing, not a prefix check).
    expect(securityHeaders("abc", { publicUrl: "HTTPS://cho.example.vn" })).toHaveProperty("Strict-Transport-Security");
  });
});
