import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/lib/env.server";
import { transportStartLine } from "./transports.server";

const base = { DATABASE_PATH: ":memory:", SESSION_SECRET: "x".repeat(32) };

function issues(source: Record<string, string>): string[] {
  try {
    parseEnv({ ...base, ...source });
  } catch (error) {
    if (error instanceof EnvError) return error.issues;
    throw error;
  }
  return [];
}

describe("message transport configuration", () => {
  it("asks for both eSMS keys with NOTIFY_TRANSPORT=esms", () => {
    expect(issues({ NOTIFY_TRANSPORT: "esms" })).toEqual([
      "ESMS_API_KEY=(unset): required when NOTIFY_TRANSPORT=esms",
      "ESMS_SECRET_KEY=(unset): required when NOTIFY_TRANSPORT=esms",
    ]);
    expect(issues({ NOTIFY_TRANSPORT: "esms", ESMS_API_KEY: "k", ESMS_SECRET_KEY: "s" })).toEqual([]);
  });

  it("asks for the access token with NOTIFY_TRANSPORT=zns and reads ZNS_TEMPLATE_* ids", () => {
    expect(issues({ NOTIFY_TRANSPORT: "zns" })).toEqual(["ZNS_ACCESS_TOKEN=(unset): required when NOTIFY_TRANSPORT=zns"]);
    const env = parseEnv({ ...base, NOTIFY_TRANSPORT: "zns", ZNS_ACCESS_TOKEN: "t", ZNS_TEMPLATE_OTP: "245001", ZNS_TEMPLATE_ORDER_PLACED_BUYER: " 245002 " });
    expect(env.ZNS_TEMPLATES).toEqual({ OTP: "245001", ORDER_PLACED_BUYER: "245002" });
    expect(issues({ NOTIFY_TRANSPORT: "zns", ZNS_ACCESS_TOKEN: "t", ZNS_TEMPLATE_OTP: "otp-template" })).toEqual([
      'ZNS_TEMPLATE_OTP="otp-template": must be a Zalo ZNS template id (digits)',
    ]);
  });

  it("needs the public address for eSMS receipts, and a long enough callback secret", () => {
    const keys = { NOTIFY_TRANSPORT: "esms", ESMS_API_KEY: "k", ESMS_SECRET_KEY: "s" };
    expect(issues({ ...keys, NOTIFY_CALLBACK_SECRET: "a-long-enough-secret" })).toEqual([
      "PUBLIC_URL=(unset): required for eSMS delivery receipts (NOTIFY_CALLBACK_SECRET is set)",
    ]);
    expect(issues({ ...keys, NOTIFY_CALLBACK_SECRET: "short" })[0]).toMatch(/^NOTIFY_CALLBACK_SECRET="short": /);
  });

  it("says at start when messages only go to the log, and which transport is used otherwise", () => {
    expect(transportStartLine(parseEnv({ ...base, SEED_DEMO: "false" }))).toBe(
      "Messages are only written to the log (NOTIFY_TRANSPORT=log): no SMS reaches a phone.",
    );
    expect(transportStartLine(parseEnv({ ...base, SEED_DEMO: "true" }))).toBe(
      "Messages are only written to the log (NOTIFY_TRANSPORT=log): no SMS reaches a phone. Demo: the admin sees one-time codes at /quan-tri/tin-nhan.",
    );
    const zns = parseEnv({ ...base, NOTIFY_TRANSPORT: "zns", ZNS_ACCESS_TOKEN: "t", ZNS_TEMPLATE_OTP: "1" });
    expect(transportStartLine(zns)).toBe(
      "Messages are sent through Zalo ZNS (NOTIFY_TRANSPORT=zns, 1 template(s); messages without a ZNS template: none: they fail). No delivery receipts (NOTIFY_CALLBACK_SECRET is unset).",
    );
    const esms = parseEnv({ ...base, NOTIFY_TRANSPORT: "esms", ESMS_API_KEY: "k", ESMS_SECRET_KEY: "s", PUBLIC_URL: "https://cho.example.vn", NOTIFY_CALLBACK_SECRET: "a-long-enough-secret" });
    expect(transportStartLine(esms)).toBe("Messages are sent as SMS through eSMS (NOTIFY_TRANSPORT=esms).");
  });
});
